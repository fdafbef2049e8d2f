#!/usr/bin/env bash
# The desktop app's start: from `lamina ui` (the launcher starts the app's JVM; no JVM of the commands before it)
# to its window mapped on an X server (Xvfb of its own, 1280x800), against an engine
# that is not running (the window does not wait for one). Prints the median of N runs
# and its ratio to the 1.5 s goal, and the same without the AOT caches. No assertion:
# figures to read.
#   bench/app-start.sh [--runs N]     Needs: a built Lamina (scripts/build), Xvfb, xwininfo (x11-utils)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=10
[ "${1:-}" = --runs ] && runs=$2
home=$PWD/cli/target/lamina
[ -d "$home/lib/ui" ] || { echo "build Lamina first: scripts/build" >&2; exit 1; }
work=$(mktemp -d /tmp/lamina-app-bench.XXXXXX)
exec 9< <(Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2>/dev/null & echo "pid $!"; wait)
read -r _ xvfb <&9
read -r display <&9
export DISPLAY=:$display
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
. bench/lib.sh

# ms since the epoch, then the time until the window named "Lamina — ..." is on the screen.
now_ms() { date +%s%3N; }
start_once() {
  local t0 t1 pid
  t0=$(now_ms)
  LAMINA_DATA_ROOT=$work/data "$home/bin/lamina" ui --host "unix://$work/none.sock" > "$work/ui.log" 2>&1 &
  pid=$!
  until xwininfo -root -tree 2>/dev/null | grep -q '"Lamina'; do
    kill -0 $pid 2>/dev/null || { cat "$work/ui.log" >&2; echo "app-start: the app exited" >&2; exit 1; }
    sleep 0.005
  done
  t1=$(now_ms)
  pkill -TERM -P $pid 2>/dev/null || true; kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  # The app's JVM gone and its window with it, before the next run looks for one.
  while xwininfo -root -tree 2>/dev/null | grep -q '"Lamina'; do sleep 0.05; done
  echo $((t1 - t0))
}
start_once > /dev/null # a first run warms the page cache
times=()
for _ in $(seq "$runs"); do times+=("$(start_once)"); done
m=$(median "${times[@]}")
# The same without the app's AOT cache (packaging/aot-cache.sh), for what it takes off.
cold=()
for _ in $(seq "$runs"); do cold+=("$(JAVA_TOOL_OPTIONS=-XX:AOTMode=off start_once)"); done
c=$(median "${cold[@]}")
echo "$(nproc) CPUs, load average $(cut -d' ' -f1 /proc/loadavg) at the end"
echo "lamina ui to its window mapped, median of $runs: ${m%.*} ms (runs: ${times[*]}); goal 1500 ms, ratio $(ratio "$m" 1500)"
echo "without the AOT cache: ${c%.*} ms (runs: ${cold[*]}); with it / without: $(ratio "$m" "$c")"
