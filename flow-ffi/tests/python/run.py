"""Runs the binding's Python tests (unittest, standard library only) and
ends with a `python: N passed, M failed` line; exit 1 when any failed.

Usage: DFLOW_PY_DIR=... DFLOW_BIN=... python3 flow-ffi/tests/python/run.py [PATTERN]
"""

import os
import sys
import time
import unittest

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
pattern = sys.argv[1] if len(sys.argv) > 1 else "test_*.py"
started = time.monotonic()
suite = unittest.defaultTestLoader.discover(here, pattern=pattern, top_level_dir=here)
result = unittest.TextTestRunner(verbosity=2).run(suite)
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
passed = result.testsRun - failed - len(result.skipped)
print(f"python tests took {time.monotonic() - started:.1f}s")
print(f"python: {passed} passed, {failed} failed" + (f", {len(result.skipped)} skipped" if result.skipped else ""))
sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)
