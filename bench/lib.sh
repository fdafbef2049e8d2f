# Helpers the bench scripts share; they expect $work to be a scratch directory.

# hyperfine_mean DIGITS HYPERFINE_ARGS...: the mean of hyperfine's one command, in ms.
hyperfine_mean() {
  local digits=$1; shift
  hyperfine "$@" --export-json "$work/h.json" > /dev/null 2>&1
  python3 -c 'import json,sys; print("%.*f" % (int(sys.argv[2]), json.load(open(sys.argv[1]))["results"][0]["mean"]*1000))' "$work/h.json" "$digits"
}

# ratio A B: A / B with two decimals.
ratio() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }

# median X...: the median of the numbers given, with three decimals.
median() { python3 -c 'import statistics,sys; print("%.3f" % statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
