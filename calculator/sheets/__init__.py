"""Sheets HR offices keep (one row per activity) in and out of the engine.

`layout` (which columns a policy's sheet has), `cells` (reading cells as Excel and people write
them), `decode` (text files in UTF-8 or GBK), `workbook` (an .xlsx's cell values) and `reader`
(rows -> person records) are standard library only. `xlsx` imports openpyxl, and only when a
template or results workbook is written, so the engine stays importable (and runs in Pyodide) without it.
"""
