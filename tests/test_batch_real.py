"""The batch on the real multi-year series of ../shared/corpora/real/web (平潭综合实验区
2011–2025 and its 财政金融局 2009–2025): series, duplicates, missing years, and the
cross-year findings checked against the hand-checked gold values."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from auditor.batch import BatchOptions, run_batch

GOLD = Path(__file__).resolve().parent.parent / "corpora" / "gold" / "reports"


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    from conftest import SHARED_CORPORA

    web = SHARED_CORPORA / "real" / "web"
    if not (web / "pingtan").is_dir():
        pytest.skip("../shared/corpora/real/web is not available on this machine")
    out = tmp_path_factory.mktemp("real") / "out"
    run_batch(BatchOptions(str(web), str(out), workers=2, quiet=True, copy_any=True))
    import sqlite3

    db = sqlite3.connect(out / "audit.sqlite")
    rows = db.execute(
        "SELECT file, agency, year, rule, status, expected, actual, message FROM cross_checks"
    ).fetchall()
    return out, rows


def _gold_series(folder: str) -> dict[int, dict]:
    out = {}
    for path in sorted(GOLD.glob(f"web__{folder}__*.json")):
        data = json.loads(path.read_text("utf-8"))
        if folder == "pingtan" and not path.stem.endswith("syq"):
            continue
        out[data["year"]] = data["cells"]
    return out


def test_series_duplicates_and_missing_years(real_run):
    _, rows = real_run
    missing = {(a, m) for _, a, _, rule, _, _, _, m in rows if rule == "X005"}
    texts = {m for _, m in missing}
    assert len(missing) == 3
    assert any("平潭综合实验区的" in m and "2015" in m for m in texts)
    assert any("平潭综合实验区的" in m and "2022" in m for m in texts)
    assert any("财政金融局的" in m and "2015" in m for m in texts)
    dups = {f for f, _, _, rule, *_ in rows if rule == "X006"}
    assert "pingtan/2019_pingtan-syq.txt" in dups and "pingtan_finance/2016.txt" in dups
    assert all(f.endswith(".txt") for f in dups) and len(dups) == 20
    # "财金局" (2016) and "…财政金融局关于" (2014) joined the 财政金融局 series; the county
    # government and the 实验区 stay apart
    agencies = {(f, a) for f, a, *_ in rows}
    assert ("pingtan_finance/2016.html", "平潭综合实验区财政金融局") in agencies
    assert ("pingtan/2012_pingtan-county.html", "平潭县人民政府") in agencies


@pytest.mark.parametrize("folder", ["pingtan", "pingtan_finance"])
def test_carry_over_findings_agree_with_gold(real_run, folder):
    _, rows = real_run
    gold = _gold_series(folder)
    ours: dict[tuple[int, str], set[str]] = {}
    for file, _, year, rule, status, *_ in rows:
        if rule in ("X001", "X002") and file.startswith(f"{folder}/"):
            ours.setdefault((year, rule), set()).add(status)
    for year, cells in sorted(gold.items()):
        prev = gold.get(year - 1)
        if prev is None:
            continue
        carried = [k for k in cells if ".t3.carried_in." in k]
        if carried:
            outs = {k.split(".")[-1]: v for k, v in prev.items() if ".t3.carried_out." in k}
            ok = all(cells[k] == outs.get(k.split(".")[-1]) for k in carried)
            if outs:
                assert ours[(year, "X001")] == ({"pass"} if ok else {"pass", "fail"}), year
        key = "g21.t2.normative.in_force"
        if key in cells and key in prev:
            expected = (
                prev[key] + cells["g21.t2.normative.issued"] - cells["g21.t2.normative.repealed"]
            )
            status = "pass" if expected == cells[key] else "fail"
            assert status in ours[(year, "X002")], year


def test_in_force_warnings_are_the_four_breaks(real_run):
    _, rows = real_run
    x002 = {
        (f, e, a) for f, _, _, rule, status, e, a, _ in rows if rule == "X002" and status == "fail"
    }
    assert x002 == {
        ("pingtan/2024_pingtan-syq.html", "499", "440"),
        ("pingtan/2025_pingtan-syq.html", "453", "546"),
        ("pingtan_finance/2022.txt", "11", "8"),
        ("pingtan_finance/2024.txt", "6", "1"),
    }
    assert not [r for r in rows if r[3] == "X001" and r[4] == "fail"]


def test_copying(real_run):
    out, rows = real_run
    flagged = {f for f, _, _, rule, status, *_ in rows if rule == "X003" and status == "fail"}
    assert "pingtan_finance/2010.txt" in flagged  # gold: near-copy of 2009 (6 → 3)
    assert "pingtan/2012_pingtan-county.html" in flagged
    assert "pingtan/2019_pingtan-syq.html" not in flagged  # new form, new text
    # the page and its crawler text of one year are never compared with each other
    assert not [r for r in rows if r[3] in ("X003", "X004") and r[0].endswith(".txt") and
                r[0].replace(".txt", ".html") in r[7]]  # fmt: skip
    x004 = {f for f, _, _, rule, status, *_ in rows if rule == "X004"}
    assert {"pingtan/2011_pingtan-county.html", "pingtan/2011_pingtan-syq.html"} <= x004
    with open(out / "findings.csv", encoding="utf-8-sig", newline="") as fh:
        csv_rules = {r["rule"] for r in csv.DictReader(fh)}
    assert {"X002", "X003", "X004", "X005", "X006"} <= csv_rules
