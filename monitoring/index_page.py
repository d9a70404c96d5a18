"""The report folder's index.html: the verdict and its reasons, drift beyond trend, quality and performance."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}"
    "table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;"
    "text-align:left}th{background:#f4f4f4}td.n{text-align:right}"
    ".ok{color:#176e2c}.warn{color:#9a6700}.retrain{color:#b42318}"
)
_PERFORMANCE = ("as_of", "rows", "positives", "base_rate", "mean_probability", "roc_auc", "pr_auc", "ece")


def _cell(value: Any) -> str:
    if value is None:
        return "<td>–</td>"
    if isinstance(value, float):
        return f"<td class='n'>{value:,.4f}</td>" if abs(value) < 10 else f"<td class='n'>{value:,.0f}</td>"
    return f"<td>{escape(str(value))}</td>"


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(_cell(r.get(c)) for c in columns) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _list(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>" if items else "<p>None.</p>"


def render_index(summary: dict[str, Any]) -> str:
    """A small self-contained page; the Evidently reports sit beside it in the same folder."""
    verdict, model = summary["verdict"], summary["model"]
    method = summary["drift_method"]
    prediction = [summary["prediction_drift"]] if summary["prediction_drift"] else []
    quality_link = ", <a href='quality.html'>data summary of those columns</a>" if summary["quality_issues"] else ""
    parts = [
        f"<h1>Monitoring {escape(summary['as_of'])}: <span class='{escape(verdict)}'>{escape(verdict)}</span></h1>",
        f"<p>Model {escape(model['name'])} v{escape(str(model['version']))} (run {escape(str(model['run_id']))}). "
        f"Reference rows {summary['rows']['reference']:,}; current rows {summary['rows']['current']:,}.</p>",
        "<h2>Reasons</h2>", _list(summary["reasons"]),
        f"<h2>Drift</h2><p>Evidently DataDriftPreset, method <b>{escape(method['method'])}</b>, threshold "
        f"{method['threshold']}; beyond trend when the score is also ≥ {method['trend_factor']} × the trend's "
        f"prediction. Drift share {summary['drift_share']:.1%} of features "
        "(<a href='drift.html'>drift report</a>).</p>",
        "<h3>Features drifting beyond their training trend</h3>", _list(summary["unexpected_drift"]),
        "<h3>Prediction</h3>", _table(prediction, ("score", "drifted", "trend", "unexpected")),
        f"<h2>Data quality issues</h2><p>Severity info is reported only{quality_link}.</p>",
        _table(summary["quality_issues"], ("column", "check", "severity", "detail")),
        "<h3>Empty values (share of rows)</h3>", _table(summary["missing_shares"], ("column", "reference", "current")),
        "<h2>Performance on matured labels</h2>", _table(summary["performance_by_month"], _PERFORMANCE),
    ]  # fmt: skip
    title = f"Dispute Radar monitoring {escape(summary['as_of'])}"
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"<style>{_STYLE}</style></head><body>{''.join(parts)}</body></html>\n"
    )
