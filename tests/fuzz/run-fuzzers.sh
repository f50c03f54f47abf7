#!/bin/bash
# Runs every libFuzzer target of tests/fuzz/ for a long while and prints a
# table of executions and results.
#
#   tests/fuzz/run-fuzzers.sh                 # 1,000,000 executions per target
#   tests/fuzz/run-fuzzers.sh --runs N        # N executions per target
#   tests/fuzz/run-fuzzers.sh SECONDS         # SECONDS per target (-max_total_time)
#   tests/fuzz/run-fuzzers.sh ... TARGET...   # only these targets (e.g. ff-models)
#
# Environment: FUZZ_JOBS (parallel targets, default: the number of CPUs),
# FUZZ_MAX_LEN (default 8192: every real answer in the seed corpus fits),
# FUZZ_BUILD_DIR (default _build-fuzz), DECK_FUZZ_SKIP_KNOWN (default 1: go on
# past the bugs already reported, whose crash-* reproducers the suite replays;
# 0 to stop on them too).
#
# It configures a clang build with -Dfuzzing=true when there is none
# (CC=clang meson setup _build-fuzz -Dfuzzing=true -Dui_tests=false
# -Db_lundef=false), builds, and runs each target with ASan + UBSan, leak
# detection on, on a copy of its seed corpus (crash-* reproducers excluded)
# in $FUZZ_BUILD_DIR/fuzz-work/<target>/, where new corpus entries, the log
# and any crash/leak/timeout artifact end up. Exit status: 0 when every
# target finished its runs without a finding.

set -eu

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${FUZZ_BUILD_DIR:-_build-fuzz}
case $builddir in /*) ;; *) builddir=$srcdir/$builddir ;; esac
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
max_len=${FUZZ_MAX_LEN:-8192}
limit="-runs=1000000"
limit_text="1000000 runs"

case ${1:-} in
  --runs) limit="-runs=$2"; limit_text="$2 runs"; shift 2 ;;
  --runs=*) limit="-runs=${1#--runs=}"; limit_text="${1#--runs=} runs"; shift ;;
  ''|*[!0-9]*) ;;
  *) limit="-max_total_time=$1"; limit_text="$1 s each"; shift ;;
esac

all_targets="account-file ff-models http-response loopback-catcher node-red oauth-discovery oauth-token snapshot"
targets=${*:-$all_targets}

if ! [ -f "$builddir/build.ninja" ]; then
  (cd "$srcdir" && CC=clang meson setup "$builddir" -Dfuzzing=true -Dui_tests=false -Db_lundef=false)
fi
if [ "$(meson introspect --buildoptions "$builddir" | python3 -c \
      'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="fuzzing"][0])')" != True ]; then
  echo "run-fuzzers.sh: $builddir is not configured with -Dfuzzing=true" >&2
  exit 2
fi
ninja -C "$builddir" $(for t in $targets; do echo tests/fuzz/fuzz-$t; done) >/dev/null

export LSAN_OPTIONS="suppressions=$srcdir/tests/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:detect_odr_violation=0:allocator_may_return_null=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LC_ALL=C.UTF-8
export DECK_FUZZ_SKIP_KNOWN=${DECK_FUZZ_SKIP_KNOWN:-1}

work=$builddir/fuzz-work
mkdir -p "$work"

run_one () {
  t=$1
  dir=$work/$t
  rm -rf "$dir"
  mkdir -p "$dir/corpus"
  for f in "$srcdir/tests/fuzz/corpus/$t"/*; do
    case $(basename "$f") in crash-*) ;; *) cp "$f" "$dir/corpus/" ;; esac
  done
  start=$(date +%s)
  set +e
  "$builddir/tests/fuzz/fuzz-$t" $limit -detect_leaks=1 -max_len="$max_len" \
      -timeout=25 -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="$dir/" "$dir/corpus" >"$dir/log" 2>&1
  rc=$?
  set -e
  echo $(( $(date +%s) - start )) >"$dir/seconds"
  echo $rc >"$dir/rc"
}

echo "Fuzzing $targets: $limit_text, $jobs in parallel, max_len $max_len," \
     "DECK_FUZZ_SKIP_KNOWN=$DECK_FUZZ_SKIP_KNOWN, logs in $work/"
running=0
for t in $targets; do
  run_one "$t" &
  running=$((running + 1))
  if [ $running -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

status=0
printf '%-18s %12s %8s %9s %7s %7s  %s\n' target execs seconds exec/s cov corpus result
for t in $targets; do
  dir=$work/$t
  log=$dir/log
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  corp=$(grep -Eo 'corp: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  secs=$(cat "$dir/seconds")
  rc=$(cat "$dir/rc")
  if [ "$rc" = 0 ] && ! grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log"; then
    result=ok
  else
    status=1
    artifact=$(ls "$dir" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' | head -1)
    kind=$(grep -Eo 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-z-]+|runtime error: [^ ]+( [^ ]+)?|fuzz: a warning or critical' "$log" | head -1)
    result="FAIL (rc $rc) ${kind:-?} ${artifact:+$dir/$artifact}"
  fi
  printf '%-18s %12s %8s %9s %7s %7s  %s\n' "$t" "${execs:-?}" "$secs" \
    "$([ -n "${execs:-}" ] && [ "$secs" -gt 0 ] && echo $((execs / secs)) || echo ?)" \
    "${cov:-?}" "${corp:-?}" "$result"
done
exit $status
