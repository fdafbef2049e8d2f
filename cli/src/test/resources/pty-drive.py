#!/usr/bin/env python3
"""Runs a command on a new pseudo-terminal (40x120) and types into it.

Usage: pty-drive.py SCRIPT COMMAND... where SCRIPT is steps separated by '|':
text to type (with \\n, \\x03 escapes), 'WAIT:text' (until the output shows it,
10 s at most), or 'RESIZE:rows:cols' (sets the terminal's size and signals
SIGWINCH, as a terminal emulator does). Prints everything the command wrote,
then '[exit N]'.
"""
import fcntl, os, pty, select, signal, struct, sys, termios, time

steps = sys.argv[1].split('|')
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 0, 0))
out = b''

def pump(seconds):
    global out
    deadline = time.time() + seconds
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return False
            if not data:
                return False
            out += data
    return True

for step in steps:
    if step.startswith('WAIT:'):
        want = step[5:].encode()
        deadline = time.time() + 10
        while want not in out and time.time() < deadline:
            if not pump(0.1):
                break
    elif step.startswith('RESIZE:'):
        _, rows, cols = step.split(':')
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', int(rows), int(cols), 0, 0))
        os.kill(pid, signal.SIGWINCH)
        pump(0.5)
    else:
        os.write(fd, step.encode().decode('unicode_escape').encode('latin-1'))
        pump(0.3)
deadline = time.time() + 20
while time.time() < deadline and pump(0.2):
    p, _ = os.waitpid(pid, os.WNOHANG)
    if p:
        pump(0.2)
        break
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors='replace'))
print('\n[exit %d]' % os.waitstatus_to_exitcode(status))
