# A user of the container's own, made with adduser: what Linux lets it do and refuses (AlpineDifferentialTest).
adduser -D -s /bin/sh -h /home/tester tester 2>/dev/null
su tester -c 'echo x >> /etc/passwd' 2>&1; echo passwd=$?
su tester -c 'echo mine > ~/f && cat ~/f && ls -ln ~/f | awk "{print \$1, \$3, \$4}"'
su tester -c 'mkdir ~/d && ls -ldn ~/d | awk "{print \$1, \$3, \$4}"; ln -s f ~/l; ls -ln ~/l | awk "{print \$3, \$4}"'
su tester -c 'touch /tmp/g && rm /tmp/g && echo removed-own'
touch /tmp/root-file; chmod 1777 /tmp; su tester -c 'rm -f /tmp/root-file' 2>&1; echo rmroot=$?
su tester -c 'mv /tmp/root-file /tmp/x' 2>&1; echo mvroot=$?
su tester -c 'chmod 777 /etc/hostname' 2>&1; echo chmod=$?
su tester -c 'cat /etc/shadow' 2>&1 | head -1
su tester -c 'test -w /etc/passwd || echo not-writable; test -r /etc/passwd && echo readable; test -x /bin/ls && echo runs'
su tester -c 'touch -d 2001-01-01 /etc/motd' 2>&1; echo touchdate=$?
su tester -c 'touch /etc/motd' 2>&1; echo touchnow=$?
su tester -c 'rm /etc/motd' 2>&1; echo rmetc=$?
echo 'echo hi' > /tmp/s.sh; chmod 700 /tmp/s.sh; su tester -c '/tmp/s.sh' 2>&1; echo runroot=$?
chmod 644 /tmp/s.sh; su tester -c 'sh /tmp/s.sh'
su tester -c 'id -u; echo $HOME'
# Search permission: a directory others may not search hides what is in it, one they may not read only its listing.
mkdir /tmp/closed; echo in > /tmp/closed/f; chmod 700 /tmp/closed
su tester -c 'cat /tmp/closed/f' 2>&1; su tester -c 'ls /tmp/closed' 2>&1; su tester -c 'cd /tmp/closed' 2>&1
chmod 711 /tmp/closed; su tester -c 'cat /tmp/closed/f'; su tester -c 'ls /tmp/closed' 2>&1
rm -r /tmp/closed
# Set-user-ID and set-group-ID programs (/tmp/setid prints real, effective and saved ids).
chmod 4755 /tmp/setid; su tester -c /tmp/setid
chgrp 12 /tmp/setid; chmod 2755 /tmp/setid; su tester -c /tmp/setid
chmod 2745 /tmp/setid; su tester -c /tmp/setid
chmod 755 /tmp/setid; su tester -c /tmp/setid
rm -f /tmp/s.sh /tmp/root-file
