#!/usr/bin/env bash
# Makes Lamina's Debian package with jpackage from the installation tree the build
# laid out (cli/target/lamina; run scripts/build first): the tree goes to
# /opt/lamina/lib/app with a runtime of its own (jlink'd from Java 25, with the
# JDK modules its jars need) beside it in /opt/lamina/lib/runtime, so the package
# needs no Java; /usr/bin/lamina is the tree's own launcher (an alternative, so
# dpkg tracks it); `lamina ui` has a desktop entry and an icon. Prints the package's
# path. Usage: deb.sh [OUT_DIR] (target/deb)
set -euo pipefail
# The tools' output goes to stderr; stdout is the package's path alone.
exec 3>&1 1>&2
repo=$(cd "$(dirname "$0")/.." && pwd)
jdk=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
tree=$repo/cli/target/lamina
out=$(mkdir -p "${1:-$repo/target/deb}" && cd "${1:-$repo/target/deb}" && pwd)
if [ ! -x "$tree/bin/lamina" ]; then echo "deb: no installation tree in $tree; run scripts/build first" >&2; exit 1; fi
# The Maven project's version; Debian orders 0.1.0~SNAPSHOT before the release 0.1.0.
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$repo/pom.xml" | head -n 1)
version=${version/-/\~}

stage=$(mktemp -d "$out/stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
# The tree without its AOT caches, which are trained again below on the packaged runtime.
cp -a "$tree" "$stage/input"
rm -f "$stage/input/lib/lamina.aot" "$stage/input/lib/lamina-engine.aot"

# The runtime's modules: the Java SE platform (any standard API a library may reach by
# reflection), and the JDK modules jdeps finds the jars use beyond it (jdk.unsupported,
# say). lib and lib/ui are the class paths of the commands and of lamina ui's JVM.
modules=java.se
for dir in "$stage/input/lib" "$stage/input/lib/ui"; do
  modules+=,$("$jdk/bin/jdeps" --module-path "$dir" --add-modules ALL-MODULE-PATH --print-module-deps \
    --ignore-missing-deps --multi-release 25 -q)
done
# bin/java stays: the launcher runs it, and so does lamina ui for the app's JVM.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --generate-cds-archive --output "$stage/runtime"

common=(--name lamina --app-version "$version" --vendor Lamina
  --description "Runs Linux container images as plain user processes: no VM, no root, no namespaces")
"$jdk/bin/jpackage" --type app-image "${common[@]}" --input "$stage/input" \
  --main-jar lib/lamina-cli.jar --main-class dev.lamina.cli.Main \
  --runtime-image "$stage/runtime" --dest "$stage/image"
image=$stage/image/lamina
# jpackage's native launcher would fix one set of JVM options for every command; the
# tree's launcher chooses them as ./lamina does (the engine's heap, lamina ui's launcher).
ln -sfn ../lib/app/bin/lamina "$image/bin/lamina"
# Trained where it runs: the launcher finds the packaged runtime beside the tree.
"$repo/packaging/aot-cache.sh" "$image/lib/app"
[ -f "$image/lib/app/lib/lamina.aot" ] || { echo "deb: the AOT cache was not made" >&2; exit 1; }
[ -f "$image/lib/app/lib/lamina-engine.aot" ] || { echo "deb: the engine's AOT cache was not made" >&2; exit 1; }

rm -f "$out"/lamina_*.deb
# packaging/deb/control replaces the dependencies jpackage reads off the runtime's
# libraries: java.desktop's (X11, ALSA) load only for AWT and sound, which Lamina never
# uses; the commands need libc alone, and lamina ui JavaFX's GTK 3, recommended.
"$jdk/bin/jpackage" --type deb "${common[@]}" --app-image "$image" --dest "$out" \
  --resource-dir "$repo/packaging/deb" --linux-package-name lamina \
  --linux-deb-maintainer lamina@localhost --linux-app-category utils \
  --license-file "$repo/packaging/deb/license.txt" --copyright "Lamina's authors"
deb=$(ls "$out"/lamina_*.deb)
# jpackage puts everything in /opt/lamina; `lamina ui`'s desktop entry and icon go where
# desktops look (/usr/share), added to the package it made so that dpkg tracks them
# (Debian's desktop-file-utils and hicolor-icon-theme refresh their caches by trigger).
mkdir -p "$stage/share/applications"
cp "$repo/packaging/lamina.desktop" "$stage/share/applications/"
"$repo/packaging/icons/icons.sh" "$stage"
fakeroot sh -c '
  set -e
  dpkg-deb -R "$1" "$2/deb"
  mkdir -p "$2/deb/usr"
  cp -r "$2/share" "$2/deb/usr/"
  cd "$2/deb"
  if [ -f DEBIAN/md5sums ]; then find usr/share -type f -exec md5sum {} + >> DEBIAN/md5sums; fi
  size=$(du -sk --exclude=DEBIAN . | cut -f1)
  sed -i "s/^Installed-Size: .*/Installed-Size: $size/" DEBIAN/control
  chmod -R u=rwX,go=rX usr/share
  dpkg-deb --root-owner-group -b . "$1" > /dev/null
' sh "$deb" "$stage"
echo "$deb" >&3
