#!/usr/bin/env bash
# flow-ffi/build-python.sh OUTDIR [--debug]
#
# Builds the binding library (release profile; --debug or PROFILE=debug for
# the dev profile, quicker to build) and writes the Python module `dflow`
# into OUTDIR: dflow.py and the shared library it loads
# (libflow_ffi.so, .dylib on macOS). Then, from OUTDIR (or with OUTDIR on
# PYTHONPATH): `python3 -c 'import dflow'`.
# Honours CARGO_TARGET_DIR (default: the workspace's target/).
set -euo pipefail

usage() {
    echo "usage: flow-ffi/build-python.sh OUTDIR [--debug|--release]" >&2
    exit 2
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
profile="${PROFILE:-release}"
out=""
for arg in "$@"; do
    case "$arg" in
        --debug) profile=debug ;;
        --release) profile=release ;;
        -h|--help) usage ;;
        -*) echo "unknown option $arg" >&2; usage ;;
        *) [ -z "$out" ] || usage; out="$arg" ;;
    esac
done
[ -n "$out" ] || usage
case "$profile" in
    release) flags=(--release) ;;
    debug|dev) profile=debug; flags=() ;;
    *) echo "PROFILE must be release or debug (got $profile)" >&2; exit 2 ;;
esac

target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac

cd "$root"
cargo build -p flow-ffi --lib ${flags[@]+"${flags[@]}"}

case "$(uname -s)" in
    Darwin) lib="libflow_ffi.dylib" ;;
    MINGW*|MSYS*|CYGWIN*) lib="flow_ffi.dll" ;;
    *) lib="libflow_ffi.so" ;;
esac
library="$target/$profile/$lib"
[ -f "$library" ] || { echo "build-python.sh: $library was not built" >&2; exit 1; }

mkdir -p "$out"
# The bundled generator reads the library's metadata (and flow-ffi/uniffi.toml).
cargo run -q -p flow-ffi --bin uniffi-bindgen ${flags[@]+"${flags[@]}"} -- \
    generate --library "$library" --language python --out-dir "$out"
# At interpreter exit, stop the binding's threads from calling into Python
# (see flow-ffi/src/foreign.rs).
cat >> "$out/dflow.py" <<'PY'


# Added by flow-ffi/build-python.sh: at interpreter exit, stop the binding's
# threads from calling into Python (an exiting CPython kills a foreign thread
# that calls into it, which would abort the process; see `shutdown`).
import atexit as _dflow_atexit

_dflow_atexit.register(shutdown)


# Added by flow-ffi/build-python.sh: records also take their fields by
# position, in declaration order (`HttpHeader("Accept", "*/*")`,
# `HttpResponse(200, [], b"{}")`), as issue #16 writes them; the generated
# constructors are keyword-only. Keywords still work, mixing both too.
import inspect as _dflow_inspect


def _dflow_positional(cls):
    init = cls.__init__
    try:
        params = list(_dflow_inspect.signature(init).parameters.values())[1:]
    except (TypeError, ValueError):
        return
    if not params or any(p.kind is not p.KEYWORD_ONLY for p in params):
        return
    names = [p.name for p in params]

    def __init__(self, *args, **kwargs):
        if len(args) > len(names):
            raise TypeError(f"{cls.__name__}() takes at most {len(names)} positional arguments ({len(args)} given)")
        for name, value in zip(names, args):
            if name in kwargs:
                raise TypeError(f"{cls.__name__}() got multiple values for argument '{name}'")
            kwargs[name] = value
        init(self, **kwargs)

    __init__.__doc__ = init.__doc__
    cls.__init__ = __init__


for _dflow_value in list(globals().values()):
    if isinstance(_dflow_value, type) and getattr(_dflow_value, "__module__", None) == __name__:
        _dflow_positional(_dflow_value)
del _dflow_value
PY
cp "$library" "$out/"
echo "build-python.sh: wrote $out/dflow.py and $out/$lib ($profile)"
