"""The trimmed standard library's way back to the full one (runs inside Pyodide, in the engine's worker).

package_calculator.py ships only the standard-library modules the calculator was seen to import
(trim_stdlib.mjs) in assets/pyodide/python_stdlib.zip, and puts this file into it as
_jxjy_stdlib_fallback, with MISSING = the modules of the full library left out. The worker calls
install(fetch) once Python runs: when an import asks for one of MISSING, `fetch()` (the worker's, a
synchronous download of assets/pyodide/python_stdlib_full.zip checked against the manifest) is called
once, the full library is written next to the trimmed one, and that import and every later one are
found in it. Any other name (an optional module a library probes for) is left to the usual
ModuleNotFoundError, without a download.
"""

import sys
from importlib.machinery import PathFinder

FULL_ZIP = "/lib/python_stdlib_full.zip"
MISSING = frozenset()  # replaced by the build


class FullStdlibFinder:
    def __init__(self, fetch, missing):
        self.fetch = fetch
        self.missing = missing
        self.loaded = False

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.missing:
            return None
        if not self.loaded:
            try:
                data = self.fetch()
            except Exception as error:  # the worker's download or check failed: an import error, said why
                raise ImportError(f"{fullname}: the full standard library could not be loaded ({error})",
                                  name=fullname) from None
            with open(FULL_ZIP, "wb") as out:
                out.write(bytes(data.to_bytes() if hasattr(data, "to_bytes") else data))
            self.loaded = True
        package = fullname.split(".")[:-1]
        return PathFinder.find_spec(fullname, ["/".join([FULL_ZIP, *package])])


def install(fetch, missing=None):
    """Put the finder right after the path finder (before Pyodide's own hooks, which only explain)."""
    finder = FullStdlibFinder(fetch, MISSING if missing is None else frozenset(missing))
    position = next((i + 1 for i, f in enumerate(sys.meta_path) if f is PathFinder), len(sys.meta_path))
    sys.meta_path.insert(position, finder)
    return finder
