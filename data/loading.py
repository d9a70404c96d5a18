"""Reading a dataset folder: one `<table>.csv` or `<table>.parquet` per contract table, then validation."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TextIO

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from data.contract import TABLES
from data.dataset import Dataset
from data.parsing import shown
from data.problems import Problem, ProblemLog, Report, ValidationFailed
from data.validation import validate_tables

FORMATS = ("csv", "parquet")
MAX_ROW_BYTES = 64 * 2**20
"""The longest CSV row read, as large as an upload may be; a file with a longer row is located by row, not read."""
_BLOCK_BYTES = pa_csv.ReadOptions().block_size  # Arrow's default: a row longer than this straddles two blocks
_LINE_CHARS = 2**20  # the longest line the csv module is handed, far beyond its field limit of 131,072 characters


def load_dataset(path: Path, *, now: datetime | None = None) -> Dataset:
    """Read and validate a dataset folder; raise ValidationFailed with a report when anything is wrong.

    `now` is the time of loading (default: the current time in Asia/Shanghai), which no record may follow.
    """
    return validate_tables(read_raw_tables(path), now=now)


def read_raw_tables(path: Path) -> dict[str, pd.DataFrame]:
    """Read every contract table present in the folder: CSV as strings ('' is empty), Parquet as typed values."""
    log = ProblemLog()
    if not path.is_dir():
        what = "is not a folder" if path.exists() else "does not exist"
        log.add(Problem("", None, None, str(path), "missing_folder", f"dataset folder {path} {what}"))
    log.raise_if_any()
    raw: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        files = [path / f"{name}.{suffix}" for suffix in FORMATS if (path / f"{name}.{suffix}").is_file()]
        if len(files) > 1:
            message = f"both {name}.csv and {name}.parquet are present; keep only one"
            log.add(Problem(name, None, None, None, "ambiguous_file", message))
        elif files and (frame := _read_or_log(name, files[0], log)) is not None:
            raw[name] = frame
    log.raise_if_any()
    return raw


def _read_or_log(name: str, file: Path, log: ProblemLog) -> pd.DataFrame | None:
    """The table file's frame, or None after logging why it could not be read."""
    try:
        return read_table_file(file)
    except ValidationFailed as failure:
        log.add_counted(failure.report.total, failure.report.problems)
        return None
    except UnicodeDecodeError as error:
        message = f"{file.name} is not UTF-8 text ({error.reason} at byte {error.start}); save it as UTF-8"
    except (pa.ArrowException, csv.Error) as error:
        message = f"{file.name} could not be read: {error}"
    log.add(Problem(name, None, None, None, "unreadable_file", message))
    return None


def read_table_file(file: Path) -> pd.DataFrame:
    """One table file as a DataFrame: text columns as string[pyarrow], CSV cells all text.

    Raises ValidationFailed, naming the row, for a CSV row too long to read (see MAX_ROW_BYTES), and ArrowInvalid
    for other broken CSV, its message cut short: Arrow's quotes the whole offending row, however long.
    """
    if file.suffix == ".parquet":
        table = pq.read_table(file)
    else:
        try:
            table = _read_csv(file)
        except pa.ArrowInvalid as error:
            raise pa.ArrowInvalid(shown(str(error))) from None
    return table.to_pandas(types_mapper=_pandas_type, date_as_object=False, ignore_metadata=True)


def _read_csv(file: Path) -> pa.Table:
    """Read in Arrow's default blocks; should a row straddle two, again in one block as large as the file allows.

    A row longer than a default block (1 MiB) always breaks the contract (the longest allowed is some 50 kB), so the
    second read serves only to name the cell, and runs on one thread to hold one block in memory at a time.
    """
    size = file.stat().st_size
    try:
        return _arrow_csv(file, _BLOCK_BYTES)
    except pa.ArrowInvalid:
        if size < _BLOCK_BYTES:
            raise
    try:
        return _arrow_csv(file, min(size + 1, MAX_ROW_BYTES), use_threads=False)
    except pa.ArrowInvalid:
        row = _first_overlong_row(file) if size >= MAX_ROW_BYTES else None
        if row is None:
            raise
    message = "a cell of this row is far longer than any column allows, or a quote opened in it is never closed "
    message += f"(rows over {MAX_ROW_BYTES / 2**20:g} MiB are not read, so the column is not named)"
    raise ValidationFailed(Report((Problem(file.stem, row, None, None, "cell_too_large", message),), 1))


def _arrow_csv(file: Path, block_size: int, *, use_threads: bool = True) -> pa.Table:
    names = _csv_header(file)
    return pa_csv.read_csv(
        file,
        read_options=pa_csv.ReadOptions(block_size=block_size, use_threads=use_threads),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),  # Chinese free text may span lines
        convert_options=pa_csv.ConvertOptions(
            column_types={name: pa.large_string() for name in names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
        ),
    )


def _first_overlong_row(file: Path) -> int | None:
    """The 1-based data row where a cell outgrows the csv module's field limit, streaming the file in short lines."""
    rows = 0  # read so far, the header included: the next one is data row `rows`
    with file.open(encoding="utf-8-sig", newline="") as stream:
        try:
            for _ in csv.reader(_bounded_lines(stream)):
                rows += 1
        except csv.Error:
            return rows or None
    return None


def _csv_header(file: Path) -> list[str]:
    with file.open(encoding="utf-8-sig", newline="") as stream:
        return next(csv.reader(_bounded_lines(stream)), [])


def _bounded_lines(stream: TextIO) -> Iterator[str]:
    """The stream's lines, refusing one longer than _LINE_CHARS instead of holding it all in memory."""
    while line := stream.readline(_LINE_CHARS):
        if len(line) == _LINE_CHARS and line[-1] not in "\r\n":
            raise csv.Error(f"a line is longer than {_LINE_CHARS:,} characters")
        yield line


def _pandas_type(arrow_type: pa.DataType) -> pd.api.extensions.ExtensionDtype | None:
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype("pyarrow")
    return None
