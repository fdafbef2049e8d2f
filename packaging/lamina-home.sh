#!/bin/sh
# Lays out a Lamina installation tree: HOME/bin/lamina is the command, HOME/lib
# holds the jars, the init hosts, musl+ and the default image. Usage: lamina-home.sh HOME CLI_CLASSES
set -eu
home=$1
classes=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
jdk=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mkdir -p "$home/lib"
# Java 25's jar: the classes include a module-info.class an older jar cannot read.
(cd "$classes" && "$jdk/bin/jar" --create --file "$home/lib/lamina-cli.jar" .)
# The init host and musl+ for this machine's programs in lib, another
# architecture's in lib/ARCH (run under qemu-user; RuntimeFiles).
arch=$(uname -m)
install -m 755 "$repo/lkl-linux/target/lamina-init" "$home/lib/lamina-init"
install -m 755 "$repo/musl-plus/target/ld-musl-$arch.so.1" "$home/lib/ld-musl-$arch.so.1"
install -m 755 "$repo/lkl-linux/target/docker-init" "$home/lib/docker-init"
for other in x86_64 aarch64; do
  [ "$other" = "$arch" ] && continue
  mkdir -p "$home/lib/$other"
  install -m 755 "$repo/lkl-linux/target/$other/lamina-init" "$home/lib/$other/lamina-init"
  install -m 755 "$repo/musl-plus/target/ld-musl-$other.so.1" "$home/lib/$other/ld-musl-$other.so.1"
done
# The built-in image, as a root file system tarball imported on first use.
tar --sort=name --numeric-owner --owner=0 --group=0 --mtime=@0 -C "$repo/default-image/target/rootfs" \
  -cf "$home/lib/default-image.tar" .
# The desktop app (`lamina ui`) and its jars, JavaFX's among them, apart from the class path below.
rm -rf "$home/lib/ui"
[ ! -d "$repo/app-ui/target/ui" ] || "$repo/packaging/ui-lib.sh" "$home/lib/ui"
# The class path of the launcher (HOME/bin/lamina), names relative to lib, so that the
# tree can move (the .deb's does). Lamina's own jar first, then every dependency the build copied in.
(cd "$home/lib" && { echo lamina-cli.jar; ls -- *.jar | grep -vx lamina-cli.jar | sort; }) > "$home/lib/classpath"
mkdir -p "$home/bin"
install -m 755 "$repo/packaging/launcher.sh" "$home/bin/lamina"

# Java's AOT cache, trained on one container run, takes about a third off
# the start of every `lamina` command.
"$repo/packaging/aot-cache.sh" "$home"
