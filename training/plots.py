"""Evaluation figures saved as PNG artifacts. Uses matplotlib's object API: no global pyplot state."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.metrics import precision_recall_curve

from models.metrics import reliability_table
from training.fit import LABEL

SCORERS = (
    ("model", "Risk model"),
    ("logistic", "Logistic regression"),
    ("rule", "Rule (AEP-style)"),
    ("oracle", "Oracle"),
)


def precision_recall_figure(scores: pd.DataFrame) -> Figure:
    """Precision–recall curves of every scorer on the test window."""
    fig = Figure(figsize=(6, 4.5), layout="constrained")
    ax = fig.add_subplot()
    y = scores[LABEL].to_numpy()
    for column, label in SCORERS:
        if column in scores and scores[column].notna().all():
            precision, recall, _ = precision_recall_curve(y, scores[column].to_numpy())
            ax.plot(recall, precision, label=label, linestyle="--" if column == "oracle" else "-")
    ax.axhline(y.mean(), color="grey", linewidth=0.8, label=f"Base rate {y.mean():.2%}")
    ax.set(xlabel="Recall", ylabel="Precision", title="Precision–recall, test window", xlim=(0, 1), ylim=(0, 1))
    ax.legend(loc="upper right", fontsize=8)
    return fig


def reliability_figure(scores: pd.DataFrame) -> Figure:
    """Mean predicted probability against the observed rate, per equal-mass bin."""
    table = reliability_table(scores[LABEL].to_numpy(), scores["model"].to_numpy())
    fig = Figure(figsize=(5, 5), layout="constrained")
    ax = fig.add_subplot()
    top = max(table["predicted"].max(), table["observed"].max()) * 1.1
    ax.plot([0, top], [0, top], color="grey", linewidth=0.8, label="Perfect calibration")
    ax.plot(table["predicted"], table["observed"], marker="o", label="Risk model")
    ax.set(xlabel="Mean predicted probability", ylabel="Observed dispute rate", title="Reliability, test window")
    ax.legend(loc="upper left", fontsize=8)
    return fig


def family_importance_figure(family_contrib: pd.DataFrame) -> Figure:
    """Mean absolute contribution (log-odds) of each feature family."""
    importance = family_contrib.abs().mean().sort_values()
    fig = Figure(figsize=(6, 4), layout="constrained")
    ax = fig.add_subplot()
    ax.barh(importance.index, importance.to_numpy())
    ax.set(xlabel="Mean |contribution| (log-odds)", title="Feature-family importance")
    return fig


def contribution_summary_figure(family_contrib: pd.DataFrame, rows: int = 5000, seed: int = 7) -> Figure:
    """Distribution of each family's contribution across units: which families raise or lower risk, and how much."""
    sample = family_contrib.sample(n=min(rows, len(family_contrib)), random_state=seed)
    order = sample.abs().mean().sort_values().index
    fig = Figure(figsize=(7, 4.5), layout="constrained")
    ax = fig.add_subplot()
    ax.boxplot([sample[c].to_numpy() for c in order], orientation="horizontal", showfliers=False)
    ax.set_yticks(np.arange(1, len(order) + 1), labels=list(order))
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set(xlabel="Contribution to log-odds", title="Contribution summary by family")
    return fig
