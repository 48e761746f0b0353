#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, one after another, then prints one
# line per target: executions done and findings (crash-/timeout-/oom- files
# in artifacts/<target>/). Exits non-zero when any target has a finding or
# did not run.
#
#   fuzz/run.sh 60                  # every target, 60 s each
#   fuzz/run.sh 60 arazzo openapi   # only these
#
# Needs the nightly toolchain; installs cargo-fuzz from crates.io (built
# from source) when `cargo fuzz` is missing. Builds in fuzz/target, never the
# main workspace's. Logs go to fuzz/logs/<target>.log.
set -uo pipefail

seconds="${1:-}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
    echo "usage: $0 SECONDS [TARGET...]" >&2
    exit 2
fi
shift

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here" || exit 2

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz missing: installing it from crates.io" >&2
    cargo install cargo-fuzz --locked || exit 2
fi

all_targets=(parse_step poll_answer flow_response arazzo event_filter retry_after openapi scenario)
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=("${all_targets[@]}")

# Seeds are committed; seed.sh only fills a corpus that is missing.
for t in "${targets[@]}"; do
    if [ -z "$(ls -A "corpus/$t" 2>/dev/null)" ]; then
        ./seed.sh || exit 2
        break
    fi
done

# One build for all targets up front, so the first target's time is fuzzing.
cargo +nightly fuzz build || exit 2

mkdir -p logs
declare -A execs
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    echo "== $t: ${seconds}s" >&2
    # libFuzzer exits non-zero on a finding; the summary below reports it.
    cargo +nightly fuzz run "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -timeout=1 -rss_limit_mb=512 -print_final_stats=1 \
        >"logs/$t.log" 2>&1
    execs[$t]="$(sed -n 's/^stat::number_of_executed_units: *//p' "logs/$t.log" | tail -n 1)"
    tail -n 3 "logs/$t.log" >&2
done

status=0
for t in "${targets[@]}"; do
    findings="$(find "artifacts/$t" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)"
    printf '%-14s execs %-12s findings %s\n' "$t" "${execs[$t]:-?}" "$findings"
    if [ "$findings" -ne 0 ] || [ -z "${execs[$t]}" ]; then
        status=1
    fi
done
exit "$status"
