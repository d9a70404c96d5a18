"""Reading a dataset folder: one `<table>.csv` or `<table>.parquet` per contract table, then validation."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from data.contract import TABLES
from data.dataset import Dataset
from data.problems import Problem, ProblemLog
from data.validation import validate_tables

FORMATS = ("csv", "parquet")


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
    except UnicodeDecodeError as error:
        message = f"{file.name} is not UTF-8 text ({error.reason} at byte {error.start}); save it as UTF-8"
    except (pa.ArrowException, csv.Error) as error:
        message = f"{file.name} could not be read: {error}"
    log.add(Problem(name, None, None, None, "unreadable_file", message))
    return None


def read_table_file(file: Path) -> pd.DataFrame:
    """One table file as a DataFrame: text columns as string[pyarrow], CSV cells all text."""
    if file.suffix == ".parquet":
        table = pq.read_table(file)
    else:
        names = _csv_header(file)
        table = pa_csv.read_csv(
            file,
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),  # Chinese free text may span lines
            convert_options=pa_csv.ConvertOptions(
                column_types={name: pa.large_string() for name in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    return table.to_pandas(types_mapper=_pandas_type, date_as_object=False, ignore_metadata=True)


def _csv_header(file: Path) -> list[str]:
    with file.open(encoding="utf-8-sig", newline="") as stream:
        return next(csv.reader(stream), [])


def _pandas_type(arrow_type: pa.DataType) -> pd.api.extensions.ExtensionDtype | None:
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype("pyarrow")
    return None
