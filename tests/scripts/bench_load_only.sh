# bench_load_only.sh TLCHECK SRC LOAD_ONLY PYTHON - the benchmark's floor program
# on a small generated corpus (see tests/bench.cmake).
lo=$3 py=$4
. "$(dirname "$0")/harness.sh"

corpus=$tmp/corpus
"$py" "$src/bench/gen_corpus.py" --seed 7 --count 60 --out "$corpus" >/dev/null 2>&1 ||
  bad "gen_corpus.py --seed 7 --count 60"
files=$(find "$corpus" -name '*.yaml' | wc -l)
[ "$files" -eq 60 ] && ok || bad "gen_corpus.py wrote $files files, want 60"

# field N of load_only's summary line: files, bytes, units, failed
field() { sed -n 's/^load_only[^:]*: \([0-9]*\) files, \([0-9]*\) bytes, \([0-9]*\) [a-z]*, \([0-9]*\) failed.*/\1 \2 \3 \4/p' "$1" | cut -d' ' -f"$2"; }
for mode in tree events libyaml-tree tree-j3 libyaml-tree-j2 events-j2; do
  case $mode in
    tree) args=() ;;
    tree-j3) args=(--jobs 3) ;;
    events) args=(--events) ;;
    events-j2) args=(--events --jobs 2) ;;
    libyaml-tree) args=(--libyaml-tree) ;;
    libyaml-tree-j2) args=(--libyaml-tree --jobs 2) ;;
  esac
  expect 0 "load_only ${args[*]}" -- "$lo" "${args[@]}" "$corpus"
  cp "$tmp/err" "$tmp/$mode"
  [ "$(field "$tmp/$mode" 1)" = 60 ] && ok || bad "load_only ${args[*]}: $(cat "$tmp/$mode")"
done
for mode in events libyaml-tree tree-j3 libyaml-tree-j2 events-j2; do
  for f in 2 4; do  # bytes read and files that failed: the same whatever is built
    [ "$(field "$tmp/$mode" $f)" = "$(field "$tmp/tree" $f)" ] && ok ||
      bad "load_only $mode: field $f differs from the default: $(cat "$tmp/$mode") / $(cat "$tmp/tree")"
  done
done
for mode in libyaml-tree tree-j3 libyaml-tree-j2; do  # two trees of the same documents
  [ "$(field "$tmp/$mode" 3)" = "$(field "$tmp/tree" 3)" ] && ok ||
    bad "load_only $mode counts other nodes: $(cat "$tmp/$mode") / $(cat "$tmp/tree")"
done
[ "$(field "$tmp/events-j2" 3)" = "$(field "$tmp/events" 3)" ] && ok || bad "events differ with --jobs 2"
grep -q "thread(s)" "$tmp/tree-j3" && grep -q ", 3 thread(s)" "$tmp/tree-j3" && ok ||
  bad "--jobs 3 did not run 3 threads: $(cat "$tmp/tree-j3")"

# The floor fails to load the files tlcheck cannot load (the corpus has some by
# design): else the floor would skip work the checker does, or the reverse.
failed=$(field "$tmp/tree" 4)
[ "$failed" -gt 0 ] && ok || bad "the corpus has no file that fails to load (seed 7): the next check proves nothing"
"$bin" check --jobs 1 --quiet --fail-on never --format json --output "$tmp/report.json" "$corpus" 2>"$tmp/err"
unloaded=$("$py" -c 'import json,sys; print(sum(1 for r in json.load(open(sys.argv[1]))["results"] if not r["loaded"]))' "$tmp/report.json")
[ "$unloaded" = "$failed" ] && ok || bad "tlcheck did not load $unloaded files, load_only failed $failed"

# What it does not understand is a usage error, not a path.
expect 2 "unknown option" -- "$lo" --bogus "$corpus"
has "$tmp/err" "unknown option --bogus" "unknown option named"
has "$tmp/err" "^usage: load_only" "usage after an unknown option"
expect 2 "--jobs without a value" -- "$lo" --jobs
expect 2 "--jobs 0" -- "$lo" --jobs 0 "$corpus"
expect 2 "no path" -- "$lo" --events
expect 0 "-- ends the options" -- "$lo" -- "$corpus"

echo "bench_load_only.sh: $pass passed, $fail failed"
[ "$fail" = 0 ]
