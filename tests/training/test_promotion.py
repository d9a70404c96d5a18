from training.promotion import gate


def test_first_model_passes_on_calibration_alone():
    assert gate({"ece": 0.01, "pr_auc": 0.1}, None).promote
    decision = gate({"ece": 0.03, "pr_auc": 0.9}, None)
    assert not decision.promote
    assert "ECE 0.0300 is above the limit 0.0200" in decision.reason


def test_challenger_within_tolerance_of_champion_passes():
    metrics = {"ece": 0.01, "pr_auc": 0.196, "champion_pr_auc": 0.2, "champion_compared_version": 3.0}
    assert gate(metrics, "3").promote


def test_worse_challenger_is_refused_with_both_numbers():
    metrics = {"ece": 0.01, "pr_auc": 0.19, "champion_pr_auc": 0.2, "champion_compared_version": 3.0}
    decision = gate(metrics, "3")
    assert not decision.promote
    assert "0.1900" in decision.reason
    assert "0.2000" in decision.reason


def test_comparison_against_an_older_champion_is_not_enough():
    metrics = {"ece": 0.01, "pr_auc": 0.5, "champion_pr_auc": 0.2, "champion_compared_version": 2.0}
    decision = gate(metrics, "3")
    assert not decision.promote
    assert "current champion v3" in decision.reason


def test_a_miscalibrated_fairness_slice_is_refused():
    decision = gate({"ece": 0.01, "pr_auc": 0.3, "slice_max_ece": 0.041}, None)
    assert not decision.promote
    assert "ECE 0.0410, above 0.03" in decision.reason
    assert gate({"ece": 0.01, "pr_auc": 0.3, "slice_max_ece": 0.029}, None).promote


def test_a_challenger_the_baseline_beats_on_validation_is_refused():
    metrics = {
        "ece": 0.01, "pr_auc": 0.3, "validation_pr_auc": 0.10, "validation_logistic_pr_auc": 0.12,
        "champion_pr_auc": 0.2, "champion_compared_version": 3.0,
    }  # fmt: skip
    decision = gate(metrics, "3")
    assert not decision.promote
    assert "logistic baseline beats the challenger on the validation window" in decision.reason
    assert "0.1200 against 0.1000" in decision.reason
    assert "keeping v3" in decision.reason


def test_a_first_model_the_baseline_beats_is_promoted_with_the_caveat():
    decision = gate({"ece": 0.01, "pr_auc": 0.3, "validation_pr_auc": 0.10, "validation_logistic_pr_auc": 0.12}, None)
    assert decision.promote
    assert "note: the logistic baseline beats the challenger" in decision.reason


def test_a_baseline_within_tolerance_on_validation_does_not_block():
    metrics = {
        "ece": 0.01, "pr_auc": 0.3, "validation_pr_auc": 0.100, "validation_logistic_pr_auc": 0.104,
        "champion_pr_auc": 0.3, "champion_compared_version": 3.0,
    }  # fmt: skip
    assert gate(metrics, "3").promote
