#!/usr/bin/env bash
# Runs the FuzzMailParser libFuzzer target (called by `make fuzz` and `make fuzz-short` from the repository root).
#   Fuzz/run.sh SECONDS BINARY ARTIFACT_DIR
# The corpus is a temp dir seeded from Tests/QuellMailTests/Fixtures/*.eml and the development corpus
# (QUELL_CORPUS, default ../shared/corpus next to the repository, when it exists), unless FUZZ_CORPUS names a directory to keep it in between runs. Exit status 0: nothing found.
set -uo pipefail
seconds=$1 binary=$2 artifacts=$3
shared=${QUELL_CORPUS:-$(cd "$(dirname "$0")/.." && pwd)/../shared/corpus}

if [ -n "${FUZZ_CORPUS:-}" ]; then
    corpus=$FUZZ_CORPUS
    mkdir -p "$corpus"
else
    corpus=$(mktemp -d "${TMPDIR:-/tmp}/quell-fuzz-corpus.XXXXXX")
    trap 'rm -rf "$corpus"' EXIT
fi
cp Tests/QuellMailTests/Fixtures/*.eml "$corpus"/
if [ -d "$shared" ]; then
    # Inputs over -max_len would be truncated anyway; the 1.8 MB torture test stays out.
    find "$shared" -type f -name '*.eml' -size -1024k -exec cp {} "$corpus"/ \;
fi
mkdir -p "$artifacts"
log="$artifacts/fuzz-$(date +%Y%m%d-%H%M%S).log"
echo "fuzz: $binary for ${seconds}s, corpus $corpus ($(ls "$corpus" | wc -l) seeds), artifacts and log in $artifacts/"

# NB: the Swift runtime's backtracer would catch the trap first and exit without libFuzzer writing the input.
SWIFT_BACKTRACE=enable=no "$binary" -max_total_time="$seconds" -max_len=1048576 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" >"$log" 2>&1
status=$?

if [ $status -eq 0 ]; then
    grep -E '^#[0-9]+ +DONE|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | sed 's/^/fuzz: /'
    echo "fuzz: no crash, hang or broken invariant found in ${seconds}s"
    exit 0
fi
echo "fuzz: FAILED (libFuzzer exit $status); the log is $log"
grep -E 'Fatal error|invariant broken|ERROR: libFuzzer|SUMMARY|Test unit written|timeout after|out-of-memory' "$log" | cut -c1-400 | sed 's/^/  /'
unit=$(grep -oE "Test unit written to [^ ]+" "$log" | tail -1 | sed 's/Test unit written to //')
if [ -n "$unit" ]; then
    echo "fuzz: reproducer: $unit"
    echo "  replay:   SWIFT_BACKTRACE=enable=no $binary $unit"
    echo "  minimise: SWIFT_BACKTRACE=enable=no $binary -minimize_crash=1 -runs=100000 -artifact_prefix=$artifacts/min- $unit"
    echo "  then turn it into a test in Tests/QuellMailTests/ (the bytes, and the invariant the message names)."
fi
exit 1
