"""Golden tests on the real reports of ../shared/corpora against corpora/gold (hand-checked).

Skipped where the shared corpus is absent (a user's machine). PDFs have their own issue.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.accuracy import evaluate_source
from conftest import GOLD, SHARED_CORPORA

CASES = []
for path in sorted((GOLD / "reports").glob("*.json")):
    gold = json.loads(path.read_text(encoding="utf-8"))
    for src in gold["sources"]:
        if not src.endswith(".docx"):
            CASES.append(pytest.param(path.stem, src, id=src.split("/")[-1]))


@pytest.mark.parametrize("key, src", CASES)
def test_real_report_against_gold(key, src, shared_corpora):
    gold = json.loads((GOLD / "reports" / f"{key}.json").read_text(encoding="utf-8"))
    r = evaluate_source(gold, key, src, SHARED_CORPORA)
    assert r.template_got == r.template_gold
    assert r.cells_wrong == [], "a wrong value is worse than none"
    if r.kind == "structured":
        assert r.cells_missing == 0
    else:
        # crawler text: whatever could not be read is declared, never guessed
        assert r.cells_missing == 0 or r.declared_unreadable
    assert r.arithmetic_false == []
    assert r.narrative_false == []


def test_every_real_report_has_gold(shared_corpora):
    covered = set()
    for path in (GOLD / "reports").glob("*.json"):
        covered.update(json.loads(path.read_text(encoding="utf-8"))["sources"])
    files = [
        p.relative_to(shared_corpora).as_posix()
        for p in (shared_corpora / "real").rglob("*")
        if p.is_file() and p.suffix in (".html", ".txt", ".md", ".pdf")
    ]
    assert sorted(set(files) - covered) == []
