"""End to end in a real headless Chromium: ``streamlit run`` the app, ask a question, and find a citation card
with a 文号 on the page; a screenshot is saved under the test's tmp dir. Needs Debian's chromium and
chromium-driver (installed by .ci/run); without them this test fails, it does not skip."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.server_support import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]+〔20\d\d〕\d+号")


@pytest.fixture
def streamlit_url(indexed_settings, tmp_path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "POLICYQA_DATA_DIR": str(indexed_settings.data_dir), "OMP_NUM_THREADS": "1"}
    env.pop("POLICYQA_API_URL", None)
    log = (tmp_path / "streamlit.log").open("w")
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "ui" / "app.py"),
        "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
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
                pytest.fail(f"streamlit did not start; see {tmp_path / 'streamlit.log'}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def browser():
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} missing: apt-get install -y chromium chromium-driver fonts-noto-cjk"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1400,1500", "--lang=zh-CN",
    ):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_asking_in_a_real_browser_shows_a_citation_card_with_a_doc_number(streamlit_url, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(streamlit_url)
    box = WebDriverWait(browser, 60).until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, "textarea[data-testid='stChatInputTextArea']"))
    )
    box.send_keys("我被隔离了，工资怎么算？")
    box.send_keys(Keys.ENTER)

    def citation_card(driver):
        cards = driver.find_elements(By.CSS_SELECTOR, "[class*='st-key-citation-']")
        return next((c for c in cards if DOC_NUMBER.search(c.text)), None)

    card = WebDriverWait(browser, 120).until(citation_card)
    number = DOC_NUMBER.search(card.text).group(0)
    assert number.startswith(("京人社劳字〔2020〕", "人社"))
    assert "《" in card.text and "复制引用" in card.text
    link = card.find_element(By.PARTIAL_LINK_TEXT, "在原文中打开")
    assert "?doc=" in link.get_attribute("href")

    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", card)
    time.sleep(0.5)  # let the scroll settle before the screenshot
    shot = tmp_path / "chat-citation-card.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    print(f"\nscreenshot: {shot}  (citation card with {number})")
