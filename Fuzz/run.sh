#!/bin/sh
# Runs fuzz targets one after another, each for $FUZZ_SECONDS (default 300),
# from the repository's top folder, after the harnesses were built:
#   Fuzz/run.sh [target...]            (no targets: every one)
# Prints executions, coverage and findings per target. A finding (crash,
# timeout, out-of-memory, leak) is minimised into Fuzz/Regressions/<target>/,
# which `make test` replays; the status is 1 when anything was found.
# $CORPUS: the shared corpus folder for seeds (default ../shared/corpus).
# Working corpora, seeds and logs are kept under .build/fuzz/<target>/.
set -u
seconds=${FUZZ_SECONDS:-300}
corpus=${CORPUS:-../shared/corpus}
bin=${FUZZ_BIN:-Fuzz/.build/release}
targets=${*:-attn python claim doc-attn doc-markdown doc-notebook doc-text npy csv history}
found=0
summary=""
for t in $targets; do
  work=.build/fuzz/$t
  rm -rf "$work/seeds" "$work/artifacts"
  mkdir -p "$work/corpus" "$work/seeds" "$work/artifacts"
  Fuzz/seeds.sh "$t" "$work/seeds" "$corpus"
  dict=""
  [ -f "Fuzz/Dictionaries/$t.dict" ] && dict="-dict=Fuzz/Dictionaries/$t.dict"
  echo "== fuzz-$t: $seconds s, $(ls "$work/seeds" | wc -l) seeds, $(ls "$work/corpus" | wc -l) in its corpus"
  # -timeout: one input running this long (the entry points stop programs
  # after 0.3 s) is a hang; -rss_limit_mb: past this it is an out-of-memory.
  # Leaks are findings too (libFuzzer's flag covers its runs, ASAN_OPTIONS
  # the check at exit).
  ASAN_OPTIONS=detect_leaks=1 "$bin/fuzz-$t" $dict -detect_leaks=1 -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" "$work/seeds" \
    > "$work/log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$work/log" | tail -1)
  findings=$(ls "$work/artifacts" 2>/dev/null | wc -l)
  line="fuzz-$t: ${runs:-?} executions, ${cov:-no coverage line}, $findings findings (exit $status)"
  echo "$line"
  summary="$summary$line
"
  if [ "$findings" -gt 0 ] || { [ "$status" -ne 0 ] && [ "$findings" -eq 0 ]; }; then
    found=1
    [ "$findings" -eq 0 ] && { echo "fuzz-$t stopped with status $status and no artifact; see $work/log"; tail -20 "$work/log"; }
    mkdir -p "Fuzz/Regressions/$t"
    for a in "$work"/artifacts/*; do
      [ -f "$a" ] || continue
      name=$(basename "$a")
      dest="Fuzz/Regressions/$t/$name"
      case $name in
        crash-*|leak-*)
          "$bin/fuzz-$t" -minimize_crash=1 -max_total_time=60 -runs=100000 -exact_artifact_path="$dest" "$a" \
            > "$work/minimize-$name.log" 2>&1
          [ -f "$dest" ] || cp "$a" "$dest" ;;
        *) cp "$a" "$dest" ;;
      esac
      echo "  finding: $dest ($(wc -c < "$dest") bytes); log: $work/log"
      grep -m3 -E 'ERROR: |property failed|Fatal error' "$work/log" | sed 's/^/    /'
    done
  fi
done
echo "== fuzz summary"
printf '%s' "$summary"
exit $found
