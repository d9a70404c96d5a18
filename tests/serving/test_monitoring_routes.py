import json

import pytest


def _write_report(home, name: str, verdict: str) -> None:
    folder = home / "reports" / name
    folder.mkdir(parents=True)
    (folder / "summary.json").write_text(json.dumps({"verdict": verdict, "drift_share": 0.5}))
    (folder / "drift.html").write_text(f"<html><body>{verdict}</body></html>")


def test_no_report_yet_is_a_404_with_the_shared_error_shape(client, auth):
    response = client.get("/v1/monitoring/latest", headers=auth["admin"])
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "disputes monitor" in response.json()["error"]["message"]


def test_admin_reads_the_newest_complete_report(client, auth, home):
    _write_report(home, "20261101T000000", "ok")
    _write_report(home, "20261102T000000", "warn")
    (home / "reports" / "20261103T000000").mkdir()  # a run still writing: no files yet
    assert client.get("/v1/monitoring/latest", headers=auth["admin"]).json()["verdict"] == "warn"
    report = client.get("/v1/monitoring/latest/report", headers=auth["admin"])
    assert report.status_code == 200
    assert report.headers["content-type"].startswith("text/html")
    assert "warn" in report.text


@pytest.mark.parametrize("role", ["mediator", "district", "firm1"])
def test_only_admins_see_monitoring(client, auth, home, role):
    _write_report(home, "20261101T000000", "ok")
    for path in ("/v1/monitoring/latest", "/v1/monitoring/latest/report"):
        assert client.get(path, headers=auth[role]).status_code == 403
    assert client.get("/v1/monitoring/latest").status_code == 401
