"""Turning the published figures of every community into its page content and its district overview row."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import pandas as pd
from pydantic import BaseModel

from data.dataset import Dataset
from features.transparency.community import Transparency
from features.transparency.spec import INDICATOR_BY_NAME
from scoring.transparency.formatting import shown_text
from scoring.transparency.page_model import (
    Accounts,
    Comparison,
    Complaints,
    Disputes,
    Fees,
    Figure,
    Identity,
    KeyedFigure,
    OverviewRow,
    Repairs,
    Risk,
    TransparencyPage,
)

SectionT = TypeVar("SectionT", bound=BaseModel)
Content = Figure | list[KeyedFigure] | dict[str, int]
SECTIONS: dict[str, type[BaseModel]] = {
    "fees": Fees,
    "accounts": Accounts,
    "complaints": Complaints,
    "repairs": Repairs,
    "disputes": Disputes,
}


@dataclass(frozen=True)
class PageContext:
    """What every page of one precompute run shares."""

    as_of: pd.Timestamp
    window_months: list[str]
    model_version: str | None
    computed_at: datetime
    missing_tables: list[str]
    min_count: int
    service_level_days: dict[str, int]


def _figure(value: float, kind: str, status: str, min_count: int, small: bool = False) -> Figure:
    number = None if pd.isna(value) else float(value)
    shown = shown_text(number, kind, status, min_count, small=small)  # type: ignore[arg-type]
    return Figure(value=number, status=status, shown=shown, kind=kind)  # type: ignore[arg-type]


def _figures(part: pd.DataFrame, min_count: int) -> tuple[dict[str, Figure], dict[str, list[KeyedFigure]]]:
    """One community's single figures by indicator and its breakdowns by indicator."""
    scalars: dict[str, Figure] = {}
    breakdowns: dict[str, list[KeyedFigure]] = {}
    columns = ["indicator", "key", "value", "kind", "status", "small"]
    for name, key, value, kind, status, small in part.loc[:, columns].itertuples(index=False):
        figure = _figure(value, kind, status, min_count, bool(small))
        if key:
            breakdowns.setdefault(name, []).append(KeyedFigure(key=key, figure=figure))
        else:
            scalars[name] = figure
    return scalars, breakdowns


def _section(model: type[SectionT], content: dict[str, Content]) -> SectionT:
    """A page section filled with the community's figures of the same names."""
    return model(**{name: content[name] for name in model.model_fields})


def _section_of(indicator: str) -> str:
    return next((name for name, model in SECTIONS.items() if indicator in model.model_fields), "identity")


def _comparisons(part: pd.DataFrame, scalars: dict[str, Figure], min_count: int) -> list[Comparison]:
    rows = []
    for name, median, communities, verdict in part.loc[:, ["indicator", "median", "communities", "verdict"]].itertuples(
        index=False
    ):
        rule = INDICATOR_BY_NAME[name].comparison
        assert rule is not None
        kind = INDICATOR_BY_NAME[name].kind
        status = "unavailable" if pd.isna(median) else "ok"
        rows.append(
            Comparison(
                indicator=name, section=_section_of(name), value=scalars[name],
                district_median=_figure(median, kind, status, min_count), verdict=verdict,
                higher_is_better=rule.direction > 0, tolerance=rule.tolerance, relative=rule.relative,
                communities=int(communities),
            )
        )  # fmt: skip
    return rows


def _identity(community: pd.Series, firm_name: str, fee_rate: Figure) -> Identity:
    built = community["built_year"]
    return Identity(
        community_id=str(community["community_id"]), name=str(community["name"]),
        district=str(community["district"]), subdistrict=str(community["subdistrict"]),
        firm_id=str(community["firm_id"]), firm_name=firm_name, built_year=None if pd.isna(built) else int(built),
        has_owners_committee=bool(community["has_owners_committee"]), fee_rate=fee_rate,
    )  # fmt: skip


def build_pages(
    transparency: Transparency, dataset: Dataset, risks: dict[str, Risk], context: PageContext
) -> Iterator[tuple[TransparencyPage, OverviewRow]]:
    """Each community's page and overview row; `risks` holds the risk section of every scored community."""
    firms = dict(zip(dataset["firms"]["firm_id"].astype(object), dataset["firms"]["name"].astype(object), strict=True))
    figures = dict(iter(transparency.figures.groupby("community_id", sort=False)))
    comparisons = dict(iter(transparency.comparison.groupby("community_id", sort=False)))
    unscored = Risk(band=None, expected_per100=None, horizon_days=None, drivers=[])
    for _, community in dataset["communities"].iterrows():
        cid = str(community["community_id"])
        scalars, breakdowns = _figures(figures[cid], context.min_count)
        content: dict[str, Content] = {**scalars, **breakdowns, "service_level_days": context.service_level_days}
        identity = _identity(community, str(firms.get(community["firm_id"], "")), scalars["fee_rate"])
        risk = risks.get(cid, unscored)
        page = TransparencyPage(
            community_id=cid, as_of=context.as_of.date(), window_months=context.window_months,
            model_version=context.model_version, computed_at=context.computed_at,
            missing_tables=context.missing_tables, identity=identity, risk=risk,
            comparison=_comparisons(comparisons[cid], scalars, context.min_count),
            fees=_section(Fees, content), accounts=_section(Accounts, content),
            complaints=_section(Complaints, content), repairs=_section(Repairs, content),
            disputes=_section(Disputes, content),
        )  # fmt: skip
        yield page, overview_row(page)


def overview_row(page: TransparencyPage) -> OverviewRow:
    """The district overview's line for a page."""
    return OverviewRow(
        community_id=page.community_id, name=page.identity.name, firm_name=page.identity.firm_name,
        subdistrict=page.identity.subdistrict, fee_rate=page.identity.fee_rate,
        collection_rate=page.fees.collection_rate, complaint_resolved_share=page.complaints.complaint_resolved_share,
        repair_completion_days=page.repairs.repair_completion_days, band=page.risk.band,
    )  # fmt: skip
