#!/bin/sh
# The lamina command, installed as HOME/bin/lamina of an installation tree (HOME/lib:
# the jars, the init host, musl+, the default image; see lamina-home.sh). The
# checkout's ./lamina and the .deb's /usr/bin/lamina both run it.
home=$(dirname "$(dirname "$(readlink -f "$0")")")
java=${LAMINA_JAVA:-}
if [ -z "$java" ]; then
  # The .deb's tree has its own runtime beside it (jpackage's layout: lib/app and lib/runtime).
  if [ -x "$home/../runtime/bin/java" ]; then java=$home/../runtime/bin/java
  elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  elif [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"
  else java=java; fi
fi
aot=
[ -f "$home/lib/lamina.aot" ] && aot=-XX:AOTCache="$home/lib/lamina.aot"
# lib/classpath names the jars, one a line, in the order the AOT cache was trained with.
cp=
while IFS= read -r jar; do cp=${cp:+$cp:}$home/lib/$jar; done < "$home/lib/classpath"
# The engine stays resident: its heap starts at 32 MiB and grows only as its live data
# needs (about 10 MiB idle). The default start, 1/64 of the machine's memory, is all
# touched (and so resident) after a few hundred containers: 270 MiB against 165 here.
heap=
[ "${1:-}" = engine ] && heap=-Xms32m
# `lamina ui` hands this script to the app, which runs `lamina engine` with it.
[ "${1:-}" = ui ] && export LAMINA_LAUNCHER="$home/bin/lamina"
exec "$java" $aot $heap --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
  -Dlamina.home="$home" -cp "$cp" dev.lamina.cli.Main "$@"
