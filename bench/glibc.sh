#!/usr/bin/env bash
# glibc programs in Lamina against a chroot, in one run, on a Debian 12 root
# (scripts/debian-root). Such programs run in compat mode: a system call
# traps, and a call site that traps often is rewritten to call the
# dispatcher (lkl-linux/src/arch/x86_64/call_sites.c). Prints the figures
# and ratios.
#   bench/glibc.sh [--bytes N]
# Needs: a built Lamina (scripts/build) and root (debootstrap, chroot).
set -euo pipefail
cd "$(dirname "$0")/.."
bytes=200000
while [ $# -gt 0 ]; do
  case $1 in
    --bytes) bytes=$2; shift 2 ;;
    *) echo "usage: bench/glibc.sh [--bytes N]" >&2; exit 2 ;;
  esac
done
[ -f cli/target/lamina/lib/lamina-cli.jar ] || { echo "build Lamina first: scripts/build" >&2; exit 1; }
tarball=$(scripts/debian-root)
work=$(mktemp -d /tmp/lamina-glibc-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"
tar --numeric-owner -C "$root" -xf "$tarball"

. bench/lib.sh
row() { printf '%-52s %12s %12s %8s\n' "$@"; }
echo "Lamina glibc bench, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs"
row "measurement" "Lamina" "chroot" "ratio"

# GNU dd's "copied, S s": a read and a write of one byte per byte, all local calls.
dd_seconds() { python3 -c 'import re,sys,statistics; t=[float(x) for x in re.findall(r"copied, ([0-9.]+) s", sys.stdin.read())]; print("%.3f" % statistics.median(t))'; }
copy="head -c $bytes /dev/zero | dd bs=1 of=/dev/null"
l="" n=""
for _ in 1 2 3; do # the two sides take turns: the machine's speed drifts
  l+=$(./lamina run --rootfs "$root" -- bash -c "$copy" 2>&1)$'\n'
  n+=$(chroot "$root" bash -c "$copy" 2>&1)$'\n'
done
ls=$(echo "$l" | dd_seconds); ns=$(echo "$n" | dd_seconds)
row "dd bs=1 through a pipe, $bytes bytes (s, median of 3)" "$ls" "$ns" "$(ratio "$ls" "$ns")"

# perl's syswrite of one byte: write(2) only, whose site in glibc is of the rewritten shape.
seconds() { python3 -c 'import sys,statistics; print("%.3f" % statistics.median(float(x) for x in sys.stdin.read().split()))'; }
writes="TIMEFORMAT=%R; time perl -e 'syswrite(STDOUT, q{x}) for 1..$bytes' > /dev/null"
l="" n=""
for _ in 1 2 3; do
  l+=$(./lamina run --rootfs "$root" -- bash -c "$writes" 2>&1)$'\n'
  n+=$(chroot "$root" bash -c "$writes" 2>&1)$'\n'
done
ls=$(echo "$l" | seconds); ns=$(echo "$n" | seconds)
row "perl syswrite of 1 byte, $bytes times (s, median of 3)" "$ls" "$ns" "$(ratio "$ls" "$ns")"

# gettimeofday, which glibc takes from the vDSO (Lamina gives glibc programs the init host's: before, each was a
# system call, whose site in glibc traps every time).
gcc -O2 -o "$root/gettimeofday" bench/gettimeofday.c
l="" n=""
for _ in 1 2 3; do
  l+=$(./lamina run --rootfs "$root" -- /gettimeofday 1000000)$'\n'
  n+=$(chroot "$root" /gettimeofday 1000000)$'\n'
done
ls=$(echo "$l" | seconds); ns=$(echo "$n" | seconds)
row "gettimeofday, 1000000 times (ns a call, median of 3)" "$ls" "$ns" "$(ratio "$ls" "$ns")"
