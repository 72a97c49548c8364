"""End-to-end batch runs on generated reports: outputs, failed items, resume, cross-year
findings, a SIGKILL in the middle of a run, and the Dask executor."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor.batch import BatchOptions, run_batch
from auditor.batch.tables import FINDING_COLUMNS, INDICATOR_COLUMNS
from auditor.synth import batch as synth_batch
from auditor.synth import generate, write

ROOT = Path(__file__).resolve().parent.parent


def _series_corpus(base: Path) -> Path:
    """One agency's 2022, 2023 (twice: HTML and text) and 2025 reports with a broken
    carry-over, a broken 现行有效件数, a copied narrative and a missing 2024; plus other
    agencies' reports and three unusable files."""
    src = base / "in"
    r0 = generate("gov2021", 11, ())
    c22 = dict(r0.cells)
    c22["g21.t3.carried_out.natural"] = 2
    c23 = dict(r0.cells)
    c23["g21.t2.normative.in_force"] = (c23["g21.t2.normative.in_force"] or 0) + 2
    agency = src / "testcounty"
    y22 = dataclasses.replace(r0, agency="测试县人民政府", year=2022, cells=c22)
    y23 = dataclasses.replace(r0, agency="测试县政府", year=2023, cells=c23)
    y25 = dataclasses.replace(r0, agency="测试县人民政府", year=2025)
    os.rename(write(y22, "html", str(agency)), agency / "2022.html")
    os.rename(write(y23, "html", str(agency)), agency / "2023.html")
    os.rename(write(y23, "text", str(agency)), agency / "2023.txt")
    os.rename(write(y25, "text", str(agency)), agency / "2025.txt")
    for i, (report, fmt) in enumerate(synth_batch(4, seed=5)):
        write(report, fmt, str(src / f"other{i % 2}"))
    bad = src / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "broken.docx").write_bytes(b"PK\x03\x04 this is not a zip archive")
    (bad / "menu.txt").write_text("欢迎访问本网站。\n联系我们\n网站地图\n", encoding="utf-8")
    (src / ".hidden.txt").write_text("不应被审核", encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def series_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("series")
    src = _series_corpus(base)
    out = base / "out"
    result = run_batch(BatchOptions(str(src), str(out), workers=2, quiet=True))
    return src, out, result


def _csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_outputs_of_a_batch(series_run):
    src, out, result = series_run
    assert result.files == 11 and result.audited == 11 and result.failed_total == 3
    reasons = dict(result.failures)
    assert "文件为空" in reasons["bad/empty.txt"]
    assert "bad/broken.docx" in reasons and "bad/menu.txt" in reasons
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in r) for r in reasons.values())
    names = sorted(p.name for p in (out / "reports").iterdir())
    assert "testcounty__2023.txt.json" in names and "testcounty__2023.html.html" in names
    assert len(names) == 2 * 8
    data = json.loads((out / "reports" / "testcounty__2022.html.json").read_text("utf-8"))
    assert data["schema_version"] == 1 and data["report"]["year"] == 2022

    findings = _csv(out / "findings.csv")
    assert tuple(findings[0]) == FINDING_COLUMNS
    indicators = _csv(out / "indicators.csv")
    assert tuple(indicators[0]) == INDICATOR_COLUMNS
    cell = next(
        r
        for r in indicators
        if r["indicator"] == "g21.t3.carried_out.natural" and r["file"] == "testcounty/2022.html"
    )
    assert cell["value"] == "2"
    assert cell["agency"] == "测试县人民政府" and cell["location"].startswith("第")

    db = sqlite3.connect(out / "audit.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT COUNT(*) FROM reports WHERE status = 'failed'").fetchone()[0] == 3


def test_cross_year_findings(series_run):
    _, out, _ = series_run
    rows = [r for r in _csv(out / "findings.csv") if r["category"] == "cross_year"]
    by_rule: dict[str, list[dict]] = {}
    for r in rows:
        by_rule.setdefault(r["rule"], []).append(r)
    (x001,) = by_rule["X001"]
    assert x001["file"] == "testcounty/2023.html" and x001["severity"] == "error"
    assert (x001["expected"], x001["actual"]) == ("2", "0") and "自然人" in x001["message"]
    (x002,) = by_rule["X002"]
    assert x002["severity"] == "warning" and x002["file"] == "testcounty/2023.html"
    x003 = {r["file"]: r for r in by_rule["X003"]}
    assert "testcounty/2023.html" in x003 and float(x003["testcounty/2023.html"]["actual"]) > 0.9
    assert json.loads(x003["testcounty/2023.html"]["evidence"])["pairs"]
    (x005,) = by_rule["X005"]
    assert "2024" in x005["message"] and x005["severity"] == "info"
    (x006,) = by_rule["X006"]
    assert x006["file"] == "testcounty/2023.txt" and "testcounty/2023.html" in x006["message"]


def test_dashboard_and_workbook(series_run):
    _, out, _ = series_run
    html = (out / "index.html").read_text("utf-8")
    assert html.count('<tr class="') == 11
    assert "reports/testcounty__2022.html.html" in html
    assert "文件为空" in html and "X001" in html and "<svg" in html
    assert 'id="f-agency"' in html and 'id="f-rule"' in html and 'id="f-sev"' in html
    assert "http://" not in html and "https://" not in html and "<script src" not in html
    from openpyxl import load_workbook

    wb = load_workbook(out / "audit.xlsx", read_only=True)
    names = wb.sheetnames
    assert names[:2] == ["summary", "findings"] and names[-1] == "series"
    assert "indicators_gov2021" in names and all(n.startswith("indicators_") for n in names[2:-1])
    wide = list(wb["indicators_gov2021"].values)
    col = wide[0].index("g21.t3.carried_out.natural")
    row = next(r for r in wide if r[0] == "testcounty/2022.html")
    assert row[1] == "测试县人民政府" and row[2] == 2022 and row[col] == 2
    summary = list(wb["summary"].values)
    assert len(summary) == 12 and any(row[1] == "测试县人民政府" for row in summary[1:])


def test_rerun_redoes_only_changed_and_with_flag_failed_files(series_run, tmp_path):
    src, out, _ = series_run
    before = (out / "findings.csv").read_bytes()
    again = run_batch(BatchOptions(str(src), str(out), workers=2, quiet=True))
    assert again.audited == 0 and again.skipped == 11
    assert (out / "findings.csv").read_bytes() == before
    changed = src / "testcounty" / "2025.txt"
    changed.write_text(changed.read_text("utf-8") + "\n本报告如有疑问请联系办公室。\n", "utf-8")
    assert run_batch(BatchOptions(str(src), str(out), workers=2, quiet=True)).audited == 1
    retry = run_batch(BatchOptions(str(src), str(out), workers=2, quiet=True, retry_failed=True))
    assert retry.audited == 3 and retry.failed_total == 3


def test_unusable_arguments(tmp_path):
    from click.testing import CliRunner

    from auditor.batch.cli import batch_cmd

    runner = CliRunner()
    res = runner.invoke(batch_cmd, [str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and "输入目录不存在" in res.output
    res = runner.invoke(batch_cmd, [str(tmp_path), "--out", str(tmp_path)])
    assert res.exit_code == 2 and "不能与输入目录相同" in res.output


# --- SIGKILL in the middle of a run ------------------------------------------------------


def _mixed_corpus(directory: Path, n: int) -> None:
    fmts = ["text", "html", "text", "html", "markdown", "docx"]
    for i, (report, _) in enumerate(synth_batch(n, seed=3)):
        write(report, fmts[i % len(fmts)], str(directory / f"g{i % 3}"))


def _batch_cmd(src: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "auditor.batch", str(src), "--out", str(out), "-j", str(jobs)]


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _committed(db_path: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=0.1)
        try:
            return db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _stable_json(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))  # no volatile fields in the contract


def test_sigkill_mid_run_then_rerun_equals_an_uninterrupted_run(tmp_path):
    src = tmp_path / "in"
    _mixed_corpus(src, 40)
    full, killed = tmp_path / "full", tmp_path / "killed"
    assert run_batch(BatchOptions(str(src), str(full), workers=2, quiet=True)).audited == 40

    proc = subprocess.Popen(
        _batch_cmd(src, killed, 1), cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    db_path = killed / "audit.sqlite"
    deadline = time.monotonic() + 60
    while _committed(db_path) < 5 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    db = sqlite3.connect(db_path)
    first = dict(db.execute("SELECT file, audited_at FROM reports").fetchall())
    db.close()
    assert 5 <= len(first) < 40, "the kill must land mid-run"
    for f in (killed / "reports").glob("*.json"):  # never a half-written output
        json.loads(f.read_text("utf-8"))
    assert not (killed / "findings.csv").exists()

    rerun = run_batch(BatchOptions(str(src), str(killed), workers=2, quiet=True))
    assert rerun.audited == 40 - len(first) and rerun.skipped == len(first)
    db = sqlite3.connect(db_path)
    runs = db.execute(
        "SELECT run_id, planned, audited, status FROM runs ORDER BY run_id"
    ).fetchall()
    assert runs[0][3] == "running"  # the killed run never got to record its end
    assert runs[1] == (2, 40 - len(first), 40 - len(first), "done")
    rows = db.execute("SELECT file, audited_at, run_id, audits FROM reports").fetchall()
    assert len(rows) == 40
    for file, audited_at, run_id, audits in rows:
        assert audits == 1
        if file in first:  # committed before the kill: kept, not redone
            assert (audited_at, run_id) == (first[file], 1)
        else:
            assert run_id == 2
    assert not list(killed.glob("**/.tmp-*"))

    for name in ("findings.csv", "indicators.csv", "index.html"):
        assert (killed / name).read_bytes() == (full / name).read_bytes(), name
    full_reports = sorted(p.name for p in (full / "reports").iterdir())
    assert full_reports == sorted(p.name for p in (killed / "reports").iterdir())
    for name in full_reports:
        if name.endswith(".json"):
            assert _stable_json(killed / "reports" / name) == _stable_json(full / "reports" / name)


# --- Dask -------------------------------------------------------------------------------


def test_dask_executor_gives_the_same_results(tmp_path):
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    src = tmp_path / "in"
    _mixed_corpus(src, 6)
    local = run_batch(BatchOptions(str(src), str(tmp_path / "local"), workers=2, quiet=True))
    with LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, protocol="tcp", host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:  # fmt: skip
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        remote = run_batch(
            BatchOptions(
                str(src), str(tmp_path / "dask"), executor="dask",
                scheduler=cluster.scheduler_address, quiet=True,
            )
        )  # fmt: skip
    assert remote.audited == local.audited == 6 and remote.failed_total == 0
    for name in ("findings.csv", "indicators.csv", "index.html"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    for f in (tmp_path / "local" / "reports").glob("*.json"):
        assert f.read_text("utf-8") == (tmp_path / "dask" / "reports" / f.name).read_text("utf-8")


def test_dask_errors_are_one_chinese_line(tmp_path):
    pytest.importorskip("distributed")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("x", encoding="utf-8")
    from auditor.errors import InputError

    with pytest.raises(InputError, match="调度器"):
        run_batch(BatchOptions(str(src), str(tmp_path / "o"), executor="dask", quiet=True))
    with pytest.raises(InputError, match="无法连接 Dask 调度器"):
        from auditor.batch.dask_exec import dask_outcomes

        list(dask_outcomes("tcp://127.0.0.1:9", [("a", "a")], None, 5, connect_timeout=1))


def test_one_run_per_output_dir_and_missing_dask_extra(tmp_path, monkeypatch):
    import fcntl

    from auditor.errors import InputError

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    fd = os.open(out / ".batch.lock", os.O_RDWR | os.O_CREAT)
    ready_r, ready_w = os.pipe()
    done_r, done_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # another process holds the lock (POSIX locks are per process)
        fcntl.lockf(fd, fcntl.LOCK_EX)
        os.write(ready_w, b"x")
        os.read(done_r, 1)
        os._exit(0)
    os.read(ready_r, 1)
    try:
        with pytest.raises(InputError, match="另一个批量审核正在使用"):
            run_batch(BatchOptions(str(src), str(out), quiet=True))
    finally:
        os.write(done_w, b"x")
        os.waitpid(pid, 0)
        for f in (fd, ready_r, ready_w, done_r, done_w):
            os.close(f)
    monkeypatch.setitem(sys.modules, "distributed", None)
    (src / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"gov-report-auditor\[dask\]"):
        run_batch(BatchOptions(str(src), str(out), executor="dask", scheduler="tcp://127.0.0.1:1"))


class _Terminal(io.StringIO):
    """stderr as a terminal 100 columns wide."""

    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from auditor.batch.cli import batch_cmd
    from auditor.batch.runner import _progress

    monkeypatch.setenv("COLUMNS", "100")
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    with _progress(4, quiet=False) as bar:
        bar.update(2)
    assert "审核:" in term.getvalue() and "2/4" in term.getvalue() and "<" in term.getvalue()
    with _progress(4, quiet=True) as silent:
        silent.update(1)
    assert "1/4" not in term.getvalue()
    monkeypatch.undo()
    src = tmp_path / "in"
    _mixed_corpus(src, 3)
    runner = CliRunner()  # output captured: not a terminal, so no bar, only the summary
    piped = runner.invoke(batch_cmd, [str(src), "--out", str(tmp_path / "piped"), "-j", "1"])
    assert piped.exit_code == 0 and "审核:" not in piped.output and "共 3 份文件" in piped.output
    quiet = runner.invoke(batch_cmd, [str(src), "--out", str(tmp_path / "q"), "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""
