"""Find the newest complete monitoring report. Light on purpose: the API reads it without the monitoring stack."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SUMMARY = "summary.json"
REPORT = "drift.html"


def _creation_order(folder: Path) -> tuple[str, int]:
    """Folder names sort by time, then by the clash suffix as a number (-10 after -9)."""
    stem, _, suffix = folder.name.partition("-")
    return stem, int(suffix) if suffix.isdigit() else 0


def latest_report(reports_dir: Path) -> tuple[dict[str, Any], Path] | None:
    """The newest complete report: its summary and its drift HTML, or None when there is none yet."""
    if not reports_dir.is_dir():
        return None
    for folder in sorted((p for p in reports_dir.iterdir() if p.is_dir()), key=_creation_order, reverse=True):
        summary, html = folder / SUMMARY, folder / REPORT
        if summary.is_file() and html.is_file():
            return json.loads(summary.read_text(encoding="utf-8")), html
    return None
