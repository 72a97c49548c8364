"""The reviewer's HTML: self-contained, every evidence link resolves, renders in a browser."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from auditor.render.html import render_html
from conftest import audit_text


@pytest.fixture(scope="module")
def seed_html(seed_result) -> str:
    return render_html(seed_result)


def test_html_is_self_contained(seed_html):
    soup = BeautifulSoup(seed_html, "lxml")
    assert not soup.find_all("script", src=True)
    assert not soup.find_all("link", href=True)
    assert not re.search(r"(src|href)=\"(https?:)?//", seed_html)
    assert "url(http" not in seed_html


def test_every_evidence_link_has_a_target(seed_html):
    soup = BeautifulSoup(seed_html, "lxml")
    ids = {t["id"] for t in soup.find_all(id=True)}
    links = [a["href"][1:] for a in soup.find_all("a", href=True) if a["href"].startswith("#off-")]
    assert links
    assert not [link for link in links if link not in ids]


def test_findings_and_claims_are_shown(seed_html):
    soup = BeautifulSoup(seed_html, "lxml")
    findings = soup.select("#findings article.finding")
    assert any("N003" in f.get_text() for f in findings)
    marks = soup.select("#text .doctext mark.claim-match")
    assert any(m.get_text() == "279条" for m in marks)
    assert soup.select_one('[data-testid="errors"]').get_text() == "0"


def test_mismatch_is_highlighted(tmp_path, seed_text):
    r = audit_text(
        tmp_path, seed_text.replace("政务微信公开政府信息279条", "政务微信公开政府信息289条")
    )
    soup = BeautifulSoup(render_html(r), "lxml")
    bad = soup.select("#text .doctext mark.claim-mismatch")
    assert [m.get_text() for m in bad] == ["289条"]
    assert any("N001" in a.get_text() for a in soup.select("#findings article.sev-error"))


def test_html_escapes_report_text(tmp_path, seed_text):
    r = audit_text(tmp_path, seed_text.replace("无\n", "<script>alert(1)</script>\n"))
    html = render_html(r)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)


@pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium on this machine")
def test_renders_in_headless_chromium(tmp_path, seed_html):
    page = tmp_path / "report.html"
    page.write_text(seed_html, encoding="utf-8")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    )
    soup = BeautifulSoup(dom.stdout, "lxml")
    assert soup.select_one("h1") and "灵武市白土岗乡" in soup.select_one("h1").get_text()
    assert len(soup.select("#table tbody tr")) == 58
    shot = tmp_path / "shot.png"
    subprocess.run(
        [CHROMIUM, *flags, "--window-size=1280,1600", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 20_000
