"""The not_future rule: no record may be dated later than the time of loading plus FUTURE_TOLERANCE.

Dates, timestamps and periods say when something happened or became known. Features cut a dataset at an as-of
date by them, and `--as-of latest` is the latest of them, so a single complaint dated 2099 would have a whole
district scored as of 2099. A period counts from its first day: a bill is known from then, and a ledger month
cannot be disclosed before it begins. Columns marked `may_be_future` are the one exception: fee_bills.due_date is a
deadline, and a bill issued today may fall due weeks ahead.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.checks import Describe, log_rows
from data.contract import FUTURE_TOLERANCE, LOCAL_TZ, Column, Kind, Table
from data.parsing import ParsedColumn
from data.problems import ProblemLog
from data.textarrays import text_array

_DATED = frozenset({Kind.DATE, Kind.TIMESTAMP, Kind.PERIOD})


def local_now() -> datetime:
    """The current wall-clock time in Asia/Shanghai, naive like every typed timestamp."""
    return datetime.now(ZoneInfo(LOCAL_TZ)).replace(tzinfo=None)


def latest_allowed(now: datetime | None = None) -> pd.Timestamp:
    """The latest moment a record may be dated: `now` (default: local_now(); aware times made local) + tolerance."""
    moment = local_now() if now is None else now
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(LOCAL_TZ)).replace(tzinfo=None)
    return pd.Timestamp(moment) + FUTURE_TOLERANCE


def check_not_future(
    table: Table, typed: pd.DataFrame, parsed: Mapping[str, ParsedColumn], latest: pd.Timestamp, log: ProblemLog
) -> None:
    """Every date, timestamp and period of the table, but the `may_be_future` ones, lies at or before `latest`."""
    exempt = [column.name for column in table.columns if column.may_be_future]
    for column in table.columns:
        if column.kind not in _DATED or column.may_be_future:
            continue
        later = _later_than(typed[column.name], column, latest)
        describe = _describe(parsed[column.name], _message(column, latest, exempt))
        log_rows(log, table.name, later, column.name, "not_future", describe)


def _later_than(values: pd.Series, column: Column, latest: pd.Timestamp) -> np.ndarray:
    """True where a set value (for a period: its first day) lies after `latest`."""
    if column.kind is Kind.PERIOD:  # 'YYYY-MM' text: later months sort after the month of `latest`
        after = pc.greater(text_array(values), pa.scalar(latest.strftime("%Y-%m"), pa.large_string()))
        return pc.fill_null(after, False).to_numpy(zero_copy_only=False)
    moments = values.to_numpy(dtype="datetime64[ns]")
    return ~np.isnat(moments) & (moments > latest.to_datetime64())


def _describe(parsed: ParsedColumn, message: str) -> Describe:
    def describe(row: int) -> tuple[str, str]:
        return parsed.shown(row), parsed.shown(row) + message

    return describe


def _message(column: Column, latest: pd.Timestamp, exempt: list[str]) -> str:
    hours = FUTURE_TOLERANCE.total_seconds() / 3600
    limit = f"nothing may be dated after {latest:%Y-%m-%d %H:%M:%S} (the time of loading plus {hours:g} hours)"
    if column.kind is Kind.PERIOD:
        text = f" begins in the future; a period counts from its first day, and {limit}"
    else:
        text = f" is in the future; {limit}"
    if exempt:
        text += f"; only {', '.join(exempt)} may lie ahead"
    return text
