#!/usr/bin/env bash
# The desktop app's start: from `lamina ui` (the launcher starts the app's JVM; no JVM of the commands before it)
# to its window on an X server (Xvfb of its own, 1280x800), mapped and then painted (its first
# frame: the tab row drawn), against an engine that is not running (the window does not wait for
# one). Learnt from X events (bench/x_window_ready.c), not by polling the X server, which took a
# CPU from the app it timed (1.9 s to the window's creation polled, 1.0 s to its map unpolled).
# Prints the medians of N runs and their ratio to the 1.5 s goal, and the same without the AOT
# cache. No assertion: figures to read.
#   bench/app-start.sh [--runs N]     Needs: a built Lamina (scripts/build), Xvfb, gcc, libx11-dev, libxdamage-dev
set -euo pipefail
cd "$(dirname "$0")/.."
runs=10
[ "${1:-}" = --runs ] && runs=$2
home=$PWD/cli/target/lamina
[ -d "$home/lib/ui" ] || { echo "build Lamina first: scripts/build" >&2; exit 1; }
work=$(mktemp -d /tmp/lamina-app-bench.XXXXXX)
gcc -O2 -o "$work/x_window_ready" bench/x_window_ready.c -lX11 -lXdamage
exec 9< <(Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2>/dev/null & echo "pid $!"; wait)
read -r _ xvfb <&9
read -r display <&9
export DISPLAY=:$display
trap 'set +e; kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
. bench/lib.sh

# "MAPPED PAINTED": ms from `lamina ui` to its window mapped, and to its first frame painted.
start_once() {
  local t0 pid watcher mapped painted
  rm -f "$work/ready"
  "$work/x_window_ready" Lamina 60 > "$work/ready" &
  watcher=$!
  until grep -q '^ready' "$work/ready" 2>/dev/null; do sleep 0.01; done
  t0=$(date +%s%3N)
  LAMINA_DATA_ROOT=$work/data "$home/bin/lamina" ui --host "unix://$work/none.sock" > "$work/ui.log" 2>&1 &
  pid=$!
  wait $watcher || { cat "$work/ui.log" >&2; echo "app-start: no window" >&2; exit 1; }
  kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  mapped=$(sed -n 's/^mapped //p' "$work/ready")
  painted=$(sed -n 's/^painted //p' "$work/ready")
  echo "$((mapped - t0)) $((painted - t0))"
}
start_once > /dev/null # a first run warms the page cache
# median_of COLUMN RUN...: the median of one column of start_once's lines.
median_of() { local c=$1; shift; median $(printf '%s\n' "$@" | cut -d' ' -f"$c"); }
column() { local c=$1; shift; printf '%s\n' "$@" | cut -d' ' -f"$c" | paste -sd' '; }
warm=()
for _ in $(seq "$runs"); do warm+=("$(start_once)"); done
# The same without the app's AOT cache (packaging/aot-cache.sh), for what it takes off.
cold=()
for _ in $(seq "$runs"); do cold+=("$(JAVA_TOOL_OPTIONS=-XX:AOTMode=off start_once)"); done
m=$(median_of 1 "${warm[@]}") p=$(median_of 2 "${warm[@]}") c=$(median_of 2 "${cold[@]}")
echo "$(nproc) CPUs, load average $(cut -d' ' -f1 /proc/loadavg) at the end"
echo "lamina ui to its window mapped, median of $runs: ${m%.*} ms (runs: $(column 1 "${warm[@]}"))"
echo "lamina ui to its first frame painted, median of $runs: ${p%.*} ms (runs: $(column 2 "${warm[@]}")); goal 1500 ms, ratio $(ratio "$p" 1500)"
echo "painted without the AOT cache: ${c%.*} ms (runs: $(column 2 "${cold[@]}")); with it / without: $(ratio "$p" "$c")"
