"""`kefu scorecard --format html`: one self-contained page, rendered in headless Chromium.

The page is checked as a browser shows it (`--dump-dom`: the DOM after scripts ran): the
scorecards, the charts, the flagged chats with highlighted words; customer data masked;
and a transcript carrying `<script>` / `onerror` shows as text and never runs (the
injected code would mark the DOM). The browser test skips when Chromium is absent;
CI installs it with `apt-get install -y chromium`."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli import app
from conftest import ROOT

runner = CliRunner()
TARGETS = ROOT / "examples" / "scorecard" / "targets"
INJECTION = {
    "id": "T-20261115-0666", "agent": "小美", "customer": "张小凡",
    "outcome": {"ordered": False},
    "messages": [
        {"at": "2026-11-15T20:00:00+08:00", "from": "customer",
         "text": "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">我的电话13812345678，张小凡"},
        {"at": "20:00:09", "from": "agent",
         "text": "不行，<script>document.documentElement.setAttribute('data-pwned','script')</script>这个退不了"},
        {"at": "20:00:30", "from": "customer", "text": "</textarea><b>加粗</b>&amp; 为什么"},
        {"at": "20:00:41", "from": "agent", "text": "亲，抱歉，我帮您申请售后。"},
    ],
}
RAW = ["13812345678", "13987654321", "18666668888", "13612345678", "13700001234", "张小凡", "软糖不软_", "王小二家的猫",
       "风一样的男子_0571"]


def chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("html")
    chats = tmp / "chats"
    shutil.copytree(ROOT / "transcripts", chats)
    (chats / "im" / "injection.json").write_text(json.dumps(INJECTION, ensure_ascii=False), encoding="utf-8")
    db = tmp / "kefu.db"
    result = runner.invoke(app, ["check", str(chats), "--record", "--db", str(db)])
    assert result.exit_code == 1, result.stderr
    out = tmp / "2026-11.html"
    result = runner.invoke(app, ["scorecard", "--db", str(db), "--month", "2026-11", "--targets", str(TARGETS),
                                 "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


def test_page_is_self_contained_and_escaped(page):
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count("<script>") == 1 and html.count("<style>") == 1
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)       # nothing fetched
    assert "@import" not in html and "url(" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<script>document" not in html and "<img src=x" not in html and "<b>加粗</b>" not in html
    assert "&lt;script&gt;document" in html and "&lt;img src=x onerror=" in html
    for raw in RAW:
        assert raw not in html, raw
    assert "138****5678" in html


def _dom(page: Path, tmp_path: Path) -> str:
    browser = chromium()
    if browser is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium): the page is not rendered in a browser")
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
           "--virtual-time-budget=3000", "--dump-dom", page.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<html" in done.stdout, done.stderr[-2000:]
    return done.stdout


def test_chromium_shows_the_scorecards_and_runs_no_injected_code(page, tmp_path):
    dom = _dom(page, tmp_path)
    root = re.search(r"<html[^>]*>", dom).group(0)
    assert 'data-js="ready"' in root                         # the page's own script ran …
    assert "data-pwned" not in root                          # … the transcript's did not (it would mark <html>)
    assert not re.search(r'data-pwned="', dom)
    assert dom.count("<script") == 1 and "<img" not in dom and "<b>加粗</b>" not in dom
    assert "&lt;script&gt;document.documentElement.setAttribute" in dom      # shown as text
    assert "&lt;/textarea&gt;&lt;b&gt;加粗&lt;/b&gt;&amp;amp; 为什么" in dom

    # what a reader sees: every agent's card, the KPI table, traced deductions, the charts
    for agent in ("小美", "阿杰", "晓雯"):
        assert f'data-agent="{agent}"' in dom
    for label in ("汇总", "KPI 指标", "日常考核", "响应时间分布", "质检问题按规范", "有问题的会话", "IM响应时间", "执行力"):
        assert label in dom, label
    assert dom.count('<svg class="hist"') >= 3 and '<svg class="norms"' in dom and '<svg class="totals"' in dom
    assert re.search(r'<a href="#F-[0-9a-f]{10}">F-[0-9a-f]{10} 会话 T-20261108-0012 消息#9', dom)

    # the flagged chats: offending words highlighted, the rule's explanation beside them
    marks = re.findall(r'<mark data-findings="(F-[0-9a-f]{10}[^"]*)">([^<]*)</mark>', dom)
    assert ("不行" in {text for _, text in marks}) and ("你说的不对" in {text for _, text in marks})
    count = re.search(r'<span id="js-count">(\d+)</span>', dom)
    assert count and int(count.group(1)) == dom.count("<mark ")          # computed by the page's script
    injected = dom[dom.index('id="chat-'):]
    block = injected[injected.index("T-20261115-0666"):]
    block = block[:block.index("</article>")]
    assert re.search(r'<mark data-findings="F-[0-9a-f]{10}">不行</mark>，&lt;script&gt;', block)
    assert "生硬拒绝" in block and "依据：" in block and "建议：" in block
    assert "张*凡" in block and "138****5678" in block
    for raw in RAW:
        assert raw not in dom, raw
