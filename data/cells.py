"""Limits on id and text cells: at most `Column.longest` characters, and no NUL byte.

Any string is a value of these kinds, so nothing else bounds them: a pasted file in a complaint would go into
every feature and page, and NUL cannot be stored in PostgreSQL text at all (it usually means UTF-16 or binary data).
Cells of the other kinds need no such check: their parsers accept only well-shaped values.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from data.checks import Describe, log_rows
from data.contract import Column, Table
from data.parsing import ParsedColumn
from data.problems import ProblemLog


def check_text_cells(table: Table, column: Column, parsed: ParsedColumn, log: ProblemLog) -> None:
    """Cells longer than the column allows (`cell_too_large`) and cells holding a NUL byte (`nul_byte`)."""
    longest, text = column.longest, parsed.text
    if longest is None or text is None or len(text) == 0:
        return
    if (pc.max(pc.binary_length(text)).as_py() or 0) > longest:  # a cell has no more characters than bytes
        lengths = pc.fill_null(pc.utf8_length(text), 0).to_numpy(zero_copy_only=False)
        describe = _describe_long(parsed, lengths, longest)
        log_rows(log, table.name, lengths > longest, column.name, "cell_too_large", describe)
    if _may_hold_nul(text):
        nul = pc.fill_null(pc.match_substring(text, chr(0)), False).to_numpy(zero_copy_only=False)
        log_rows(log, table.name, nul, column.name, "nul_byte", _describe_nul(parsed))


def _may_hold_nul(text: pa.Array) -> bool:
    """False when the array's character data (perhaps more than the array uses) has no zero byte: one fast scan."""
    data = text.buffers()[2]
    return data is not None and data.size > 0 and int(np.frombuffer(data, dtype=np.uint8).min()) == 0


def _describe_long(parsed: ParsedColumn, lengths: np.ndarray, longest: int) -> Describe:
    def describe(row: int) -> tuple[str, str]:
        return parsed.shown(row), f"{int(lengths[row]):,} characters, more than the {longest:,} allowed"

    return describe


def _describe_nul(parsed: ParsedColumn) -> Describe:
    def describe(row: int) -> tuple[str, str]:
        value, text = parsed.shown(row), parsed.text[row].as_py() if parsed.text is not None else ""
        where = f"at character {text.index(chr(0)) + 1}"
        return (
            value,
            f"{value!r} holds a NUL byte (\\x00) {where}; text cannot hold one (is the file UTF-16, or binary?)",
        )

    return describe
