#!/bin/sh
# Trains Java's AOT cache of an installation tree, HOME/lib/lamina.aot, on one
# container run. It runs the tree's own launcher (HOME/bin/lamina), so that the
# cache and the launcher agree on the JVM, its flags and the class path; a
# cache that does not agree is not used. Without a cache Lamina runs the same,
# only slower to start. Usage: aot-cache.sh HOME
set -eu
home=$1
rm -f "$home/lib/lamina.aot"
data=$(mktemp -d)
if ! LAMINA_DATA_ROOT=$data JAVA_TOOL_OPTIONS=-XX:AOTCacheOutput="$home/lib/lamina.aot" \
    "$home/bin/lamina" run -- true > "$data/aot.log" 2>&1; then
  echo "aot-cache: no AOT cache (training run failed; see below)" >&2
  cat "$data/aot.log" >&2
  rm -f "$home/lib/lamina.aot"
fi
rm -rf "$data"
