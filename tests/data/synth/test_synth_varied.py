"""Varied worlds: mechanisms drawn from a seed, hidden in truth/, and every world still follows the contract."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data.contract import TABLES
from data.loading import load_dataset
from data.synth import World, WorldConfig, generate_world, write_world
from data.synth.counterfactual import p_true_if
from data.synth.mechanisms import DEFAULT_MECHANISMS
from data.synth.summary import realised_labels
from data.synth.varied import TARGET_P90, draw_mechanisms, mechanisms_for

VARY_SEEDS = (1, 2, 3, 4, 5)


@pytest.fixture(scope="module")
def varied() -> dict[int, World]:
    return {v: generate_world(WorldConfig(scale="small", seed=v, vary=v)) for v in VARY_SEEDS}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_without_vary_the_world_is_the_one_before_mechanisms_became_data() -> None:
    world = generate_world(WorldConfig(scale="small", seed=7))
    # Measured on the generator before its coefficients moved into data.synth.mechanisms (commit bada1fe).
    assert {name: len(frame) for name, frame in world.tables.items()} == {
        "firms": 4, "communities": 20, "units": 6_000, "fee_bills": 144_000, "complaints": 4_876,
        "repair_orders": 3_083, "disputes": 820, "ledger": 3_360,
    }  # fmt: skip
    assert world.truth.p_true.sum() == pytest.approx(2174.537504445475, rel=1e-12)
    assert world.tables["fee_bills"].paid_at.isna().sum() == 3_144
    assert world.mechanisms is DEFAULT_MECHANISMS
    assert mechanisms_for(WorldConfig()) is DEFAULT_MECHANISMS


def test_two_vary_seeds_give_different_mechanisms_and_worlds(varied: dict[int, World]) -> None:
    first, second = varied[1], varied[2]
    assert first.mechanisms != second.mechanisms
    assert first.mechanisms.vary == 1
    assert second.mechanisms.vary == 2
    assert not first.truth.p_true.equals(second.truth.p_true)
    same_households = generate_world(WorldConfig(scale="small", seed=1, vary=2))
    assert not same_households.truth.p_true.equals(first.truth.p_true)
    pd.testing.assert_frame_equal(same_households.tables["units"], first.tables["units"])  # the seed draws these


def test_the_same_vary_seed_gives_the_same_world(varied: dict[int, World], tmp_path: Path) -> None:
    write_world(varied[3], tmp_path / "a")
    write_world(generate_world(WorldConfig(scale="small", seed=3, vary=3)), tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert draw_mechanisms(3) == draw_mechanisms(3)


@pytest.mark.parametrize("vary", VARY_SEEDS)
def test_each_varied_world_follows_the_contract_and_keeps_a_plausible_base_rate(
    varied: dict[int, World], vary: int, tmp_path: Path
) -> None:
    world = varied[vary]
    write_world(world, tmp_path / "w")
    dataset = load_dataset(tmp_path / "w")  # raises ValidationFailed with a report when a rule fails
    assert not dataset.missing
    assert 0.005 <= world.truth.p_true.mean() <= 0.06
    assert 0.005 <= realised_labels(world).mean() <= 0.06
    assert world.mechanisms.hazard.target_p90 is not None
    assert world.truth.p_true.mean() == pytest.approx(world.mechanisms.hazard.target_p90, rel=0.35)


def test_mechanisms_are_hidden_truth_never_a_table(varied: dict[int, World], tmp_path: Path) -> None:
    world = varied[4]
    write_world(world, tmp_path / "w")
    written = json.loads((tmp_path / "w" / "truth" / "mechanisms.json").read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(world.mechanisms.to_dict()))
    assert written["hazard"]["base_logit"] == world.mechanisms.hazard.base_logit != DEFAULT_MECHANISMS.hazard.base_logit
    assert set(_files(tmp_path / "w")) == {f"{t}.parquet" for t in TABLES} | {
        "truth/unit_month_risk.parquet", "truth/mechanisms.json", "world.json",
    }  # fmt: skip
    dataset = load_dataset(tmp_path / "w")
    assert set(dataset.row_counts()) == set(TABLES)
    summary = json.loads((tmp_path / "w" / "world.json").read_text(encoding="utf-8"))
    assert summary["config"]["vary"] == 4
    assert "mechanisms" not in summary


def test_the_oracle_is_exact_for_a_varied_world(varied: dict[int, World]) -> None:
    world, month = varied[5], 6
    units = world.tables["units"].unit_id.to_numpy()[::5]
    replay = p_true_if(world.config, month, units, clear_arrears=True)
    as_of = pd.Timestamp(world.config.start) + pd.DateOffset(months=month)
    truth = world.truth[world.truth.as_of == as_of].set_index("unit_id").p_true
    np.testing.assert_array_equal(replay.p_true.to_numpy(), truth.loc[replay.unit_id].to_numpy())
    y = np.concatenate([realised_labels(w) for w in varied.values()])
    p = np.concatenate([w.truth.p_true.to_numpy() for w in varied.values()])
    assert abs(y.mean() - p.mean()) < 4 * np.sqrt(p.mean() / len(p) * 30)  # labels of one unit overlap 3 months


def test_draws_stay_plausible_and_keep_every_sign() -> None:
    drawn = [draw_mechanisms(v) for v in range(40)]
    hazards = [m.hazard for m in drawn]
    assert all(TARGET_P90[0] <= t.target_p90 <= TARGET_P90[1] for t in hazards if t.target_p90 is not None)
    for name in ("arrears_bills", "open_complaints", "open_repairs", "own_disputes"):
        terms = [getattr(t, name) for t in hazards]
        assert all(term.weight >= 0 for term in terms)
        assert {term.form for term in terms} == {"log1p", "linear", "threshold"}
        assert any(term.weight == 0 for term in terms)  # switched off in some worlds
    assert all(t.arrears_cny >= 0 and t.fee_rise >= 0 and t.neighbours >= 0 for t in hazards)
    assert all(t.willingness < 0 < t.shock and t.firm_quality <= 0 for t in hazards)
    assert len({m.kinds for m in drawn}) == 40
    assert all(k > 0 for m in drawn for k in m.kinds)
    assert all(m.payments.unpaid_will > 0 and m.complaints.firm_quality < 0 for m in drawn)
