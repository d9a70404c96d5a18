"""Upload bodies for /v1/ingest: CSV read exactly as a dataset file is, or JSON rows, into a raw all-text frame."""

from __future__ import annotations

import csv
import math
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
from pydantic import TypeAdapter, ValidationError

from data.contract import OPTIONAL_TABLES, REQUIRED_TABLES
from data.dataset import Dataset
from data.loading import read_table_file
from data.problems import Problem, Report, ValidationFailed
from data.store import Store
from data.validation import validate_tables

MAX_UPLOAD_BYTES = 64 * 1024 * 1024
CSV_TYPES = ("text/csv", "application/csv")
JSON_TYPES = ("application/json",)

Cell = str | int | float | bool | None
_ROWS = TypeAdapter(list[dict[str, Cell]])


class UnsupportedUploadError(ValueError):
    """The body is neither CSV nor JSON."""


class UploadTooLargeError(ValueError):
    """The body is over the upload limit."""


async def read_limited(chunks: AsyncIterator[bytes], declared_length: str, limit: int) -> bytes:
    """The whole body, read chunk by chunk; stops at the first byte past `limit` (a declared length is checked
    before reading anything), so a body without Content-Length is never read whole."""
    too_large = UploadTooLargeError(f"Uploads are limited to {limit / 2**20:g} MiB; split the table into parts.")
    if declared_length.isdigit() and int(declared_length) > limit:
        raise too_large
    parts, size = [], 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise too_large
        parts.append(chunk)
    return b"".join(parts)


def _unreadable(table: str, message: str) -> ValidationFailed:
    return ValidationFailed(Report((Problem(table, None, None, None, "unreadable_file", message),), 1))


def read_csv_upload(body: bytes, table: str) -> pd.DataFrame:
    """The body through the same CSV reader as `<table>.csv` in a dataset folder."""
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        path = Path(folder) / f"{table}.csv"
        path.write_bytes(body)
        try:
            return read_table_file(path)
        except UnicodeDecodeError as error:
            raise _unreadable(table, f"the upload is not UTF-8 text ({error.reason} at byte {error.start})") from None
        except (pa.ArrowException, csv.Error, StopIteration) as error:
            raise _unreadable(table, f"the CSV could not be read: {error}") from None


def _cell_text(value: Cell) -> str:
    """A JSON cell as the text a CSV cell would hold ('' for null)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):  # NaN: a key absent from the row
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def read_json_upload(body: bytes, table: str) -> pd.DataFrame:
    """A JSON array of row objects with scalar cells, as text cells; a key absent from a row is an empty cell."""
    try:
        rows = _ROWS.validate_json(body)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        message = f"the JSON must be an array of row objects with scalar cells ({where}: {first['msg']})"
        raise _unreadable(table, message) from None
    frame = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame()
    return frame.map(_cell_text).astype("string[pyarrow]")


def read_upload(body: bytes, content_type: str, table: str) -> pd.DataFrame:
    """The raw frame of an upload, by its content type."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media in CSV_TYPES:
        return read_csv_upload(body, table)
    if media in JSON_TYPES:
        return read_json_upload(body, table)
    raise UnsupportedUploadError(
        f"send the table as {' or '.join((*CSV_TYPES, *JSON_TYPES))}, not {media or 'no type'}"
    )


def stored_context(store: Store, firm_id: str | None = None) -> Dataset:
    """The store's registers (firms, communities, units): every table an upload's foreign keys can point at.

    For a firm, only its own firm, communities and units: a reference to anything else then reads exactly like a
    reference to an id that does not exist (same rule, same message), so the report is no existence oracle.
    """
    raw = {name: store.read_table(name) for name in REQUIRED_TABLES}
    if firm_id is not None:
        raw["firms"] = raw["firms"][raw["firms"]["firm_id"] == firm_id]
        raw["communities"] = raw["communities"][raw["communities"]["firm_id"] == firm_id]
        raw["units"] = raw["units"][raw["units"]["community_id"].isin(raw["communities"]["community_id"])]
    return validate_tables(raw, missing=OPTIONAL_TABLES)


def validate_upload(store: Store, table: str, frame: pd.DataFrame, firm_id: str | None = None) -> Dataset:
    """The uploaded table checked by the contract's validation against the store (for a firm: against its own
    registers only); raises ValidationFailed."""
    return validate_tables({table: frame}, context=stored_context(store, firm_id))
