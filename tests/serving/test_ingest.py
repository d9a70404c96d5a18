"""POST /v1/ingest/{table}: file validation for uploads, atomic writes, and firms kept to their own rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data.store import Store

BILLS_HEADER = "bill_id,unit_id,period,amount_due_cny,due_date,paid_at,amount_paid_cny"
COMMUNITY_HEADER = "community_id,name,district,subdistrict,firm_id,built_year,fee_rate_cny_m2,has_owners_committee"
GOOD_BILLS = [
    "B1,U01,2024-05,220.5,2024-05-31,2024-05-20,220.5",
    "B2,U05,2024-05,180,2024-05-31,,",
]


def _csv(*lines: str) -> bytes:
    return ("\n".join([BILLS_HEADER, *lines]) + "\n").encode()


def _post(client, headers, table: str, body: bytes, content_type: str = "text/csv"):
    return client.post(f"/v1/ingest/{table}", content=body, headers={**headers, "Content-Type": content_type})


def _stored(home: Path, table: str) -> pd.DataFrame:
    store = Store(f"sqlite:///{home / 'store.db'}")
    try:
        return store.read_table(table)
    finally:
        store.dispose()


def test_a_valid_csv_upload_is_written(client, auth, home):
    response = _post(client, auth["admin"], "fee_bills", _csv(*GOOD_BILLS))
    assert response.status_code == 200, response.text
    assert response.json() == {"table": "fee_bills", "rows": 2, "notes": []}
    stored = _stored(home, "fee_bills").sort_values("bill_id")
    assert stored["unit_id"].tolist() == ["U01", "U05"]
    assert stored["amount_paid_cny"].isna().tolist() == [False, True]


def test_json_rows_load_the_same_as_csv(client, auth, home):
    rows = [
        {"bill_id": "B1", "unit_id": "U01", "period": "2024-05", "amount_due_cny": 220.5, "due_date": "2024-05-31",
         "paid_at": "2024-05-20", "amount_paid_cny": 220.5},
        {"bill_id": "B2", "unit_id": "U05", "period": "2024-05", "amount_due_cny": 180, "due_date": "2024-05-31",
         "paid_at": None},
    ]  # fmt: skip
    assert client.post("/v1/ingest/fee_bills", json=rows, headers=auth["admin"]).status_code == 200
    via_json = _stored(home, "fee_bills").sort_values("bill_id").reset_index(drop=True)
    assert _post(client, auth["admin"], "fee_bills", _csv(*GOOD_BILLS)).status_code == 200
    pd.testing.assert_frame_equal(via_json, _stored(home, "fee_bills").sort_values("bill_id").reset_index(drop=True))


def test_bad_rows_get_the_validation_report_and_nothing_is_written(client, auth, home):
    body = _csv(*GOOD_BILLS, "B3,U02,2024-05,-5,2024-05-31,,", "B4,U99,2024-05,10,2024-05-31,,")
    response = _post(client, auth["admin"], "fee_bills", body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_upload"
    problems = {(p["row"], p["column"], p["rule"]) for p in error["details"]["problems"]}
    assert problems == {(3, "amount_due_cny", "range"), (4, "unit_id", "foreign_key")}
    assert error["details"]["total"] == 2
    assert _stored(home, "fee_bills").empty


def test_a_firm_uploading_another_firms_rows_gets_403_and_nothing_is_written(client, auth, home):
    response = _post(client, auth["firm1"], "fee_bills", _csv(*GOOD_BILLS, "B9,U09,2024-05,99,2024-05-31,,"))
    assert response.status_code == 403
    assert response.json()["error"]["details"] == {"rows": [3], "count": 1}
    assert _stored(home, "fee_bills").empty
    assert _post(client, auth["firm1"], "fee_bills", _csv(*GOOD_BILLS)).status_code == 200


@pytest.mark.parametrize(
    ("table", "csv"),
    [
        ("units", "unit_id,community_id,building,floor_area_m2,occupancy,moved_in\nU09,C1,1栋,80,vacant,\n"),
        ("communities", f"{COMMUNITY_HEADER}\nC3,金湖山庄,罗湖区,翠竹街道,F1,2001,2.5,true\n"),
        ("communities", f"{COMMUNITY_HEADER}\nC9,新小区,罗湖区,翠竹街道,F2,2001,2.5,true\n"),
        ("firms", "firm_id,name\nF2,改名物业\n"),
        ("ledger", "community_id,period,item,amount_cny\nC3,2024-04,fee_income,100\n"),
        ("complaints", "complaint_id,community_id,unit_id,created_at,category,channel,text,resolved_at,satisfaction\n"
                       "Q1,C9,,2024-05-01T10:00:00,noise,app,,,\n"),
    ],
)  # fmt: skip
def test_a_firm_cannot_take_over_or_invent_foreign_objects(client, auth, home, table, csv):
    before = _stored(home, table)
    response = _post(client, auth["firm1"], table, csv.encode())
    assert response.status_code == 403, response.text
    pd.testing.assert_frame_equal(_stored(home, table), before)


def test_a_firm_may_add_a_community_of_its_own(client, auth, home):
    csv = f"{COMMUNITY_HEADER}\nC9,新小区,罗湖区,东湖街道,F1,2019,3.2,false\n"
    assert _post(client, auth["firm1"], "communities", csv.encode()).status_code == 200
    assert "C9" in _stored(home, "communities")["community_id"].tolist()


def test_mediators_may_not_upload(client, auth):
    assert _post(client, auth["mediator"], "fee_bills", _csv(*GOOD_BILLS)).status_code == 403


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"\xff\xfe\x00garbage", "text/csv", 422),
        (b"", "text/csv", 422),
        (b'{"bill_id": "B1"}', "application/json", 422),
        (b'[{"bill_id": {"nested": 1}}]', "application/json", 422),
        (b"B1,U01", "text/plain", 415),
    ],
)
def test_unreadable_or_unsupported_uploads(client, auth, body, content_type, status):
    response = _post(client, auth["admin"], "fee_bills", body, content_type)
    assert response.status_code == status
    assert response.json()["error"]["code"] in {"invalid_upload", "unsupported_media_type"}


def test_only_contract_tables_can_be_uploaded(client, auth):
    assert _post(client, auth["admin"], "api_keys", b"key_id\nx\n").status_code == 422


def test_a_new_bill_id_for_a_stored_unit_and_period_is_a_located_422_not_a_500(client, auth, home):
    assert _post(client, auth["admin"], "fee_bills", _csv(*GOOD_BILLS)).status_code == 200
    clash = _post(client, auth["admin"], "fee_bills", _csv("B9,U01,2024-05,220.5,2024-05-31,,"))
    assert clash.status_code == 422
    problems = clash.json()["error"]["details"]["problems"]
    assert [(p["table"], p["row"], p["rule"]) for p in problems] == [("fee_bills", 1, "unique_in_store")]
    assert "B1" not in clash.text  # the stored row's id is not shown
    assert sorted(_stored(home, "fee_bills")["bill_id"]) == ["B1", "B2"]
