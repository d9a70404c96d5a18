"""The outreach simulation: visit plans, the summary's interval, and the command end to end on a small world."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from typer.testing import CliRunner

from data.loading import load_dataset
from disputes.cli import app
from training.outreach import REVISIT_MONTHS, plan_visits, summarise


def test_the_summary_gives_averted_per_100_visits_with_a_t_interval():
    rows = pd.DataFrame({
        "policy": ["model"] * 3, "capacity": [10] * 3, "visits": [200, 200, 100], "disputes": [90, 95, 97],
        "averted": [10, 5, 3], "expected_disputes": [92.0, 93.0, 99.0], "expected_averted": [8.0, 4.0, 1.0],
    })  # fmt: skip
    row = summarise(rows).iloc[0]
    for column, low, high, per_100 in (("averted_per_100_visits", "ci_low", "ci_high", [5.0, 2.5, 3.0]),
                                       ("expected_averted_per_100_visits", "expected_ci_low", "expected_ci_high",
                                        [4.0, 2.0, 1.0])):  # fmt: skip
        values = np.array(per_100)
        half = stats.t.ppf(0.975, 2) * values.std(ddof=1) / np.sqrt(3)
        assert row[column] == pytest.approx(values.mean())
        assert (row[low], row[high]) == pytest.approx((values.mean() - half, values.mean() + half))


def test_plans_take_the_top_k_of_each_subdistrict_and_do_not_revisit_soon(small_world_dir):
    world = load_dataset(small_world_dir)
    months = list(pd.date_range("2024-01-01", periods=REVISIT_MONTHS + 1, freq="MS"))

    def by_unit_id(_t: pd.Timestamp, features: pd.DataFrame) -> np.ndarray:
        return -features["unit_id"].str[1:5].astype(int).to_numpy() - features.index.to_numpy() * 1e-9

    plan = plan_visits(world, months, by_unit_id, 3, seed=1)
    subdistricts = world["communities"]["subdistrict"].nunique()
    assert all(len(units) == 3 * subdistricts for units in plan.values())
    first, *middle, last = plan.values()
    assert not set(first) & set().union(*map(set, middle))  # nobody is visited twice within REVISIT_MONTHS
    assert set(first) == set(last)  # the same best-ranked households once the wait is over


@pytest.mark.slow
def test_the_command_prints_every_policy_as_json(tmp_path, monkeypatch):
    monkeypatch.setenv("DISPUTES_HOME", str(tmp_path / "home"))
    args = ["simulate", "outreach", "--capacity", "4", "--months", "2", "--repetitions", "1", "--no-grid",
            "--plot", str(tmp_path / "outreach.png"), "--json", "--quiet"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    policies = {row["policy"]: row for row in payload["policies"]}
    assert set(policies) == {"none", "random", "rule", "model", "oracle"}
    assert policies["none"]["averted"] == 0
    assert policies["none"]["visits"] == 0
    assert all(row["visits"] > 0 for name, row in policies.items() if name != "none")
    for row in policies.values():
        assert row["averted"] == policies["none"]["disputes"] - row["disputes"]
        assert row["expected_averted"] == pytest.approx(
            policies["none"]["expected_disputes"] - row["expected_disputes"]
        )
    assert policies["oracle"]["expected_averted"] > 0  # visits calm the hazard: the expected count must fall
    assert (tmp_path / "outreach.png").stat().st_size > 10_000
