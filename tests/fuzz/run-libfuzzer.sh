#!/usr/bin/env bash
# Builds the libFuzzer target (libfuzzer/, with clang) in BUILD_DIR and fuzzes the request
# parsers for SECONDS, starting from a copy of corpus/ and crashes/: the source tree is never
# written to. Extra arguments go to libFuzzer (e.g. -jobs=2 -workers=2).
#
# Exit 0: no crash. 1: a crash, sanitizer report or broken invariant; the input is saved in
# BUILD_DIR/artifacts/ (copy it to tests/fuzz/crashes/ so tst_fuzz_corpus replays it).
# 77: clang or the libFuzzer runtime is missing (CTest's SKIP_RETURN_CODE).
# Set DISPATCH_FUZZ_KEEP_CORPUS=DIR to keep the grown corpus there.
#
# Usage: tests/fuzz/run-libfuzzer.sh BUILD_DIR SECONDS [libFuzzer flags...]
set -euo pipefail

usage="usage: run-libfuzzer.sh BUILD_DIR SECONDS [libFuzzer flags...]"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:?$usage}
seconds=${2:?$usage}
shift 2

skip() {
    echo "SKIP: $* (Debian: apt-get install clang libclang-rt-14-dev)"
    exit 77
}

command -v clang++ >/dev/null || skip "clang++ not found, the libFuzzer target is not built"
command -v cmake >/dev/null || skip "cmake not found"

mkdir -p "$build"
build=$(cd "$build" && pwd)
if [[ ! -f "$build/build.ninja" && ! -f "$build/Makefile" ]]; then
    generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    if ! CC=clang CXX=clang++ cmake -S "$here/libfuzzer" -B "$build" "${generator[@]}" \
        >"$build/configure.log" 2>&1; then
        if grep -q '^DISPATCH_HAVE_LIBFUZZER:INTERNAL=$' "$build/CMakeCache.txt" 2>/dev/null; then
            rm -f "$build/CMakeCache.txt" # check again next time, clang may be fixed by then
            skip "clang++ cannot link -fsanitize=fuzzer,address,undefined"
        fi
        cat "$build/configure.log"
        echo "FAIL: configuring the libFuzzer build failed"
        exit 1
    fi
fi
cmake --build "$build" --target fuzz_http

work=$(mktemp -d "${TMPDIR:-/tmp}/dispatch-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$build/artifacts"
# Seeds and saved crashes both start the run; libFuzzer adds what it finds to the copy.
find "$here/corpus" "$here/crashes" -maxdepth 1 -type f ! -name '*.md' \
    -exec cp -t "$work/corpus" {} + 2>/dev/null || true
seeds=$(find "$work/corpus" -type f | wc -l)

export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=1:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:print_stacktrace=1:halt_on_error=1"
command=("$build/fuzz_http" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10
    -max_len=16384 -dict="$here/http.dict" -artifact_prefix="$build/artifacts/"
    -print_final_stats=1 "$@" "$work/corpus")
echo "running: ${command[*]}"
status=0
"${command[@]}" || status=$?

echo "corpus: $seeds seeds, $(find "$work/corpus" -type f | wc -l) inputs after the run"
if [[ -n "${DISPATCH_FUZZ_KEEP_CORPUS:-}" ]]; then
    mkdir -p "$DISPATCH_FUZZ_KEEP_CORPUS"
    cp -r "$work/corpus/." "$DISPATCH_FUZZ_KEEP_CORPUS/"
fi
if [[ $status -ne 0 ]]; then
    # libFuzzer's own exit codes (77 for a crash among them) must not read as "skipped".
    echo "FAIL: libFuzzer exited with $status; the input is in $build/artifacts/"
    ls -l "$build/artifacts/"
    exit 1
fi
echo "PASS: no crash in ${seconds} s"
