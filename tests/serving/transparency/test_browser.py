"""A real browser (Debian's Chromium, headless, through Playwright) on the overview and a community page.

Both pages load in both languages with their key sections and charts visible, fit a phone's width and log no
console error. Screenshots go to tests/artifacts/ (git-ignored); the English community page also to docs/ for the
README.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ..browser_support import ARTIFACTS, chromium, served
from .conftest import public_app, serve_home

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SECTIONS = ("identity", "fees", "accounts", "complaints", "repairs", "disputes", "risk", "comparison")
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1100, "height": 1500}


@pytest.fixture(scope="module")
def base_url(world_home: Path) -> Iterator[str]:
    """The app served by uvicorn on loopback, in a thread, over the small world's pages."""
    with pytest.MonkeyPatch.context() as patch:
        serve_home(patch, world_home)
        with served(public_app()) as url:
            yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def _open(browser, url: str, viewport: dict[str, int]):
    """A new page at `url`, with every console error and page error collected."""
    page = browser.new_page(viewport=viewport)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    response = page.goto(url, wait_until="load")
    assert response is not None
    assert response.status == 200
    return page, problems


def _fits_the_width(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_overview_in_a_browser(browser, base_url, lang):
    page, problems = _open(browser, f"{base_url}/?lang={lang}", DESKTOP)
    assert page.locator("h1").is_visible()
    assert page.locator("form[role=search] input[type=search]").is_visible()
    assert page.locator("table.overview tbody tr").count() == 20
    page.locator("form[role=search] input[type=search]").fill(page.locator("tbody th a").first.inner_text())
    page.locator("form[role=search] button").click()
    page.wait_for_load_state("load")
    assert page.locator("table.overview tbody tr").count() >= 1
    page.screenshot(path=str(ARTIFACTS / f"overview-{lang}.png"), full_page=True)
    assert page.locator("html").get_attribute("lang") == lang
    phone, phone_problems = _open(browser, f"{base_url}/?lang={lang}", PHONE)
    assert _fits_the_width(phone)
    assert problems + phone_problems == []


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_community_page_in_a_browser(browser, base_url, lang):
    page, problems = _open(browser, f"{base_url}/communities/C0001?lang={lang}", DESKTOP)
    for section in SECTIONS:
        assert page.locator(f"section#{section}").is_visible(), section
    charts = page.locator("figure.chart svg[role=img]")
    assert charts.count() == 5
    for i in range(5):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert chart.is_visible()
        assert box is not None
        assert box["width"] > 200
    assert page.locator("#chart-collection text.tick").count() == 12  # every month is named, shown or not
    assert page.locator("#chart-collection details.chart-data td").count() == 12
    assert 1 <= page.locator("#chart-collection rect.bar").count() <= 12  # a hidden month draws no bar
    assert page.locator("figure.chart details.chart-data table").count() == 5
    assert page.locator("#freshness").inner_text().strip()
    if lang == "en":
        page.evaluate("window.scrollTo(0, 0)")
        top = {"x": 0, "y": 0, "width": 1100, "height": 1500}  # the README's view (docs/screenshot-community.png)
        page.screenshot(path=str(ARTIFACTS / "screenshot-community.png"), clip=top)
    page.screenshot(path=str(ARTIFACTS / f"community-{lang}.png"), full_page=True)
    assert not page.locator("#fees details.chart-data table").is_visible()
    page.locator("#fees details.chart-data summary").click()
    assert page.locator("#fees details.chart-data table").is_visible()  # the data behind the chart
    phone, phone_problems = _open(browser, f"{base_url}/communities/C0001?lang={lang}", PHONE)
    assert _fits_the_width(phone)
    phone.screenshot(path=str(ARTIFACTS / f"community-{lang}-phone.png"), full_page=True)
    assert problems + phone_problems == []
