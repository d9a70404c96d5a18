"""What the pages show equals what the hand-made district's records give (worked out in test_figures.py)."""

from __future__ import annotations

import pytest

from data.dataset import Dataset
from features.transparency.community import transparency_rows
from features.transparency.spec import DECIMALS
from scoring.transparency.formatting import shown_text
from scoring.transparency.page_model import TransparencyPage

from ...features.transparency.hand_district import AS_OF, MODEL_VERSION
from .page_text import chart_cells, texts_by


@pytest.fixture(scope="module")
def page_a(hand_client) -> str:
    response = hand_client.get("/communities/A")
    assert response.status_code == 200
    return response.text


def test_tiles_show_the_figures(page_a):
    tiles = texts_by(page_a, "data-indicator")
    expected = {
        "fee_rate": "2.50", "collection_rate": "72.5%", "fee_income": "¥12,000", "fund_spent": "¥500",
        "fund_balance": "¥6,200", "owners_revenue_share": "25.0%", "ledger_months": "12", "complaints": "11",
        "complaints_per100": "110.0", "complaint_resolution_days": "3.0",
        "complaint_satisfaction": "3.7", "repairs": "9", "repair_response_days": "—",
        "repair_completion_days": "1.0", "disputes": "8", "disputes_per100": "80.0",
        # Hidden because each would give a count under 5 away: 2 of 11 complaints unresolved, 3 of 8 repairs late,
        # 4 of 6 disputes mediated and 2 not, 9 repairs minus 5 elevator outages = 4 other repairs.
        "complaint_resolved_share": "—", "repair_within_service_level": "—", "mediation_share": "—",
        "elevator_outages": "—", "elevator_outages_per100": "—",
    }  # fmt: skip
    assert {name: tiles[name] for name in expected} == expected


def test_charts_and_their_tables_show_the_breakdowns(page_a):
    collection = chart_cells(page_a, "chart-collection")
    assert len(collection) == 12
    # 80% and 75% of 10 equal bills: 2 and 3 households behind; hidden. 2023-07 had no bills.
    assert (collection["2024-05"], collection["2024-06"], collection["2023-07"]) == ("—", "—", "—")
    complaints = chart_cells(page_a, "chart-complaints")
    assert (complaints["repair"], complaints["elevator"], complaints["sanitation"]) == ("6", "<5", "<5")
    kinds = chart_cells(page_a, "chart-disputes-kind")  # 6 fee arrears hidden with the 2 repairs: a dash, not "<5"
    assert kinds["fee_arrears"] == "—"
    assert set(kinds.values()) == {"<5", "—"}
    assert chart_cells(page_a, "chart-accounts")["common_revenue"] == "¥2,400"
    assert page_a.count("<svg") == 5
    assert page_a.count('role="img"') == 5


def test_comparison_risk_and_freshness(page_a):
    medians = texts_by(page_a, "data-median")
    assert medians["fee_rate"] == "2.50"
    verdicts = texts_by(page_a, "data-verdict")
    assert "持平" in verdicts["about_the_same"]
    assert "较差" in verdicts["worse"]
    assert 'data-indicator="fee_rate" data-verdict="about_the_same"' in page_a
    assert 'data-indicator="collection_rate" data-verdict="about_the_same"' in page_a  # B's 100% is not in it
    assert "很高" in page_a
    assert "物业费缴纳情况异常" in page_a
    assert f"数据截至 {AS_OF.date()}" in page_a
    assert f"风险模型版本 {MODEL_VERSION}" in page_a


def test_every_figure_on_every_page_equals_the_directly_computed_one(hand_client, hand: Dataset):
    raw = transparency_rows(hand, AS_OF)
    for community in ("A", "B", "C"):
        page = TransparencyPage.model_validate(
            hand_client.get(f"/v1/public/communities/{community}/transparency").json()
        )
        tiles = texts_by(hand_client.get(f"/communities/{community}?lang=en").text, "data-indicator")
        mine = raw[(raw["community_id"] == community) & (raw["key"] == "")]
        figures = page.fees.model_dump() | page.accounts.model_dump() | page.complaints.model_dump()
        figures |= (
            page.repairs.model_dump() | page.disputes.model_dump() | {"fee_rate": page.identity.fee_rate.model_dump()}
        )
        for indicator, value, kind in mine.loc[:, ["indicator", "value", "kind"]].itertuples(index=False):
            figure = figures[indicator]
            if figure["status"] == "ok":  # published rounded as shown
                assert figure["value"] == pytest.approx(round(value, DECIMALS[kind])), (community, indicator)
                assert tiles[indicator] == shown_text(value, kind, "ok"), (community, indicator)
            else:
                assert figure["value"] is None, (community, indicator)
                assert tiles[indicator] in ("<5", "—"), (community, indicator)


def test_overview_lists_every_community_with_its_figures(hand_client):
    html = hand_client.get("/?lang=en").text
    assert texts_by(html, "data-community").keys() == {"A", "B", "C"}
    assert "72.5%" in html
    assert "Critical" in html
    assert "甲物业" in html


def test_overview_search_and_sort(hand_client):
    found = texts_by(hand_client.get("/", params={"q": "翠竹"}).text, "data-community")
    assert list(found) == ["A"]
    html = hand_client.get("/", params={"sort": "collection_rate", "order": "desc"}).text
    # B's 100% (none of 6 bills unpaid) and C's rate (4 bills) are suppressed: always last, in name order.
    assert list(texts_by(html, "data-community")) == ["A", "B", "C"]
    html = hand_client.get("/", params={"sort": "fee_rate", "order": "asc"}).text
    assert list(texts_by(html, "data-community")) == ["C", "A", "B"]
    assert 'aria-sort="ascending"' in html
