"""The upload report in the page's language: every rule code named and explained from the console's catalogue.

The rule codes stay as the contract (shown as they are); the validator's own English text is kept beside the
translation, inside a <details> element marked lang="en".
"""

from __future__ import annotations

import html
import re

import pytest

from serving.console.labels import RULES
from serving.console.report_messages import OTHER, problem_text

from .conftest import log_in

CJK = re.compile(r"[\u4e00-\u9fff]")
COMPLAINTS = "complaint_id,community_id,unit_id,created_at,category,channel,text,resolved_at,satisfaction\n"
BROKEN_COMPLAINTS = COMPLAINTS + (
    "K1,C1,U01,2024-05-01T10:00:00,noise,app,,2024-04-01T10:00:00,\n"  # resolved before it was filed
    "K2,C1,U01,2024-05-01T10:00:00,Noise,app,,,3\n"  # a code in the wrong case; satisfaction without resolution
    "K3,C9,,2024-05-01T10:00:00,noise,app,,,\n"  # an unknown community
    "K4,C1,U09,2024-05-01T10:00:00,noise,app,,,\n"  # a unit of C3
    "K5,C1,U01,yesterday,noise,app,,,\n"  # not a timestamp
    "K6,C1,U01,2099-01-01T00:00:00,noise,app,,,\n"  # the future
    "K1,C1,U01,2024-05-01T10:00:00,noise,app,,,\n"  # the key again
    "K7,C1,U01,2024-05-01T10:00:00,noise,app,,2024-05-02T10:00:00,9\n"  # satisfaction over 5
    "K8,,U01,2024-05-01T10:00:00,noise,app,,,\n"  # no community
)
BILLS = "bill_id,unit_id,period,amount_due_cny,due_date,paid_at,amount_paid_cny\n"


def _report(client, table: str, body: bytes, lang: str = "") -> list[list[str]]:
    admin = log_in(client, "admin")
    files = {"file": (f"{table}.csv", body, "text/csv")}
    data = {"table": table, "csrf_token": admin.csrf, **({"lang": lang} if lang else {})}
    response = client.post("/console/upload", data=data, files=files, headers=admin.headers)
    assert response.status_code == 422, response.text
    assert 'id="upload-problem"' in response.text
    table_html = re.search(r'<table id="report">.*?</table>', response.text, re.S).group(0)
    rows = re.findall(r"<tr><td>.*?</tr>", table_html, re.S)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]


def _rule(cell: str) -> str:
    return re.search(r"<code>([a-z_]+)</code>", cell).group(1)


def _translated(cell: str) -> str:
    return html.unescape(cell.split("<details>")[0])


def test_every_rule_of_a_broken_file_is_named_and_explained_in_chinese_by_default(app_client):
    rows = _report(app_client, "complaints", BROKEN_COMPLAINTS.encode())
    rules = {_rule(rule) for _, _, _, _, rule, _ in rows}
    assert {"not_before", "enum", "only_when_set", "foreign_key", "unit_in_community", "type", "not_future",
            "unique", "range", "required"} <= rules  # fmt: skip
    for _, _, _, _, rule, problem in rows:
        assert CJK.search(rule), rule  # the code, then its name
        assert CJK.search(_translated(problem)), problem
        assert "数据契约的规则" not in problem  # a message of its own, not the fallback
        assert '<span lang="en">' in problem  # the validator's words, kept
    by_rule = {_rule(row[4]): _translated(row[5]) for row in rows}
    assert by_rule["range"] == "“9”不在 1 至 5 之间。"
    assert by_rule["not_before"] == "“2024-04-01 10:00:00”早于 created_at。"
    assert by_rule["enum"].startswith("“Noise”不在允许的代码之中：repair, elevator")


def test_the_same_report_in_english_with_lang_en(app_client):
    rows = _report(app_client, "complaints", BROKEN_COMPLAINTS.encode(), lang="en")
    by_rule = {_rule(row[4]): (row[4], _translated(row[5])) for row in rows}
    assert by_rule["range"] == ('<code>range</code><br><span class="note">out of range</span>', "9 is outside 1 to 5.")
    assert by_rule["foreign_key"][1] == "C9 is not a community_id of communities."
    assert not any(CJK.search(cell) for row in rows for cell in row)


@pytest.mark.parametrize(
    ("body", "rule", "zh"),
    [
        (BILLS + "B1,U01,2024-05,220.5,2024-05-31,,100\n", "empty_together", "已填写“100”，但 paid_at 为空。"),
        (BILLS + "B1,U01,2024-05,-3,2024-05-31,,\n", "range", "“-3”小于 0。"),
        (b"bill_id,unit_id,period,amount_due_cny,due_date,paid_at\nB1,U01,2024-05,3,2024-05-31,\n", "missing_column",
         "缺少列 amount_paid_cny。"),
        (b"\xff\xfe\x00b\x00i", "unreadable_file", "无法将文件读取为 UTF-8 编码的 CSV。"),
    ],
)  # fmt: skip
def test_file_and_pairing_rules_are_translated(app_client, body, rule, zh):
    rows = _report(app_client, "fee_bills", body.encode() if isinstance(body, str) else body)
    assert [(_rule(row[4]), _translated(row[5])) for row in rows] == [(rule, zh)]


def test_a_value_in_a_message_is_escaped(app_client):
    rows = _report(app_client, "fee_bills", (BILLS + "B1,U01,2024-05,<b>x</b>,2024-05-31,,\n").encode())
    assert rows[0][5].startswith("“&lt;b&gt;x&lt;/b&gt;”不是数字。")


def test_an_unknown_rule_code_still_reads_as_a_sentence():
    text = problem_text({"table": "fee_bills", "row": 1, "column": None, "value": None, "rule": "brand_new"})
    assert (text.message, text.params["rule"]) == (OTHER, "brand_new")
    assert "brand_new" not in RULES


def test_a_firm_moving_its_community_is_told_so_and_shown_the_change(app_client):
    firm = log_in(app_client, "firm1")
    body = "community_id,name,district,subdistrict,firm_id,built_year,fee_rate_cny_m2,has_owners_committee\n"
    body += "C1,翠竹苑,罗湖区,东湖街道,F1,2001,2.5,true\n"
    files = {"file": ("communities.csv", body.encode(), "text/csv")}
    response = app_client.post("/console/upload", data={"table": "communities", "csrf_token": firm.csrf},
                               files=files, headers=firm.headers)  # fmt: skip
    assert response.status_code == 403
    problem = re.search(r'id="upload-problem">(.*?)</div>', response.text, re.S).group(1)
    assert "只有管理员才能这样做" in problem
    assert "不属于贵公司的小区" not in problem  # not "rows of other communities"
    assert 'lang="en"' not in problem  # and not the API's English message
    changes = re.search(r'<table id="changes">.*?</table>', response.text, re.S).group(0)
    assert re.findall(r"<td>(.*?)</td>", changes) == ["communities", "C1", "subdistrict", "翠竹街道", "东湖街道"]
