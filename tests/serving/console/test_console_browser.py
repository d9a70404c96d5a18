"""The console in a real browser (Debian's Chromium, headless, through Playwright), served by uvicorn.

A mediator logs in, filters the queue, opens a unit, records an outreach and sees it in the history and in the
queue, downloads the CSV and logs out; a firm sees only its own communities and no outreach form; a wrong password
shows an error and then 429. Every kind of page, in both languages, fits a phone's width and passes the checks a
keyboard or screen reader user needs (one h1, no skipped heading level, every field labelled, Tab from "skip to
content" on in document order, WCAG AA text contrast); pages log no console error, and are screenshotted into
tests/artifacts/ (git-ignored). The throttle test runs last: it locks the browser's address out of logging in.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..browser_support import ARTIFACTS, chromium, served
from .conftest import PASSWORD, SCOPE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1200, "height": 1000}
UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(e => !(e.id && document.querySelector(`label[for="${e.id}"]`)) && !e.getAttribute('aria-label'))
  .map(e => e.name)"""


@pytest.fixture(scope="module")
def base_url(console_world: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by uvicorn on loopback, in a thread, over a copy of the console world."""
    from serving.app import create_app

    home = tmp_path_factory.mktemp("console-browser") / "home"
    shutil.copytree(console_world, home)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DISPUTES_HOME", str(home))
        patch.delenv("DATABASE_URL", raising=False)
        patch.delenv("MLFLOW_TRACKING_URI", raising=False)
        with served(create_app()) as url:
            yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def tab(browser):
    """A fresh browser context and page, with every console error, page error and failed request collected."""
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    yield page, problems
    context.close()


def _log_in(page, base_url: str, username: str, password: str = PASSWORD, lang: str = "en") -> None:
    page.goto(f"{base_url}/console/login?lang={lang}")
    page.get_by_label("Username" if lang == "en" else "用户名").fill(username)
    page.get_by_label("Password" if lang == "en" else "密码").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state("load")


# Text whose colour against its nearest opaque background falls below WCAG AA (4.5:1, or 3:1 for large text).
LOW_CONTRAST = """() => {
  const rgb = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = ({r, g, b}) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const behind = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
  const low = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const text = walk.currentNode.textContent.trim(), el = walk.currentNode.parentElement;
    if (!text || !el.getClientRects().length) continue;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (box.right <= 0 || box.bottom <= 0 || style.visibility === 'hidden') continue;
    const a = lum(rgb(style.color)), b = lum(behind(el)), ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), large = size >= 24 || (parseInt(style.fontWeight) >= 700 && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) low.push(`${text.slice(0, 30)} (${ratio.toFixed(2)})`);
  }
  return low;
}"""
# Heading levels that skip one (an h2 followed by an h4), which screen reader users navigate by.
SKIPPED_HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1])
  .filter((level, i, all) => i > 0 && level > all[i - 1] + 1)"""
# Whether Tab walks the page in document order (no tabindex reordering): each focused element follows the last
# (or is the last: Tab steps through the day, month and year of a date field).
FOCUS_IN_ORDER = """() => { const prev = window.__focused; const now = document.activeElement; window.__focused = now;
  return !prev || prev === now || !!(prev.compareDocumentPosition(now) & Node.DOCUMENT_POSITION_FOLLOWING); }"""


def _fits_the_width(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _accessible(page) -> None:
    assert page.locator("h1").count() == 1
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(SKIPPED_HEADINGS) == []
    assert page.evaluate(LOW_CONTRAST) == []
    page.evaluate("() => { document.activeElement.blur(); window.__focused = null; }")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"  # focus starts at "skip to content"
    page.evaluate(FOCUS_IN_ORDER)
    for _ in range(
        min(12, page.locator("a[href], button, input:not([type=hidden]), select, textarea, summary").count() - 1)
    ):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_IN_ORDER), page.evaluate("document.activeElement.outerHTML.slice(0, 80)")


def test_a_mediator_works_through_the_queue(tab, base_url):
    page, problems = tab
    _log_in(page, base_url, "mediator")
    assert page.url.endswith("/console/queue?lang=en")
    _accessible(page)
    assert page.locator("#capacity").inner_text().startswith("These ")
    page.select_option("#f-community", "C1")
    page.locator("form.filters button").click()
    page.wait_for_load_state("load")
    assert "community_id=C1" in page.url
    rows = page.locator("#queue tbody tr[data-unit]")
    assert rows.count() == 4
    page.screenshot(path=str(ARTIFACTS / "console-queue.png"), full_page=True)
    unit = rows.first.get_attribute("data-unit")
    rows.first.locator("th a").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == f"Unit {unit}"
    _accessible(page)
    page.select_option("#o-status", "mediating")
    page.get_by_label("Note").fill("Visited with the owner; mediation set for Saturday")
    page.locator("#outreach-form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("p.alert.ok").is_visible()
    history = page.locator("#outreach-history tbody tr").first
    assert "mediation set for Saturday" in history.inner_text()
    assert "Mediating" in history.inner_text()
    page.screenshot(path=str(ARTIFACTS / "console-unit.png"), full_page=True)
    page.goto(f"{base_url}/console/queue?lang=en&status=mediating")
    assert [r.get_attribute("data-unit") for r in page.locator("#queue tbody tr[data-unit]").all()] == [unit]
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert [row["unit_id"] for row in csv.DictReader(io.StringIO(text))] == [unit]
    page.locator("header form button").click()  # log out
    page.wait_for_load_state("load")
    assert "/console/login" in page.url
    page.goto(f"{base_url}/console/queue")
    assert "/console/login?next=" in page.url
    assert problems == []


def test_the_pages_fit_a_phone(tab, base_url):
    page, problems = tab
    page.set_viewport_size(PHONE)
    _log_in(page, base_url, "mediator", lang="zh-CN")
    for path in ("/console/queue", "/console/units/U01", "/console/communities", "/console/communities/C1"):
        page.goto(f"{base_url}{path}")
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        assert _fits_the_width(page), path
    page.goto(f"{base_url}/console/queue")
    page.screenshot(path=str(ARTIFACTS / "console-queue-phone.png"), full_page=True)
    assert problems == []


def test_a_firm_sees_only_its_own_communities(tab, base_url):
    page, problems = tab
    _log_in(page, base_url, "firm1")
    assert page.url.endswith("/console/communities?lang=en")
    listed = {r.get_attribute("data-community") for r in page.locator("#communities tbody tr").all()}
    assert listed == SCOPE["firm1"]
    page.screenshot(path=str(ARTIFACTS / "console-communities.png"), full_page=True)
    page.locator("#communities tbody tr th a").first.click()
    page.wait_for_load_state("load")
    assert page.locator("#community-levers, #drivers").count() >= 1
    page.goto(f"{base_url}/console/units/U01?lang=en")
    assert page.locator("#outreach-form").count() == 0
    assert problems == []
    response = page.goto(f"{base_url}/console/units/U09?lang=en")  # F2's unit: as if it did not exist
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == "There is no unit U09."


PAGES = [
    ("firm1", "/console/communities"), ("firm1", "/console/communities/C2"), ("firm1", "/console/queue"),
    ("firm1", "/console/upload"), ("firm1", "/console/units/U09"), ("admin", "/console/admin"),
    ("admin", "/console/units/U05"),
]  # fmt: skip
BROKEN_BILLS = (
    "bill_id,unit_id,period,amount_due_cny,due_date,paid_at,amount_paid_cny\nB1,U01,2024-05,-3,2024-05-31,,\n"
)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_every_kind_of_page_is_accessible_and_fits_a_phone(browser, base_url, tmp_path, lang):
    context = browser.new_context(viewport=PHONE)
    page, problems = context.new_page(), []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{base_url}/console/login?lang={lang}")
    _accessible(page)
    assert _fits_the_width(page)
    for username, path in PAGES:
        context.clear_cookies()
        _log_in(page, base_url, username, lang=lang)
        page.goto(f"{base_url}{path}?lang={lang}")
        _accessible(page)
        assert _fits_the_width(page), path
    page.goto(f"{base_url}/console/upload?lang={lang}")  # a broken file: the report, on a phone
    bills = tmp_path / "fee_bills.csv"
    bills.write_text(BROKEN_BILLS, encoding="utf-8")
    page.select_option("#u-table", "fee_bills")
    page.set_input_files("#u-file", str(bills))
    page.locator("#upload-form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#report tbody tr").count() == 1
    _accessible(page)
    assert _fits_the_width(page)
    page.locator("#report summary").first.click()  # the validator's own words open without any script
    assert page.locator("#report details span[lang=en]").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / f"console-upload-report-phone-{lang}.png"), full_page=True)
    context.close()
    assert problems == []


def test_a_wrong_password_shows_an_error_and_then_429(tab, base_url):
    page, problems = tab
    for attempt in range(5):
        _log_in(page, base_url, "district", "not the password")
        assert page.locator("#login-error").inner_text() == "Wrong username or password.", attempt
    with page.expect_response(lambda r: r.url.endswith("/console/login") and r.request.method == "POST") as answer:
        _log_in(page, base_url, "district")
    assert answer.value.status == 429
    assert answer.value.headers["retry-after"].isdigit()
    assert "Too many wrong passwords" in page.locator("#login-error").inner_text()
    page.screenshot(path=str(ARTIFACTS / "console-login-locked.png"))
    assert [p for p in problems if "429" not in p] == []  # Chromium logs the 429 itself as a failed resource
