"""Languages: zh-CN by default, English on ?lang=en, every string from a complete, compiled catalogue."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from data.contract import COMPLAINT_CATEGORIES, DISPUTE_KINDS, DISPUTE_VENUES, OPTIONAL_TABLES, REPAIR_CATEGORIES
from features.transparency.spec import INDICATORS
from serving.transparency import labels
from serving.transparency.rendering import LANGS, LOCALES, TEMPLATES

from .page_text import visible_texts

ROOT = LOCALES.parent.parent


def catalogue(locale: str):
    with open(LOCALES / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po)


def extracted_ids() -> set[str]:
    """Every message id the templates and the transparency code mark, extracted as the catalogue was."""
    method_map = [("serving/transparency/**.py", "python"), ("serving/templates/**.html", "jinja2")]
    options = {"serving/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}
    found = extract_from_dir(str(ROOT), method_map=method_map, options_map=options)
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


@pytest.mark.parametrize("locale", sorted(LANGS.values()))
def test_every_message_is_translated_and_compiled(locale):
    po = catalogue(locale)
    translated = {m.id: m.string for m in po if m.id}
    assert extracted_ids() <= set(translated), "run pybabel extract/update (see serving/locales/babel.cfg)"
    assert all(translated.values()), [i for i, s in translated.items() if not s]
    with open(LOCALES / locale / "LC_MESSAGES" / "messages.mo", "rb") as mo:
        compiled = {m.id: m.string for m in read_mo(mo) if m.id}
    assert compiled == translated, "the .mo is out of date: run pybabel compile -d serving/locales"


def test_placeholders_survive_translation():
    for message in catalogue("zh_CN"):
        if message.id:
            assert sorted(re.findall(r"%\(\w+\)s|%%", message.id)) == sorted(
                re.findall(r"%\(\w+\)s|%%", message.string)
            ), message.id


def test_every_code_has_a_label():
    assert set(labels.COMPLAINT_CATEGORIES) == set(COMPLAINT_CATEGORIES)
    assert set(labels.REPAIR_CATEGORIES) == set(REPAIR_CATEGORIES)
    assert set(labels.DISPUTE_KINDS) == set(DISPUTE_KINDS)
    assert set(labels.DISPUTE_VENUES) == set(DISPUTE_VENUES)
    assert set(labels.INDICATORS) == {indicator.name for indicator in INDICATORS}
    assert set(labels.TABLES) == set(OPTIONAL_TABLES)


def test_templates_hold_no_text_outside_gettext():
    for template in TEMPLATES.glob("*.html"):
        source = template.read_text(encoding="utf-8")
        stripped = re.sub(r"{{.*?}}|{%.*?%}|{#.*?#}", " ", source, flags=re.S)
        stripped = re.sub(r"<[^>]*>", " ", stripped)  # tags and their attributes
        words = re.findall(r"[A-Za-z]{2,}|[\u4e00-\u9fff]", stripped)
        assert not words, (template.name, words)


def test_chinese_is_the_default_and_english_is_asked_for(hand_client):
    zh = hand_client.get("/communities/A")
    en = hand_client.get("/communities/A?lang=en")
    assert '<html lang="zh-CN">' in zh.text
    assert '<html lang="en">' in en.text
    assert "纠纷风险" in zh.text
    assert "Dispute risk" not in zh.text
    assert "Dispute risk" in en.text
    assert "纠纷风险" not in en.text
    assert 'href="/communities/A?lang=en"' in zh.text
    assert 'href="/communities/A?lang=zh-CN"' in en.text
    assert "Service-fee payments are behind" in en.text  # the drivers' English sentences


def test_english_pages_show_no_chinese_beyond_names(hand_client, hand):
    names = set(hand["communities"]["name"]) | set(hand["firms"]["name"])
    names |= set(hand["communities"]["district"]) | set(hand["communities"]["subdistrict"]) | {"中文"}  # the switch
    for url in ("/?lang=en", "/communities/A?lang=en", "/communities/C?lang=en"):
        for text in visible_texts(hand_client.get(url).text):
            rest = text
            for name in names:
                rest = rest.replace(name, "")
            assert not re.search(r"[\u4e00-\u9fff]", rest), (url, text)


def test_compiled_catalogue_round_trips():
    po = catalogue("zh_CN")
    buffer = BytesIO()
    write_mo(buffer, po)
    assert buffer.getvalue()
