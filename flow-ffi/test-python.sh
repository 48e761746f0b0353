#!/usr/bin/env bash
# flow-ffi/test-python.sh [PATTERN]
#
# Builds the binding and the `dflow` binary (the tests spawn
# `dflow serve-example`), writes the Python module into
# $CARGO_TARGET_DIR/dflow-python with build-python.sh, and runs the Python
# tests in flow-ffi/tests/python (unittest, standard library only). The
# dev profile by default, quicker to build; PROFILE=release for release.
# Ends with a `python: N passed, M failed` line; exit 1 on any failure.
# Honours CARGO_TARGET_DIR (default: the workspace's target/).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
profile="${PROFILE:-debug}"
case "$profile" in
    release) flags=(--release) ;;
    debug|dev) profile=debug; flags=() ;;
    *) echo "PROFILE must be release or debug (got $profile)" >&2; exit 2 ;;
esac
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac

cd "$root"
cargo build -p flow-cli --bin dflow ${flags[@]+"${flags[@]}"}
PROFILE="$profile" "$here/build-python.sh" "$target/dflow-python"
DFLOW_PY_DIR="$target/dflow-python" DFLOW_BIN="$target/$profile/dflow" \
    python3 "$here/tests/python/run.py" "$@"
