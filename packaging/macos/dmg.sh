#!/usr/bin/env bash
# Makes Lamina.app (bundle id dev.lamina.Lamina; opens `lamina ui`) and its .dmg with
# jpackage. Runs on a Mac only (jpackage makes a .dmg there alone) and has never run:
# no Mac is available to this project's builds (see the README's Packaging row).
#   TREE: the installation tree a Linux build lays out (cli/target/lamina): its jars
#     and the default image; the Linux init host and musl+ in it are left out.
#   DARWIN: lkl-darwin's output for this Mac (lkl-darwin/target/macos-arm64 or
#     macos-x86_64, cross-built on Linux by Zig): the init host (lamina-init) and the
#     kernel's host layer (liblamina-host.dylib).
#   The desktop app's jars come from app-ui built on this Mac (`mvn -pl app-ui package`):
#     JavaFX's jars are per OS.
# Signing: LAMINA_MAC_SIGN="Developer ID Application: NAME (TEAM)" signs with the hardened
# runtime and Lamina.entitlements; without it the bundle is ad-hoc signed, for this Mac.
# Usage: dmg.sh TREE DARWIN [OUT_DIR]   (JAVA_HOME: a JDK 25 for this Mac)
set -euo pipefail
# macOS ships bash 3.2: an empty array is "unbound" under set -u there, hence ${sign[@]+...} below.
[ "$(uname -s)" = Darwin ] || { echo "dmg: run on macOS (jpackage makes a .dmg only there)" >&2; exit 1; }
[ $# -ge 2 ] || { echo "usage: dmg.sh TREE DARWIN [OUT_DIR]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
jdk=${JAVA_HOME:?set JAVA_HOME to a JDK 25}
tree=$(cd "$1" && pwd)
darwin=$2
[ -f "$darwin/lamina-init" ] && [ -f "$darwin/liblamina-host.dylib" ] \
  || { echo "dmg: no Darwin init host and host layer in $darwin" >&2; exit 1; }
out=${3:-$repo/target/dmg}
mkdir -p "$out"
[ -f "$tree/lib/lamina-cli.jar" ] || { echo "dmg: no installation tree in $tree" >&2; exit 1; }
ls "$repo"/app-ui/target/ui/javafx-graphics*.jar > /dev/null 2>&1 \
  || { echo "dmg: build the desktop app on this Mac first: mvn -B -DskipTests -pl app-ui package" >&2; exit 1; }
# jpackage on macOS takes 1 to 3 numbers, the first not 0: 0.1.0-SNAPSHOT is bundled as 1.0.0
# until a release; Info.plist's version strings carry the project's own.
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$repo/pom.xml" | head -n 1)
bundle_version=${LAMINA_MAC_VERSION:-1.0.0}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$tree" "$stage/input"
# Linux's init host, musl+ and the AOT caches (trained on Linux's runtime) do not run here.
rm -f "$stage/input/lib/lamina-init" "$stage/input/lib/docker-init" "$stage/input/lib/ld-musl-"*.so.1 "$stage/input/lib/lamina.aot" "$stage/input/lib/lamina-engine.aot" "$stage/input/bin/lamina"
install -m 755 "$darwin/lamina-init" "$stage/input/lib/lamina-init"
install -m 755 "$darwin/liblamina-host.dylib" "$stage/input/lib/liblamina-host.dylib"
"$repo/packaging/ui-lib.sh" "$stage/input/lib/ui"

# The runtime: as deb.sh makes it (the Java SE platform and the JDK modules the jars use).
modules=java.se
for dir in "$stage/input/lib" "$stage/input/lib/ui"; do
  modules+=,$("$jdk/bin/jdeps" --module-path "$dir" --add-modules ALL-MODULE-PATH --print-module-deps \
    --ignore-missing-deps --multi-release 25 -q)
done
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --generate-cds-archive --output "$stage/runtime"

mkdir "$stage/resources"
sed "s/@VERSION@/$version/g" "$here/Info.plist" > "$stage/resources/Info.plist"
cp "$here/Lamina.icns" "$stage/resources/Lamina.icns"
sign=()
[ -n "${LAMINA_MAC_SIGN:-}" ] && sign=(--mac-sign --mac-signing-key-user-name "$LAMINA_MAC_SIGN")
# The launcher runs `lamina ui` (the class path is lib's jars; lamina.home is the tree, as
# bin/lamina sets it on Linux); `Lamina.app/Contents/MacOS/Lamina engine` runs the engine.
"$jdk/bin/jpackage" --type dmg --name Lamina --app-version "$bundle_version" --vendor Lamina \
  --description "Runs Linux container images as plain user processes" \
  --input "$stage/input" --main-jar lib/lamina-cli.jar --main-class dev.lamina.cli.Main --arguments ui \
  --java-options '-Dlamina.home=$APPDIR' --java-options --enable-native-access=ALL-UNNAMED \
  --java-options -XX:+UseSerialGC \
  --runtime-image "$stage/runtime" --icon "$here/Lamina.icns" --resource-dir "$stage/resources" \
  --mac-package-identifier dev.lamina.Lamina --mac-package-name Lamina \
  --mac-app-category public.app-category.developer-tools \
  --mac-entitlements "$here/Lamina.entitlements" ${sign[@]+"${sign[@]}"} --dest "$out"
ls "$out"/Lamina-*.dmg
