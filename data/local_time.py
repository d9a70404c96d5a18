"""The service's clock: naive local time (Asia/Shanghai) in storage, zoned time in answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator

from data.contract import LOCAL_TZ


def now_local() -> datetime:
    """The current time, naive, in the service's zone."""
    return datetime.now(ZoneInfo(LOCAL_TZ)).replace(tzinfo=None)


def _with_zone(value: datetime) -> datetime:
    """Stored times are naive local time; answers carry the zone (RFC 3339 date-time with +08:00)."""
    return value.replace(tzinfo=ZoneInfo(LOCAL_TZ)) if value.tzinfo is None else value


LocalTime = Annotated[datetime, AfterValidator(_with_zone)]
"""A stored local time, answered with its zone."""
