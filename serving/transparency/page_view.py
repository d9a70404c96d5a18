"""What a community page shows beyond its stored content: the charts, with labels in the page's language."""

from __future__ import annotations

from collections.abc import Callable

from scoring.transparency.page_model import KeyedFigure, TransparencyPage
from serving.transparency import labels
from serving.transparency.charts import Chart, Item, bar_chart, share_columns

Gettext = Callable[[str], str]


def _items(figures: list[KeyedFigure], names: dict[str, str], _: Gettext) -> list[Item]:
    return [Item(item.key, _(names.get(item.key, item.key)), item.figure) for item in figures]


def community_charts(page: TransparencyPage, _: Gettext) -> dict[str, Chart]:
    """The five charts of a community page, by section."""
    months = page.fees.collection_by_month
    span = {"first": months[0].key, "last": months[-1].key} if months else {"first": "", "last": ""}
    columns = [Item(item.key, item.key, item.figure, tick=item.key[5:]) for item in months]
    accounts = [Item(name, _(label), getattr(page.accounts, name)) for name, label in labels.ACCOUNT_BARS.items()]
    disputes = page.disputes
    return {
        "collection": share_columns(
            "chart-collection", _(labels.CHARTS["collection"]),
            _("Share of each month's billed fees paid by the as-of date, %(first)s to %(last)s.") % span, columns,
        ),
        "accounts": bar_chart(
            "chart-accounts", _(labels.CHARTS["accounts"]),
            _("Totals in CNY over the window's disclosed months."), accounts,
        ),
        "complaints": bar_chart(
            "chart-complaints", _(labels.CHARTS["complaints"]), _("Complaints made in the window, by category."),
            _items(page.complaints.complaints_by_category, labels.COMPLAINT_CATEGORIES, _),
        ),
        "disputes_by_kind": bar_chart(
            "chart-disputes-kind", _(labels.CHARTS["disputes_by_kind"]),
            _("Disputes filed in the window, by what they were about."),
            _items(disputes.disputes_by_kind, labels.DISPUTE_KINDS, _),
        ),
        "disputes_by_venue": bar_chart(
            "chart-disputes-venue", _(labels.CHARTS["disputes_by_venue"]),
            _("Disputes filed in the window, by where they were filed."),
            _items(disputes.disputes_by_venue, labels.DISPUTE_VENUES, _),
        ),
    }  # fmt: skip
