#!/bin/sh
# Fetches xterm.js for the terminal (npm, the versions package-lock.json pins) and lays
# out the files the terminal page loads under OUT, which the build packages as resources
# of the app. Usage: xterm.sh OUT. npm's own cache spares a download once fetched.
set -eu
out=$1
module=$(cd "$(dirname "$0")" && pwd)
src=$module/src/main/terminal
work=$module/target/xterm
command -v npm >/dev/null || { echo "app-ui: npm is needed to fetch xterm.js (scripts/setup-debian installs it)" >&2; exit 1; }
mkdir -p "$work"
if ! cmp -s "$src/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules" ]; then
  rm -rf "$work/node_modules" "$work/package-lock.json"
  cp "$src/package.json" "$work/"
  cp "$src/package-lock.json" "$work/package-lock.json.new"
  mv "$work/package-lock.json.new" "$work/package-lock.json"
  (cd "$work" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) || {
    rm -f "$work/package-lock.json"
    echo "app-ui: could not fetch xterm.js from the npm registry (see above)" >&2
    exit 1
  }
fi
dest=$out/dev/lamina/app/terminal/xterm
mkdir -p "$dest"
cp "$work/node_modules/@xterm/xterm/lib/xterm.js" "$work/node_modules/@xterm/xterm/css/xterm.css" "$dest/"
cp "$work/node_modules/@xterm/addon-fit/lib/addon-fit.js" "$dest/"
cp "$work/node_modules/@xterm/xterm/LICENSE" "$dest/LICENSE"
