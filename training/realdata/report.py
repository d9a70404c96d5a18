"""Summaries of the NYC cross-validation: mean and spread per metric, the issue's targets, JSON and Markdown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from models.reason_text_nyc import NYC_GENERIC
from training.realdata.evaluation import LabelEvaluation

HEADLINE = (
    "roc_auc", "pr_auc", "precision_at_1pct", "precision_at_5pct", "recall_at_5pct", "ece", "base_rate",
    "rule_roc_auc", "rule_pr_auc", "rule_precision_at_1pct", "rule_precision_at_5pct",
    "size_only_roc_auc", "size_only_pr_auc", "size_only_precision_at_1pct",
    "logistic_roc_auc", "logistic_pr_auc", "logistic_precision_at_1pct",
)  # fmt: skip
# "Clearly above size-only": at least this many ROC-AUC points.
SIZE_ONLY_MARGIN = 0.03


@dataclass(frozen=True)
class Target:
    """The issue's bar for one label: ROC-AUC, PR-AUC and precision at 1% as a multiple of the rule's."""

    roc_auc: float
    pr_auc: float
    rule_multiple: float = 1.5


TARGETS = {"label_a": Target(roc_auc=0.93, pr_auc=0.27), "label_b": Target(roc_auc=0.88, pr_auc=0.43)}


def spread(folds: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    """Mean, sample standard deviation, min and max over folds of every headline metric present."""
    out = {}
    for name in HEADLINE:
        values = np.array([f[name] for f in folds if name in f], dtype=float)
        if len(values):
            std = float(values.std(ddof=1)) if len(values) > 1 else 0.0
            out[name] = {
                "mean": float(values.mean()),
                "std": std,
                "min": float(values.min()),
                "max": float(values.max()),
            }
    return out


def target_checks(key: str, means: dict[str, float]) -> dict[str, bool]:
    """Which of the label's targets the fold means meet."""
    target = TARGETS[key]
    return {
        "roc_auc": means["roc_auc"] >= target.roc_auc,
        "pr_auc": means["pr_auc"] >= target.pr_auc,
        "precision_at_1pct_vs_rule": means["precision_at_1pct"]
        >= target.rule_multiple * means["rule_precision_at_1pct"],
        "above_size_only": means["roc_auc"] - means["size_only_roc_auc"] >= SIZE_ONLY_MARGIN,
    }


def label_payload(evaluation: LabelEvaluation) -> dict[str, object]:
    """Fold means under the published metric names, plus spread, targets and reason families."""
    stats = spread(evaluation.folds)
    means = {name: round(s["mean"], 6) for name, s in stats.items()}
    rounded = {name: {k: round(v, 6) for k, v in s.items()} for name, s in stats.items()}
    return {
        **means,
        "precision_at_1pct_over_rule": round(
            means["precision_at_1pct"] / max(means["rule_precision_at_1pct"], 1e-9), 3
        ),
        "targets_met": target_checks(evaluation.label.key, means),
        "spread": rounded,
        "folds": len(evaluation.folds),
        "features": evaluation.features,
        "lead_reasons_top_1pct": evaluation.lead_reasons,
        "label": evaluation.label.description,
    }


def nyc_payload(evaluations: dict[str, LabelEvaluation]) -> dict[str, dict[str, object]]:
    """`{"label_a": {...}, "label_b": {...}}`: what `--json` prints and the benchmark stores."""
    return {key: label_payload(evaluation) for key, evaluation in evaluations.items()}


def _cell(stats: dict[str, float]) -> str:
    return f"{stats['mean']:.3f} ± {stats['std']:.3f} [{stats['min']:.3f}, {stats['max']:.3f}]"


def render_markdown(payload: Mapping[str, Mapping[str, Any]]) -> str:
    """Results and targets as Markdown tables (mean ± std [min, max] over folds)."""
    keys = list(payload)
    lines = ["| metric | " + " | ".join(keys) + " |", "|---|" + "---|" * len(keys)]
    for name in HEADLINE:
        cells = [payload[k]["spread"].get(name) for k in keys]
        if all(cells):
            lines.append(f"| {name} | " + " | ".join(_cell(c) for c in cells) + " |")
    lines += ["", "| target | " + " | ".join(keys) + " |", "|---|" + "---|" * len(keys)]
    for check in ("roc_auc", "pr_auc", "precision_at_1pct_vs_rule", "above_size_only"):
        marks = ["met" if payload[k]["targets_met"][check] else "**not met**" for k in keys]
        lines.append(f"| {check} | " + " | ".join(marks) + " |")
    lines += ["", "Lead reason family among each fold's top 1%:", ""]
    for key in keys:
        reasons = payload[key]["lead_reasons_top_1pct"]
        described = ", ".join(f"{f} ({n}: {NYC_GENERIC.get(f, (f, f))[1]})" for f, n in reasons.items())
        lines.append(f"- {key}: {described}")
    return "\n".join(lines) + "\n"
