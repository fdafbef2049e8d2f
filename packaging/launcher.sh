#!/bin/sh
# The lamina command, installed as HOME/bin/lamina of an installation tree (HOME/lib:
# the jars, the init host, musl+, the default image; see lamina-home.sh). The
# checkout's ./lamina and the .deb's /usr/bin/lamina both run it.
home=$(dirname "$(dirname "$(readlink -f "$0")")")
# A descriptor 0, 1 or 2 the caller left closed would be the first file the JVM opens, and a
# container's process would be given that file as its stdin or output: /dev/null instead.
for fd in 0 1 2; do [ -e /dev/fd/$fd ] || eval "exec $fd<>/dev/null"; done
java=${LAMINA_JAVA:-}
if [ -z "$java" ]; then
  # The .deb's tree has its own runtime beside it (jpackage's layout: lib/app and lib/runtime).
  if [ -x "$home/../runtime/bin/java" ]; then java=$home/../runtime/bin/java
  elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  elif [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"
  else java=java; fi
fi
# paths DIR LIST: the jars that DIR/LIST names (one a line, relative to DIR), as a class or module path.
paths() {
  p=
  while IFS= read -r jar; do p=${p:+$p:}$1/$jar; done < "$1/$2"
  echo "$p"
}
# `lamina ui`: the desktop app's JVM, started here rather than by a JVM of the commands (which
# took a third of the time to the window). The app reads `lamina ui`'s arguments itself; the
# launcher adds the engine it can start, the data root's (as DataRoot finds it), and itself
# to start it with. lib/ui lists the JVM's module path, class path and options (ui-lib.sh);
# UiCommand starts the same JVM where there is no launcher (the macOS bundle).
if [ "${1:-}" = ui ]; then
  shift
  ui=$home/lib/ui
  if [ ! -f "$ui/classpath" ]; then
    echo "lamina ui: the desktop app is not in this installation (no $ui); build it with scripts/build" >&2
    exit 1
  fi
  mp=$(paths "$ui" modules)
  cp=$(paths "$ui" classpath)
  opts=$(grep -v '^#' "$ui/jvm-options")
  # Its own AOT cache, trained by packaging/aot-cache.sh (LAMINA_UI_AOT_OUTPUT names where it goes).
  aot=
  if [ -n "${LAMINA_UI_AOT_OUTPUT:-}" ]; then aot=-XX:AOTCacheOutput="$LAMINA_UI_AOT_OUTPUT"
  elif [ -f "$ui/lamina-ui.aot" ]; then aot=-XX:AOTCache="$ui/lamina-ui.aot"; fi
  # The data root as DataRoot finds it. Java's user.home is the password entry's home, not $HOME.
  if [ -n "${LAMINA_DATA_ROOT:-}" ]; then data=$LAMINA_DATA_ROOT
  elif [ -n "${XDG_DATA_HOME:-}" ]; then data=$XDG_DATA_HOME/lamina
  else
    user_home=$(getent passwd "$(id -u)" | cut -d: -f6)
    data=${user_home:-$HOME}/.local/share/lamina
  fi
  case $data in /*) ;; *) data=$PWD/$data ;; esac
  exec "$java" $aot $opts --module-path "$mp" -cp "$cp" dev.lamina.app.Main \
    --launcher "$home/bin/lamina" --default-host "unix://$data/run/engine.sock" "$@"
fi
# The engine's JVM has an AOT cache of its own (aot-cache.sh), trained on an engine serving runs.
cache=$home/lib/lamina.aot
[ "${1:-}" = engine ] && cache=$home/lib/lamina-engine.aot
aot=
[ -f "$cache" ] && aot=-XX:AOTCache="$cache"
# lib/classpath names the jars, one a line, in the order the AOT cache was trained with.
cp=$(paths "$home/lib" classpath)
# The engine stays resident: its heap starts at 32 MiB and grows only as its live data
# needs (about 10 MiB idle). The default start, 1/64 of the machine's memory, is all
# touched (and so resident) after a few hundred containers: 270 MiB against 165 here.
heap=
[ "${1:-}" = engine ] && heap=-Xms32m
exec "$java" $aot $heap --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
  -Dlamina.home="$home" -cp "$cp" dev.lamina.cli.Main "$@"
