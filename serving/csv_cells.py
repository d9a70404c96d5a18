"""CSV cells that a spreadsheet shows as text, never runs: OWASP's defence against CSV (formula) injection.

Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
return before one) as a formula, so a community named `=HYPERLINK(...)` would become a live link in a mediator's
export. Such cells get a leading single quote, which the spreadsheet shows as text; every CSV export goes through
`csv_text`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The cell as a spreadsheet must read it: text that could start a formula is prefixed with `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], *, bom: bool = True) -> str:
    """Rows as CSV with CRLF line ends, every cell made formula-safe (with a BOM so Excel reads UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()
