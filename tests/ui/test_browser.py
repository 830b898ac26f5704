"""The chat and the API docs as a new user meets them, in a real headless Chromium at 1400 px and at 390 px (a
phone: mobile emulation, taps as touch events). The chat runs as ``policyqa ui`` runs it (``_streamlit_command``)
over the real test index; the API is a real uvicorn. Screenshots are saved under each test's tmp dir.

Needs Debian's chromium, chromium-driver and fonts-noto-cjk (``make test`` installs them, see
tests/ui/system_packages.sh); without them these tests fail, they do not skip."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from serve.api import create_app
from serve.cli import _streamlit_command
from tests.conftest import CORPUS
from tests.server_support import free_port, running_server
from ui.sources import read_source_names

pytestmark = pytest.mark.integration

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]+〔20\d\d〕\d+号")
PHONE = 390
WIDTHS = [pytest.param(1400, id="1400px"), pytest.param(PHONE, id="390px")]
QUARANTINE = "我被隔离了，工资怎么算？"


@contextmanager
def streamlit_app(data_dir: Path, log_dir: Path) -> Iterator[tuple[str, Path]]:
    """``policyqa ui``'s own command over ``data_dir`` on a free port; yields its URL and its log file."""
    port = free_port()
    env = {**os.environ, "POLICYQA_DATA_DIR": str(data_dir), "OMP_NUM_THREADS": "1"}
    env.pop("POLICYQA_API_URL", None)
    log_path = log_dir / "streamlit.log"
    log = log_path.open("w")
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        _streamlit_command("127.0.0.1", port), cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/_stcore/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start; see {log_path}")
            time.sleep(0.3)
        yield url, log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def streamlit_server(indexed_settings, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    with streamlit_app(indexed_settings.data_dir, tmp_path_factory.mktemp("streamlit")) as served:
        yield served


@pytest.fixture
def browser(request):
    """Chromium at the width the test is parametrized with; 390 px is a phone (touch, mobile viewport)."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: run `make test`, or apt-get install -y chromium chromium-driver fonts-noto-cjk")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    width = request.param
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--window-size={max(width, 500)},1000", "--lang=zh-CN",
    ):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    if width < 500:  # a desktop window cannot be this narrow: emulate the phone's viewport
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride", {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": True}
        )
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    driver.width = width
    try:
        yield driver
    finally:
        driver.quit()


# ---------------------------------------------------------------- helpers


def _wait(driver, condition: Callable[[Any], Any], seconds: float = 120) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # Streamlit re-renders while a page settles: an element found a moment ago may be replaced before it is
    # read, so a stale reference means "not yet" and the condition is tried again.
    return WebDriverWait(driver, seconds, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def _ask(driver, url: str, question: str, card_kind: str = "citation") -> list:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(url)
    box = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "textarea[data-testid='stChatInputTextArea']"), 60)
    box.send_keys(question)
    box.send_keys(Keys.ENTER)
    cards = _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f"[class*='st-key-{card_kind}-1-']"))
    _wait_until_settled(driver)
    return driver.find_elements(By.CSS_SELECTOR, f"[class*='st-key-{card_kind}-1-']") or cards


def _wait_until_settled(driver, seconds: float = 60) -> None:
    """Until the app's script has finished its run (Streamlit marks its root), and the last delta is painted."""
    from selenium.webdriver.common.by import By

    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid='stApp'][data-test-script-state='notRunning']"), seconds)
    time.sleep(0.5)


def _button(scope, label: str):
    from selenium.webdriver.common.by import By

    return scope.find_element(By.XPATH, f".//button[normalize-space(.)='{label}']")


def _press(driver, element) -> None:
    """A click on a desktop; on the phone a tap (touch start and end), as a finger would."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    time.sleep(0.3)
    if driver.width >= 500:
        element.click()
        return
    x, y = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2];", element
    )
    driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def _copy_button(driver, card):
    """The 复制引用 button: it lives in its component's shadow root."""
    return driver.execute_script(
        """for (const el of arguments[0].querySelectorAll('*')) {
             const b = el.shadowRoot && el.shadowRoot.querySelector('button.copy');
             if (b) return b;
           }
           return null;""",
        card,
    )


def _screenshot(driver, tmp_path: Path, name: str, element=None) -> Path:
    if element is not None:
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", element)
        time.sleep(0.5)
    shot = tmp_path / f"{name}-{driver.width}px.png"
    assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    print(f"\nscreenshot: {shot}")
    return shot


# ---------------------------------------------------------------- the chat


@pytest.mark.parametrize("browser", WIDTHS, indirect=True)
def test_each_citation_is_shown_once_as_a_card_that_collapses_on_a_phone(streamlit_server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    url, _ = streamlit_server
    cards = _ask(browser, url, QUARANTINE)
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "引用：" not in page, "no citation list in the answer text"
    assert not re.search(r"(?m)^\s*•\s*\d+[.．]", page), "a list item is not numbered twice"
    first = cards[0]
    assert re.match(r"\[1\] 《[^《》]+》 · ", first.text), first.text  # title and clause label
    assert first.find_element(By.CSS_SELECTOR, "blockquote").is_displayed()  # the quote
    assert _copy_button(browser, first).is_displayed() and _button(first, "在原文中打开").is_displayed()
    meta = first.find_element(By.CSS_SELECTOR, "[class*='st-key-wide-citation-']")
    number = DOC_NUMBER.search(first.get_attribute("textContent")).group(0)
    if browser.width == PHONE:
        assert not meta.is_displayed(), "on a phone the 文号, issuer and date wait behind 详情"
        _screenshot(browser, tmp_path, "citation-card-collapsed", first)
        _press(browser, first.find_element(By.XPATH, ".//summary[contains(., '详情')]"))
        def opened_details(_):  # the expander animates open: wait for its text, not only its box
            shown = [c.text for c in first.find_elements(By.CSS_SELECTOR, "[data-testid='stExpanderDetails']")]
            return next((text for text in shown if "出处：" in text), None)

        assert number in _wait(browser, opened_details, 10)
    else:
        assert meta.is_displayed() and number in meta.text
    _screenshot(browser, tmp_path, "citation-card", first)


@pytest.mark.parametrize("browser", WIDTHS, indirect=True)
def test_the_copy_button_is_visible_and_copies_the_legal_form_by_tap(streamlit_server, browser, tmp_path):
    url, _ = streamlit_server
    browser.execute_cdp_cmd(
        "Browser.grantPermissions", {"origin": url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}
    )
    card = _ask(browser, url, QUARANTINE)[0]
    button = _copy_button(browser, card)
    assert button.is_displayed() and button.text == "复制引用"  # visible without hovering, in Chinese
    # the button says 已复制 for 2.5 s: every label it shows is recorded, so a slow poll on a busy machine cannot miss it
    browser.execute_script(
        """const b = arguments[0]; b.seenLabels = [];
           new MutationObserver(() => b.seenLabels.push(b.textContent)).observe(b, {childList: true, characterData: true, subtree: true});""",
        button,
    )
    _press(browser, button)
    _wait(browser, lambda d: "已复制" in d.execute_script("return arguments[0].seenLabels;", button), 10)
    copied = browser.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('failed: ' + e));"
    )
    assert re.match(r"《[^《》]+》（.+）第.+", copied), copied
    _screenshot(browser, tmp_path, "copied", card)


@pytest.mark.parametrize("browser", WIDTHS, indirect=True)
def test_opening_a_source_shows_it_in_this_tab_and_back_keeps_the_conversation(streamlit_server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    url, log = streamlit_server
    card = _ask(browser, url, QUARANTINE)[0]
    _press(browser, _button(card, "在原文中打开"))
    def cited_clause_in_view(driver) -> bool:  # the page re-renders meanwhile: find the mark each time
        marks = driver.find_elements(By.XPATH, "//mark[contains(., '引用的条款')]")
        top = driver.execute_script("return arguments[0].getBoundingClientRect().top;", marks[0]) if marks else -1
        return 0 <= top < driver.execute_script("return window.innerHeight;")

    _wait(browser, cited_clause_in_view, 30)  # opened and scrolled to the cited clause
    _wait_until_settled(browser)
    assert len(browser.window_handles) == 1 and "doc=" in browser.current_url
    page = browser.find_element(By.TAG_NAME, "body").text
    names = read_source_names(CORPUS / "sources.tsv").values()
    assert ".txt" not in page and any(name in page for name in names), "sources are named in words"
    _screenshot(browser, tmp_path, "document-at-clause")

    back = [b for b in browser.find_elements(By.XPATH, "//button[normalize-space(.)='← 返回对话']")][-1]
    _press(browser, back)
    cards = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "[class*='st-key-citation-1-']"), 30)
    assert QUARANTINE in browser.find_element(By.TAG_NAME, "body").text and cards
    assert "doc=" not in browser.current_url
    assert "deprecated" not in log.read_text(encoding="utf-8"), "Streamlit logged a deprecation warning"


@pytest.mark.parametrize("browser", WIDTHS, indirect=True)
def test_a_quote_keeps_its_heading_apart_and_titles_carry_one_pair_of_marks(streamlit_server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    url, _ = streamlit_server
    card = _ask(browser, url, "京人社劳字〔2020〕11号第二条怎么规定的")[0]
    quote = card.find_element(By.CSS_SELECTOR, "blockquote")
    heading = quote.find_element(By.TAG_NAME, "b").text
    assert heading == "二、企业要妥善安置因疫情被隔离人员和未及时返京复工人员"
    assert quote.text.startswith(heading + "\n"), "the heading is a line of its own"

    related = _ask(browser, url, "京人社劳字〔2020〕99号规定了什么？", card_kind="related")  # no such notice: refused
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "可能相关" in page and "以下条文可能相关" not in page, "the related clauses are listed once, as cards"
    assert "《《" not in page and "》》" not in page
    assert all(card.text.strip() for card in related)
    _screenshot(browser, tmp_path, "related", related[0])


@pytest.mark.parametrize("browser", WIDTHS, indirect=True)
def test_an_active_filter_is_said_in_words_and_can_be_cleared(streamlit_server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    url, _ = streamlit_server
    browser.get(url)
    if browser.width == PHONE:  # the sidebar starts closed on a phone
        _press(browser, _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid='stExpandSidebarButton']"), 30))
    region = _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".st-key-f_region [role='combobox']"), 60)
    _press(browser, region)
    _press(browser, _wait(browser, lambda d: d.find_element(By.XPATH, "//*[@role='option'][normalize-space(.)='全国']"), 10))
    said = _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".st-key-active-filters"), 30)
    assert "只在这些文件中查找：地区：全国" in said.text and "{" not in said.text
    if browser.width == PHONE:
        _press(browser, _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid='stSidebarCollapseButton'] button"), 10))
    _screenshot(browser, tmp_path, "filter", said)
    _press(browser, _button(said, "清除筛选"))
    _wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".st-key-active-filters"), 30)


@pytest.mark.parametrize("browser", WIDTHS, indirect=True)
def test_streamlit_shows_no_deploy_button_and_no_english_menu(streamlit_server, browser):
    from selenium.webdriver.common.by import By

    url, _ = streamlit_server
    browser.get(url)
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "textarea[data-testid='stChatInputTextArea']"), 60)
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "Deploy" not in page
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid='stMainMenu']")


# ---------------------------------------------------------------- the API docs


@pytest.mark.parametrize("browser", WIDTHS, indirect=True)
def test_the_api_docs_render_offline_from_local_assets(indexed_settings, policy_assistant, browser, tmp_path):
    from selenium.webdriver.common.by import By

    with running_server(create_app(indexed_settings, policy_assistant)) as api:
        browser.get(f"{api}/docs")
        title = _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".swagger-ui .info .title"), 30)
        assert "政策问答 API" in title.text
        _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"), 30)
        paths = {p.text.replace("\u200b", "") for p in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
        assert {"/v1/ask", "/v1/search"} <= paths
        loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name);")
        assert loaded and all(name.startswith(api) for name in loaded), loaded  # nothing from a CDN
        _screenshot(browser, tmp_path, "api-docs")


# ---------------------------------------------------------------- a hostile uploaded page

# Markup as text: it survives sanitising (it is text, not a tag) and reaches a clause verbatim, so the chat
# must show it as text wherever it renders clause text as HTML (the quote, 详情, the document view).
TEXT_MARKUP = "&lt;img src=x onerror=\"window.__pwned='clause text'\"&gt;&lt;script&gt;window.__pwned='clause script'&lt;/script&gt;"


def _hostile_page(path: Path) -> Path:
    from tests.upload_files import REMOTE_WORK

    title, *lines = REMOTE_WORK
    paragraphs = "\n".join(
        f"<p onclick=\"window.__pwned='onclick'\">{line}{TEXT_MARKUP if line.startswith('二、') else ''}</p>"
        for line in lines
    )
    path.write_text(
        f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<script>window.__pwned = 'head script'; alert('head script')</script></head>
<body onload="window.__pwned='onload'"><h1>{title}</h1>
{paragraphs}
<img src="x" onerror="window.__pwned='img'; alert('img')">
<svg><script>window.__pwned='svg script'</script></svg>
<a href="javascript:window.__pwned='link'">更多</a></body></html>""",
        encoding="utf-8",
    )
    return path


def _nothing_ran(driver) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    try:
        alert = driver.switch_to.alert
        pytest.fail(f"an alert ran: {alert.text}")
    except NoAlertPresentException:
        pass
    assert driver.execute_script("return window.__pwned === undefined"), driver.execute_script("return window.__pwned")
    assert driver.execute_script("return document.querySelectorAll('[onerror], [onclick], [onload]').length") == 0
    assert not driver.find_elements(By.XPATH, "//img[@src='x'] | //a[starts-with(@href, 'javascript:')]")


@pytest.mark.parametrize("browser", [pytest.param(1400, id="1400px")], indirect=True)
def test_a_script_in_an_uploaded_page_never_runs_in_the_chat(indexed_settings, browser, tmp_path):
    from selenium.webdriver.common.by import By

    from store.uploads import DocumentLibrary
    from tests.upload_support import copy_of_index

    settings = copy_of_index(indexed_settings, tmp_path / "data")
    page = _hostile_page(tmp_path / "远程办公通知.html")
    added = DocumentLibrary(settings).add([(page.name, page.read_bytes())], "test")
    assert [d.doc_id for f in added.added for d in f.documents] == ["沪人社办〔2099〕77号"], added.refused
    with streamlit_app(settings.data_dir, tmp_path) as (url, _log):
        card = _ask(browser, url, "远程办公期间的网络通讯费用由谁承担？")[0]
        assert "沪人社办〔2099〕77号" in card.text
        _press(browser, card.find_element(By.XPATH, ".//summary[contains(., '详情')]"))
        # 详情 shows the whole clause: the markup in it is there as text, and inert
        shown = _wait(browser, lambda d: "onerror" in d.find_element(By.TAG_NAME, "body").text, 15)
        assert shown
        _nothing_ran(browser)
        _screenshot(browser, tmp_path, "hostile-upload-details", card)

        _press(browser, _button(card, "在原文中打开"))
        _wait(browser, lambda d: "doc=" in d.current_url and "onerror" in d.find_element(By.TAG_NAME, "body").text, 30)
        _nothing_ran(browser)
        _screenshot(browser, tmp_path, "hostile-upload-document")
