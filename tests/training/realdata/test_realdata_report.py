"""Fold summaries, the issue's targets and the Markdown table."""

import pytest

from training.realdata.evaluation import LabelEvaluation
from training.realdata.nyc import LABELS
from training.realdata.report import label_payload, nyc_payload, render_markdown, spread, target_checks

FOLD = {
    "roc_auc": 0.94, "pr_auc": 0.30, "precision_at_1pct": 0.60, "precision_at_5pct": 0.3, "recall_at_5pct": 0.5,
    "ece": 0.01, "base_rate": 0.024, "rule_roc_auc": 0.8, "rule_pr_auc": 0.2, "rule_precision_at_1pct": 0.35,
    "rule_precision_at_5pct": 0.2, "size_only_roc_auc": 0.81, "size_only_pr_auc": 0.12,
    "size_only_precision_at_1pct": 0.2,
}  # fmt: skip


def test_spread_is_mean_sample_std_min_max():
    stats = spread([{"roc_auc": 0.90}, {"roc_auc": 0.92}, {"roc_auc": 0.94}])
    assert stats["roc_auc"] == pytest.approx({"mean": 0.92, "std": 0.02, "min": 0.90, "max": 0.94})
    assert "pr_auc" not in stats


def test_targets_compare_with_the_issue_bars_and_the_rule():
    means = dict(FOLD)
    assert all(target_checks("label_a", means).values())
    means |= {"precision_at_1pct": 0.50, "pr_auc": 0.26, "size_only_roc_auc": 0.92}
    assert target_checks("label_a", means) == {
        "roc_auc": True, "pr_auc": False, "precision_at_1pct_vs_rule": False, "above_size_only": False
    }  # fmt: skip
    assert target_checks("label_b", FOLD)["pr_auc"] is False  # 0.30 < 0.43


def test_payload_and_markdown_carry_every_required_metric():
    evaluation = LabelEvaluation(LABELS[0], [FOLD, FOLD | {"roc_auc": 0.96}], {"violations": 5}, 33)
    block = label_payload(evaluation)
    for key in (
        "roc_auc",
        "pr_auc",
        "precision_at_1pct",
        "precision_at_5pct",
        "ece",
        "rule_precision_at_1pct",
        "size_only_roc_auc",
    ):
        assert isinstance(block[key], float)
    assert block["roc_auc"] == pytest.approx(0.95)
    assert block["precision_at_1pct_over_rule"] == pytest.approx(0.60 / 0.35, abs=1e-3)
    assert block["spread"]["roc_auc"]["max"] == 0.96
    markdown = render_markdown(nyc_payload({"label_a": evaluation}))
    assert "| roc_auc | 0.950 ± 0.014 [0.940, 0.960] |" in markdown
    assert "violations (5: Many housing-code repair violations)" in markdown
