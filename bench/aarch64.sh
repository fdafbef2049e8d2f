#!/usr/bin/env bash
# aarch64 guests under qemu-user against the x86-64 build, in one run (issue
# 14): each side's ratio to its own native baseline (aarch64's native is
# alpine's own programs under the same qemu), and the ratio of the ratios,
# which the goal bounds at 3x; and what the Apple-Silicon rules cost a warm
# start (copying and rewriting every executable mapping).
#   bench/aarch64.sh [--runs N]
# Needs: a built Lamina (scripts/build), hyperfine, musl-gcc, qemu-user
# registered with binfmt_misc (scripts/setup-debian), root (mknod).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env
runs=20
[ "${1:-}" = --runs ] && runs=$2
home=$PWD/cli/target/lamina
[ -f "$home/lib/aarch64/lamina-init" ] || { echo "build Lamina first: scripts/build" >&2; exit 1; }
work=$(mktemp -d /tmp/lamina-bench-a64.XXXXXX)
trap 'rm -rf "$work"' EXIT
sysroot=musl-plus/target/aarch64/sysroot/usr
for arch in x86_64 aarch64; do
  mkdir -p "$work/$arch"
  tar -xzf "../shared/images/alpine-minirootfs-3.20.3-$arch.tar.gz" -C "$work/$arch"
  mknod -m 666 "$work/$arch/dev/null" c 1 3
done
musl-gcc -O2 -o "$work/x86_64/tmp/stat_loop" bench/stat_loop.c
aarch64-linux-gnu-gcc -O2 -nostdinc -isystem "$sysroot/include" -isystem "$(aarch64-linux-gnu-gcc -print-file-name=include)" \
  -nostdlib -o "$work/aarch64/tmp/stat_loop" "$sysroot/lib/crt1.o" "$sysroot/lib/crti.o" bench/stat_loop.c \
  -L"$sysroot/lib" -lc -lgcc "$sysroot/lib/crtn.o" -Wl,-dynamic-linker,/lib/ld-musl-aarch64.so.1
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC "-Dlamina.home=$home" -cp "$home/lib/*")

. bench/lib.sh
mean_ms() { hyperfine_mean 3 -N -w 5 -r "$runs" "$1"; }
row() { printf '%-50s %12s %12s %8s\n' "$@"; }
native() { echo "$work/$1/lib/ld-musl-$1.so.1 --library-path $work/$1/lib:$work/$1/usr/lib $work/$1/bin/busybox true"; }
warm() { "${java[@]}" "-Dlamina.arch=$1" "-Dlamina.darwinRules=$2" bench/WarmStart.java "$work/$1" "$3" /bin/true | awk '{print $2}'; }

echo "Lamina aarch64 bench, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $runs runs each"
row "measurement" "Lamina" "native" "ratio"
n=$((runs * 10 > 200 ? runs * 10 : 200))
declare -A start stat
for arch in x86_64 aarch64; do
  w=$(warm "$arch" false "$n"); nat=$(mean_ms "$(native "$arch")")
  start[$arch]=$(ratio "$w" "$nat")
  row "start /bin/true, warm kernel, $arch (ms)" "$w" "$nat" "${start[$arch]}"
  platform=(); [ "$arch" = aarch64 ] && platform=(--platform linux/arm64)
  s=$(./lamina run --rootfs "$work/$arch" "${platform[@]}" -- /tmp/stat_loop)
  sn=$("$work/$arch/lib/ld-musl-$arch.so.1" --library-path "$work/$arch/lib" "$work/$arch/tmp/stat_loop")
  stat[$arch]=$(ratio "$s" "$sn")
  row "routed stat(), $arch (ns, median)" "$s" "$sn" "${stat[$arch]}"
done
row "aarch64's start ratio / x86-64's (goal: at most 3)" "" "" "$(ratio "${start[aarch64]%x}" "${start[x86_64]%x}")"
row "aarch64's stat ratio / x86-64's (goal: at most 3)" "" "" "$(ratio "${stat[aarch64]%x}" "${stat[x86_64]%x}")"
normal=$(warm aarch64 false "$n"); rules=$(warm aarch64 true "$n")
row "warm start aarch64: --darwin-rules vs normal (ms)" "$rules" "$normal" "$(ratio "$rules" "$normal")"
row "  the rules' cost per start: copy and rewrite (ms)" "$(python3 -c "print('%.2f' % ($rules - $normal))")" "" ""
