"""Fairness slices of the test window: who the queue serves well, group by group (fairlearn's MetricFrame).

Groups are subdistrict, occupancy (owner, tenant, vacant), firm and building-age band. For each group value:
ROC-AUC, calibration error (ECE), recall at the top 5% of each month's queue, the group's share of that top 5%
against its share of the true positives, and the support (rows, positives). The gate refuses a challenger in
which a slice with enough positives to judge (MIN_POSITIVES) is miscalibrated (training.promotion).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame
from matplotlib.figure import Figure

from data.dataset import Dataset
from models.metrics import expected_calibration_error, safe_roc_auc

GROUPS = ("subdistrict", "occupancy", "firm", "building_age")
TOP_SHARE = 0.05
MIN_POSITIVES = 30
AGE_BANDS = (0, 10, 20, 30, 200)
AGE_LABELS = ("<10y", "10-19y", "20-29y", "30y+")
SLICE_FIELDS = (
    "group", "value", "rows", "positives", "roc_auc", "ece", "recall_at_5pct", "top5_share", "positive_share",
)  # fmt: skip


def slice_attributes(dataset: Dataset, year: int) -> pd.DataFrame:
    """Per unit: subdistrict, occupancy, firm and the building-age band in `year` (register facts, never hidden)."""
    units = dataset["units"].loc[:, ["unit_id", "community_id", "occupancy"]]
    communities = dataset["communities"].loc[:, ["community_id", "subdistrict", "firm_id", "built_year"]]
    joined = units.merge(communities, on="community_id", how="left")
    age = year - pd.to_numeric(joined["built_year"], errors="coerce")
    band = pd.cut(age, bins=list(AGE_BANDS), labels=list(AGE_LABELS), right=False)
    return pd.DataFrame({
        "unit_id": joined["unit_id"].astype(str), "subdistrict": joined["subdistrict"].astype(str),
        "occupancy": joined["occupancy"].astype(str), "firm": joined["firm_id"].astype(str),
        "building_age": band.astype(str),
    })  # fmt: skip


def in_monthly_top(scores: pd.DataFrame, share: float = TOP_SHARE) -> np.ndarray:
    """True for the rows in the top `share` of their month by the model's probability (the queue of that month)."""
    ranks = scores.groupby("as_of")["model"].rank(method="first", ascending=False)
    sizes = scores.groupby("as_of")["model"].transform("size")
    return (ranks <= np.ceil(sizes * share)).to_numpy()


def _positives(y: np.ndarray, p: np.ndarray) -> float:
    return float(np.sum(y))


def _rows(y: np.ndarray, p: np.ndarray) -> float:
    return float(len(y))


def _flagged(y: np.ndarray, p: np.ndarray, flag: np.ndarray) -> float:
    return float(np.sum(flag))


def _flagged_positives(y: np.ndarray, p: np.ndarray, flag: np.ndarray) -> float:
    return float(np.sum(np.asarray(y) * np.asarray(flag)))


def fairness_slices(scores: pd.DataFrame, attributes: pd.DataFrame) -> pd.DataFrame:
    """One row per (group, value) of the test window's scores (unit_id, as_of, label, model)."""
    joined = scores.loc[:, ["unit_id", "as_of", "label", "model"]].merge(attributes, on="unit_id", how="left")
    flags = in_monthly_top(joined)
    y, p = joined["label"].to_numpy(), joined["model"].to_numpy()
    metrics = {"rows": _rows, "positives": _positives, "roc_auc": safe_roc_auc, "ece": expected_calibration_error,
               "top5": _flagged, "top5_positives": _flagged_positives}  # fmt: skip
    params = {"top5": {"flag": flags}, "top5_positives": {"flag": flags}}
    parts = []
    for group in GROUPS:
        frame = MetricFrame(metrics=metrics, y_true=y, y_pred=p, sensitive_features=joined[group].fillna("unknown"),
                            sample_params=params).by_group  # fmt: skip
        parts.append(frame.rename_axis("value").reset_index().assign(group=group))
    table = pd.concat(parts, ignore_index=True)
    table["recall_at_5pct"] = table["top5_positives"] / table["positives"].where(table["positives"] > 0)
    table["top5_share"] = table["top5"] / max(float(flags.sum()), 1.0)
    table["positive_share"] = table["positives"] / max(float(y.sum()), 1.0)
    table[["rows", "positives"]] = table[["rows", "positives"]].astype(int)
    return table.loc[:, list(SLICE_FIELDS)].sort_values(["group", "value"], kind="stable").reset_index(drop=True)


def worst_judged_ece(slices: pd.DataFrame, min_positives: int = MIN_POSITIVES) -> tuple[float, str]:
    """The largest ECE among slices with at least `min_positives` positives, and which slice it is."""
    judged = slices[slices["positives"] >= min_positives]
    if judged.empty:
        return 0.0, "no slice has enough positives to judge"
    worst = judged.loc[judged["ece"].idxmax()]
    return float(worst["ece"]), f"{worst['group']}={worst['value']} ({int(worst['positives'])} positives)"


def slices_figure(slices: pd.DataFrame) -> Figure:
    """Each group value's share of the top 5% against its share of the true positives: fair rows sit on the line."""
    figure = Figure(figsize=(6, 6))
    axes = figure.subplots()
    for group, part in slices.groupby("group", sort=False):
        axes.scatter(part["positive_share"], part["top5_share"], label=str(group), alpha=0.8)
    limit = max(float(slices[["positive_share", "top5_share"]].max().max()), 0.05) * 1.05
    axes.plot([0, limit], [0, limit], color="grey", linewidth=1)
    axes.set(xlabel="share of true positives", ylabel="share of the top 5% queue", xlim=(0, limit), ylim=(0, limit),
             title="Who the queue serves: top-5% share vs positive share")  # fmt: skip
    axes.legend(loc="lower right")
    return figure
