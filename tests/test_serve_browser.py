"""`kefu serve` in real headless Chromium (Debian's chromium + chromedriver, driven by
Selenium): an agent logs in, opens a finding in its chat and disputes it; a reviewer
logs in, finds the dispute at the top of the queue and overturns it with the keyboard;
the board, open in another tab, shows the new score without a reload; the lead sees the
charts and the audit trail. The pages run
under their Content-Security-Policy (any violation fails the test).

Skips with its reason when no browser is installed (.ci/run installs chromium and
chromium-driver). KEFU_SCREENSHOTS=docs/screenshots writes the README's screenshots."""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from serve_support import MONTH, PASSWORD, TARGETS, build_ledger

WAIT = 20          # seconds a condition may take on a busy machine (not a timing assertion)


def _browser_or_skip():
    chromium = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.skip("Chromium or chromedriver is not installed (apt-get install -y chromium chromium-driver): "
                    "the web app is not tested in a browser")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (pip install -e '.[test]')")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,900"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        return webdriver.Chrome(service=Service(executable_path=driver), options=options)
    except Exception as exc:           # a browser that cannot start here: say why
        pytest.skip(f"Chromium did not start: {str(exc).splitlines()[0]}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from checker.serve import create_app
    db = build_ledger(tmp_path_factory.mktemp("browser"))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(db, targets=TARGETS)
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(WAIT * 20):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", db
    srv.should_exit = True
    thread.join(WAIT)
    sock.close()


def _shots() -> Path | None:
    target = os.environ.get("KEFU_SCREENSHOTS")
    if not target:
        return None
    path = Path(target)
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_dispute_review_and_live_board_in_chromium(server, tmp_path):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    base, db = server
    shots = _shots() or tmp_path
    driver = _browser_or_skip()
    wait = WebDriverWait(driver, WAIT, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))

    def log_in(name):
        driver.get(f"{base}/login")
        form = driver.find_element(By.ID, "login-form")
        form.find_element(By.NAME, "name").send_keys(name)
        form.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
        wait.until(lambda d: "/login" not in d.current_url)

    try:
        # the agent: her month, a finding in its chat, a dispute
        log_in("晓雯")
        assert driver.current_url.endswith("/my")
        driver.get(f"{base}/my?month={MONTH}")
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("data-js") == "ready"
        row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "tr.finding-row.open")
                   if int(r.find_elements(By.TAG_NAME, "td")[3].text) > 0)
        fid = row.get_attribute("data-finding")
        row.find_element(By.CSS_SELECTOR, "a.open-finding").click()
        aside = wait.until(lambda d: d.find_element(By.ID, fid))
        assert "focus" in aside.get_attribute("class") and "建议：" in aside.text and "复核申请截止" in aside.text
        marks = driver.find_elements(By.CSS_SELECTOR, f'mark[data-findings~="{fid}"]')
        assert marks and marks[0].text
        driver.save_screenshot(str(shots / "agent-finding.png"))
        aside.find_element(By.NAME, "reason").send_keys("顾客当时要的是别的型号，我没有推卸")
        aside.find_element(By.CSS_SELECTOR, "form.dispute-form button").click()
        wait.until(lambda d: d.find_element(By.ID, fid).get_attribute("data-status") == "disputed")
        assert "申请复核中" in driver.find_element(By.ID, fid).text
        driver.find_element(By.ID, "logout").click()
        wait.until(lambda d: "/login" in d.current_url)

        # the reviewer: the board in one tab, the queue in another
        log_in("质检员")
        driver.get(f"{base}/board?month={MONTH}")
        board_tab = driver.current_window_handle
        score = lambda d: d.find_element(By.CSS_SELECTOR, 'tr[data-agent="晓雯"] td.score').text  # noqa: E731
        before = score(driver)
        driver.switch_to.new_window("tab")
        driver.get(f"{base}/review?month={MONTH}")
        first = driver.find_element(By.CSS_SELECTOR, "tr.q-row")
        assert first.get_attribute("data-finding") == fid and "复核申请" in first.text
        assert "顾客当时要的是别的型号" in first.text
        driver.save_screenshot(str(shots / "reviewer-queue.png"))
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys("w")                                   # overturn the selected (first) entry
        reason = driver.switch_to.active_element
        assert reason.get_attribute("name") == "reason"
        reason.send_keys("复核：型号确有误会，不算推卸" + Keys.ENTER)
        wait.until(lambda d: not any(r.get_attribute("data-finding") == fid
                                     for r in d.find_elements(By.CSS_SELECTOR, "tr.q-row")))

        # the board, never reloaded, shows the new score
        driver.switch_to.window(board_tab)
        wait.until(lambda d: score(d) != before)
        assert int(score(driver)) > int(before)
        assert "changed" in driver.find_element(By.CSS_SELECTOR, 'tr[data-agent="晓雯"] td.score').get_attribute("class")
        driver.save_screenshot(str(shots / "board.png"))

        # the lead: every scorecard with the HTML report's charts, the audit trail of the above
        driver.find_element(By.ID, "logout").click()
        wait.until(lambda d: "/login" in d.current_url)
        log_in("组长")
        assert driver.current_url.endswith("/lead")
        driver.get(f"{base}/lead?month={MONTH}")
        assert driver.find_elements(By.CSS_SELECTOR, "svg.totals") and driver.find_elements(By.CSS_SELECTOR, "svg.hist")
        audit = driver.find_element(By.ID, "audit").text
        assert "finding.dispute" in audit and "finding.waive" in audit and "复核：型号确有误会" in audit
        driver.save_screenshot(str(shots / "lead.png"))
        problems = [e["message"] for e in driver.get_log("browser")
                    if e["level"] == "SEVERE" or "Content Security Policy" in e["message"]]
        assert not problems, problems
    finally:
        driver.quit()
