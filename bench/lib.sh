# Helpers the bench scripts share; they expect $work to be a scratch directory.

# hyperfine_mean DIGITS HYPERFINE_ARGS...: the mean of hyperfine's one command, in ms.
hyperfine_mean() {
  local digits=$1; shift
  hyperfine "$@" --export-json "$work/h.json" > /dev/null 2>&1
  python3 -c 'import json,sys; print("%.*f" % (int(sys.argv[2]), json.load(open(sys.argv[1]))["results"][0]["mean"]*1000))' "$work/h.json" "$digits"
}

# ratio A B: A / B with two decimals.
ratio() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }

# median X...: the median of the numbers given, with three decimals.
median() { python3 -c 'import statistics,sys; print("%.3f" % statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

# load: the load averages (1, 5, 15 minutes).
load() { cut -d' ' -f1-3 /proc/loadavg; }

# --- Measured rounds: samples of wall time in $work/t.NAME ------------------------------------
# $cg, when a script sets it, is a cpuacct cgroup (v1) with a group for each subject; without
# it the functions below leave cgroups alone.

# into GROUP: moves this shell (and what it starts from now on) into $cg's GROUP.
into() { [ -z "${cg:-}" ] || echo $BASHPID > "$cg/$1/cgroup.procs"; }

# t NAME CMD...: runs CMD, its output dropped, and adds its wall time (ms) to the samples of NAME.
# Inside $cg's group NAME when there is one (the client side of a run: the docker CLI, or all of
# podman). A failing CMD ends the script with the end of its stderr.
t() {
  local name=$1 own=
  shift
  [ -n "${cg:-}" ] && [ -d "$cg/$name" ] && own=1
  [ -z "$own" ] || into "$name"
  local s=$EPOCHREALTIME
  "$@" > /dev/null 2>> "$work/errors" || { echo "failed: $*" >&2; tail -5 "$work/errors" >&2; exit 1; }
  local e=$EPOCHREALTIME
  [ -z "$own" ] || into script
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", (e - s) * 1000 }' >> "$work/t.$name"
}

# figure NAME [median|min|max]: of NAME's samples, one decimal.
figure() {
  python3 -c 'import statistics,sys; v=[float(x) for x in open(sys.argv[1])]; f={"median":statistics.median,"min":min,"max":max}[sys.argv[2]]; print("%.1f" % f(v))' \
    "$work/t.$1" "${2:-median}"
}

# rounds N CMD...: N rounds of the given commands (each a word naming a function), the
# order rotated every round so that none always runs right after another.
rounds() {
  local n=$1; shift
  local subjects=("$@") k=${#@} i j
  for ((i = 0; i < n; i++)); do
    for ((j = 0; j < k; j++)); do "${subjects[(i + j) % k]}"; done
  done
}

# start_watchdog: a measured command that hangs (a stream the engine never ends) is killed
# after 300 s, and the run fails, instead of waiting for ever; engines and dockerd are left
# alone. Its pid in $watchdog_pid. Start it before any cgroup: its sleeps outlive it by a few
# seconds.
start_watchdog() {
  (me=$BASHPID; while kill -0 $$ 2>/dev/null && sleep 10; do
    ps -o pid=,etimes=,comm= --ppid $$ | awk -v me="$me" '$1 != me && $2 > 300 && $3 != "java" && $3 != "dockerd" {print $1}' |
      xargs -r kill -9 2>/dev/null
  done) &
  watchdog_pid=$!
}

# --- Peers of the engine, each on loopback under $work -----------------------------------------

# peers_env: peers.sh's state (the registry, podman) under $work, exported for it and the docker
# CLI: PEERS_DIR, DOCKER_CONFIG, TMPDIR, REGISTRY_PORT (a free port); peers.sh's path in $peers.
peers_env() {
  peers=$(cd .. && pwd)/shared/peers/peers.sh
  # Short: podman refuses a run root (under PEERS_DIR) longer than 50 characters.
  export PEERS_DIR=$work/peers DOCKER_CONFIG=$work/docker-config TMPDIR=$work/tmp
  REGISTRY_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  export REGISTRY_PORT
  mkdir -p "$PEERS_DIR" "$DOCKER_CONFIG" "$TMPDIR"
  echo "{}" > "$DOCKER_CONFIG/config.json" # podman reads it too, and fails without it
}

# registry_alpine: the registry (peers.sh) started, holding alpine 3.20.3; its name in $image.
registry_alpine() {
  "$peers" registry start
  "$peers" registry push-alpine
  image=127.0.0.1:$REGISTRY_PORT/library/alpine:3.20
}

# start_engine LAUNCHER DATA_ROOT GROUP: starts an engine (its log in DATA_ROOT.log, in $cg's
# GROUP) and waits for its socket; its pid in $started.
start_engine() {
  (into "$3"; LAMINA_DATA_ROOT=$2 exec "$1" engine >> "$2.log" 2>&1) &
  started=$!
  for _ in $(seq 300); do DOCKER_HOST=unix://$2/run/engine.sock docker version > /dev/null 2>&1 && return 0; sleep 0.1; done
  echo "the engine did not start: see $2.log" >&2; exit 1
}

# start_dockerd DIR GROUP: a dockerd (docker.io) of its own, its data root, exec root, socket
# (DIR/docker.sock) and log under DIR, no bridge, no iptables; waits for it; its pid in
# $dockerd_pid. With $cg, in GROUP, and its containers in a cgroup under GROUP's (cgroupfs),
# so that runc's and theirs count too.
start_dockerd() {
  mkdir -p "$1"
  (into "$2"; exec dockerd --data-root "$1/data" --exec-root "$1/exec" -H "unix://$1/docker.sock" \
    --pidfile "$1/pid" --bridge=none --iptables=false --ip6tables=false \
    ${cg:+--cgroup-parent "/${cg##*/}/$2/containers"} > "$1/log" 2>&1) &
  dockerd_pid=$!
  for _ in $(seq 300); do DOCKER_HOST=unix://$1/docker.sock docker version > /dev/null 2>&1 && return 0; sleep 0.1; done
  echo "dockerd did not start: see $1/log" >&2; exit 1
}

stop_pid() { [ -z "$1" ] || { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }; }

# stop_dockerd DIR: the dockerd of DIR (pid in $dockerd_pid, if any) stopped, its containers removed first.
stop_dockerd() {
  [ -n "${dockerd_pid:-}" ] || return 0
  DOCKER_HOST=unix://$1/docker.sock docker ps -aq 2>/dev/null |
    xargs -r env "DOCKER_HOST=unix://$1/docker.sock" docker rm -f > /dev/null 2>&1 || true
  stop_pid "$dockerd_pid"
}

# remove_scratch: $work removed, after whatever dockerd or podman left mounted under it
# (innermost first).
remove_scratch() {
  grep -F " $work/" /proc/self/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work"
}
