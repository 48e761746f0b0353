//! The bundled `uniffi-bindgen`: generates the Kotlin, Swift and Python
//! sources from the built library, e.g.
//! `cargo run -p flow-ffi --bin uniffi-bindgen -- generate --library target/debug/libflow_ffi.so --language python --out-dir out`
//! (`flow-ffi/build-python.sh` and `flow-ffi/generate.sh` run it).

fn main() {
    uniffi::uniffi_bindgen_main()
}
