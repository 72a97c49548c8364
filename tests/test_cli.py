"""The command line: outputs, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from auditor.render.json_out import SCHEMA_VERSION


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args], capture_output=True, text=True, cwd=cwd
    )


def test_audit_seed_writes_json_and_html(tmp_path, seed_path):
    j, h = tmp_path / "out.json", tmp_path / "out.html"
    p = run("audit", seed_path, "--json", str(j), "--html", str(h))
    assert p.returncode == 0, p.stderr
    assert "灵武市白土岗乡" in p.stdout and "N003" in p.stdout
    data = json.loads(j.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    html = h.read_text(encoding="utf-8")
    assert "5.019" in html and "<mark" in html


def test_fail_on_warning_exit_code(seed_path):
    assert run("audit", seed_path, "--fail-on", "warning", "--quiet").returncode == 1
    assert run("audit", seed_path, "--fail-on", "never", "--quiet").returncode == 0


def test_errors_give_exit_one(tmp_path, seed_text):
    bad = tmp_path / "bad.txt"
    bad.write_text(
        seed_text.replace("政务微信公开政府信息279条", "政务微信公开政府信息289条"),
        encoding="utf-8",
    )
    assert run("audit", str(bad), "--quiet").returncode == 1


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "为空"),
        (bytes(range(256)) * 8, "二进制"),
    ],
)
def test_unusable_input_one_line_exit_two(tmp_path, content, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    p = run("audit", str(f))
    assert p.returncode == 2
    assert reason in p.stderr
    assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_missing_file_and_bad_usage(tmp_path):
    p = run("audit", str(tmp_path / "none.txt"))
    assert p.returncode == 2 and "不存在" in p.stderr and "Traceback" not in p.stderr
    assert run("audit").returncode == 2
    assert run("audit", "x", "--no-such-option").returncode == 2


def test_unwritable_output_is_a_clean_error(tmp_path, seed_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    p = run("audit", seed_path, "--json", str(blocker / "out.json"))
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_rules_listing():
    p = run("rules")
    assert p.returncode == 0 and "A001" in p.stdout and "N003" in p.stdout
    md = run("rules", "--markdown").stdout
    assert md.startswith("# Rules") and "## S001" in md


def test_json_matches_schema(seed_result):
    from importlib import resources

    schema = json.loads(
        resources.files("auditor").joinpath("schema", "result.schema.json").read_text("utf-8")
    )
    jsonschema.validate(seed_result.to_dict(), schema)


def test_json_contract_fields_are_pinned(seed_result):
    d = seed_result.to_dict()
    assert list(d)[:10] == [
        "schema_version",
        "tool",
        "source",
        "report",
        "text",
        "sections",
        "cells",
        "claims",
        "checks",
        "summary",
    ]
    assert set(d["summary"]) >= {"errors", "warnings", "checks", "coverage"}
    for c in d["claims"]:
        assert d["text"][c["span"][0] : c["span"][1]] == c["text"]


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("fake.docx", b"not a zip", "DOCX"),
        (
            "noreport.html",
            "<html><body><nav>首页</nav><p>页面不存在</p></body></html>".encode(),
            "报告正文",
        ),
        (
            "notable.md",
            "# 标题\n\n这是一段没有表格的说明文字。\n".encode(),
            "不是政府信息公开工作年度报告",
        ),
        ("bad16.txt", b"\xff\xfe\x00\x00garbage", "无法解码"),
    ],
)
def test_bad_structured_inputs(tmp_path, name, content, reason):
    f = tmp_path / name
    f.write_bytes(content)
    p = run("audit", str(f))
    assert p.returncode == 2
    assert reason in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_plain_audit_of_a_well_structured_report_does_not_load_the_classifier(seed_path):
    # cold start: scikit-learn is imported only when the headings cannot decide
    import os

    env = {k: v for k, v in os.environ.items() if k != "AUDITOR_COVERAGE_MODEL"}
    code = (
        "import sys, auditor; r = auditor.audit(sys.argv[1]); "
        "print('skops' in sys.modules, [s.status for s in r.sections if s.required])"
    )
    p = subprocess.run(
        [sys.executable, "-c", code, seed_path], capture_output=True, text=True, env=env
    )
    assert p.stdout.startswith("False"), p.stdout + p.stderr
    assert "missing" not in p.stdout
