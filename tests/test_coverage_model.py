"""Section-coverage classifier: model file, loader fallback, decisions on hard cases,
segmentation, determinism, training command and the evaluation notebook."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor.coverage_model import infer
from conftest import ROOT, audit_text


def _status(result, sid):
    return next(s for s in result.sections if s.id == sid)


# --- the model file -------------------------------------------------------------------------


def test_model_file_is_small_and_holds_only_trusted_types():
    import skops.io as sio

    path = infer.model_path()
    assert path is not None and path.name == "coverage.skops"
    assert path.stat().st_size < 20e6
    assert set(sio.get_untrusted_types(file=path)) <= set(infer.TRUSTED)
    model, why = infer.load_model()
    assert model is not None and why == ""
    assert set(model["families"]) == {"art32", "grid"}


class _Foreign:
    """A type no one trusts."""


@pytest.fixture
def broken_model(tmp_path, monkeypatch):
    import skops.io as sio

    bad = tmp_path / "coverage.skops"
    sio.dump({"families": {"art32": _Foreign(), "grid": _Foreign()}}, bad)
    monkeypatch.setattr(infer, "model_path", lambda: bad)
    infer._load_saved.cache_clear()
    yield bad
    infer._load_saved.cache_clear()


def test_untrusted_model_falls_back_to_headings(broken_model, seed_path):
    import auditor

    model, why = infer.load_model()
    assert model is None and "无法加载" in why
    r = auditor.audit(seed_path)
    status = {s.id: s.status for s in r.sections}
    assert status["overview"] == status["applications"] == status["fees"] == "covered"
    assert all("未使用分类模型" in s.reason for s in r.sections)


def test_missing_model_falls_back(tmp_path, monkeypatch, seed_path):
    import auditor

    monkeypatch.setattr(infer, "model_path", lambda: None)
    infer._load_saved.cache_clear()
    try:
        r = auditor.audit(seed_path)
        assert _status(r, "active").status == "covered"
        assert "未找到章节覆盖模型" in _status(r, "active").reason
    finally:
        infer._load_saved.cache_clear()


def test_single_audit_skips_the_model_quietly_when_headings_suffice(
    tmp_path, monkeypatch, seed_text
):
    import auditor

    monkeypatch.delenv("AUDITOR_COVERAGE_MODEL", raising=False)
    # the seed without its optional 重点领域 heading: every required section keeps its own
    text = seed_text.replace("三、重点领域政府信息公开工作情况。\n", "")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    auto = auditor.audit(str(path))
    for s in auto.sections:
        # only a row the model could have changed says that it was not consulted
        assert ("未加载" in s.reason) == (s.status == "missing"), (s.id, s.reason)
    assert _status(auto, "key_areas").status == "missing"
    # the batch's choice: always the model, which finds 重点领域 under 主动公开
    forced = auditor.audit(str(path), coverage_model=True)
    assert _status(forced, "key_areas").status == "covered"
    assert not any("未使用分类模型" in s.reason for s in forced.sections)


def test_batch_worker_always_uses_the_model(monkeypatch, seed_path):
    from auditor.batch.worker import audit_one

    monkeypatch.delenv("AUDITOR_COVERAGE_MODEL", raising=False)
    out = audit_one(seed_path)
    assert out.ok and "未使用分类模型" not in out.json_text


# --- decisions on the seed and its mutations --------------------------------------------------


def test_seed_sections_use_the_model(seed_result):
    for s in seed_result.sections:
        assert "未使用分类模型" not in s.reason
        assert 0.0 <= s.coverage <= 1.0
        assert s.status == "covered", s.id
    assert not _status(seed_result, "key_areas").required
    assert _status(seed_result, "key_areas").optional


def _replace_body(text: str, heading: str, next_heading: str, body: str) -> str:
    start = text.index(heading) + len(heading)
    end = text.index(next_heading)
    return text[:start] + "\n\n" + body + "\n\n" + text[end:]


def test_template_instruction_left_in_is_thin(tmp_path, seed_text):
    text = _replace_body(seed_text, "二、主动公开政府信息情况", "三、重点领域", "（文字描述）")
    sec = _status(audit_text(tmp_path, text), "active")
    assert sec.status == "thin" and "模板" in sec.reason


def test_body_copied_from_another_section_is_thin(tmp_path, seed_text):
    overview = seed_text[
        seed_text.index("为切实做好政府信息公开工作") : seed_text.index("（一）严格公开流程")
    ].strip()
    text = _replace_body(
        seed_text, "2018年推进公开工作存在的问题与不足", "十一、开展2019年", overview
    )
    sec = _status(audit_text(tmp_path, text), "problems")
    assert sec.status == "thin" and "基本相同" in sec.reason


def test_heading_over_unrelated_text_is_thin(tmp_path, seed_text):
    off_topic = (
        "我乡党委、政府特别注重脱贫攻坚、重大建设项目、民生、财政等重点领域的政府信息公开，"
        "各村均设立公开栏，对低保办理、各项补助、粮食直补等信息及时向群众公开。"
    )
    text = _replace_body(seed_text, "八、政府信息依申请公开工作情况", "九、完善公开制度", off_topic)
    sec = _status(audit_text(tmp_path, text), "applications")
    assert sec.status == "thin", sec.reason


def test_renamed_heading_is_still_covered(tmp_path, seed_text):
    text = seed_text.replace("八、政府信息依申请公开工作情况", "八、群众来函办理")
    sec = _status(audit_text(tmp_path, text), "applications")
    assert sec.status == "covered" and sec.heading is None and "无对应标题" in sec.reason


def test_headings_stripped_sections_found_by_the_model(tmp_path, seed_text):
    import re

    stripped = re.sub(r"(?m)^[一二三四五六七八九十]{1,3}、[^\n]*\n", "\n", seed_text)
    r = audit_text(tmp_path, stripped)
    for sid in ("overview", "active", "applications", "problems"):
        assert _status(r, sid).status == "covered", sid


def test_optional_item_reported_inside_another_section_is_covered(tmp_path, seed_text):
    # 重点领域 without its own heading: its paragraph now sits under 主动公开
    text = seed_text.replace("三、重点领域政府信息公开工作情况。\n", "")
    sec = _status(audit_text(tmp_path, text), "key_areas")
    assert sec.status == "covered" and sec.heading is None
    assert "主动公开政府信息情况" in sec.reason


def _run_on(text: str) -> str:
    """Crawler-like text: level-1 headings dropped, narrative lines glued together."""
    import re

    lines = [ln for ln in text.split("\n") if not re.match(r"^[一二三四五六七八九十]、", ln)]
    narrative = "".join(ln.strip() for ln in lines if "\t" not in ln)
    return narrative + "\n" + "\n".join(ln for ln in lines if "\t" in ln)


def test_one_sentence_section_glued_into_run_on_text_is_found(tmp_path):
    from auditor.synth import generate, to_text

    reasons = []
    for seed in range(4):
        r = audit_text(tmp_path, _run_on(to_text(generate("gov2021", seed))), f"r{seed}.txt")
        for sid in ("overview", "problems", "other"):
            assert _status(r, sid).status == "covered", (seed, sid, _status(r, sid).reason)
        reasons.append(_status(r, "other").reason)
    # at least one report's 其他事项 is a single sentence glued to 改进措施
    assert any("有一句" in why for why in reasons), reasons


def test_keyword_trap_is_not_a_fees_statement(tmp_path, seed_text):
    # legacy-style report without a fees heading or table row: 减免税 is not 收费及减免
    text = seed_text.split("灵武市白土岗乡2018年度政府信息公开 情况统计表")[0]
    text = text.replace(
        "全年累计受理依申请公开政府信息1件。",
        "全年累计受理依申请公开政府信息1件。办理下岗失业人员减免税共计91件。",
    )
    r = audit_text(tmp_path, text)
    assert _status(r, "fees").status == "missing"


def test_gov2021_synthetic_report_all_covered_and_assessment_reported(tmp_path):
    from auditor.synth import generate, to_text

    for seed in range(3):
        rep = generate("gov2021", seed)
        r = audit_text(tmp_path, to_text(rep), name=f"s{seed}.txt")
        for s in r.sections:
            if s.id != "assessment":
                assert s.status == "covered", (seed, s.id, s.reason)
        a = _status(r, "assessment")
        assert a.required == rep.agency.endswith("人民政府")
        failed = [k for k in r.checks if k.rule == "S001" and k.status == "fail"]
        assert all(k.severity == "info" for k in failed)


# --- segmentation ---------------------------------------------------------------------------


def _doc(text):
    from auditor.ingest.normalize import normalize_text
    from auditor.model import Document

    t, offs = normalize_text(text)
    return Document("x.txt", "text/plain", "0" * 64, t, [], offs)


def test_run_on_text_is_cut_at_headings_sentences_and_signature():
    from auditor.coverage_model.segments import segment_document
    from auditor.sections import find_headings
    from auditor.templates import load_template

    sentence = "我局严格落实政府信息公开条例，扎实推进各项工作，取得了明显成效。"
    text = (
        "某局2019年度政府信息公开工作年度报告 根据条例编制本报告。一、总体情况"
        + sentence * 8
        + "二、主动公开政府信息情况 全年主动公开政府信息90条。"
        + "三、收到和处理政府信息公开申请情况 本年度未收到申请。"
        + "四、政府信息公开行政复议、行政诉讼情况 无。"
        + "五、存在的主要问题及改进情况 一是公开范围不够广。"
        + "六、其他需要报告的事项 无其他需要报告事项。 平潭综合实验区财政金融局 2020年1月2日"
    )
    doc = _doc(text + " " * 500)
    tpl = load_template("gov2019")
    heads = find_headings(doc, tpl)
    segs = segment_document(doc, heads)
    texts = [s.text for s in segs]
    assert all(len(t) <= 200 for t in texts)
    assert "平潭综合实验区财政金融局 2020年1月2日" in texts
    assert not any("总体情况" in t or "主动公开政府信息情况" in t for t in texts)
    sections = {heads[s.heading].section_id for s in segs if s.heading is not None}
    assert {"overview", "active", "applications", "problems", "other"} <= sections


def test_table_lines_are_not_segments():
    from auditor.coverage_model.segments import looks_like_table

    assert looks_like_table("1. 政府公报公开政府信息数\t条\t0")
    assert looks_like_table("结果维持 结果纠正 其他结果 尚未审结 总计 结果维持")
    assert looks_like_table("科研机")
    assert not looks_like_table("无")
    assert not looks_like_table("全年主动公开政府信息90条。")


# --- training ------------------------------------------------------------------------------


def _small_rows():
    from auditor.coverage_model.dataset import hand_examples, report_examples, synth_reports

    rows = []
    for rep in synth_reports(2):
        rows += report_examples(rep, "synth")
    return rows + hand_examples()


def test_fit_is_deterministic():
    import numpy as np

    from auditor.coverage_model.train import fit_family

    rows = _small_rows()
    probe = ["本年度未收到政府信息公开申请。", "一是公开内容不够全面。", "无。"]
    a = fit_family(rows, "grid")["pipeline"].predict_proba(probe)
    b = fit_family(rows, "grid")["pipeline"].predict_proba(probe)
    assert np.array_equal(a, b)


def test_train_command_writes_model_and_card(tmp_path):
    from click.testing import CliRunner

    from auditor.coverage_model.cli import train_cmd

    res = CliRunner().invoke(
        train_cmd,
        ["--corpora", str(tmp_path / "none"), "--out", str(tmp_path), "--synth", "1", "--no-cv"],
    )
    assert res.exit_code == 0, res.output
    assert (tmp_path / "coverage.skops").stat().st_size < 20e6
    card = (tmp_path / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "## Data" in card and "## Limits" in card


# --- the evaluation notebook -----------------------------------------------------------------


def _fixture_results(out: Path) -> None:
    from auditor.coverage_model.evaluate import Decision, EvalResult, Trial, summary, write_results
    from auditor.coverage_model.train import Prediction

    res = EvalResult()
    labels = ["overview", "active", "problems", "none"]
    for i in range(40):
        lab = labels[i % 4]
        pred = lab if i % 7 else labels[(i + 1) % 4]
        res.paragraphs.append(
            Prediction(
                f"r{i % 3}",
                "s",
                ["grid", "art32"][i % 2],
                "文本",
                lab,
                pred,
                pred,
                0.3 + (i % 7) / 10,
                0.5,
            )
        )
    for i in range(12):
        truth = ["covered", "missing", "thin"][i % 3]
        res.decisions.append(
            Decision(
                "r", "s", ["published", "stripped"][i % 2], "active", True, truth, truth, 1.0, ""
            )
        )
    res.trials = [
        Trial("r", "active", "remove", "missing", "missing"),
        Trial("r", "other", "empty", "thin", "thin"),
    ]
    res.timings_ms = [("s", 9.0, 2.0), ("t", 12.0, 3.0)]
    write_results(res, summary(res), out)


def test_notebook_executes(tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    # Always the fixture: a local benchmarks/results/ must not hide what a clean clone sees.
    results = tmp_path / "results"
    _fixture_results(results)
    monkeypatch.setenv("COVERAGE_RESULTS", str(results))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(ROOT / "notebooks" / "coverage.ipynb", as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    )
    client.execute()
    outputs = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )
    assert "macro_f1" in outputs and "expected calibration error" in outputs
    assert os.environ.get("COVERAGE_RESULTS") == str(results)


# --- sequence decoding ------------------------------------------------------------------------


def test_decoder_can_enter_a_block_no_training_report_had():
    import numpy as np

    from auditor.coverage_model.sequence import JUMP, transitions, viterbi

    classes = ["overview", "internet_plus", "problems"]
    seqs = [["overview"] * 50 + ["problems"] * 10] * 5
    seqs.append(["overview"] * 20 + ["internet_plus"] * 5 + ["problems"] * 5)
    hmm = transitions(seqs, classes)
    trans = np.exp(hmm["log_trans"])
    assert np.allclose(trans.sum(axis=1), 1.0)
    assert trans[1, 0] >= JUMP / len(classes)  # internet_plus → overview: never seen
    # a clear internet_plus paragraph inside an overview block is decoded as such...
    # (calibrated probabilities: a rare class is far below its prior where it is absent)
    other = [0.97, 0.001, 0.029]
    proba = np.array([other] * 3 + [[0.02, 0.95, 0.03]] + [other] * 3)
    assert [classes[i] for i in viterbi(proba, hmm)][3] == "internet_plus"
    # ...a doubtful one is not
    proba[3] = [0.6, 0.3, 0.1]
    assert [classes[i] for i in viterbi(proba, hmm)][3] == "overview"


def test_truth_counts_sections_that_hand_read_paragraphs_are_about():
    from types import SimpleNamespace

    from auditor.coverage_model.dataset import hand_rows
    from auditor.coverage_model.evaluate import hand_read_sections

    fix = next(r for r in hand_rows() if r["kind"] == "relabel" and r["label"] == "key_areas")
    rep = SimpleNamespace(key=fix["group"], doc=SimpleNamespace(text="概述……" + fix["match"]))
    assert "key_areas" in hand_read_sections(rep)
    # another report, or a source without that paragraph: nothing
    assert hand_read_sections(SimpleNamespace(key="other", doc=rep.doc)) == set()
    assert "key_areas" not in hand_read_sections(
        SimpleNamespace(key=fix["group"], doc=SimpleNamespace(text="概述"))
    )
