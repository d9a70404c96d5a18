"""The picture of an outreach simulation: disputes averted against capacity, one line per policy."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure


def capacity_figure(summary: pd.DataFrame) -> Figure:
    """Mean expected disputes averted (with the 95% interval) against visits per subdistrict per month."""
    figure = Figure(figsize=(7, 4.5))
    axes = figure.subplots()
    for policy, part in summary[summary["policy"] != "none"].groupby("policy", sort=False):
        part = part.sort_values("capacity")
        scale = part["visits"] / 100  # the interval is on averted per 100 visits
        axes.plot(part["capacity"], part["expected_averted"], marker="o", label=str(policy))
        axes.fill_between(part["capacity"], part["expected_ci_low"] * scale, part["expected_ci_high"] * scale,
                          alpha=0.15)  # fmt: skip
    axes.set(xlabel="visits per subdistrict per month (K)", ylabel="expected disputes averted in the replayed months",
             title="Disputes averted by outreach, by policy")  # fmt: skip
    axes.axhline(0, color="grey", linewidth=0.8)
    axes.legend()
    return figure
