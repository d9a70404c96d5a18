"""benchmarks.varied_worlds: the distances from the oracle, the summary and the targets (no training here)."""

from __future__ import annotations

import pytest

from benchmarks.varied_worlds import against_the_oracle, digest, markdown, report, summarise, target_checks
from data.synth.mechanisms import DEFAULT_MECHANISMS
from data.synth.varied import draw_mechanisms


def _run(vary: int, roc: float, oracle_roc: float, pr: float, oracle_pr: float) -> dict[str, object]:
    run: dict[str, object] = {
        "vary": vary, "roc_auc": roc, "logistic_roc_auc": roc - 0.01, "oracle_roc_auc": oracle_roc, "pr_auc": pr,
        "logistic_pr_auc": pr + 0.001, "oracle_pr_auc": oracle_pr, "ece": 0.004, "base_rate": 0.02,
        "target_p90": 0.02, "hazard": "bills off",
    }  # fmt: skip
    return run | against_the_oracle(run)


def test_gaps_and_shares_are_measured_against_the_oracle() -> None:
    run = _run(1, roc=0.78, oracle_roc=0.80, pr=0.09, oracle_pr=0.10)
    assert run["roc_gap"] == pytest.approx(0.02)
    assert run["logistic_roc_gap"] == pytest.approx(0.03)
    assert run["pr_share"] == pytest.approx(0.9)
    assert run["logistic_beats_model"] is True


def test_the_summary_takes_the_median_and_the_worst_world() -> None:
    runs = [_run(1, 0.785, 0.80, 0.09, 0.10), _run(2, 0.70, 0.75, 0.05, 0.10), _run(3, 0.80, 0.81, 0.085, 0.10)]
    summary = summarise(runs)
    assert summary["roc_gap"]["median"] == pytest.approx(0.015)
    assert summary["roc_gap"]["worst"] == pytest.approx(0.05)
    assert summary["pr_share"] == pytest.approx({"median": 0.85, "worst": 0.5})
    assert summary["roc_auc"]["worst"] == 0.70
    met = {c["target"]: c["met"] for c in target_checks(summary)}
    assert list(met.values()) == [True, False, True, True]  # no slice metric in these runs: no slice target
    runs[1]["slice_max_ece"], runs[2]["slice_max_ece"] = 0.041, float("nan")  # NaN: no slice had 30 positives
    judged = summarise(runs)["slice_max_ece"]
    assert judged == {"median": 0.041, "worst": 0.041}
    assert [c["met"] for c in target_checks(summarise(runs))][-1] is False
    page = markdown(report("small", 1, 3, runs, [], 7) | {"load_avg_1m": 1.0, "cpus": 2})
    assert page.count("\n| ") >= 3 + len(summary) + 3
    assert "test window in 3 of 3 worlds, on the validation window in 0" in page


def test_the_digest_names_each_count_terms_form_and_what_is_off() -> None:
    assert digest(DEFAULT_MECHANISMS) == "bills log≤12 0.9, complaints lin≤4 0.35, repairs lin≤3 0.45, own lin≤2 0.5"
    varied = [digest(draw_mechanisms(v)) for v in range(20)]
    assert any("≥" in d for d in varied)
    assert any(" off" in d for d in varied)
