"""benchmarks.oracle_gap: the summary of gaps per learner and the report (no training here)."""

from __future__ import annotations

import math

import pytest

from benchmarks.oracle_gap import CEILINGS, markdown, summarise


def _run(vary: int, oracle: float, disposition: float, ceiling: float, default: float) -> dict[str, object]:
    def scores(roc: float) -> dict[str, float]:
        return {"roc_auc": roc, "pr_auc": roc / 10}

    return {
        "vary": vary, "test_positives": 2000, "train_positives": 9000, "oracle": scores(oracle),
        "ceiling_disposition": scores(disposition), "ceiling": scores(ceiling), "default": scores(default),
    }  # fmt: skip


def test_each_learner_is_summarised_by_its_median_and_worst_distance_from_the_oracle() -> None:
    runs = [_run(1, 0.80, 0.79, 0.76, 0.75), _run(2, 0.75, 0.74, 0.70, 0.65), _run(3, 0.90, 0.895, 0.89, 0.88)]
    summary = summarise(runs, [*CEILINGS, "default"])
    assert summary["ceiling"]["roc_gap_median"] == pytest.approx(0.04)
    assert summary["ceiling"]["roc_gap_worst"] == pytest.approx(0.05)
    assert summary["ceiling_disposition"]["roc_gap_median"] == pytest.approx(0.01)
    assert summary["default"]["roc_gap_worst"] == pytest.approx(0.10)
    assert summary["default"]["pr_share_worst"] == pytest.approx(0.65 / 0.75)


def test_the_report_shows_the_disposition_ceiling_and_reads_runs_measured_before_it() -> None:
    runs = [_run(1, 0.80, 0.79, 0.76, 0.75), _run(2, 0.75, 0.74, 0.70, 0.65)]
    old = dict(runs[1])
    del old["ceiling_disposition"]
    result = {
        "scale": "district", "plain": False, "varies": [1, 2], "runs": [runs[0], old],
        "summary": summarise(runs, [*CEILINGS, "default"]), "load_avg_1m": 1.0, "cpus": 2,
    }  # fmt: skip
    page = markdown(result)
    assert "| ceiling_disposition | 0.0100 |" in page
    rows = [line for line in page.splitlines() if line.startswith("| 1 |") or line.startswith("| 2 |")]
    assert rows[0].split(" | ")[3] == "0.7900"
    assert math.isnan(float(rows[1].split(" | ")[3]))
