"""Chart geometry for the pages' inline SVG: monthly columns for shares, labelled bars for counts and money.

Charts are drawn on the server: a fixed viewBox that scales to the screen, no script. A figure that is not shown
(suppressed or unavailable) gets no bar, only its text ("<5" or a dash), exactly as in the data table below it.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.transparency.page_model import Figure

WIDTH = 360
_ROW, _BAR, _BAR_SPAN = 36, 12, 250  # horizontal bars: row height, bar thickness, longest bar
_PLOT_LEFT, _PLOT_RIGHT, _PLOT_TOP, _PLOT_BOTTOM = 40, 352, 12, 160  # monthly columns
_COLUMN_HEIGHT = 196


@dataclass(frozen=True)
class Item:
    """What a chart shows for one key: its label, a short tick for under a column, and the figure."""

    key: str
    label: str
    figure: Figure
    tick: str = ""

    @property
    def drawn(self) -> bool:
        """Only a figure that is shown gets a mark."""
        return self.figure.status == "ok" and self.figure.value is not None


@dataclass(frozen=True)
class Bar:
    """One mark: the item, its rectangle (not drawn when the figure is not shown) and where its texts go."""

    item: Item
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    text_x: float = 0.0
    text_y: float = 0.0

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def label(self) -> str:
        return self.item.label

    @property
    def tick(self) -> str:
        return self.item.tick or self.item.label

    @property
    def shown(self) -> str:
        return self.item.figure.shown

    @property
    def kind(self) -> str:
        return self.item.figure.kind

    @property
    def drawn(self) -> bool:
        return self.item.drawn


@dataclass(frozen=True)
class Gridline:
    x1: float
    x2: float
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    """A chart and the rows of the data table behind it."""

    chart_id: str
    title: str
    description: str
    layout: str  # "columns" or "bars"
    width: int
    height: int
    bars: tuple[Bar, ...]
    gridlines: tuple[Gridline, ...] = ()


def _value(item: Item) -> float:
    return max(item.figure.value or 0.0, 0.0) if item.drawn else 0.0


def bar_chart(chart_id: str, title: str, description: str, items: list[Item]) -> Chart:
    """Horizontal bars, each under its label, scaled to the largest value shown."""
    largest = max((_value(item) for item in items), default=0.0) or 1.0
    bars = []
    for i, item in enumerate(items):
        top, length = i * _ROW, round(_BAR_SPAN * _value(item) / largest, 1)
        bars.append(Bar(item, 0, top + 18, length, _BAR, 0, top + 13, round(length + 6, 1), top + 28))
    return Chart(chart_id, title, description, "bars", WIDTH, len(items) * _ROW + 4, tuple(bars))


def share_columns(chart_id: str, title: str, description: str, items: list[Item]) -> Chart:
    """One column per item on a 0–100% scale; the item's short tick is written under its column."""
    slot = (_PLOT_RIGHT - _PLOT_LEFT) / max(len(items), 1)
    span = _PLOT_BOTTOM - _PLOT_TOP
    bars = []
    for i, item in enumerate(items):
        height = round(span * min(_value(item), 1.0), 1)
        left = _PLOT_LEFT + i * slot + slot * 0.15
        bars.append(
            Bar(item, round(left, 1), _PLOT_BOTTOM - height, round(slot * 0.7, 1), height,
                round(left + slot * 0.35, 1), _PLOT_BOTTOM + 16)
        )  # fmt: skip
    grid = tuple(Gridline(_PLOT_LEFT, _PLOT_RIGHT, _PLOT_BOTTOM - span * q, f"{q:.0%}") for q in (0.0, 0.5, 1.0))
    return Chart(chart_id, title, description, "columns", WIDTH, _COLUMN_HEIGHT, tuple(bars), grid)
