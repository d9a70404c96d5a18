"""The audit log: failed access, community reads and scoring are audited; rows are append-only and hash-chained."""

from __future__ import annotations

import csv
import io
import json
import threading

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError
from typer.testing import CliRunner

from disputes.cli import app as cli
from serving.audit import AuditLog, anonymous_row
from serving.audit_reading import verify_chain
from serving.auth import Role, create_key
from serving.db import audit_log, create_serving_schema, open_engine

SCORE_BODY = {"rows": [{"arrears_unpaid_bills": 2, "arrears_overdue_cny": 400, "complaints_unit_open": 1,
                        "context_floor_area_m2": 90}]}  # fmt: skip


@pytest.fixture
def engine(home):
    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    yield engine
    engine.dispose()


def _rows(engine) -> list[dict]:
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(select(audit_log).order_by(audit_log.c.audit_id)).mappings()]


def _actions(engine) -> list[tuple[str, str, str, dict]]:
    return [(r["role"], r["action"], r["resource"], json.loads(r["details"])) for r in _rows(engine)]


def test_failed_authentication_is_audited_with_the_reason(client, auth, engine):
    client.get("/v1/model")
    client.get("/v1/model", headers={"Authorization": "Bearer drk_abc123_wrong"})
    forged = auth["admin"]["Authorization"][: auth["admin"]["Authorization"].rindex("_") + 1] + "x" * 43
    client.get("/v1/units/U01/risk", headers={"Authorization": forged})
    rows = [(role, action, resource, details["reason"]) for role, action, resource, details in _actions(engine)]
    assert rows == [
        ("anonymous", "auth.failed", "GET /v1/model", "missing"),
        ("anonymous", "auth.failed", "GET /v1/model", "unknown"),
        ("anonymous", "auth.failed", "GET /v1/units/U01/risk", "wrong_secret"),
    ]
    assert _rows(engine)[1]["key_id"] == "abc123"


def test_reads_outside_the_scope_are_audited_like_unknown_ones(client, auth, engine):
    client.get("/v1/units/U09/risk", headers=auth["firm1"])
    client.get("/v1/units/NOPE/risk", headers=auth["firm1"])
    client.get("/v1/communities/C3/risk", headers=auth["firm1"])
    client.post("/v1/queue/U05/outreach", json={"status": "contacted"}, headers=auth["mediator"])
    assert [(action, resource, details["reason"]) for _, action, resource, details in _actions(engine)] == [
        ("unit_risk.denied", "unit:U09", "out_of_scope"),
        ("unit_risk.denied", "unit:NOPE", "unknown"),
        ("community_risk.denied", "community:C3", "out_of_scope"),
        ("outreach.denied", "unit:U05", "out_of_scope"),
    ]


def test_community_reads_scoring_and_refused_roles_are_audited(client, auth, engine):
    assert client.get("/v1/communities/C1/risk", headers=auth["firm1"]).status_code == 200
    assert client.post("/v1/score", json=SCORE_BODY, headers=auth["firm1"]).status_code == 200
    assert client.post("/v1/score", json=SCORE_BODY, headers=auth["mediator"]).status_code == 403
    actions = _actions(engine)
    assert [(role, action, resource) for role, action, resource, _ in actions] == [
        ("firm", "community_risk.read", "community:C1"),
        ("firm", "score", "score"),
        ("mediator", "access.forbidden", "POST /v1/score"),
    ]
    assert actions[1][3] == {"rows": 1, "model_version": "1"}  # how many rows, never their values


def test_the_database_refuses_to_change_or_delete_audit_rows(client, auth, engine):
    client.get("/v1/units/U01/risk", headers=auth["admin"])
    with engine.begin() as connection, pytest.raises(DatabaseError, match="append-only"):
        connection.execute(update(audit_log).values(key_name="someone else"))
    with engine.begin() as connection, pytest.raises(DatabaseError, match="append-only"):
        connection.execute(delete(audit_log))
    assert len(_rows(engine)) == 1


def _tamper(engine, statement) -> None:
    """What someone with write access to the database could do: drop the guard, then change the log."""
    with engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_log_no_update"))
        connection.execute(text("DROP TRIGGER audit_log_no_delete"))
        connection.execute(statement)


def _verify(home) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["audit", "verify"], env={"DISPUTES_HOME": str(home)})
    return result.exit_code, result.output


def _some_reads(client, auth, count: int = 5) -> None:
    for i in range(1, count + 1):
        client.get(f"/v1/units/U0{i}/risk", headers=auth["admin"])


def test_verify_passes_an_intact_chain(client, auth, home):
    _some_reads(client, auth)
    code, output = _verify(home)
    assert code == 0, output
    assert "intact" in output
    assert "5 rows" in output


def test_verify_names_an_edited_row(client, auth, engine, home):
    _some_reads(client, auth)
    _tamper(engine, update(audit_log).where(audit_log.c.audit_id == 3).values(key_name="nobody"))
    code, output = _verify(home)
    assert code == 1
    assert "Audit row 3 is broken" in output
    assert "edited" in output


def test_verify_names_the_row_after_a_deleted_one(client, auth, engine, home):
    _some_reads(client, auth)
    _tamper(engine, delete(audit_log).where(audit_log.c.audit_id == 2))
    code, output = _verify(home)
    assert code == 1
    assert "Audit row 3 is broken" in output


def test_the_chain_stays_whole_under_concurrent_requests(client, auth, engine):
    def read(unit: str) -> None:
        for _ in range(15):
            assert client.get(f"/v1/units/{unit}/risk", headers=auth["admin"]).status_code == 200

    threads = [threading.Thread(target=read, args=(f"U{i:02d}",)) for i in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with engine.connect() as connection:
        check = verify_chain(connection)
    assert (check.intact, check.rows) == (True, 120)


def test_two_writers_with_their_own_locks_still_keep_one_chain(engine):
    """As two processes would (the server and the CLI): only the database's write lock keeps them in turn."""
    writers = [AuditLog(engine.dialect), AuditLog(engine.dialect)]

    def append(log: AuditLog, n: int) -> None:
        for i in range(40):
            connection = engine.raw_connection()
            try:
                log.append(connection, [anonymous_row("-", "test.append", f"writer:{n}:{i}")])
            finally:
                connection.close()

    threads = [threading.Thread(target=append, args=(writers[n % 2], n)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with engine.connect() as connection:
        check = verify_chain(connection)
    assert (check.intact, check.rows) == (True, 160)


def test_export_csv_is_formula_safe_and_jsonl_parses(client, engine, home):
    with engine.begin() as connection:
        key, _ = create_key(connection, Role.admin, name='=HYPERLINK("http://x.example","y")')
    client.get("/v1/units/U01/risk", headers={"Authorization": f"Bearer {key}"})
    env = {"DISPUTES_HOME": str(home)}
    exported = CliRunner().invoke(cli, ["audit", "export", "--format", "csv"], env=env)
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(io.StringIO(exported.stdout.lstrip("\ufeff"))))
    assert rows[0]["key_name"] == '\'=HYPERLINK("http://x.example","y")'
    assert rows[0]["row_hash"] == _rows(engine)[0]["row_hash"]
    lines = CliRunner().invoke(cli, ["audit", "export", "--format", "jsonl"], env=env).stdout.splitlines()
    assert json.loads(lines[0])["details"]["band"]
    later = CliRunner().invoke(cli, ["audit", "export", "--since", "2999-01-01"], env=env)
    assert later.exit_code == 0
    assert len(later.stdout.strip().splitlines()) == 1  # the header alone


def test_an_older_home_gets_its_audit_rows_chained(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        connection.execute(text(
            "CREATE TABLE audit_log (audit_id INTEGER PRIMARY KEY, at DATETIME NOT NULL, key_id VARCHAR NOT NULL, "
            "key_name VARCHAR NOT NULL, role VARCHAR NOT NULL, action VARCHAR NOT NULL, resource VARCHAR NOT NULL, "
            "details TEXT NOT NULL)"
        ))  # fmt: skip
        for i in (1, 2):
            connection.execute(text(
                f"INSERT INTO audit_log VALUES ({i}, '2024-06-01 10:00:0{i}.000000', 'k', 'n', 'admin', "
                f"'unit_risk.read', 'unit:U0{i}', '{{}}')"
            ))  # fmt: skip
    create_serving_schema(engine)
    with engine.connect() as connection:
        check = verify_chain(connection)
    engine.dispose()
    assert (check.intact, check.rows) == (True, 2)
