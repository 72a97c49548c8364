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
