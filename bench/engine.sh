#!/usr/bin/env bash
# The engine (`lamina engine`) through the real docker CLI, against dockerd +
# runc (Debian's docker.io) and podman + crun, measured in one run with the
# peers interleaved. Prints figures and ratios; asserts nothing.
#   bench/engine.sh [--runs N] [--warm N] [--pull-runs N] [--loop-runs N] [--idle N] [--dir DIR] [--baseline DIR]
# Starts, all on loopback and under one scratch directory in DIR (default
# /dev/shm: this VM's ext4 creates files at a speed that swamps the software):
# a registry (../shared/peers/peers.sh) holding alpine 3.20.3, a Lamina engine,
# a dockerd of its own (own data root, exec root and socket; no bridge, no
# iptables), and podman with its own root (peers.sh). Every store pulls the
# same alpine image from that registry. Then, in this order:
#   pull:   docker pull against the engine (its JVM warmed by three pulls; the
#           image removed between runs, so each is a real pull), timed by this
#           script from the command's start to two moments of its output (Docker's
#           progress lines): the last "Download complete", which the engine sends
#           once a layer's blob is all here, matches its digest and is stored (the
#           download-and-verify part; the engine unpacks a layer while it downloads,
#           so this time holds that unpack too), vs skopeo copy to dir:, which only
#           downloads and verifies; and the end of its output (the whole pull: also
#           the layer checked against its diff id and the root flattened and named)
#           vs skopeo copy to oci: plus umoci unpack (the same end: a root file
#           system). The engine's CPU per pull (and removal) from its cgroup.
#   run:    after --warm (10) rounds of warm-up (the engine's JIT keeps compiling
#           for a few hundred runs: --warm 100 measures a JVM that has run a while),
#           docker run --rm alpine true, the docker CLI against the engine vs
#           against dockerd vs podman --runtime crun; the docker CLI alone as the
#           floor (docker --version, docker version against the engine, and docker
#           run against bench/instant_engine.py, which answers at once)
#   loop:   500 fork+exec of /bin/true timed inside a container of the engine,
#           twice in the same container (the second pass on a JIT warmed by
#           the first), vs the same loop in a chroot of the same alpine root;
#           then one start each by fork+exec, vfork+exec and posix_spawn
#           (bench/spawn_loop.c), the same way
#   output: 5 MB of 11-byte lines out of `docker run --rm` (the CLI attached), each
#           line kept in the json-file log, vs --log-driver none and vs dockerd
#   memory: the engine restarted, resident memory (RSS) of its JVM after one
#           container; then with --idle (50) `sleep 1000` containers: its growth
#           per container, and the init hosts (each container's processes) apart.
#           dockerd + containerd and their shims measured the same way.
# --baseline DIR adds a second engine, DIR/lamina (a launcher beside its own
# cli/target/lamina, e.g. a copy of an older build), to the pull, run, fork+exec loop and
# memory measurements: a change measured before and after in one run.
# Needs a built Lamina (scripts/build), musl-gcc, the docker CLI, dockerd (docker.io),
# podman, crun, skopeo, umoci, docker-registry (peers.sh install); run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env
. bench/lib.sh
export LC_ALL=C
runs=30
warm=10
pull_runs=10
loop_runs=5
idle=50
out=/dev/shm
baseline=
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --warm) warm=$2; shift 2 ;;
    --pull-runs) pull_runs=$2; shift 2 ;;
    --loop-runs) loop_runs=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --dir) out=$2; shift 2 ;;
    --baseline) baseline=$(cd "$2" && pwd); shift 2 ;;
    *) echo "usage: bench/engine.sh [--runs N] [--warm N] [--pull-runs N] [--loop-runs N] [--idle N] [--dir DIR] [--baseline DIR]" >&2; exit 2 ;;
  esac
done
home=$PWD/cli/target/lamina
[ -f "$home/lib/lamina-cli.jar" ] || { echo "build Lamina first: scripts/build" >&2; exit 1; }
for tool in docker dockerd podman crun skopeo umoci docker-registry; do
  command -v "$tool" > /dev/null || { echo "missing $tool: bash ../shared/peers/peers.sh install; apt-get install docker.io" >&2; exit 1; }
done
work=$(mktemp -d "$out/lamina-engine.XXXXXX")
peers_env
esock=$work/lamina/run/engine.sock
bsock=$work/baseline/run/engine.sock
dsock=$work/dockerd/docker.sock
engine_pid= baseline_pid= dockerd_pid= instant_pid=

E() { DOCKER_HOST=unix://$esock docker "$@"; }
B() { DOCKER_HOST=unix://$bsock docker "$@"; }
D() { DOCKER_HOST=unix://$dsock docker "$@"; }
P() { "$peers" _podman "$@"; }

start_watchdog
# CPU time, which this loaded machine inflates far less than wall time: each side in a
# cpuacct cgroup of its own (v1; without one the CPU lines are left out). The script
# itself runs in "script" and moves into a subject's group for its timed commands.
cg=/sys/fs/cgroup/cpuacct/lamina-bench-$$
if mkdir "$cg" 2>/dev/null; then
  for g in script engine baseline dockerd run_engine run_baseline run_dockerd run_podman; do mkdir "$cg/$g"; done
  echo $$ > "$cg/script/cgroup.procs"
else
  cg=
fi
cpu_ns() { if [ -n "$cg" ]; then cat "$cg/$1/cpuacct.usage"; else echo 0; fi; }

cleanup() {
  kill "$watchdog_pid" 2>/dev/null || true
  stop_pid "$engine_pid"
  stop_pid "$baseline_pid"
  stop_pid "${started:-}"
  stop_pid "$instant_pid"
  stop_dockerd "$work/dockerd"
  "$peers" _podman rm -af > /dev/null 2>&1 || true
  "$peers" registry stop || true
  remove_scratch
  if [ -n "$cg" ]; then # this group, and what runc made under it in every hierarchy for dockerd's containers
    echo $$ > /sys/fs/cgroup/cpuacct/cgroup.procs
    find /sys/fs/cgroup/*/"${cg##*/}" -depth -type d -exec rmdir {} + 2>/dev/null || true
  fi
}
trap cleanup EXIT

row() { printf '%-62s %10s %10s %8s\n' "$@"; }

echo "Lamina engine bench, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load average $(load) at the start"
echo "docker CLI $(docker --version | sed 's/^Docker version //'), $(dockerd --version | sed 's/^Docker version /dockerd /'), $(podman --version), $(crun --version | head -1)"

root=$work/rootfs
"$peers" rootfs "$root"
registry_alpine

start_engine ./lamina "$work/lamina" engine; engine_pid=$started
[ -z "$baseline" ] || { start_engine "$baseline/lamina" "$work/baseline" baseline; baseline_pid=$started; }
start_dockerd "$work/dockerd" dockerd

# --- pull ---------------------------------------------------------------------------------
for _ in 1 2 3; do E pull -q "$image" > /dev/null; E rmi "$image" > /dev/null; done
[ -z "$baseline" ] || for _ in 1 2 3; do B pull -q "$image" > /dev/null; B rmi "$image" > /dev/null; done
x=$work/x
# timed_pull NAME CLIENT: CLIENT (E or B) pulls the image, then removes it. Samples: the
# whole pull in t.NAME, and the time to its last "Download complete" line in t.NAME_verified.
timed_pull() {
  local name=$1 client=$2 s e v= line failed=
  s=$EPOCHREALTIME
  while IFS= read -r line; do
    case $line in
      *": Download complete") v=$EPOCHREALTIME ;;
      "lamina-bench: failed") failed=1 ;;
    esac
  done < <("$client" pull "$image" 2>> "$work/errors" || echo "lamina-bench: failed")
  e=$EPOCHREALTIME
  [ -z "$failed" ] || { echo "failed: $client pull $image" >&2; tail -5 "$work/errors" >&2; exit 1; }
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", (e - s) * 1000 }' >> "$work/t.$name"
  [ -z "$v" ] || awk -v s="$s" -v e="$v" 'BEGIN { printf "%.3f\n", (e - s) * 1000 }' >> "$work/t.${name}_verified"
  "$client" rmi "$image" > /dev/null
}
pull_engine() { timed_pull pull_engine E; }
pull_baseline() { timed_pull pull_baseline B; }
pull_skopeo_dir() { mkdir -p "$x"; t pull_skopeo_dir skopeo copy -q --src-tls-verify=false "docker://$image" "dir:$x/dir"; rm -rf "$x"; }
pull_skopeo_umoci() {
  mkdir -p "$x"
  t pull_skopeo_umoci sh -c 'skopeo copy -q --src-tls-verify=false "docker://$1" "oci:$2/oci:x" && umoci unpack --image "$2/oci:x" "$2/bundle"' \
    sh "$image" "$x"
  rm -rf "$x"
}
pull_subjects=(pull_engine pull_skopeo_dir pull_skopeo_umoci)
[ -z "$baseline" ] || pull_subjects+=(pull_baseline)
pull_cpu0=$(cpu_ns engine) pull_bcpu0=$(cpu_ns baseline)
rounds "$pull_runs" "${pull_subjects[@]}"
per_pull() { awk -v a="$1" -v b="$2" -v n="$pull_runs" 'BEGIN { printf "%.1f", (b - a) / n / 1e6 }'; }
echo
row "pull alpine 3.20 from loopback (ms, median of $pull_runs)" "engine" "reference" "ratio"
pv=$(figure pull_engine_verified)
pe=$(figure pull_engine)
row "download and verify: docker pull to its last Download complete" "$pv" "" ""
row "  vs skopeo copy to dir: (download and verify)" "$pv" "$(figure pull_skopeo_dir)" "$(ratio "$(figure pull_skopeo_dir)" "$pv")"
row "whole pull: docker pull (engine, warm JVM) to its end" "$pe" "" ""
row "  vs skopeo copy to oci: + umoci unpack (a root fs)" "$pe" "$(figure pull_skopeo_umoci)" "$(ratio "$(figure pull_skopeo_umoci)" "$pe")"
if [ -n "$baseline" ]; then
  [ ! -s "$work/t.pull_baseline_verified" ] ||
    row "  download and verify vs the baseline engine" "$pv" "$(figure pull_baseline_verified)" "$(ratio "$(figure pull_baseline_verified)" "$pv")"
  row "  whole pull vs the baseline engine" "$pe" "$(figure pull_baseline)" "$(ratio "$(figure pull_baseline)" "$pe")"
fi
echo "  (ratio = reference / engine: >= 1 is faster; engine $(figure pull_engine_verified min)-$(figure pull_engine_verified max) ms to"
echo "   the last Download complete, $(figure pull_engine min)-$(figure pull_engine max) ms whole)"
if [ -n "$cg" ]; then
  row "engine CPU per pull and removal (ms, mean)" "$(per_pull "$pull_cpu0" "$(cpu_ns engine)")" "" ""
  [ -z "$baseline" ] || row "  baseline engine" "" "$(per_pull "$pull_bcpu0" "$(cpu_ns baseline)")" ""
fi

# --- run ----------------------------------------------------------------------------------
E pull -q "$image" > /dev/null && E tag "$image" alpine
[ -z "$baseline" ] || { B pull -q "$image" > /dev/null && B tag "$image" alpine; }
D pull -q "$image" > /dev/null && D tag "$image" alpine
P pull -q --tls-verify=false "$image" > /dev/null && P tag "$image" lamina-peers/alpine:3.20
# The floor of a run: the same CLI against an engine that answers its five requests at once.
python3 bench/instant_engine.py "$work/instant.sock" & instant_pid=$!
while [ ! -S "$work/instant.sock" ]; do sleep 0.05; done
cli_version() { t cli_version docker --version; }
cli_engine() { t cli_engine E version; }
cli_instant() { t cli_instant env DOCKER_HOST=unix://$work/instant.sock docker run --rm alpine true; }
run_engine() { t run_engine E run --rm alpine true; }
run_baseline() { t run_baseline B run --rm alpine true; }
run_dockerd() { t run_dockerd D run --rm alpine true; }
run_podman() { t run_podman "$peers" run podman-crun "$root" -- true; }
subjects=(cli_version cli_engine cli_instant run_engine run_dockerd run_podman)
[ -z "$baseline" ] || subjects+=(run_baseline)
rounds "$warm" "${subjects[@]:3}" # warm-up: the engine's JIT, everyone's caches
rm -f "$work"/t.run_*
declare -A cpu0
for g in engine baseline dockerd run_engine run_baseline run_dockerd run_podman; do cpu0[$g]=$(cpu_ns "$g"); done
rounds "$runs" "${subjects[@]}"
cpu() { awk -v a="${cpu0[$1]}" -v b="$(cpu_ns "$1")" -v n="$runs" 'BEGIN { printf "%.1f", (b - a) / n / 1e6 }'; }
echo
re=$(figure run_engine)
row "docker run --rm alpine true (ms, median of $runs, after $warm warm-up)" "engine" "peer" "peer/engine"
row "engine (the docker CLI against lamina engine)" "$re" "" ""
row "  range over the runs" "$(figure run_engine min)-$(figure run_engine max)" "" ""
row "  vs dockerd + runc (the same CLI)" "$re" "$(figure run_dockerd)" "$(ratio "$(figure run_dockerd)" "$re")"
row "  vs podman --runtime crun (--network none, via peers.sh)" "$re" "$(figure run_podman)" "$(ratio "$(figure run_podman)" "$re")"
[ -z "$baseline" ] || row "  vs the baseline engine ($baseline)" "$re" "$(figure run_baseline)" "$(ratio "$(figure run_baseline)" "$re")"
row "  floor: docker --version (no engine)" "" "$(figure cli_version)" ""
row "  floor: docker version against the engine" "" "$(figure cli_engine)" ""
row "  floor: docker run against an engine that answers at once" "" "$(figure cli_instant)" ""
over() { python3 -c 'import sys; print("%.1f" % (float(sys.argv[1]) / float(sys.argv[3]) - float(sys.argv[2])))' "$@"; }
row "  what the engine adds to that floor" "$(over "$re" "$(figure cli_instant)" 1)" "" ""
row "  what 4x dockerd would leave it" "" "$(over "$(figure run_dockerd)" "$(figure cli_instant)" 4)" ""
if [ -n "$cg" ]; then
  echo
  sum() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a + b }'; }
  row "CPU per docker run (ms, mean over the $runs): server + client" "engine" "peer" "peer/engine"
  et=$(sum "$(cpu engine)" "$(cpu run_engine)")
  row "engine: JVM and init hosts + the docker CLI" "$(cpu engine) + $(cpu run_engine)" "" ""
  dt=$(sum "$(cpu dockerd)" "$(cpu run_dockerd)")
  row "  vs dockerd, containerd, shims, runc, containers + the CLI" "$et" "$(cpu dockerd) + $(cpu run_dockerd)" "$(ratio "$dt" "$et")"
  row "  vs podman, conmon, crun (all of the podman command)" "$et" "$(cpu run_podman)" "$(ratio "$(cpu run_podman)" "$et")"
  if [ -n "$baseline" ]; then
    bt=$(sum "$(cpu baseline)" "$(cpu run_baseline)")
    row "  vs the baseline engine + the CLI" "$et" "$(cpu baseline) + $(cpu run_baseline)" "$(ratio "$bt" "$et")"
  fi
fi

# --- fork+exec loop -----------------------------------------------------------------------
# Microseconds for 500 fork+exec of /bin/true, timed by the shell inside with a clock of
# bench/clock_us.c (busybox's date has no %N), bound in read-only; twice per shell.
mkdir -p "$work/bin" "$root/bench"
musl-gcc -O2 -o "$work/bin/clock_us" bench/clock_us.c
cp "$work/bin/clock_us" "$root/bench/"
pass='t0=$(/bench/clock_us); i=0; while [ $i -lt 500 ]; do /bin/true; i=$((i+1)); done; t1=$(/bench/clock_us); echo $((t1 - t0))'
loop_engine() { E run --rm -v "$work/bin:/bench:ro" alpine sh -c "$pass; $pass" > "$work/loop"; split_passes engine; }
loop_baseline() { B run --rm -v "$work/bin:/bench:ro" alpine sh -c "$pass; $pass" > "$work/loop"; split_passes baseline; }
loop_chroot() { chroot "$root" /bin/sh -c "$pass; $pass" > "$work/loop"; split_passes chroot; }
split_passes() {
  sed -n 1p "$work/loop" | awk '{printf "%.1f\n", $1 / 1000}' >> "$work/t.loop_$1_first"
  sed -n 2p "$work/loop" | awk '{printf "%.1f\n", $1 / 1000}' >> "$work/t.loop_$1_second"
}
rounds "$loop_runs" loop_engine ${baseline:+loop_baseline} loop_chroot
echo
row "500 fork+exec of /bin/true, timed inside (ms, median of $loop_runs)" "engine" "chroot" "ratio"
row "first pass in the container" "$(figure loop_engine_first)" "$(figure loop_chroot_first)" \
  "$(ratio "$(figure loop_engine_first)" "$(figure loop_chroot_first)")"
row "second pass, same container (warm JIT)" "$(figure loop_engine_second)" "$(figure loop_chroot_second)" \
  "$(ratio "$(figure loop_engine_second)" "$(figure loop_chroot_second)")"
if [ -n "$baseline" ]; then
  row "  baseline engine, first pass" "$(figure loop_baseline_first)" "$(figure loop_chroot_first)" \
    "$(ratio "$(figure loop_baseline_first)" "$(figure loop_chroot_first)")"
  row "  baseline engine, second pass" "$(figure loop_baseline_second)" "$(figure loop_chroot_second)" \
    "$(ratio "$(figure loop_baseline_second)" "$(figure loop_chroot_second)")"
fi
echo "  (the very first pass of this engine: $(head -1 "$work/t.loop_engine_first") ms)"

# --- the ways a program starts another ----------------------------------------------------
# bench/spawn_loop.c: 500 starts of /bin/true each by fork then exec, vfork then exec and
# posix_spawn (what Python's subprocess, make and Go use), timed inside, vs the same in the chroot.
musl-gcc -O2 -o "$work/bin/spawn_loop" bench/spawn_loop.c
cp "$work/bin/spawn_loop" "$root/bench/"
spawn_engine() { E run --rm -v "$work/bin:/bench:ro" alpine /bench/spawn_loop 500 > "$work/spawn"; split_ways engine; }
spawn_baseline() { B run --rm -v "$work/bin:/bench:ro" alpine /bench/spawn_loop 500 > "$work/spawn"; split_ways baseline; }
spawn_chroot() { chroot "$root" /bench/spawn_loop 500 > "$work/spawn"; split_ways chroot; }
split_ways() { while read -r way us; do echo "$us" >> "$work/t.spawn_$1_$way"; done < "$work/spawn"; }
rounds "$loop_runs" spawn_engine ${baseline:+spawn_baseline} spawn_chroot
echo
row "one start of /bin/true, timed inside (us, median of $loop_runs)" "engine" "chroot" "ratio"
for way in fork_exec vfork_exec posix_spawn; do
  row "$way" "$(figure "spawn_engine_$way")" "$(figure "spawn_chroot_$way")" \
    "$(ratio "$(figure "spawn_engine_$way")" "$(figure "spawn_chroot_$way")")"
  [ -z "$baseline" ] || row "  baseline engine" "$(figure "spawn_baseline_$way")" "$(figure "spawn_chroot_$way")" \
    "$(ratio "$(figure "spawn_baseline_$way")" "$(figure "spawn_chroot_$way")")"
done

# --- a chatty container's output ----------------------------------------------------------
# 5 MB of 11-byte lines written by `docker run --rm` (attached: the CLI reads them all), each
# line kept in the json-file log, against the same with --log-driver none (the log's cost) and
# against dockerd's json-file log.
chatty='yes abcdefghij | head -c 5000000'
out_engine() { t out_engine E run --rm alpine sh -c "$chatty"; }
out_engine_none() { t out_engine_none E run --rm --log-driver none alpine sh -c "$chatty"; }
out_dockerd() { t out_dockerd D run --rm alpine sh -c "$chatty"; }
rounds 3 out_engine out_engine_none out_dockerd
echo
row "5 MB of 11-byte lines out of docker run --rm (ms, median of 3)" "engine" "peer" "peer/engine"
row "engine, json-file log" "$(figure out_engine)" "" ""
row "  vs the engine with --log-driver none (no log)" "$(figure out_engine)" "$(figure out_engine_none)" \
  "$(ratio "$(figure out_engine_none)" "$(figure out_engine)")"
row "  vs dockerd + runc, json-file log" "$(figure out_engine)" "$(figure out_dockerd)" \
  "$(ratio "$(figure out_dockerd)" "$(figure out_engine)")"

# --- memory -------------------------------------------------------------------------------
kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
descendants() { # PID: every descendant's pid
  ps -e -o pid=,ppid= | awk -v root="$1" '{ parent[$1] = $2 } END {
    for (p in parent) { q = parent[p]; while (q > 1) { if (q == root) { print p; break } q = parent[q] } } }'
}
sum_kib() { # FIELD PID...: the sum of VmRSS (from status) or Pss (from smaps_rollup)
  local field=$1 p total=0; shift
  for p in "$@"; do
    local f=/proc/$p/status; [ "$field" = Pss ] && f=/proc/$p/smaps_rollup
    total=$((total + $(awk -v k="$field:" '$1 == k {print $2}' "$f" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
# engine_memory NAME LAUNCHER DATA_ROOT PID GROUP: restarts that engine, then measures it.
engine_memory() {
  local dock=(env "DOCKER_HOST=unix://$3/run/engine.sock" docker)
  row "$1 JVM RSS after all of the above (MiB)" "$(mib "$(kib "$4")")" "" ""
  stop_pid "$4"
  start_engine "$2" "$3" "$5"
  "${dock[@]}" run --rm alpine true > /dev/null
  sleep 2
  local idle_kib busy_kib hosts i
  idle_kib=$(kib "$started")
  for i in $(seq "$idle"); do "${dock[@]}" run -d alpine sleep 1000 > /dev/null; done
  sleep 2
  busy_kib=$(kib "$started")
  hosts=($(descendants "$started"))
  row "$1 JVM RSS, idle after one container (MiB)" "$(mib "$idle_kib")" "" ""
  row "$1 JVM RSS growth per idle container (MiB)" "$(mib $(((busy_kib - idle_kib) / idle)))" "" ""
  row "  init host per container (${#hosts[@]} in all): RSS / PSS (MiB)" \
    "$(mib $(($(sum_kib VmRSS "${hosts[@]}") / idle))) / $(mib $(($(sum_kib Pss "${hosts[@]}") / idle)))" "" ""
  stop_pid "$started"
}
echo
echo "memory: each engine as the work above left it; then restarted, one container run, then $idle idle containers (sleep 1000)"
engine_memory engine ./lamina "$work/lamina" "$engine_pid" engine; engine_pid=
[ -z "$baseline" ] || { engine_memory "baseline engine" "$baseline/lamina" "$work/baseline" "$baseline_pid" baseline; baseline_pid=; }

# dockerd the same way: its daemons, then its containers' shims and processes.
daemons() { echo "$dockerd_pid"; pgrep -f "containerd --config $work/dockerd/exec" || true; }
D run --rm alpine true > /dev/null
sleep 2
d_idle=$(sum_kib VmRSS $(daemons))
for i in $(seq "$idle"); do D run -d alpine sleep 1000 > /dev/null; done
sleep 2
d_busy=$(sum_kib VmRSS $(daemons))
shims=($(pgrep -f "containerd-shim-runc-v2 .*-address $work/dockerd/exec" || true))
shim_kids=()
for s in "${shims[@]}"; do shim_kids+=($(descendants "$s")); done
row "dockerd + containerd RSS, idle after one container (MiB)" "" "$(mib "$d_idle")" ""
row "dockerd + containerd RSS growth per idle container (MiB)" "" "$(mib $(((d_busy - d_idle) / idle)))" ""
row "  shim + container process per container: RSS / PSS (MiB)" "" \
  "$(mib $(($(sum_kib VmRSS "${shims[@]}" "${shim_kids[@]}") / idle))) / $(mib $(($(sum_kib Pss "${shims[@]}" "${shim_kids[@]}") / idle)))" ""
echo
echo "load average $(load) at the end"
