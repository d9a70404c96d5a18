"""Rendered pages of a small generated world: no unit ids, no personal data, no count under 5 anywhere."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from data.dataset import Dataset
from data.timeline import latest_as_of
from features.transparency.community import transparency_rows

from .page_text import elements

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pages(world_client: TestClient, world: Dataset) -> dict[str, str]:
    """Every page of the world in both languages, every overview page and every community's JSON."""
    out = {}
    for lang in ("zh-CN", "en"):
        for page in (1, 2):
            out[f"/?lang={lang}&page={page}"] = world_client.get("/", params={"lang": lang, "page": page}).text
        for community in world["communities"]["community_id"]:
            out[f"/communities/{community}?lang={lang}"] = world_client.get(
                f"/communities/{community}?lang={lang}"
            ).text
    for community in world["communities"]["community_id"]:
        url = f"/v1/public/communities/{community}/transparency"
        response = world_client.get(url)
        assert response.status_code == 200
        out[url] = response.text
    return out


def test_no_unit_id_appears_on_any_page(pages, world: Dataset):
    unit_ids = set(world["units"]["unit_id"].astype(str))
    for url, text in pages.items():
        tokens = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9_-]{3,}", text))
        assert not tokens & unit_ids, url
        assert not re.search(r"C\d{4}-B\d{2}-\d{4}", text), url  # the world's unit id pattern


def test_no_complaint_text_appears_on_any_page(pages, world: Dataset):
    texts = {t for t in world["complaints"]["text"].dropna().astype(str) if len(t) >= 6}
    sample = sorted(texts)[:: max(1, len(texts) // 200)]
    for url, text in pages.items():
        assert not any(complaint in text for complaint in sample), url


def test_every_count_shown_is_five_or_more(pages):
    for url, text in pages.items():
        if not url.startswith("/communities/"):
            continue
        counts = [t for _, attributes, t in elements(text) if attributes.get("data-kind") == "count"]
        assert len(counts) > 30, url  # tiles, bars and the tables behind the charts
        for shown in counts:  # a dash: a count of 5 or more hidden so that a smaller one cannot be worked out
            assert shown in ("<5", "—") or int(shown.replace(",", "")) >= 5, (url, shown)


def _figures(node: object) -> Iterator[dict]:
    if isinstance(node, dict):
        if {"value", "status", "shown", "kind"} <= node.keys():
            yield node
        for child in node.values():
            yield from _figures(child)
    elif isinstance(node, list):
        for child in node:
            yield from _figures(child)


def test_json_figures_follow_the_rules(pages, world: Dataset):
    raw = transparency_rows(world, latest_as_of(world)).set_index(["community_id", "indicator", "key"])
    for community in world["communities"]["community_id"]:
        page = json.loads(pages[f"/v1/public/communities/{community}/transparency"])
        mine = raw.loc[community]
        for figure in _figures(page):
            if figure["kind"] == "count":
                assert figure["value"] is None or figure["value"] >= 5
                assert (figure["status"] == "suppressed") == (figure["shown"] in ("<5", "—"))
        for (indicator, key), figure in ((ik, f) for *ik, f in _published(page)):
            if figure["kind"] == "count" and figure["status"] == "suppressed":  # "<5" exactly for counts under 5
                assert (figure["shown"] == "<5") == (mine.loc[(indicator, key), "value"] < 5), (community, indicator)
        thin = mine[(mine["count"] < 5) & ~mine["kind"].isin(["money", "price", "months"])]
        shown = {(i, k): f for i, k, f in _published(page)}
        for (indicator, key), row in thin.iterrows():
            assert shown[(indicator, key)]["value"] is None, (community, indicator, key, row["value"])
        for name in ("complaints_by_category", "disputes_by_kind", "disputes_by_venue"):
            cells = mine.loc[name]
            hidden = [key for key in cells.index if shown[(name, key)]["status"] == "suppressed"]
            assert not hidden or cells.loc[hidden, "value"].sum() >= 5 or len(hidden) == len(cells), (community, name)


def _published(page: dict) -> Iterator[tuple[str, str, dict]]:
    sections = ("fees", "accounts", "complaints", "repairs", "disputes")
    yield "fee_rate", "", page["identity"]["fee_rate"]
    for section in sections:
        for name, content in page[section].items():
            if isinstance(content, list):
                for cell in content:
                    yield name, cell["key"], cell["figure"]
            elif isinstance(content, dict) and "status" in content:
                yield name, "", content
