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
    monkeypatch.setattr(reason_codes, "render_family", lambda family, row: sentences[family])
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
