#!/usr/bin/env bash
# flow-ffi/generate.sh OUTDIR [--debug]
#
# Everything build-python.sh writes (OUTDIR/dflow.py + the shared library),
# plus the Kotlin sources (OUTDIR/kotlin/dev/dflow/dflow.kt) and the Swift
# sources (OUTDIR/swift/: dflow.swift, dflowFFI.h, dflowFFI.modulemap),
# generated from the same library. Building those for Android and iOS
# needs their toolchains (see the README's "Bindings" section).
# Honours CARGO_TARGET_DIR and PROFILE like build-python.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
[ $# -ge 1 ] || { echo "usage: flow-ffi/generate.sh OUTDIR [--debug|--release]" >&2; exit 2; }
out="$1"
shift
"$here/build-python.sh" "$out" "$@"

profile="${PROFILE:-release}"
flags=(--release)
for arg in "$@"; do
    case "$arg" in
        --debug) profile=debug ;;
        --release) profile=release ;;
    esac
done
[ "$profile" = release ] || { profile=debug; flags=(); }
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
case "$(uname -s)" in
    Darwin) lib="libflow_ffi.dylib" ;;
    *) lib="libflow_ffi.so" ;;
esac
library="$target/$profile/$lib"

cd "$root"
for language in kotlin swift; do
    mkdir -p "$out/$language"
    cargo run -q -p flow-ffi --bin uniffi-bindgen ${flags[@]+"${flags[@]}"} -- \
        generate --library "$library" --language "$language" --out-dir "$out/$language"
done
echo "generate.sh: wrote $out/kotlin and $out/swift"
