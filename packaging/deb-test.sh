#!/usr/bin/env bash
# Tests a Lamina .deb: installs it with dpkg into a clean Debian 12 root (debootstrap
# minbase, nothing else installed), then runs there, from PATH, `lamina --version`,
# `lamina run -- echo ok` (once more with the AOT cache required, so a cache the
# installed tree cannot use fails), `lamina engine` with its own cache required serving
# such a run, checks that the runtime resolves every JavaFX
# module of `lamina ui`, that its desktop entry is valid (desktop-file-validate, from
# Debian's desktop-file-utils) and names an installed icon and a command that runs,
# and removes the package. Usage (as root): deb-test.sh DEB
set -euo pipefail
if [ "$(id -u)" != 0 ]; then echo "deb-test: run as root (it uses debootstrap and chroot)" >&2; exit 1; fi
deb=$(readlink -f "$1")
repo=$(cd "$(dirname "$0")/.." && pwd)
# The version the package should report, as `lamina --version` prints it.
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$repo/pom.xml" | head -n 1)

# A clean Debian 12 root, made once a day (scripts/debian-root); every run unpacks a
# fresh copy, so no run sees another's install.
tarball=$("$repo/scripts/debian-root")
cache=/var/tmp/lamina-deb-test
mkdir -p "$cache"
# What a killed run left (a run takes minutes).
find "$cache" -maxdepth 1 -name 'run.*' -mmin +60 -exec rm -rf {} +
work=$(mktemp -d "$cache/run.XXXXXX")
# Mounts live in a mount namespace of the run's own (below), so they are gone
# with it: removing the tree can never reach the host's /dev or /proc.
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
# The desktop entry as freedesktop.org's rules read it, on this machine (the root has no desktop-file-utils).
command -v desktop-file-validate > /dev/null || { echo "deb-test: no desktop-file-validate (install desktop-file-utils)" >&2; exit 1; }
dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/share/applications/lamina.desktop > "$work/lamina.desktop" \
  || { echo "deb-test: the package has no /usr/share/applications/lamina.desktop" >&2; exit 1; }
out=$(desktop-file-validate "$work/lamina.desktop" 2>&1) && [ -z "$out" ] \
  || { echo "deb-test: lamina.desktop is not valid: $out" >&2; exit 1; }
echo "lamina.desktop: valid"
root=$work/root
mkdir "$root"
tar --numeric-owner -C "$root" -xf "$tarball"
cp "$deb" "$root/tmp/lamina.deb"

cat > "$root/tmp/check.sh" <<EOF
set -eu
fail() { echo "deb-test: \$*" >&2; exit 1; }
dpkg -i /tmp/lamina.deb > /tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log >&2; fail "dpkg -i failed (log above)"; }
[ "\$(command -v lamina)" = /usr/bin/lamina ] || fail "lamina is not on PATH as /usr/bin/lamina"
out=\$(lamina --version 2>&1) || fail "lamina --version failed: \$out"
[ "\$out" = "lamina $version" ] || fail "lamina --version printed '\$out', not 'lamina $version'"
echo "lamina --version: \$out"
out=\$(lamina run -- echo ok 2>&1) || fail "lamina run -- echo ok failed: \$out"
[ "\$out" = ok ] || fail "lamina run -- echo ok printed '\$out'"
# AOTMode=on: the JVM refuses to start rather than run without the installed AOT cache.
out=\$(JAVA_TOOL_OPTIONS=-XX:AOTMode=on lamina run -- echo ok 2>/tmp/err) \\
  || fail "lamina with its AOT cache required failed: \$(cat /tmp/err)"
[ "\$out" = ok ] || fail "lamina with its AOT cache required printed '\$out'"
[ -f /opt/lamina/lib/app/lib/lamina.aot ] || fail "the package has no AOT cache (lib/app/lib/lamina.aot)"
echo "lamina run -- echo ok: ok (with the AOT cache too)"
# The engine's own cache, required too: an engine that starts and serves a run.
[ -f /opt/lamina/lib/app/lib/lamina-engine.aot ] || fail "the package has no AOT cache for the engine (lib/app/lib/lamina-engine.aot)"
export LAMINA_DATA_ROOT=/tmp/engine-data
JAVA_TOOL_OPTIONS=-XX:AOTMode=on lamina engine > /tmp/engine.log 2>&1 &
engine=\$!
tries=0
until lamina ps > /dev/null 2>&1; do
  tries=\$((tries + 1))
  kill -0 \$engine 2> /dev/null && [ \$tries -lt 300 ] || fail "lamina engine with its AOT cache required did not start: \$(cat /tmp/engine.log)"
  sleep 0.1
done
out=\$(lamina run -- echo ok 2>&1) || fail "lamina run through the engine failed: \$out"
[ "\$out" = ok ] || fail "lamina run through the engine printed '\$out'"
kill -TERM \$engine; wait \$engine || true
unset LAMINA_DATA_ROOT
echo "lamina engine (with its AOT cache required) served lamina run: ok"
# lamina ui runs the packaged runtime with JavaFX on the module path: every module there must resolve.
home=/opt/lamina/lib/app
# The module path the launcher gives it (lib/ui/modules: JavaFX's jars and jdk.jsobject's).
fx=\$(sed "s|^|\$home/lib/ui/|" \$home/lib/ui/modules | paste -sd:)
out=\$(/opt/lamina/lib/runtime/bin/java --module-path "\$fx" --add-modules ALL-MODULE-PATH --dry-run \
  -cp \$home/lib/ui/lamina-app.jar dev.lamina.app.Main 2>&1) || fail "the runtime cannot load lamina ui's JavaFX: \$out"
echo "lamina ui: the runtime resolves JavaFX's modules"
# lamina ui's desktop entry: its icon installed in hicolor, its command on PATH and a lamina command.
entry=/usr/share/applications/lamina.desktop
icon=\$(sed -n 's/^Icon=//p' \$entry)
[ -f /usr/share/icons/hicolor/256x256/apps/\$icon.png ] && [ -f /usr/share/icons/hicolor/scalable/apps/\$icon.svg ] \
  || fail "the desktop entry's icon '\$icon' is not installed in /usr/share/icons/hicolor"
exec_line=\$(sed -n 's/^Exec=//p' \$entry)
[ "\$exec_line" = "lamina ui" ] || fail "the desktop entry runs '\$exec_line', not 'lamina ui'"
out=\$(\$exec_line --help 2>&1) || fail "the desktop entry's command fails: \$out"
echo "\$out" | grep -q "^Usage: lamina ui" || fail "the desktop entry's command is not lamina ui: \$out"
echo "desktop entry: icon \$icon installed, runs lamina ui"
dpkg --purge lamina > /tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log >&2; fail "dpkg --purge failed (log above)"; }
[ ! -e /usr/bin/lamina ] && [ ! -e /opt/lamina ] && [ ! -e \$entry ] || fail "dpkg --purge left /usr/bin/lamina, /opt/lamina or \$entry"
echo "dpkg --purge: removed"
EOF

# A private mount namespace holds the root's /proc, /sys and /dev; the run is bounded.
timeout 300 unshare --mount --propagation private sh -c '
  mount -t proc proc "$1/proc" && mount -t sysfs sys "$1/sys" && mount --rbind /dev "$1/dev" &&
  exec chroot "$1" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 /bin/sh /tmp/check.sh' sh "$root"
echo "deb-test: $(basename "$deb") installs and runs in a clean Debian 12 root"
