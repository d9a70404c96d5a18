"""CSV cells that a spreadsheet shows as text, never runs: OWASP's defence against CSV (formula) injection.

Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
return before one) as a formula, so a community named `=HYPERLINK(...)` would become a live link in a mediator's
export. Such cells get a leading single quote, which the spreadsheet shows as text; every CSV export goes through
`csv_text`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The cell as a spreadsheet must read it: text that could start a formula is prefixed with `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[object]], *, bom: bool = True) -> Iterator[str]:
    """Rows as CSV lines with CRLF ends, every cell made formula-safe (a BOM first, so Excel reads UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    yield ("\ufeff" if bom else "") + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(cell) for cell in row])
        yield buffer.getvalue()


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], *, bom: bool = True) -> str:
    """The whole CSV as one text (see csv_lines)."""
    return "".join(csv_lines(header, rows, bom=bom))
