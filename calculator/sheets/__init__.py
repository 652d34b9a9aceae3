"""Sheets HR offices keep (one row per activity) in and out of the engine.

`layout` (which columns a policy's sheet has), `cells` (reading cells as Excel and people write
them), `decode` (text files in UTF-8 or GBK) and `reader` (rows -> person records) are standard
library only. `xlsx` imports openpyxl, and only when a `.xlsx` file is read or written, so the
engine itself stays importable (and runs in Pyodide) without it.
"""
