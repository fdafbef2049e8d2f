#!/usr/bin/env bash
# docker build (the classic builder: DOCKER_BUILDKIT=0, the real docker CLI) against the
# engine (`lamina engine`) and against dockerd's classic builder (Debian's docker.io), measured
# in one run with the two interleaved: the goals of issue 15. Prints figures, ratios and
# whether each goal is met; asserts nothing.
#   bench/build.sh [--cold-runs N] [--noop-runs N] [--warm N] [--files N] [--dir DIR]
# Starts, all on loopback and under one scratch directory in DIR (default /dev/shm: this
# VM's ext4 creates files at a speed that swamps the software): a registry
# (../shared/peers/peers.sh) holding alpine 3.20.3, a Lamina engine and a dockerd of its own
# (own data root, exec root and socket; no bridge, no iptables). Both pull that alpine first,
# so no build pulls. The build context is a Dockerfile (FROM that alpine, ARG, ENV, WORKDIR,
# COPY of the context's src/ (--files, 200, small text files), a RUN writing 100 files, then
# sort and tar | gzip, a RUN adding a user, USER, CMD, EXPOSE, LABEL), all offline. Then:
#   warm-up: --warm (1) builds each, not counted (the engine's JVM, everyone's caches)
#   cold:    docker build --no-cache, --cold-runs (5) each: every step run again
#   no-op:   after one more build (its output checked: all steps "Using cache"), docker
#            build of the same context, --noop-runs (10) each: every step from the cache;
#            with docker version against each as a floor
#   steps:   one more cold build and one more no-op rebuild each, the time of each step
#            (from its "Step N/M" line to the next), to show where the time goes
#   builders: the no-op rebuild again, the builders alone: the context as one tar posted
#            by one client process (bench/build_client.py) that times each build itself,
#            --noop-runs each; and the docker CLI against a server whose answers take no
#            work, the CLI's own part of every `docker build` above
# A build's wall time is otherwise the docker CLI's, from its start to its end (the context
# walked and sent, every step, the image tagged). Goals: a no-op rebuild at least 3x faster
# than dockerd's (dockerd / engine >= 3), shown both for the builders alone and as the CLI
# runs it (where the CLI's own part, the same for both, bounds the ratio); a cold build no
# slower than dockerd's (dockerd / engine >= 1).
# Needs a built Lamina (scripts/build), the docker CLI, dockerd (apt-get install docker.io),
# skopeo, umoci and docker-registry (peers.sh install); run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env
. bench/lib.sh
export LC_ALL=C DOCKER_BUILDKIT=0
cold_runs=5
noop_runs=10
warm=1
files=200
out=/dev/shm
while [ $# -gt 0 ]; do
  case $1 in
    --cold-runs) cold_runs=$2; shift 2 ;;
    --noop-runs) noop_runs=$2; shift 2 ;;
    --warm) warm=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --dir) out=$2; shift 2 ;;
    *) echo "usage: bench/build.sh [--cold-runs N] [--noop-runs N] [--warm N] [--files N] [--dir DIR]" >&2; exit 2 ;;
  esac
done
[ -f cli/target/lamina/lib/lamina-cli.jar ] || { echo "build Lamina first: scripts/build" >&2; exit 1; }
for tool in docker dockerd skopeo umoci docker-registry; do
  command -v "$tool" > /dev/null || { echo "missing $tool: bash ../shared/peers/peers.sh install; apt-get install docker.io" >&2; exit 1; }
done
work=$(mktemp -d "$out/lamina-build.XXXXXX")
peers_env
engine_pid= dockerd_pid= instant_pid=
E() { DOCKER_HOST=unix://$work/lamina/run/engine.sock docker "$@"; }
D() { DOCKER_HOST=unix://$work/dockerd/docker.sock docker "$@"; }

start_watchdog
cleanup() {
  kill "$watchdog_pid" ${instant_pid:-} 2>/dev/null || true
  stop_pid "$engine_pid"
  stop_pid "${started:-}"
  stop_dockerd "$work/dockerd"
  "$peers" registry stop || true
  remove_scratch
}
trap cleanup EXIT

row() { printf '%-58s %14s %14s %8s\n' "$@"; }
# goal TEXT RATIO MIN: TEXT, the ratio, and whether it is at least MIN.
goal() {
  local verdict="not met"
  python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$2" "$3" && verdict=met
  echo "goal: $1: $verdict (${2}x)"
}

echo "Lamina build bench, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load average $(load) at the start"
echo "docker CLI $(docker --version | sed 's/^Docker version //') with DOCKER_BUILDKIT=0, $(dockerd --version | sed 's/^Docker version /dockerd /')"

registry_alpine
start_engine ./lamina "$work/lamina" engine; engine_pid=$started
start_dockerd "$work/dockerd" dockerd
E pull -q "$image" > /dev/null
D pull -q "$image" > /dev/null

# The context: src/ with $files small text files in ten directories, and the Dockerfile.
ctx=$work/context
mkdir -p "$ctx"/src/part{0..9}
awk -v dir="$ctx/src" -v n="$files" 'BEGIN {
  for (i = 0; i < n; i++) {
    f = sprintf("%s/part%d/item%03d.txt", dir, i % 10, i)
    for (l = 0; l < 20; l++) printf "%d item %d line %d %s\n", (i * 7919 + l * 104729) % 100003, i, l, substr("abcdefghijklmnopqrstuvwxyz", 1 + (i + l) % 26) > f
    close(f)
  }
}'
{
  echo "FROM $image"
  cat << 'EOF'
ARG GREETING=hello
ENV APP_HOME=/app LANG=C.UTF-8
WORKDIR $APP_HOME
COPY src/ ./src/
RUN set -e; mkdir gen; i=0; while [ $i -lt 100 ]; do echo "$i $GREETING from the build" > gen/n$i.txt; i=$((i + 1)); done; \
    cat src/*/*.txt gen/*.txt | sort -n > sorted.txt; tar -cf - src gen | gzip -9 > bundle.tar.gz; wc -l sorted.txt
RUN adduser -D -H -s /bin/sh app && sha256sum sorted.txt > SHA256SUMS && chown -R app /app
USER app
CMD ["sh", "-c", "echo $(id -un) $(wc -l < sorted.txt) $(cut -c1-12 SHA256SUMS)"]
EXPOSE 8080
LABEL org.opencontainers.image.title="lamina build bench"
EOF
} > "$ctx/Dockerfile"
steps=$(grep -c '^[A-Z]' "$ctx/Dockerfile")

build_engine() { t "$1_engine" E build "${@:2}" -t bench/app "$ctx"; }
build_dockerd() { t "$1_dockerd" D build "${@:2}" -t bench/app "$ctx"; }
first_engine() { build_engine first; }
first_dockerd() { build_dockerd first; }
cold_engine() { build_engine cold --no-cache; }
cold_dockerd() { build_dockerd cold --no-cache; }
noop_engine() { build_engine noop; }
noop_dockerd() { build_dockerd noop; }
floor_engine() { t floor_engine E version; }
floor_dockerd() { t floor_dockerd D version; }

rounds "$warm" first_engine first_dockerd
rounds "$cold_runs" cold_engine cold_dockerd
E build -t bench/app "$ctx" > "$work/cached.engine" 2>> "$work/errors"
D build -t bench/app "$ctx" > "$work/cached.dockerd" 2>> "$work/errors"
rounds "$noop_runs" noop_engine noop_dockerd floor_engine floor_dockerd

# The builders alone: the context as a tar, posted by one client process that times each
# build inside itself (no client start-up, no walk of the context), the same bytes to each.
tar -C "$ctx" -cf "$work/context.tar" .
api() {
  python3 bench/build_client.py post "$1" "$work/context.tar" t=bench/app 2>> "$work/errors" > "$work/api.last" \
    || { echo "failed: a build posted to $2" >&2; tail -5 "$work/errors" >&2; exit 1; }
  cut -d' ' -f1 "$work/api.last" >> "$work/t.$2"
  cut -d' ' -f2 "$work/api.last" >> "$work/cached.$2"
}
api_engine() { api "$work/lamina/run/engine.sock" api_engine; }
api_dockerd() { api "$work/dockerd/docker.sock" api_dockerd; }
# The docker CLI's own part of a build: the CLI against a server whose answers take no work.
python3 bench/build_client.py instant "$work/instant.sock" & instant_pid=$!
for _ in $(seq 50); do [ -S "$work/instant.sock" ] && break; sleep 0.1; done
floor_cli() { t floor_cli env DOCKER_HOST="unix://$work/instant.sock" docker build -t bench/app "$ctx"; }
# Warm-up, not counted: in trial runs dockerd ran COPY and the steps after it again for the
# first post of this tar (made by tar, not by the CLI); and each side's code gets warm.
for _ in $(seq 5); do api_engine; api_dockerd; done
rm -f "$work"/t.api_* "$work"/cached.api_*
rounds "$noop_runs" api_engine api_dockerd floor_cli

# step_times CLIENT NAME [ARG...]: one more build (with ARGs); in $work/steps.NAME, for each
# step its number and milliseconds (from its "Step N/M" line to the next line of that kind, or
# to the end), and first "0" with the time to the first step (the context sent, the Dockerfile read).
step_times() {
  local s=$EPOCHREALTIME line
  { echo "$s 0"
    "$1" build "${@:3}" -t bench/app "$ctx" 2>> "$work/errors" | while IFS= read -r line; do
      case $line in "Step "*) line=${line#Step }; echo "$EPOCHREALTIME ${line%%/*}" ;; esac
    done
    echo "$EPOCHREALTIME end"
  } | awk '{ if (NR > 1) printf "%s %.1f\n", step, ($1 - at) * 1000; at = $1; step = $2 }' > "$work/steps.$2"
}
step_times E cold_engine --no-cache
step_times D cold_dockerd --no-cache
step_times E noop_engine
step_times D noop_dockerd
end_load=$(load)

echo
echo "context: $files files in src/ ($(du -sk "$ctx/src" | cut -f1) KiB), a Dockerfile of $steps steps"
row "docker build (ms, median)" "engine" "dockerd" "ratio"
row "first build (not counted; the engine's fresh JVM)" "$(head -1 "$work/t.first_engine" | cut -d. -f1)" "$(head -1 "$work/t.first_dockerd" | cut -d. -f1)" ""
ce=$(figure cold_engine) cd=$(figure cold_dockerd)
row "cold: --no-cache, every step run ($cold_runs each)" "$ce" "$cd" "$(ratio "$cd" "$ce")"
row "  range over the runs" "$(figure cold_engine min)-$(figure cold_engine max)" "$(figure cold_dockerd min)-$(figure cold_dockerd max)" ""
ne=$(figure noop_engine) nd=$(figure noop_dockerd)
row "no-op rebuild: every step from the cache ($noop_runs each)" "$ne" "$nd" "$(ratio "$nd" "$ne")"
row "  range over the runs" "$(figure noop_engine min)-$(figure noop_engine max)" "$(figure noop_dockerd min)-$(figure noop_dockerd max)" ""
row "  steps answered \"Using cache\" in the build before them" "$(grep -c 'Using cache' "$work/cached.engine" || true)/$((steps - 1))" \
  "$(grep -c 'Using cache' "$work/cached.dockerd" || true)/$((steps - 1))" ""
row "  floor: docker version against each ($noop_runs each)" "$(figure floor_engine)" "$(figure floor_dockerd)" ""
fc=$(figure floor_cli)
row "  floor: the CLI against a server that does no work" "$fc" "$fc" ""
echo "  (ratio = dockerd / engine: > 1 is the engine faster; with the CLI's own $fc ms in both, no"
echo "  builder can make this ratio more than $(ratio "$nd" "$fc"))"
ae=$(figure api_engine) ad=$(figure api_dockerd)
row "no-op rebuild, the builders alone: the tar posted ($noop_runs each)" "$ae" "$ad" "$(ratio "$ad" "$ae")"
row "  range over the runs" "$(figure api_engine min)-$(figure api_engine max)" "$(figure api_dockerd min)-$(figure api_dockerd max)" ""
row "  steps answered \"Using cache\" (fewest in a run)" "$(sort -n "$work/cached.api_engine" | head -1)/$((steps - 1))" \
  "$(sort -n "$work/cached.api_dockerd" | head -1)/$((steps - 1))" ""
# step_table TITLE KIND: the times of step_times KIND_engine and KIND_dockerd side by side.
step_table() {
  local step ms what dms r
  echo
  row "$1" "engine" "dockerd" "ratio"
  while read -r step ms; do
    if [ "$step" = 0 ]; then what="to Step 1: the context sent, the Dockerfile read"
    else what=$(grep '^[A-Z]' "$ctx/Dockerfile" | sed -n "${step}p" | cut -c1-50); what="$step ${what//127.0.0.1:$REGISTRY_PORT\//}"; fi
    dms=$(awk -v s="$step" '$1 == s {print $2}' "$work/steps.$2_dockerd")
    r=
    # No ratio of times under a millisecond: the noise of reading the stream.
    python3 -c 'import sys; sys.exit(0 if min(float(x) for x in sys.argv[1:]) >= 1 else 1)' "$ms" "${dms:-0}" && r=$(ratio "$dms" "$ms")
    row "$what" "$ms" "$dms" "$r"
  done < "$work/steps.$2_engine"
}
step_table "one more cold build, per step (ms)" cold
step_table "one more no-op rebuild, per step (ms)" noop
echo
echo "the images, run (user, lines, sum of sorted.txt): engine: $(E run --rm bench/app 2>&1); dockerd: $(D run --rm bench/app 2>&1)"
goal "a no-op rebuild at least 3x faster than dockerd's, the builders alone (dockerd / engine >= 3)" "$(ratio "$ad" "$ae")" 3
goal "a no-op rebuild at least 3x faster than dockerd's, as the docker CLI runs it (dockerd / engine >= 3)" "$(ratio "$nd" "$ne")" 3
goal "a cold build no slower than dockerd's (dockerd / engine >= 1)" "$(ratio "$cd" "$ce")" 1
echo "load average $end_load at the end"
