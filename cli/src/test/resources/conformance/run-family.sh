#!/bin/sh
# Runs every program of one family (/conf/FAMILY/*) in turn, each in a fresh
# empty working directory under /tmp, bounded in time: "=== NAME", what it
# printed (stdout and stderr), "--- exit N".
for p in /conf/"$1"/*; do
  name=${p##*/}
  echo "=== $name"
  rm -rf /tmp/w && mkdir /tmp/w && cd /tmp/w || exit 1
  timeout 20 "$p" 2>&1 </dev/null
  echo "--- exit $?"
  cd / && rm -rf /tmp/w
done
