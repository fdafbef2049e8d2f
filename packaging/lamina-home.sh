#!/bin/sh
# Lays out a Lamina installation tree: HOME/lib holds the jars, the init
# host, musl+ and the default image. Usage: lamina-home.sh HOME CLI_CLASSES
set -eu
home=$1
classes=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$home/lib"
(cd "$classes" && jar --create --file "$home/lib/lamina-cli.jar" .)
install -m 755 "$repo/lkl-linux/target/lamina-init" "$home/lib/lamina-init"
install -m 644 "$repo/musl-plus/target/ld-musl-x86_64.so.1" "$home/lib/ld-musl-x86_64.so.1"
rm -rf "$home/lib/default-rootfs"
cp -a "$repo/default-image/target/rootfs" "$home/lib/default-rootfs"
