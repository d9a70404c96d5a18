"""The district overview: search by name, sort by any column, one page of rows at a time."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal
from urllib.parse import urlencode

from scoring.transparency.page_model import OverviewRow, SortKey

PAGE_SIZE = 25
Order = Literal["asc", "desc"]
_BAND_ORDER = {"low": 0, "medium": 1, "high": 2, "critical": 3}

_SORT_VALUES: dict[str, Callable[[OverviewRow], object]] = {
    "name": lambda row: row.name,
    "firm": lambda row: row.firm_name,
    "subdistrict": lambda row: row.subdistrict,
    "fee_rate": lambda row: row.fee_rate.value,
    "collection_rate": lambda row: row.collection_rate.value,
    "complaint_resolved_share": lambda row: row.complaint_resolved_share.value,
    "repair_completion_days": lambda row: row.repair_completion_days.value,
    "band": lambda row: _BAND_ORDER.get(row.band or ""),
}


@dataclass(frozen=True)
class OverviewQuery:
    """What the reader asked for: a search text, a sort column and direction, and a page number."""

    q: str = ""
    sort: SortKey = "name"
    order: Order = "asc"
    page: int = 1


@dataclass(frozen=True)
class OverviewPage:
    """One page of the overview, with what the links to other pages and sort orders need."""

    rows: list[OverviewRow]
    matched: int
    total: int
    pages: int
    query: OverviewQuery
    as_of: date | None
    model_version: str | None

    def href(self, lang: str, **changes: object) -> str:
        """The overview URL with this page's query, changed as given (a new search or sort starts at page 1)."""
        query = replace(self.query, **changes)  # type: ignore[arg-type]
        params = {"lang": lang, "q": query.q, "sort": query.sort, "order": query.order, "page": query.page}
        return "/?" + urlencode({key: value for key, value in params.items() if value not in ("", None)})

    def sort_href(self, lang: str, column: str) -> str:
        """Sort by `column`; a second click on the current column reverses the order."""
        reverse = self.query.sort == column and self.query.order == "asc"
        return self.href(lang, sort=column, order="desc" if reverse else "asc", page=1)


def _matches(row: OverviewRow, text: str) -> bool:
    haystack = " ".join((row.name, row.firm_name, row.subdistrict, row.community_id)).casefold()
    return text in haystack


def _sorted(rows: list[OverviewRow], sort: str, order: Order) -> list[OverviewRow]:
    """Rows in the asked order; rows without a value (suppressed, missing, unscored) always come last."""
    value = _SORT_VALUES[sort]
    present = [row for row in rows if value(row) is not None]
    absent = [row for row in rows if value(row) is None]
    present.sort(key=lambda row: (value(row), row.name), reverse=order == "desc")
    return present + absent


def select_rows(
    rows: list[OverviewRow], query: OverviewQuery, as_of: date | None, model_version: str | None
) -> OverviewPage:
    """The page of rows that match the search, in the asked order; a page past the end shows the last page."""
    text = query.q.strip().casefold()
    matched = [row for row in rows if _matches(row, text)] if text else list(rows)
    pages = max(1, math.ceil(len(matched) / PAGE_SIZE))
    page = min(query.page, pages)
    ordered = _sorted(matched, query.sort, query.order)
    shown = ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return OverviewPage(shown, len(matched), len(rows), pages, replace(query, page=page), as_of, model_version)
