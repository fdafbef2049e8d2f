#!/usr/bin/env bash
# The desktop app at scale: N `sleep` containers of the built-in image running on a
# `lamina engine` of its own, each with its stats stream updating its row (one reading a
# second each), in the app's window on Xvfb (JavaFX's software pipeline, as there is no
# GPU). Prints the time of each JavaFX pulse (CSS, layout, copy to the render graph and
# painting: one UI update) over SECONDS, from JavaFX's pulse logger: median, 95th and
# 99th percentiles, the largest, and the share under 16 ms (one frame at 60 Hz), with the
# phases of the slow ones; and the JVM's stops meanwhile (safepoints: the collector's pauses
# and the like, from the JVM's log), which stand the UI still between pulses.
# No assertion: figures to read.   bench/app-scale.sh [N] [SECONDS]   (200, 30)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env
n=${1:-200}
seconds=${2:-30}
home=$PWD/cli/target/lamina
[ -d "$home/lib/ui" ] || { echo "build Lamina first: scripts/build" >&2; exit 1; }
work=$(mktemp -d /tmp/lamina-app-scale.XXXXXX)
LAMINA_DATA_ROOT=$work/data "$home/bin/lamina" engine > "$work/engine.log" 2>&1 &
engine=$!
exec 9< <(Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2>/dev/null & echo "pid $!"; wait)
read -r _ xvfb <&9
read -r display <&9
trap 'set +e; kill $xvfb $engine 2>/dev/null; wait $engine 2>/dev/null; rm -rf "$work"; true' EXIT
export DOCKER_HOST=unix://$work/data/run/engine.sock
until docker version > /dev/null 2>&1; do sleep 0.2; done
start=$(date +%s)
for i in $(seq "$n"); do docker run -d --name "sleep-$i" localhost/lamina/default sleep 100000 > /dev/null; done
echo "$n containers started in $(( $(date +%s) - start )) s"
ui=$home/lib/ui
# The app's JVM as the launcher starts it (lib/ui's lists and JVM options), with the pulse logger.
mp=$(sed "s|^|$ui/|" "$ui/modules" | paste -sd:)
cp=$(sed "s|^|$ui/|" "$ui/classpath" | paste -sd:)
# shellcheck disable=SC2046 # one option a line, none with a space
DISPLAY=:$display "$JAVA_HOME/bin/java" -Dprism.order=sw -Djavafx.pulseLogger=true -Djavafx.pulseLogger.threshold=0 \
  -Xlog:safepoint:file="$work/safepoints.log":uptime \
  $(grep -v '^#' "$ui/jvm-options") --module-path "$mp" -cp "$cp" bench/AppScale.java "$DOCKER_HOST" "$n" "$seconds" > "$work/app.log" 2>&1 \
  || { grep -v -e '^T[0-9]' -e '^PULSE' -e '^Counters' -e '^\s' "$work/app.log" | tail -20 >&2; exit 1; }
grep -o 'rows with stats: .*' "$work/app.log" || { grep -v -e '^T[0-9]' -e '^PULSE' -e '^Counters' -e '^\s' "$work/app.log" | tail -20 >&2; exit 1; }
python3 - "$work/app.log" "$seconds" "$work/safepoints.log" <<'PY'
import re, statistics, sys
log = open(sys.argv[1]).read()
text = log.split("measure start", 1)[1].split("measure end", 1)[0]
# The logger writes a short pulse as "[N SINCEms:TOOKms]", a longer one as "PULSE: N [SINCEms:TOOKms]" and its phases.
pulses = {int(n): int(took) for n, took in re.findall(r"\[(\d+) \d+ms:(\d+)ms\]", text)}
pulses.update({int(n): int(took) for n, took in re.findall(r"PULSE: (\d+) \[\d+ms:(\d+)ms\]", text)})
ms = list(pulses.values())
if not ms: sys.exit("app-scale: no pulses between the marks")
ms.sort()
pct = lambda p: ms[min(len(ms) - 1, int(p / 100 * len(ms)))]
slow = sorted(n for n, took in pulses.items() if took >= 16)
print("%d pulses in %s s: median %d ms, 95th %d ms, 99th %d ms, largest %d ms; under 16 ms: %.2f%% (%d at 16 ms or more); median / 16 ms: %.2f"
      % (len(ms), sys.argv[2], statistics.median(ms), pct(95), pct(99), ms[-1],
         100.0 * (len(ms) - len(slow)) / len(ms), len(slow), statistics.median(ms) / 16))
# The slow ones as the logger took them apart (its phases), the first five.
for n in slow[:5]:
    block = re.search(r"PULSE: %d \[.*?(?=\n(?:PULSE|\[)|\Z)" % n, text, re.S)
    if block: print("  " + block.group(0).strip().replace("\n", "\n  "))
# The JVM's stops in the measurement (its safepoints: the collector's pauses and the like, by
# JVM uptime), which stand the UI still between pulses, unseen by the pulse logger.
start, end = (int(x) for x in re.findall(r"measure (?:start|end) at (\d+) ms", log))
stops = [int(ns) / 1e6 for t, ns in re.findall(r"\[(\d+\.\d+)s\] Safepoint .*Total: (\d+) ns", open(sys.argv[3]).read())
         if start <= float(t) * 1000 <= end]
print("JVM stops (safepoints) in the %s s: %d, largest %.1f ms, %d of 16 ms or more"
      % (sys.argv[2], len(stops), max(stops, default=0), sum(1 for x in stops if x >= 16)))
PY
echo "$(nproc) CPUs, load average $(cut -d' ' -f1 /proc/loadavg) at the end"
