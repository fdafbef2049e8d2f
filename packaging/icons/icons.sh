#!/usr/bin/env bash
# Renders Lamina's icon (packaging/icons/lamina.svg) as the .deb installs it: PNGs in
# hicolor's sizes and the SVG, under OUT/share/icons/hicolor (rsvg-convert, Debian's
# librsvg2-bin). With --icns FILE, also the macOS icon (png2icns, Debian's icnsutils),
# which is committed (packaging/macos/Lamina.icns) as a Mac build has neither tool.
# Usage: icons.sh OUT | icons.sh --icns FILE
set -euo pipefail
svg=$(cd "$(dirname "$0")" && pwd)/lamina.svg
if [ "${1:-}" = --icns ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # png2icns takes the sizes macOS's icon families have: 16, 32, 48, 128, 256, 512.
  for s in 16 32 48 128 256 512; do rsvg-convert -w $s -h $s "$svg" -o "$tmp/$s.png"; done
  png2icns "$2" "$tmp"/{16,32,48,128,256,512}.png > /dev/null
  exit 0
fi
out=$1/share/icons/hicolor
for s in 16 32 48 64 128 256 512; do
  mkdir -p "$out/${s}x$s/apps"
  rsvg-convert -w $s -h $s "$svg" -o "$out/${s}x$s/apps/lamina.png"
done
mkdir -p "$out/scalable/apps"
cp "$svg" "$out/scalable/apps/lamina.svg"
