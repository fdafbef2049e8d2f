#!/usr/bin/env bash
# TCP between containers of the engine (`lamina engine`, the docker CLI) against
# the same between two host processes, in one run: the goals of issue 11.
#   bench/network.sh [--bytes N] [--runs N] [--connects N] [--warm-connects N] [--dir DIR]
# bench/tcp_bench.c, built for the host (gcc) and the default image (musl-gcc),
# measures inside each process (the docker CLI's time is not counted):
#   throughput: --bytes (1 GiB) on one connection, container -> container by
#               name on a user network, and host -> a container's published
#               port, each vs host -> host on loopback; the median of --runs (3)
#   connect:    --connects (100) connections opened and reset one after the
#               other, container -> container vs host -> host on loopback; the
#               median time of one socket() + connect(), and the mean of all
#               but the slowest 1% (a container's process asks the kernel on
#               its first connect and then about one in eight); the container's after
#               --warm-connects (20000) untimed ones, in containers of their own,
#               so that the engine's JIT has compiled this path as a long-lived
#               engine's has (446 us a connect after 200 untimed, 148 after 2000)
# Prints figures and ratios; asserts nothing. Needs a built Lamina
# (scripts/build), gcc, musl-gcc and the docker CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bytes=$((1 << 30))
runs=3
connects=100
warm_connects=20000
out=/dev/shm
while [ $# -gt 0 ]; do
  case $1 in
    --bytes) bytes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --connects) connects=$2; shift 2 ;;
    --warm-connects) warm_connects=$2; shift 2 ;;
    --dir) out=$2; shift 2 ;;
    *) echo "usage: bench/network.sh [--bytes N] [--runs N] [--connects N] [--warm-connects N] [--dir DIR]" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d "$out/lamina-network.XXXXXX")
data=$work/data
image=localhost/lamina/default
E() { DOCKER_HOST=unix://$data/run/engine.sock docker "$@"; }
engine_pid= server_pid=
cleanup() {
  [ -z "$engine_pid" ] || E rm -f bench-server > /dev/null 2>&1 || true
  for p in $server_pid $engine_pid; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

gcc -O2 -o "$work/tcp_bench.host" bench/tcp_bench.c
musl-gcc -O2 -o "$work/tcp_bench" bench/tcp_bench.c
LAMINA_DATA_ROOT=$data ./lamina engine > "$work/engine.log" 2>&1 &
engine_pid=$!
for _ in $(seq 300); do E version > /dev/null 2>&1 && break; sleep 0.1; done
E network create bench-net > /dev/null
E run -d --name bench-server --network bench-net -p 127.0.0.1::5001 -v "$work:/b:ro" "$image" /b/tcp_bench server 5001 > /dev/null
published=$(E port bench-server 5001 | head -1)
published=${published##*:}
"$work/tcp_bench.host" server 5002 &
server_pid=$!
# in_container ARGS...: tcp_bench in a container on the server's network.
in_container() { E run --rm --network bench-net -v "$work:/b:ro" "$image" /b/tcp_bench "$@"; }
on_host() { "$work/tcp_bench.host" "$@"; }
until on_host connect 127.0.0.1 "$published" 1 > /dev/null 2>&1; do sleep 0.1; done
until on_host connect 127.0.0.1 5002 1 > /dev/null 2>&1; do sleep 0.1; done

# MB/s of one transfer that took $1 microseconds.
rate() { python3 -c "import sys; print('%.0f' % ($bytes / float(sys.argv[1])))" "$1"; }
for _ in $(seq "$runs"); do # interleaved, so that the machine's load falls on all three alike
  rate "$(in_container send bench-server 5001 "$bytes")" >> "$work/c2c"
  rate "$(on_host send 127.0.0.1 "$published" "$bytes")" >> "$work/h2p"
  rate "$(on_host send 127.0.0.1 5002 "$bytes")" >> "$work/h2h"
done
c2c=$(median $(cat "$work/c2c")) h2p=$(median $(cat "$work/h2p")) h2h=$(median $(cat "$work/h2h"))
# the engine's JIT warmed on this path first, 1000 at a time (the host's own connect slows when
# thousands follow one another on one socket's backlog and ports)
for _ in $(seq $(((warm_connects + 999) / 1000))); do in_container connect bench-server 5001 1000 > /dev/null; done
read -r cc cm <<< "$(in_container connect bench-server 5001 "$connects")"
read -r hc hm <<< "$(on_host connect 127.0.0.1 5002 "$connects")"

echo "TCP, $bytes bytes on one connection (MB/s, median of $runs)"
printf '  %-48s %10s %10s\n' "" "MB/s" "vs host"
printf '  %-48s %10.0f %10s\n' "container -> container (by name, user network)" "$c2c" "$(ratio "$c2c" "$h2h")"
printf '  %-48s %10.0f %10s\n' "host -> published port of a container" "$h2p" "$(ratio "$h2p" "$h2h")"
printf '  %-48s %10.0f %10s\n' "host -> host (loopback)" "$h2h" "1.00"
echo "TCP connection set-up, $connects connections one after the other (us for one: median; mean of all but the slowest 1%)"
printf '  %-48s %10s %10s %10s %10s\n' "" "median" "vs host" "mean" "vs host"
printf '  %-48s %10.1f %10s %10.1f %10s\n' "container -> container" "$cc" "$(ratio "$cc" "$hc")" "$cm" "$(ratio "$cm" "$hm")"
printf '  %-48s %10.1f %10s %10.1f %10s\n' "host -> host (loopback)" "$hc" "1.00" "$hm" "1.00"
