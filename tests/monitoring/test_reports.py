import json
from datetime import datetime
from pathlib import Path

from monitoring.index_page import render_index
from monitoring.latest import latest_report
from monitoring.reports import headline_metrics, new_report_folder

NOW = datetime(2026, 1, 5, 9, 30, 0)
SUMMARY = {
    "verdict": "warn", "reasons": ["2 features drift beyond their training trend: <b>x</b>"], "as_of": "2026-01-01",
    "model": {"name": "dispute-risk", "version": "3", "run_id": "abc"},
    "drift_method": {"method": "wasserstein", "threshold": 0.2, "trend_factor": 2.0},
    "drift_share": 0.25, "drifted_features": ["a", "b"], "unexpected_drift": ["a"],
    "prediction_drift": {"score": 0.3, "drifted": True, "trend": 0.2, "unexpected": False},
    "quality_issues": [{"column": "c", "check": "missing", "severity": "warn", "detail": "rose"}],
    "missing_shares": [{"column": "c", "reference": 0.0, "current": 0.1}],
    "performance_by_month": [
        {"as_of": "2025-09-01", "rows": 100.0, "roc_auc": 0.8, "pr_auc": 0.2, "ece": 0.01},
        {"as_of": "2025-10-01", "rows": 100.0, "roc_auc": None, "pr_auc": 0.25, "ece": 0.02},
    ],
    "rows": {"reference": 10, "current": 5, "matured": 200},
}  # fmt: skip


def complete(folder: Path, verdict: str) -> None:
    (folder / "drift.html").write_text("<html></html>", encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps(SUMMARY | {"verdict": verdict}), encoding="utf-8")


def test_every_pass_gets_a_new_folder(tmp_path):
    first, second = new_report_folder(tmp_path, NOW), new_report_folder(tmp_path, NOW)
    assert first.name == "20260105T093000"
    assert second.name == "20260105T093000-1"
    assert first.is_dir()
    assert second.is_dir()


def test_latest_report_is_the_newest_complete_folder(tmp_path):
    assert latest_report(tmp_path / "absent") is None
    folders = [new_report_folder(tmp_path, NOW) for _ in range(11)]
    for i, folder in enumerate(folders[:-1]):
        complete(folder, f"v{i}")
    # The last folder is still being written (no summary yet): readers skip it.
    (folders[-1] / "drift.html").write_text("<html></html>", encoding="utf-8")
    summary, html = latest_report(tmp_path)
    assert summary["verdict"] == "v9"  # "-10" is newer than "-9"
    assert html == folders[-2] / "drift.html"


def test_headline_metrics_skip_what_is_unknown():
    metrics = headline_metrics(SUMMARY)
    assert metrics["drift_share"] == 0.25
    assert metrics["unexpected_drift"] == 1.0
    assert metrics["prediction_drift"] == 0.3
    assert metrics["latest_pr_auc"] == 0.25
    assert "latest_roc_auc" not in metrics


def test_the_index_page_escapes_text_and_links_the_reports():
    page = render_index(SUMMARY)
    assert "<b>x</b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page
    assert "href='drift.html'" in page
    assert "href='quality.html'" in page
    assert "2025-10-01" in page
    assert render_index(SUMMARY | {"quality_issues": []}).count("quality.html") == 0
