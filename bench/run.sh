#!/usr/bin/env bash
# Lamina's performance against native and its peers, measured in one run on
# the alpine 3.20.3 rootfs. Prints a table of figures and ratios.
#   bench/run.sh [--runs N] [--with-gvisor]
# Needs: a built Lamina (scripts/build), hyperfine, proot, musl-gcc, and root
# (the reference runs use chroot and mknod). --with-gvisor runs ../shared/peers/peers.sh install first.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env
runs=30
gvisor=0
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --with-gvisor) gvisor=1; shift ;;
    *) echo "usage: bench/run.sh [--runs N] [--with-gvisor]" >&2; exit 2 ;;
  esac
done
home=$PWD/cli/target/lamina
[ -f "$home/lib/lamina-cli.jar" ] || { echo "build Lamina first: scripts/build" >&2; exit 1; }
peers=$(cd .. && pwd)/shared/peers/peers.sh
work=$(mktemp -d /tmp/lamina-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"
tar -xzf ../shared/images/alpine-minirootfs-3.20.3-x86_64.tar.gz -C "$root"
# The chroot reference needs the devices a container has (the tarball has none).
mknod -m 666 "$root/dev/null" c 1 3
mknod -m 666 "$root/dev/zero" c 1 5
musl-gcc -O2 -o "$root/tmp/stat_loop" bench/stat_loop.c
gcc -O2 -o "$work/socketpair_rtt" bench/socketpair_rtt.c
loader="$root/lib/ld-musl-x86_64.so.1 --library-path $root/lib:$root/usr/lib"
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC "-Dlamina.home=$home" -cp "$home/lib/*")

. bench/lib.sh
mean_ms() { hyperfine_mean 3 -N -w 5 -r "$runs" "$1"; } # one command, no shell
row() { printf '%-52s %12s %12s %8s\n' "$@"; }

echo "Lamina bench, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $runs runs each"
row "measurement" "Lamina" "reference" "ratio"

# Native before and after the warm-kernel run, averaged: the machine drifts.
native_before=$(mean_ms "$loader $root/bin/busybox true")
warm_n=$((runs * 10 > 300 ? runs * 10 : 300))
warm=$("${java[@]}" bench/WarmStart.java "$root" "$warm_n" /bin/true | awk '{print $2}')
native_after=$(mean_ms "$loader $root/bin/busybox true")
native_true=$(python3 -c "import sys; print('%.3f' % ((float(sys.argv[1]) + float(sys.argv[2])) / 2))" "$native_before" "$native_after")
row "start /bin/true, warm kernel (ms, median) vs native" "$warm" "$native_true" "$(ratio "$warm" "$native_true")"
proot_true=$(mean_ms "proot -w / -b /dev -b /proc -r $root /bin/true")
row "  peer: proot -r (ms)" "" "$proot_true" ""
if [ "$gvisor" = 1 ]; then
  "$peers" install >/dev/null
  runsc_ms=$(mean_ms "$peers run runsc-do $root -- /bin/true")
  row "  peer: runsc do (ms)" "" "$runsc_ms" ""
fi
cold=$(mean_ms "$PWD/lamina run --rootfs $root -- /bin/true")
row "cold lamina run /bin/true, JVM start included (ms)" "$cold" "$native_true" "$(ratio "$cold" "$native_true")"

stat_lamina=$(./lamina run --rootfs "$root" -- /tmp/stat_loop)
stat_native=$($loader "$root/tmp/stat_loop")
rtt_same=$("$work/socketpair_rtt" same)
rtt_float=$("$work/socketpair_rtt")
row "routed stat() (ns, median) vs native stat()" "$stat_lamina" "$stat_native" "$(ratio "$stat_lamina" "$stat_native")"
row "  floor: socketpair round trip, same CPU (ns)" "" "$rtt_same" "$(ratio "$stat_lamina" "$rtt_same")"
row "  floor: socketpair round trip, any CPU (ns)" "" "$rtt_float" "$(ratio "$stat_lamina" "$rtt_float")"
clock_lamina=$(./lamina run --rootfs "$root" -- /tmp/stat_loop --clock)
clock_native=$($loader "$root/tmp/stat_loop" --clock)
row "clock_gettime() (ns, median) vs native (the vDSO)" "$clock_lamina" "$clock_native" "$(ratio "$clock_lamina" "$clock_native")"

dd_rate() { # busybox dd's "copied, S seconds" of several runs -> median MiB/s
  python3 -c 'import re,sys,statistics; s=sys.stdin.read(); t=[float(x) for x in re.findall(r"copied, ([0-9.]+) seconds", s)]; print("%.0f" % statistics.median(256 / x for x in t) if t and min(t) > 0 else "0")'
}
head -c $((256 << 20)) /dev/zero > "$root/tmp/big"
cat "$root/tmp/big" > /dev/null
# Nine copies inside one container (and one chroot), after a second's pause:
# the JVM's start-up work (its compiler threads) is over by then and does not
# share the two CPUs with dd.
nine() { echo "sleep 1; for i in 1 2 3 4 5 6 7 8 9; do $1; done"; }
# Three rounds, the two sides taking turns: this machine's speed drifts
# by tens of percent from one second to the next.
lamina_sh() { ./lamina run --rootfs "$root" -- sh -c "$1" 2>&1; }
chroot_sh() { chroot "$root" /bin/sh -c "$1" 2>&1; }
unconfined_sh() { LAMINA_CONFINE=0 lamina_sh "$1"; }
dd_pair() { # NAME LEFT_RUNNER RIGHT_RUNNER COMMAND
  local l="" n=""
  for _ in 1 2 3; do
    l+=$("$2" "$(nine "$4")")$'\n'
    n+=$("$3" "$(nine "$4")")$'\n'
  done
  local lr nr; lr=$(echo "$l" | dd_rate); nr=$(echo "$n" | dd_rate)
  row "$1" "$lr" "$nr" "$(ratio "$lr" "$nr")"
}
dd_from_file='dd if=/tmp/big of=/dev/null bs=1M'
dd_pair "dd 256 MiB through a pipe (MiB/s) vs chroot" lamina_sh chroot_sh 'dd if=/tmp/big bs=1M 2>/dev/null | dd of=/dev/null bs=1M'
dd_pair "dd 256 MiB from a file (MiB/s) vs chroot" lamina_sh chroot_sh "$dd_from_file"

# Confinement's cost: the same three measurements with Landlock (the default)
# and without it (LAMINA_CONFINE=0, a knob kept for this comparison only),
# taking turns in this run. The warm starts take turns container by
# container in one JVM (WarmStart --confinement), in three JVMs one after
# the other; each side's figure is the median of its three medians.
echo
row "Landlock: confined vs LAMINA_CONFINE=0" "confined" "off" "ratio"
warm_on=() warm_off=() warm_ratios=()
for _ in 1 2 3; do
  read -r _ on _ _ _ off _ _ < <("${java[@]}" bench/WarmStart.java --confinement "$root" "$warm_n" /bin/true)
  warm_on+=("$on") warm_off+=("$off") warm_ratios+=("$(ratio "$on" "$off")")
done
row "start /bin/true, warm kernel (ms, median)" "$(median "${warm_on[@]}")" "$(median "${warm_off[@]}")" \
  "$(ratio "$(median "${warm_on[@]}")" "$(median "${warm_off[@]}")")"
row "  each JVM's ratio" "" "" "${warm_ratios[*]}"
stat_on=$(./lamina run --rootfs "$root" -- /tmp/stat_loop)
stat_off=$(LAMINA_CONFINE=0 ./lamina run --rootfs "$root" -- /tmp/stat_loop)
row "routed stat() (ns, median)" "$stat_on" "$stat_off" "$(ratio "$stat_on" "$stat_off")"
dd_pair "dd 256 MiB from a file (MiB/s)" lamina_sh unconfined_sh "$dd_from_file"
