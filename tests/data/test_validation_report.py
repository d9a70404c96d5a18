"""The report: at most 50 problems kept, every problem counted, rendered for people and for machines."""

from __future__ import annotations

import pandas as pd
import pytest
from rich.console import Console

from data.contract import MAX_REPORTED_PROBLEMS
from data.problems import Problem, Report
from data.validation import ValidationFailed, validate_tables


def bills(count: int, bad: int) -> dict[str, pd.DataFrame]:
    """A minimal valid dataset with `count` fee bills, the first `bad` of them with negative amounts."""
    firms = pd.DataFrame({"firm_id": ["F01"], "name": ["鹏城物业"]})
    communities = pd.DataFrame({
        "community_id": ["C001"], "name": ["翠竹花园"], "district": ["罗湖区"], "subdistrict": ["翠竹街道"],
        "firm_id": ["F01"], "built_year": ["1998"], "fee_rate_cny_m2": ["2.5"], "has_owners_committee": ["0"],
    })  # fmt: skip
    units = pd.DataFrame({
        "unit_id": ["U1"], "community_id": ["C001"], "building": ["1栋"], "floor_area_m2": ["80"],
        "occupancy": ["rented"], "moved_in": [""],
    })  # fmt: skip
    periods = pd.period_range("2000-01", periods=count, freq="M").strftime("%Y-%m")
    fee_bills = pd.DataFrame({
        "bill_id": [f"B{i}" for i in range(count)], "unit_id": "U1", "period": periods,
        "amount_due_cny": ["-1"] * bad + ["200"] * (count - bad), "due_date": "2024-01-31", "paid_at": "",
        "amount_paid_cny": "",
    })  # fmt: skip
    return {"firms": firms, "communities": communities, "units": units, "fee_bills": fee_bills}


def failure_of(raw: dict[str, pd.DataFrame]) -> Report:
    with pytest.raises(ValidationFailed) as failure:
        validate_tables(raw)
    return failure.value.report


def test_report_keeps_fifty_and_counts_the_rest() -> None:
    report = failure_of(bills(count=80, bad=63))
    assert report.total == 63
    assert len(report.problems) == MAX_REPORTED_PROBLEMS == 50
    assert [p.row for p in report.problems] == list(range(1, 51))
    lines = report.render().splitlines()
    assert len(lines) == 51
    assert lines[49] == "fee_bills row 50, column amount_due_cny: -1 is below 0 [range]"
    assert lines[50] == "… and 13 more problems"
    assert report.to_dict()["total"] == 63
    assert report.to_dict()["omitted"] == 13
    assert len(report.to_dict()["problems"]) == 50  # type: ignore[arg-type]


def test_one_omitted_problem_is_singular() -> None:
    report = failure_of(bills(count=60, bad=51))
    assert report.render().splitlines()[-1] == "… and 1 more problem"


def test_fifty_problems_need_no_count() -> None:
    report = failure_of(bills(count=60, bad=50))
    assert report.total == 50
    assert "more problem" not in report.render()


def test_the_count_covers_every_rule_past_the_cap() -> None:
    raw = bills(count=70, bad=60)
    raw["fee_bills"].loc[65:, "bill_id"] = "B0"  # 5 duplicates, found after the cap is full
    report = failure_of(raw)
    assert report.total == 65
    assert {p.rule for p in report.problems} == {"range"}


def test_valid_input_has_an_empty_report() -> None:
    assert validate_tables(bills(count=3, bad=0)).row_counts()["fee_bills"] == 3
    assert Report(problems=(), total=0).ok
    assert Report(problems=(), total=0).render() == ""


def test_problem_render_shapes() -> None:
    assert (
        Problem("units", 3, "unit_id", None, "required", "empty").render()
        == "units row 3, column unit_id: empty [required]"
    )
    assert Problem("units", None, "x", None, "missing_column", "m").render() == "units, column x: m [missing_column]"
    assert Problem("firms", None, None, None, "required_table", "m").render() == "firms: m [required_table]"
    assert Problem("", None, None, "/d", "missing_folder", "m").render() == "m [missing_folder]"


def test_failure_message_is_the_report() -> None:
    report = Report(
        problems=(Problem("firms", None, None, None, "required_table", "required table is missing"),), total=1
    )
    failure = ValidationFailed(report)
    assert isinstance(failure, ValueError)
    assert str(failure) == "firms: required table is missing [required_table]"


def test_rendered_report_prints_verbatim_on_a_rich_console() -> None:
    report = Report(problems=(Problem("t", 1, "c", "[/x]", "enum", "'[/x]' is not one of [bold]"),), total=1)
    console = Console(record=True, width=200)
    console.print(report.render())
    assert console.export_text().strip() == "t row 1, column c: '[/x]' is not one of [bold] [enum]"


def test_a_failure_survives_pickling_with_its_report() -> None:
    """A Dask worker's ValidationFailed reaches the client pickled; the report must come with it."""
    import pickle

    from data.store import StoreConflict

    report = failure_of(bills(3, 2))
    for error in (ValidationFailed(report), StoreConflict(report)):
        restored = pickle.loads(pickle.dumps(error))
        assert type(restored) is type(error)
        assert restored.report == report
        assert str(restored) == str(error)
