#!/usr/bin/env bash
# Image pull and unpack speed against skopeo and tar, measured in one run.
#   bench/images.sh [--runs N] [--dir DIR]
# Starts Debian's docker-registry on 127.0.0.1, pushes a four-layer image made
# with umoci (alpine; 3000 small files; 24 MiB of random bytes; 32 MiB of text),
# then times, every run writing into a new directory under DIR:
#   pull, cold:  lamina pull (JVM start, download, verify, unpack, flatten)
#                vs skopeo copy docker:// -> dir: (download and verify only)
#   pull, warm:  the same pull inside a running JVM, as the engine does it
#   also:        skopeo copy to an OCI layout plus umoci unpack, which ends where a
#                Lamina pull ends (a root file system), for the same work compared
#   unpack:      Lamina's layer unpacker on the four gzip layers, in one warm JVM
#                vs tar -xzf of the same layers (owners, modes and times applied by both)
# DIR defaults to /dev/shm: this VM's ext4 (mounted with online discard) creates
# files at 0.1 to 1 ms each depending on what was deleted before, which swamps
# the software; give --dir /var/tmp to measure on disk.
# Needs a built Lamina (scripts/build), hyperfine, docker-registry, skopeo, umoci; run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env
runs=5
out=/dev/shm
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --dir) out=$2; shift 2 ;;
    *) echo "usage: bench/images.sh [--runs N] [--dir DIR]" >&2; exit 2 ;;
  esac
done
home=$PWD/cli/target/lamina
[ -f "$home/lib/lamina-cli.jar" ] || { echo "build Lamina first: scripts/build" >&2; exit 1; }
work=$(mktemp -d /tmp/lamina-bench-images.XXXXXX)
runs_dir=$(mktemp -d "$out/lamina-bench-runs.XXXXXX")
reg_pid=
trap 'set +e; [ -n "$reg_pid" ] && kill $reg_pid 2>/dev/null; rm -rf "$work" "$runs_dir"' EXIT
export TMPDIR=$work

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'version: 0.1\nlog: {level: error}\nstorage:\n  filesystem: {rootdirectory: %s}\nhttp:\n  addr: 127.0.0.1:%s\n' "$work/registry" "$port" > "$work/registry.yml"
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
reg_pid=$!
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/v2/" > /dev/null 2>&1 && break; sleep 0.1; done

oci=$work/oci; bundle=$work/bundle
umoci init --layout "$oci"; umoci new --image "$oci:bench"
umoci unpack --image "$oci:bench" "$bundle"
tar -xzf ../shared/images/alpine-minirootfs-3.20.3-x86_64.tar.gz -C "$bundle/rootfs"
umoci repack --refresh-bundle --image "$oci:bench" "$bundle"
mkdir -p "$bundle/rootfs/usr/share/many"
for d in $(seq 30); do mkdir "$bundle/rootfs/usr/share/many/$d"; for f in $(seq 100); do echo "file $d/$f" > "$bundle/rootfs/usr/share/many/$d/$f"; done; done
umoci repack --refresh-bundle --image "$oci:bench" "$bundle"
head -c $((24 << 20)) /dev/urandom > "$bundle/rootfs/opt-random.bin"
umoci repack --refresh-bundle --image "$oci:bench" "$bundle"
seq 1 4500000 > "$bundle/rootfs/var-log.txt"
umoci repack --refresh-bundle --image "$oci:bench" "$bundle"
umoci config --image "$oci:bench" --os linux --architecture amd64 --config.cmd /bin/sh
umoci gc --layout "$oci"
image=127.0.0.1:$port/bench/multi:1
skopeo copy -q --dest-tls-verify=false "oci:$oci:bench" "docker://$image"
manifest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"].split(":")[1])' "$oci/index.json")
layers=$(python3 -c 'import json,sys; print(" ".join(sys.argv[2] + "/" + l["digest"].split(":")[1] for l in json.load(open(sys.argv[1]))["layers"]))' "$oci/blobs/sha256/$manifest" "$oci/blobs/sha256")
size_mb=$(du -cm $layers | tail -1 | cut -f1)

. bench/lib.sh
# A shell command; NEW: a fresh directory per run. Each run starts with the previous
# one's output removed: on this VM, memory the guest never touched before costs the
# host a fault per page, so letting outputs pile up would time the VM, not the tools.
mean_ms() { hyperfine_mean 0 -w 1 -r "$runs" --prepare "rm -rf $runs_dir/*" "${1//NEW/\$(mktemp -d -p $runs_dir)}"; }
row() { printf '%-58s %10s %10s %8s\n' "$@"; }

echo "Lamina image bench, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $runs runs each, image of 4 layers, ${size_mb} MB compressed"
row "measurement (ms; ratio = reference / Lamina, >= 1 is faster)" "Lamina" "reference" "ratio"
skopeo_pull=$(mean_ms "skopeo copy -q --src-tls-verify=false docker://$image dir:NEW/image")
lamina_pull=$(mean_ms "LAMINA_DATA_ROOT=NEW $PWD/lamina pull -q $image")
row "pull, cold: lamina pull vs skopeo copy to dir:" "$lamina_pull" "$skopeo_pull" "$(ratio "$skopeo_pull" "$lamina_pull")"
warm_pull=$("$JAVA_HOME/bin/java" -XX:+UseSerialGC -cp "$home/lib/*" bench/WarmPull.java "$runs_dir" "$runs" "$image" | awk '{print $2}')
row "pull, warm JVM (engine): median vs skopeo copy" "$warm_pull" "$skopeo_pull" "$(ratio "$skopeo_pull" "$warm_pull")"
full=$(mean_ms "d=NEW; skopeo copy -q --src-tls-verify=false docker://$image oci:\$d/oci:x && umoci unpack --image \$d/oci:x \$d/bundle > /dev/null")
row "pull to a root fs, cold: lamina pull vs skopeo + umoci unpack" "$lamina_pull" "$full" "$(ratio "$full" "$lamina_pull")"
lamina_unpack=$(cd "$runs_dir" && "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Djava.io.tmpdir="$runs_dir" -cp "$home/lib/*" "$OLDPWD/bench/UnpackLayers.java" "$runs" $layers | awk '{print $2}')
script=$work/untar.sh
{ echo 'set -e; d=$(mktemp -d -p '"$runs_dir"')'; n=0; for l in $layers; do echo "mkdir \$d/$n && tar -xzf $l -C \$d/$n"; n=$((n + 1)); done; } > "$script"
tar_unpack=$(mean_ms "bash $script")
row "unpack the 4 layers: Lamina (warm JVM) vs tar -xzf" "$lamina_unpack" "$tar_unpack" "$(ratio "$tar_unpack" "$lamina_unpack")"
