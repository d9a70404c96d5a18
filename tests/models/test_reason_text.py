import math

from models.reason_text import GENERIC, render_family


def test_unit_values_come_first_with_correct_plurals():
    assert render_family("complaints", {"complaints_unit_open": 1.0}) == ("1 条投诉尚未解决", "1 complaint still open")
    assert render_family("history", {"history_unit_disputes": 2.0})[1] == "2 earlier disputes of this unit"
    assert render_family("repairs", {"repairs_unit_overdue": 3.0})[1] == "3 repairs past the service level"


def test_community_values_explain_when_the_unit_has_none():
    zh, en = render_family("complaints", {"complaints_unit_open": 0.0, "complaints_community_90d_per100": 12.34})
    assert zh == "本小区近 90 天每百户投诉 12.3 次"
    assert en == "12.3 complaints per 100 units in the community in the last 90 days"


def test_missing_or_empty_values_fall_back_to_the_family_sentence():
    assert render_family("arrears", {"arrears_unpaid_bills": math.nan}) == GENERIC["arrears"]
    assert render_family("ledger", {}) == GENERIC["ledger"]
    assert render_family("unknown_family", {}) == ("unknown_family", "unknown_family")


def test_reason_json_round_trips_quotes_backslashes_and_chinese(monkeypatch):
    import numpy as np

    from models import reason_codes

    sentences = {"arrears": ('3 笔"未缴"', 'say "hi" \\ ok\n'), "fees": ("物业费", "fees")}
    monkeypatch.setattr(reason_codes, "render_family", lambda family, row, inputs: sentences[family])
    values = np.array([[0.12344, -1.0], [-0.5, -0.1], [1e-05, 2.0]])
    encoded = reason_codes.top_reasons(values, ["arrears", "fees"], [{}, {}, {}])
    assert [reason_codes.parse_reasons(text) for text in encoded] == [
        [{"family": "arrears", "contribution": 0.1234, "zh": '3 笔"未缴"', "en": 'say "hi" \\ ok\n'}],
        [],
        [
            {"family": "fees", "contribution": 2.0, "zh": "物业费", "en": "fees"},
            {"family": "arrears", "contribution": 0.0, "zh": '3 笔"未缴"', "en": 'say "hi" \\ ok\n'},
        ],
    ]
    assert "笔" in encoded[0]  # Chinese stays readable in the store, not \\u-escaped


def test_sentences_read_the_names_and_windows_of_the_feature_configuration():
    from features.config import FeatureConfig
    from features.reason_inputs import ReasonInputs

    inputs = ReasonInputs.for_config(FeatureConfig(complaint_windows_days=(14, 60, 365), fee_change_months=6))
    row = {"complaints_unit_open": 0.0, "complaints_unit_60d": 2.0, "complaints_unit_90d": 9.0}
    assert render_family("complaints", row, inputs) == ("近 60 天投诉 2 次", "2 complaints in the last 60 days")
    assert render_family("fees", {"fees_change_6m": 0.1}, inputs)[1] == "Fees rose 10% in the last 6 months"
    assert render_family("fees", {"fees_change_12m": 0.1}, inputs) == GENERIC["fees"]
    assert "complaints_unit_60d" in inputs.columns
    assert "complaints_unit_90d" not in inputs.columns


def test_the_pyfunc_quotes_the_features_of_its_own_configuration(fitted_model):
    import numpy as np

    from features.config import FeatureConfig
    from models.pyfunc import DisputeRiskPyfunc

    names = fitted_model.spec.names
    pyfunc = DisputeRiskPyfunc(fitted_model, 60, FeatureConfig(complaint_windows_days=(30, 90, 365)))
    assert pyfunc.feature_config.complaint_windows_days == (30, 90, 365)
    assert pyfunc.horizon_days == 60
    restored = DisputeRiskPyfunc.__new__(DisputeRiskPyfunc)
    restored.__setstate__({"model": fitted_model, "horizon_days": 90})  # a version logged before configs were kept
    assert restored.feature_config == FeatureConfig()
    assert len(pyfunc.score_matrix(np.zeros((2, len(names))))) == 2
