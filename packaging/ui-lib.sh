#!/bin/sh
# Lays out the desktop app's jars in DIR (an installation's lib/ui) from this checkout's
# build: the jars, and the lists bin/lamina and UiCommand start its JVM with, names
# relative to DIR so that the tree can move: `modules` (the module path: JavaFX's jars,
# jdk.jsobject's among them, as JavaFX carries it since 24), `classpath` (the rest) and
# `jvm-options`. Usage: ui-lib.sh DIR
set -eu
dir=$1
repo=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$dir"
mkdir -p "$dir"
cp "$repo"/app-ui/target/ui/*.jar "$dir/"
cp "$repo"/app-ui/target/app-ui-*.jar "$dir/lamina-app.jar"
(cd "$dir" && ls -- *.jar | sort | grep -E '^(javafx-|jdk-jsobject)' > modules)
(cd "$dir" && ls -- *.jar | sort | grep -vE '^(javafx-|jdk-jsobject)' > classpath)
cp "$repo/packaging/ui-jvm-options" "$dir/jvm-options"
