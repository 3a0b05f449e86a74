#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 600) on the stable toolchain.
#
#   fuzz/run.sh [SECONDS] [TARGET...]        targets: script, schema_sql (default: both)
#
# Seeds: fuzz/seeds/<target>/ (checked in) plus the repository's own scripts and schema
# files; what libFuzzer learns goes to fuzz/corpus/<target>/ (not checked in). A crash is
# written to fuzz/artifacts/<target>/ and the script exits non-zero: copy the input into
# fuzz/regressions/<target>/, where `cargo test --test fuzz_regressions` checks it from then on.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(script schema_sql)

# libFuzzer's coverage instrumentation, with stable flags only (no sanitizer: the code is
# safe Rust, so the checks are panics, overflow and debug assertions).
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
export CARGO_TARGET_DIR="$PWD/target"
# An explicit target keeps the flags off build scripts and proc macros, which cannot link
# the instrumentation.
host="$(rustc -vV | sed -n 's/^host: //p')"
cargo build --release --bins --target "$host"

extra_seeds() {
    case "$1" in
        script) find ../tests -name '*.toml' -size -64k -printf '%h\n' | sort -u ;;
        schema_sql) find ../tests/corpus ../tests/fixtures -name '*.sql' -printf '%h\n' | sort -u ;;
    esac
}

status=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    mapfile -t seeds < <(extra_seeds "$target")
    echo "fuzz: $target for ${seconds}s" >&2
    if ! "target/$host/release/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -artifact_prefix="artifacts/$target/" "corpus/$target" "seeds/$target" "${seeds[@]}"; then
        echo "fuzz: $target found a failing input in fuzz/artifacts/$target/" >&2
        status=1
    fi
done
exit $status
