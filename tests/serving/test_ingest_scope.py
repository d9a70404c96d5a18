"""Uploads by firms: another firm's objects read like unknown ones, and reference fields are an admin's to change."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from data.store import Store
from serving.db import audit_log, open_engine

COMMUNITY_HEADER = "community_id,name,district,subdistrict,firm_id,built_year,fee_rate_cny_m2,has_owners_committee"
UNIT_HEADER = "unit_id,community_id,building,floor_area_m2,occupancy,moved_in"
# A record of firm F1's own community C1 that names a unit: U09 is F2's (in C3), U99 does not exist.
RECORDS = {
    "complaints": "complaint_id,community_id,unit_id,created_at,category,channel,text,resolved_at,satisfaction\n"
                  "Q1,C1,{unit},2024-05-01T10:00:00,noise,app,,,\n",
    "repair_orders": "order_id,community_id,unit_id,category,reported_at,completed_at,cost_cny,funded_by\n"
                     "R1,C1,{unit},plumbing,2024-05-01T10:00:00,,,\n",
    "disputes": "dispute_id,community_id,unit_id,filed_at,kind,venue,resolved_at,outcome\n"
                "D1,C1,{unit},2024-05-01T10:00:00,repair,mediation,,\n",
}  # fmt: skip


def _post(client, headers, table: str, csv: str):
    return client.post(f"/v1/ingest/{table}", content=csv.encode(), headers={**headers, "Content-Type": "text/csv"})


def _stored(home: Path, table: str) -> pd.DataFrame:
    store = Store(f"sqlite:///{home / 'store.db'}")
    try:
        return store.read_table(table)
    finally:
        store.dispose()


@pytest.mark.parametrize("table", sorted(RECORDS))
def test_another_firms_unit_reads_exactly_like_an_unknown_one(client, auth, table):
    foreign = _post(client, auth["firm1"], table, RECORDS[table].format(unit="U09"))
    unknown = _post(client, auth["firm1"], table, RECORDS[table].format(unit="U99"))
    assert foreign.status_code == unknown.status_code == 422
    assert "C3" not in foreign.text
    assert foreign.json() == json.loads(unknown.text.replace("U99", "U09"))
    problem = foreign.json()["error"]["details"]["problems"][0]
    assert (problem["column"], problem["rule"]) == ("unit_id", "foreign_key")


def test_an_admin_still_learns_where_a_unit_belongs(client, auth):
    response = _post(client, auth["admin"], "complaints", RECORDS["complaints"].format(unit="U09"))
    assert response.status_code == 422
    assert response.json()["error"]["details"]["problems"][0]["rule"] == "unit_in_community"


@pytest.mark.parametrize(
    ("table", "csv"),
    [
        ("communities", f"{COMMUNITY_HEADER}\nC1,翠竹苑,罗湖区,东湖街道,F1,2001,2.5,true\n"),
        ("communities", f"{COMMUNITY_HEADER}\nC1,翠竹苑,福田区,翠竹街道,F1,2001,2.5,true\n"),
        ("communities", f"{COMMUNITY_HEADER}\nC1,翠竹苑,罗湖区,翠竹街道,F2,2001,2.5,true\n"),
        ("units", f"{UNIT_HEADER}\nU01,C2,1栋,88.5,owner_occupied,\n"),
    ],
)
def test_a_firm_cannot_move_its_objects_to_another_scope(client, auth, home, table, csv):
    before = _stored(home, table)
    response = _post(client, auth["firm1"], table, csv)
    assert response.status_code == 403, response.text
    assert "admin" in response.json()["error"]["message"]
    pd.testing.assert_frame_equal(_stored(home, table), before)


def test_a_firm_may_still_correct_its_communitys_other_fields(client, auth, home):
    csv = f"{COMMUNITY_HEADER}\nC1,翠竹苑（一期）,罗湖区,翠竹街道,F1,2002,2.8,true\n"
    assert _post(client, auth["firm1"], "communities", csv).status_code == 200
    assert "翠竹苑（一期）" in _stored(home, "communities")["name"].tolist()


def test_an_admin_moves_a_community_and_the_audit_keeps_before_and_after(client, auth, home):
    csv = f"{COMMUNITY_HEADER}\nC1,翠竹苑,罗湖区,东湖街道,F1,2001,2.5,true\n"
    assert _post(client, auth["admin"], "communities", csv).status_code == 200
    assert _post(client, auth["admin"], "units", f"{UNIT_HEADER}\nU01,C2,1栋,88.5,owner_occupied,\n").status_code == 200
    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    with engine.connect() as connection:
        rows = connection.execute(select(audit_log).where(audit_log.c.action == "ingest")).mappings().all()
    engine.dispose()
    changes = [change for row in rows for change in json.loads(row["details"]).get("reference_changes", [])]
    assert changes == [
        {"table": "communities", "id": "C1", "column": "subdistrict", "before": "翠竹街道", "after": "东湖街道"},
        {"table": "units", "id": "U01", "column": "community_id", "before": "C1", "after": "C2"},
    ]
