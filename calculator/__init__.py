"""继续教育学分自查 scoring engine: standard library only, so it runs unchanged in Pyodide."""

from .describe import describe
from .engine import score
from .records import RECORD_FORMAT, RecordError

__all__ = ["score", "describe", "RecordError", "RECORD_FORMAT"]
