"""A real browser (Debian's Chromium, headless, through Playwright) on the overview and a community page.

Both pages load in both languages with their key sections and charts visible, fit a phone's width and log no
console error. Screenshots go to tests/artifacts/ (git-ignored); the English community page also to docs/ for the
README.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import public_app, serve_home

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "tests" / "artifacts"
README_SHOT = ROOT / "docs" / "screenshot-community.png"
# Without these Chromium keeps trying to reach the network (updates, field trials, first-run pages).
QUIET = ["--disable-background-networking", "--disable-component-update", "--no-first-run"]
SECTIONS = ("identity", "fees", "accounts", "complaints", "repairs", "disputes", "risk", "comparison")
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1100, "height": 1500}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(world_home: Path) -> Iterator[str]:
    """The app served by uvicorn on loopback, in a thread, over the small world's pages."""
    import uvicorn

    port = _free_port()
    with pytest.MonkeyPatch.context() as patch:
        serve_home(patch, world_home)
        server = uvicorn.Server(uvicorn.Config(public_app(), host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 60
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "the server did not start"
        yield f"http://127.0.0.1:{port}"
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=QUIET)
        yield launched
        launched.close()


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
        page.screenshot(path=str(README_SHOT), clip={"x": 0, "y": 0, "width": 1100, "height": 1500})
    page.screenshot(path=str(ARTIFACTS / f"community-{lang}.png"), full_page=True)
    assert not page.locator("#fees details.chart-data table").is_visible()
    page.locator("#fees details.chart-data summary").click()
    assert page.locator("#fees details.chart-data table").is_visible()  # the data behind the chart
    phone, phone_problems = _open(browser, f"{base_url}/communities/C0001?lang={lang}", PHONE)
    assert _fits_the_width(phone)
    phone.screenshot(path=str(ARTIFACTS / f"community-{lang}-phone.png"), full_page=True)
    assert problems + phone_problems == []
