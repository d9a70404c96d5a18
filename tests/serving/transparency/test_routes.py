"""The public routes: no key, documented in OpenAPI with the shared error model, safe and self-contained pages."""

from __future__ import annotations

import re

import pytest

from scoring.transparency.page_model import TransparencyPage

from .attacker import figures

ERROR_REF = "#/components/schemas/ErrorBody"
PATHS = {
    "/": "get",
    "/communities/{community_id}": "get",
    "/v1/public/communities/{community_id}/transparency": "get",
}


@pytest.fixture(scope="module")
def openapi(hand_client) -> dict:
    return hand_client.get("/openapi.json").json()


def test_routes_are_documented_with_their_responses(openapi):
    for path, method in PATHS.items():
        operation = openapi["paths"][path][method]
        assert operation["tags"] == ["public"]
        assert "security" not in operation  # public: no key
        for status, response in operation["responses"].items():
            if status >= "400":
                assert response["content"]["application/json"]["schema"]["$ref"] == ERROR_REF, (path, status)
    json_route = openapi["paths"]["/v1/public/communities/{community_id}/transparency"]["get"]
    schema = json_route["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"] == "#/components/schemas/TransparencyPage"
    assert {"404", "422"} <= set(json_route["responses"])
    assert "text/html" in openapi["paths"]["/"]["get"]["responses"]["200"]["content"]
    assert "text/html" in openapi["paths"]["/communities/{community_id}"]["get"]["responses"]["404"]["content"]


def test_json_is_the_page_content(hand_client):
    response = hand_client.get("/v1/public/communities/A/transparency")
    assert response.status_code == 200
    page = TransparencyPage.model_validate(response.json())
    assert page.identity.name == "翠竹花园"
    assert page.risk.band == "critical"
    assert [d.family for d in page.risk.drivers] == ["arrears"]
    assert "units" not in response.text.split('"drivers"')[1]  # how many units a driver touches is never published


def test_unknown_community_answers_404_as_html_for_browsers_and_json_otherwise(hand_client):
    html = hand_client.get("/communities/nowhere?lang=en", headers={"Accept": "text/html,*/*"})
    assert html.status_code == 404
    assert html.headers["content-type"].startswith("text/html")
    assert "Community not found" in html.text
    data = hand_client.get("/communities/nowhere")
    assert data.status_code == 404
    assert data.json()["error"]["code"] == "not_found"
    api = hand_client.get("/v1/public/communities/nowhere/transparency")
    assert api.status_code == 404
    assert set(api.json()) == {"error"}


@pytest.mark.parametrize("url", ["/?lang=fr", "/?page=0", "/?sort=colour", "/communities/A?lang=de"])
def test_bad_queries_answer_422_with_the_shared_error(hand_client, url):
    response = hand_client.get(url)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_unknown_query_parameters_are_ignored(hand_client):
    assert hand_client.get("/?utm_source=wechat").status_code == 200


@pytest.mark.parametrize("url", ["/", "/?lang=en", "/communities/A", "/communities/B?lang=en"])
def test_pages_load_nothing_from_elsewhere(hand_client, url):
    response = hand_client.get(url)
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["content-language"] in ("zh-CN", "en")
    html = response.text
    assert "<script" not in html
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)  # no external script, style, font or image
    assert '<meta name="viewport"' in html


def test_overview_pages_through_the_communities(hand_client, monkeypatch):
    from serving.transparency import overview

    monkeypatch.setattr(overview, "PAGE_SIZE", 2)
    first = hand_client.get("/?lang=en").text
    assert "Page 1 of 2" in first
    assert 'rel="next"' in first
    second = hand_client.get("/?lang=en&page=2").text
    assert "Page 2 of 2" in second
    assert 'rel="prev"' in second
    assert hand_client.get("/?lang=en&page=9").text.count("data-community=") == 1  # past the end: the last page


def test_the_documented_example_is_a_valid_page(openapi):
    example = openapi["components"]["schemas"]["TransparencyPage"]["examples"][0]
    assert TransparencyPage.model_validate(example).identity.fee_rate.shown == "2.50"


def test_the_documented_example_shows_what_community_a_publishes(openapi, hand_client):
    example = openapi["components"]["schemas"]["TransparencyPage"]["examples"][0]
    published = figures(hand_client.get("/v1/public/communities/A/transparency").json())
    for where, figure in figures(example).items():
        assert {"value": None, **figure} == published[where], where  # the schema drops a null value
    medians = {c["indicator"]: c["district_median"] for c in example["comparison"]}
    served = hand_client.get("/v1/public/communities/A/transparency").json()["comparison"]
    assert all(c["district_median"] == medians[c["indicator"]] for c in served if c["indicator"] in medians)
