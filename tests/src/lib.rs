//! Workspace integration tests live in `tests/tests/`; the conformance corpus in `tests/conformance/`. This library is empty on purpose.
