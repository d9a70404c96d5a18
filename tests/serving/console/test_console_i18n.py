"""Console languages: zh-CN by default, English with ?lang=en, every text from the public pages' catalogue."""

from __future__ import annotations

import json
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from serving.transparency.rendering import LOCALES, TEMPLATES

from .conftest import log_in

ROOT = LOCALES.parent.parent
CONSOLE_TEMPLATES = TEMPLATES / "console"
# Data a page shows as it is stored: names of communities and subdistricts, complaint texts, the language switch.
DATA = ("翠竹苑", "东湖花园", "金湖山庄", "翠竹街道", "东湖街道", "中文", "罗湖区", "、")


def console_ids() -> set[str]:
    """Every message id the console's code and templates mark, extracted as the catalogue is."""
    method_map = [("serving/console/**.py", "python"), ("serving/templates/console/**.html", "jinja2")]
    options = {"serving/templates/console/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}
    found = extract_from_dir(str(ROOT), method_map=method_map, options_map=options)
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def test_the_console_marks_its_messages():
    assert len(console_ids()) > 150


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_console_message_is_translated(locale):
    with open(LOCALES / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        translated = {m.id: m.string for m in read_po(po) if m.id}
    missing = sorted(console_ids() - {i for i, s in translated.items() if s})
    assert not missing, "run pybabel extract/update/compile (serving/locales/babel.cfg)"


def test_console_templates_hold_no_text_outside_gettext():
    templates = sorted(CONSOLE_TEMPLATES.glob("*.html"))
    assert len(templates) >= 9
    for template in templates:
        source = template.read_text(encoding="utf-8")
        stripped = re.sub(r"{{.*?}}|{%.*?%}|{#.*?#}", " ", source, flags=re.S)
        stripped = re.sub(r"<[^>]*>", " ", stripped)
        assert not re.findall(r"[A-Za-z]{2,}|[\u4e00-\u9fff]", stripped), template.name


def _visible(html: str) -> str:
    body = html.split("<body>", 1)[1]
    text = re.sub(r"<[^>]+>", " ", body)
    for name in DATA:
        text = text.replace(name, "")
    return text


PAGES = [
    ("mediator", "/console/queue"), ("mediator", "/console/units/U01"), ("mediator", "/console/communities"),
    ("mediator", "/console/communities/C1"), ("firm1", "/console/communities"), ("firm1", "/console/queue"),
    ("firm1", "/console/units/U01"), ("firm1", "/console/upload"), ("admin", "/console/admin"),
    ("firm1", "/console/units/U09"), ("mediator", "/console/admin"), (None, "/console/login"),
]  # fmt: skip


def _monitoring_report(home) -> None:
    folder = home / "reports" / "20240601T000000"
    folder.mkdir(parents=True)
    summary = {"verdict": "warn", "as_of": "2024-06-01", "drift_share": 0.25, "drifted_features": ["arrears_months"],
               "prediction_drift": {"score": 0.12, "drifted": True, "trend": 0.05, "unexpected": True}}  # fmt: skip
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    (folder / "drift.html").write_text("<html></html>", encoding="utf-8")


@pytest.mark.parametrize(("username", "path"), PAGES)
def test_chinese_by_default_and_english_when_asked(app_client, console_home, username, path):
    _monitoring_report(console_home)
    headers = log_in(app_client, username).headers if username else {}
    app_client.cookies.clear()
    zh = app_client.get(path, headers=headers)
    en = app_client.get(f"{path}?lang=en", headers=headers)
    assert zh.status_code == en.status_code
    assert '<html lang="zh-CN">' in zh.text
    assert zh.headers["content-language"] == "zh-CN"
    assert "纠纷雷达工作台" in zh.text
    assert '<html lang="en">' in en.text
    assert "Dispute Radar staff console" in en.text
    assert not re.search(r"[\u4e00-\u9fff]", _visible(en.text)), path
    leaked = [text for text in _english_phrases() if text in _visible(zh.text)]
    assert leaked == [], path  # no English text of the catalogue left untranslated on a Chinese page


def _english_phrases() -> list[str]:
    """The console's messages of three words or more without parameters: none of them may show on a zh-CN page."""
    with open(LOCALES / "zh_CN" / "LC_MESSAGES" / "messages.po", "rb") as po:
        translated = {m.id: m.string for m in read_po(po) if m.id}
    ids = console_ids()
    return sorted(i for i in ids if "%(" not in i and len(i.split()) >= 3 and translated.get(i) not in (None, i))


def test_the_language_switch_keeps_the_page_and_its_filters(app_client):
    mediator = log_in(app_client, "mediator")
    page = app_client.get("/console/queue?band=high&page=1", headers=mediator.headers).text
    assert 'href="/console/queue?band=high&amp;page=1&amp;lang=en"' in page
    english = app_client.get("/console/queue?band=high&lang=en", headers=mediator.headers).text
    assert 'href="/console/queue?band=high&amp;lang=zh-CN"' in english
    assert (
        'href="/console/units/U01?lang=en"' in app_client.get("/console/queue?lang=en", headers=mediator.headers).text
    )
