#!/bin/sh
# Runs busybox's own testsuite (/bbts/testsuite, from Debian's busybox source)
# against the root's /bin/busybox: /bbts holds a link to it and the .config
# that says which features the tests may use. Prints PASS:/FAIL:/SKIPPED: lines.
cd /bbts/testsuite && exec env bindir=/bbts tsdir=/bbts/testsuite ./runtest 2>&1
