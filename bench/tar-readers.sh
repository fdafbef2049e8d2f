#!/usr/bin/env bash
# Lamina's tar reader against commons-compress's TarArchiveInputStream: reading speed on
# real and synthetic layers, and what each does with hostile tar streams (see README,
# "Why a hand-written tar reader").   bench/tar-readers.sh [--runs N]
# Needs a built Lamina (scripts/build, which also compiles the tests' TarBuilder) and GNU tar;
# fetches commons-compress 1.28.0 and what it needs with Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env
runs=11
[ "${1:-}" = --runs ] && runs=$2
home=$PWD/cli/target/lamina
[ -f "$home/lib/lamina-cli.jar" ] && [ -d image-puller/target/test-classes ] || { echo "build Lamina first: scripts/build" >&2; exit 1; }
# On tmpfs where there is one: this VM's ext4 makes a file in 0.1 to 1 ms (see bench/images.sh).
scratch=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && scratch=/dev/shm
work=$(mktemp -d "$scratch/lamina-bench-tar.XXXXXX")
trap 'rm -rf "$work"' EXIT

for a in org.apache.commons:commons-compress:1.28.0 commons-io:commons-io:2.20.0 org.apache.commons:commons-lang3:3.18.0; do
  mvn -B -q dependency:copy -Dartifact="$a" -DoutputDirectory="$work/jars" > /dev/null
done

# A larger layer, like bench/images.sh's: 3000 small files, 24 MiB of random bytes, 32 MiB of text.
src=$work/src
mkdir -p "$src/many"
for d in $(seq 30); do mkdir "$src/many/$d"; for f in $(seq 100); do echo "file $d/$f" > "$src/many/$d/$f"; done; done
head -c $((24 << 20)) /dev/urandom > "$src/random.bin"
seq 1 4500000 > "$src/text.txt"
tar -C "$src" -cf "$work/synthetic.tar" .
gzip -k "$work/synthetic.tar"
tar -czf "$work/many-small.tar.gz" -C "$src" many
gunzip -c ../shared/images/alpine-minirootfs-3.20.3-x86_64.tar.gz > "$work/alpine-minirootfs.tar"

cp=$home/lib/*:$PWD/image-puller/target/test-classes:$work/jars/*
echo "tar readers, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $runs runs each; ratio = TarReader / commons (>= 1: commons as fast)"
"$JAVA_HOME/bin/java" -XX:+UseSerialGC -Djava.io.tmpdir="$work" -cp "$cp" bench/TarReaders.java speed "$runs" \
  ../shared/images/alpine-minirootfs-3.20.3-x86_64.tar.gz "$work/alpine-minirootfs.tar" \
  "$work/synthetic.tar.gz" "$work/synthetic.tar" "$work/many-small.tar.gz"
"$JAVA_HOME/bin/java" -Xmx256m -cp "$cp" bench/TarReaders.java refusals
