"""Shared fixtures: the bundled seed report and the optional shared corpus."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

# The suite checks the classifier's decisions everywhere; a plain `auditor audit` loads
# it only when the headings cannot decide (see auditor.coverage.needs_model).
os.environ.setdefault("AUDITOR_COVERAGE_MODEL", "always")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "samples" / "baitugang_2018.txt"
GOLD = ROOT / "corpora" / "gold"
SHARED_CORPORA = Path(os.environ.get("AUDITOR_SHARED_CORPORA", ROOT.parent / "shared" / "corpora"))


@pytest.fixture(scope="session")
def seed_path() -> str:
    return str(SEED)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_result():
    import auditor

    return auditor.audit(str(SEED))


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads((GOLD / "reports" / "seed__baitugang_2018.json").read_text(encoding="utf-8"))


@pytest.fixture
def shared_corpora() -> Path:
    if not SHARED_CORPORA.is_dir():
        pytest.skip("../shared/corpora is not available on this machine")
    return SHARED_CORPORA


def audit_text(tmp_path: Path, text: str, name: str = "report.txt", encoding: str = "utf-8"):
    """Write `text` to a file and audit it (for mutation tests)."""
    import auditor

    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return auditor.audit(str(path))


def assert_grid_spans(
    doc, *, located: bool = False, raw: str | None = None, rectangular: bool = True
) -> None:
    """The grid invariants every reader keeps: rectangular rows (not Markdown, whose pipe
    rows keep the cells they were written with); a copy of a merged cell
    repeats its origin, which comes first; an origin's span indexes its text exactly; an
    empty cell has no span. `located`: cells also carry page and box, and page spans
    stay inside the text (PDF). `raw`: the source offsets lead back to the characters."""
    from auditor.ingest.normalize import to_halfwidth

    for table in doc.tables:
        width = len(table.rows[0])
        for r, row in enumerate(table.rows):
            assert not rectangular or len(row) == width, "grid must be rectangular"
            for c, cell in enumerate(row):
                if cell.copy_of is not None:
                    origin = table.rows[cell.copy_of[0]][cell.copy_of[1]]
                    assert origin.copy_of is None and cell.copy_of <= (r, c)
                    assert (cell.text, cell.span) == (origin.text, origin.span)
                elif cell.text:
                    s, e = cell.span
                    assert doc.text[s:e] == cell.text
                    if located:
                        assert cell.page is not None and cell.bbox is not None
                    if raw is not None:
                        src = "".join(raw[o] for o in doc.source_offsets[s:e])
                        assert to_halfwidth(src) == cell.text
                else:
                    assert cell.span is None
        s, e = table.span
        assert 0 <= s <= e <= len(doc.text)
    if located:
        for s, e, page in doc.page_spans:
            assert 0 <= s < e <= len(doc.text) and page >= 1
