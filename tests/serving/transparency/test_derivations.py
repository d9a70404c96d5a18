"""The attacker (attacker.py) on every page of the hand-made district and of the small generated world.

From every published figure of a page, pairs and simple combinations (share × base, base − share × base, totals
minus their shown parts, rates per 100 units × units, the 12-month collection rate minus the months shown) and the
district medians on every page, no count under 5 may be worked out. The JSON carries the rounded values the HTML
shows, the district overview shows a community's figures exactly as its page does, and the medians rest only on
figures that are published.
"""

from __future__ import annotations

import re
import statistics

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from data.dataset import Dataset
from data.timeline import latest_as_of
from features.point_in_time import cut_to_as_of
from features.transparency.community import transparency_rows
from features.transparency.rows import Window

from ...features.transparency.hand_district import AS_OF
from .attacker import Knowledge, attack_page, figures, hidden_from_medians, shown_interval
from .page_text import elements

OVERVIEW = ("fee_rate", "collection_rate", "complaint_resolved_share", "repair_completion_days")


def knowledge(dataset: Dataset, as_of: pd.Timestamp) -> dict[str, Knowledge]:
    """What a well-informed reader knows of each community: bases, units, each month's billed amount."""
    raw = transparency_rows(dataset, as_of)
    units = dataset["units"]["community_id"].astype(object).value_counts()
    cut = cut_to_as_of(dataset, as_of)
    bills = cut["fee_bills"].merge(cut["units"].loc[:, ["unit_id", "community_id"]], on="unit_id")
    periods = Window.trailing(as_of, 12).closed_periods()
    bills = bills[bills["period"].astype(object).isin(periods)]
    due = bills.groupby([bills["community_id"].astype(object), bills["period"].astype(object)])["amount_due_cny"]
    due_by = due.sum()
    out = {}
    for cid, mine in raw.groupby("community_id"):
        bases = {(i, k): float(c) for i, k, c in mine.loc[:, ["indicator", "key", "count"]].itertuples(index=False)}
        months = due_by.loc[cid].to_dict() if cid in due_by.index.get_level_values(0) else {}
        out[str(cid)] = Knowledge({k: v for k, v in bases.items() if not np.isnan(v)}, float(units.get(cid, 0)), months)
    return out


def served(client: TestClient, dataset: Dataset) -> dict[str, dict]:
    ids = dataset["communities"]["community_id"].astype(str)
    return {cid: client.get(f"/v1/public/communities/{cid}/transparency").json() for cid in ids}


@pytest.fixture(scope="module")
def hand_world(hand_client: TestClient, hand: Dataset) -> tuple[TestClient, dict[str, dict], dict[str, Knowledge]]:
    return hand_client, served(hand_client, hand), knowledge(hand, AS_OF)


@pytest.fixture(scope="module")
def small_world(world_client: TestClient, world: Dataset) -> tuple[TestClient, dict[str, dict], dict[str, Knowledge]]:
    return world_client, served(world_client, world), knowledge(world, latest_as_of(world))


WORLDS = ["hand_world", pytest.param("small_world", marks=pytest.mark.slow)]


@pytest.mark.parametrize("which", WORLDS)
def test_no_count_under_five_can_be_worked_out(request, which):
    _, pages, known = request.getfixturevalue(which)
    from_medians = hidden_from_medians(pages)
    findings = [f for cid, page in pages.items() for f in attack_page(cid, page, known[cid], from_medians.get(cid))]
    assert not findings, f"{len(findings)} derivations:\n" + "\n".join(map(str, findings[:25]))


@pytest.mark.parametrize("which", WORLDS)
def test_the_json_carries_the_rounded_values_shown(request, which):
    _, pages, _ = request.getfixturevalue(which)
    for cid, page in pages.items():
        for (name, key), figure in figures(page).items():
            if figure["status"] == "ok" and figure["kind"] != "count":
                number = float(re.sub(r"[¥,%]", "", figure["shown"])) / (100 if figure["shown"].endswith("%") else 1)
                assert figure["value"] == pytest.approx(number, abs=1e-9), (cid, name, key, figure)


@pytest.mark.parametrize("which", WORLDS)
def test_district_medians_rest_on_published_figures_only(request, which):
    _, pages, _ = request.getfixturevalue(which)
    for cid, page in pages.items():
        district = page["identity"]["district"]
        peers = [p for p in pages.values() if p["identity"]["district"] == district]
        for row in page["comparison"]:
            values = [f["value"] for p in peers if (f := figures(p)[(row["indicator"], "")])["status"] == "ok"]
            assert row["communities"] == len(values), (cid, row["indicator"])
            if values:  # the median of the published values, rounded as shown
                low, high = shown_interval(row["district_median"]) or (np.nan, np.nan)
                assert low - 1e-9 <= statistics.median(values) <= high + 1e-9, (cid, row["indicator"])


@pytest.mark.parametrize("which", WORLDS)
def test_the_overview_line_shows_what_the_page_shows(request, which):
    client, pages, _ = request.getfixturevalue(which)
    html = client.get("/?lang=en").text
    rows = re.findall(r'<tr data-community="([^"]+)">(.*?)</tr>', html, flags=re.S)
    assert len(rows) == len(pages)
    for cid, row in rows:
        cells = [text for tag, attributes, text in elements(row) if tag == "td" and "data-kind" in attributes]
        mine = figures(pages[cid])
        assert cells == [mine[(name, "")]["shown"] for name in OVERVIEW], cid
