"""Measure the classifier and the coverage decisions on the real reports.

All numbers are leave-one-report-out: a report is assessed by models fitted without it.

- Paragraphs: every real segment with a weak (heading) or hand label, decoded with its
  heading stripped; macro-F1 over the sections, per family and over the required ones.
- Decisions: each (report source, section) status from `auditor.coverage` against the
  ground truth (`truth`): the heading-based rule below, corrected by hand where the
  headings lie (data/section_gold.toml, each correction with its reason). Also with all
  level-1 headings stripped from the text (the model alone must find the sections).
- Removal trials: a required section that is covered is cut out (heading and body, its
  tables included); it must become *missing*. Replacement trials: its body becomes
  "无。"; it must become *thin* (for sections where "无" is not a complete answer).
- Time: `assess_sections` with and without the model, per report, after warm-up.
"""

from __future__ import annotations

import tempfile
import time
import tomllib
from collections import Counter
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

from auditor.coverage_model.dataset import (
    ParsedReport,
    build_dataset,
    hand_rows,
    iter_real_reports,
    parse_report,
)
from auditor.coverage_model.infer import using
from auditor.coverage_model.labels import is_furniture
from auditor.coverage_model.substance import is_empty_answer, substance
from auditor.coverage_model.train import Prediction, eval_groups, loro_models, predict_group
from auditor.templates import load_template


@dataclass
class Decision:
    report: str
    source: str
    mode: str  # published | stripped
    section: str
    required: bool
    truth: str
    got: str
    coverage: float
    reason: str


@dataclass
class Trial:
    report: str
    section: str
    kind: str  # remove | empty
    expected: str
    got: str
    excluded: str = ""  # why the trial does not count (still covered by a table)


@dataclass
class EvalResult:
    paragraphs: list[Prediction] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    trials: list[Trial] = field(default_factory=list)
    timings_ms: list[tuple[str, float, float]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "paragraphs": [asdict(p) for p in self.paragraphs],
            "decisions": [asdict(d) for d in self.decisions],
            "trials": [asdict(t) for t in self.trials],
            "timings_ms": self.timings_ms,
        }


def gold_overrides() -> dict[str, dict[str, str]]:
    """Hand corrections of the heading-based truth: {report: {section: status}}."""
    raw = resources.files("auditor.coverage_model").joinpath("data", "section_gold.toml")
    data = tomllib.loads(raw.read_text(encoding="utf-8"))
    return {k: {s: v["status"] for s, v in sec.items()} for k, sec in data.items()}


def heading_truth(rep: ParsedReport) -> dict[str, str]:
    """The status each section has by its headings, tables and keywords alone (before
    the hand corrections): the rules of `auditor.coverage` without the classifier.

    covered: a level-1 heading maps to it and its body (signatures and dates left out)
    says something, or "无" where that is a complete answer, or the table is the content;
    or a table block reports it; or (sections with keyword patterns) the narrative
    mentions it. thin: the heading is there but the body is empty, template text, too
    short or misses a mandatory statement. missing: none of these. Keyword hits that are
    about something else (减免税 is not 收费及减免) are corrected by hand in
    section_gold.toml.
    """
    from auditor.coverage import _assess_body
    from auditor.coverage_model.labels import is_furniture

    template = load_template(rep.template)
    out: dict[str, str] = {}
    for spec in template.sections:
        ids = {i for i, h in enumerate(rep.headings) if h.level == 1 and h.section_id == spec.id}
        has_table = any(
            any(c.id.startswith(p) for p in spec.table_blocks) and c.semantic != "EMPTY"
            for c in rep.cells
        )
        if ids:
            raw = "".join(
                s.text for s in rep.segments if s.heading in ids and not is_furniture(s.text)
            )
            out[spec.id] = _assess_body(spec, substance(raw), has_table, raw)[0]
        elif has_table or any(p.search(rep.doc.text) for p in spec.mention_patterns):
            out[spec.id] = "covered"
        else:
            out[spec.id] = "missing"
    return out


def hand_read_sections(rep: ParsedReport) -> set[str]:
    """Sections that hand-read paragraphs of this report are about (the relabels of
    data/hard_cases.jsonl: 重点领域 or 解读回应 sub-topics inside 概述, a heading lost in
    conversion), whatever the headings say."""
    return {
        r["label"]
        for r in hand_rows()
        if r["kind"] == "relabel" and r["group"] == rep.key and r["match"] in rep.doc.text
    }


def truth(rep: ParsedReport, overrides: dict[str, dict[str, str]]) -> dict[str, str]:
    """Heading truth; a section without heading that hand-read paragraphs are about is
    covered; then the per-report hand corrections (section_gold.toml)."""
    t = heading_truth(rep)
    for section in hand_read_sections(rep):
        if t.get(section) == "missing":
            t[section] = "covered"
    t.update(overrides.get(rep.key, {}))
    return t


def _assess(rep: ParsedReport, use_model: bool = True):
    from auditor.coverage import assess_sections

    return assess_sections(
        rep.doc, load_template(rep.template), rep.headings, rep.cells, use_model=use_model
    )


def _reparse(rep: ParsedReport, text: str) -> ParsedReport:
    """The report rewritten as plain text (tables stay as tab-separated lines)."""
    from auditor.ingest import load

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.txt"
        path.write_text(text, encoding="utf-8")
        doc = load(str(path))
    return parse_report(doc, rep.template, rep.key, rep.source)


def strip_headings(rep: ParsedReport) -> str:
    """The text without its level-1 heading titles (numbering and title)."""
    text = rep.doc.text
    out, cursor = [], 0
    for h in sorted((h for h in rep.headings if h.level == 1), key=lambda h: h.span[0]):
        out.append(text[cursor : h.span[0]])
        cursor = h.span[1]
    out.append(text[cursor:])
    return "".join(out)


def _has_table(spec, cells) -> bool:
    return any(
        any(c.id.startswith(p) for p in spec.table_blocks) and c.semantic != "EMPTY" for c in cells
    )


UNREAD = "unread_table"  # stripped-mode truth not scored: see stripped_truth


def stripped_truth(rep: ParsedReport, t: dict[str, str], stripped: ParsedReport) -> dict[str, str]:
    """Truth once the headings are gone: a section whose body was only "无" (or empty)
    has nothing left that names it (missing, unless a table reports it); a heading over
    nothing becomes nothing. A section whose only content is a table that the table
    reader no longer finds without its heading (crawler text) is not scored (UNREAD):
    that measures the table reader, not the classifier."""
    template = load_template(rep.template)
    out = dict(t)
    for spec in template.sections:
        ids = {i for i, h in enumerate(rep.headings) if h.level == 1 and h.section_id == spec.id}
        body = substance(
            "".join(s.text for s in rep.segments if s.heading in ids and not is_furniture(s.text))
        )
        has_table = _has_table(spec, rep.cells)
        if ids and not has_table and (not body or is_empty_answer(body)):
            out[spec.id] = "missing"
        if out[spec.id] == "thin":
            out[spec.id] = "missing"  # a heading over nothing: without the heading, nothing
        if has_table and not _has_table(spec, stripped.cells) and len(body) < 15:
            out[spec.id] = UNREAD
    return out


def section_cut(rep: ParsedReport, section: str) -> tuple[int, int, int] | None:
    """(heading start, body start, end) of a section's first mapped level-1 heading, the
    end being the next level-1 heading (so its tables go with it) or its body's end."""
    tops = sorted((h for h in rep.headings if h.level == 1), key=lambda h: h.span[0])
    for k, h in enumerate(tops):
        if h.section_id == section:
            end = tops[k + 1].span[0] if k + 1 < len(tops) else h.body_span[1]
            return h.span[0], h.span[1], end
    return None


def _status(results, section: str) -> str:
    return next(r.status for r in results if r.id == section)


def trials(rep: ParsedReport, t: dict[str, str]) -> list[Trial]:
    """Remove each required covered section; replace its body by "无。"."""
    template = load_template(rep.template)
    out: list[Trial] = []
    text = rep.doc.text
    for spec in template.sections:
        if not spec.required or t.get(spec.id) != "covered":
            continue
        cut = section_cut(rep, spec.id)
        if cut is None:
            continue
        start, body, end = cut
        removed = _reparse(rep, text[:start] + text[end:])
        got = _status(_assess(removed), spec.id)
        still = heading_truth(removed)[spec.id] == "covered"
        out.append(
            Trial(rep.key, spec.id, "remove", "missing", got, "表格仍报告该部分" if still else "")
        )
        if spec.empty_ok:
            continue  # "无" is a complete answer there
        emptied = _reparse(rep, text[:body] + "\n无。\n" + text[end:])
        got = _status(_assess(emptied), spec.id)
        still = heading_truth(emptied)[spec.id] == "covered"
        out.append(
            Trial(rep.key, spec.id, "empty", "thin", got, "表格仍报告该部分" if still else "")
        )
    return out


def timing(rep: ParsedReport, repeat: int = 7) -> tuple[float, float]:
    """Milliseconds of assess_sections with and without the model, warm, best of
    `repeat` runs (the least disturbed by other processes on the machine)."""

    def run(flag: bool) -> float:
        _assess(rep, flag)
        ts = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            _assess(rep, flag)
            ts.append((time.perf_counter() - t0) * 1000)
        return min(ts)

    return run(True), run(False)


def timings(corpora: Path, model: dict, only: list[str] | None = None) -> list:
    """(source, ms with model, ms without) for every real report source."""
    out = []
    with using(model):
        for rep in iter_real_reports(corpora):
            if only is None or rep.key in only:
                out.append((rep.source, *timing(rep)))
    return out


def evaluate(
    corpora: Path, with_trials: bool = True, log=print, only: list[str] | None = None
) -> EvalResult:
    """The full leave-one-report-out evaluation (slow: one refit per report); `only`
    restricts it to some reports (a quick run)."""
    rows = build_dataset(corpora)
    reports: dict[str, list[ParsedReport]] = {}
    for rep in iter_real_reports(corpora):
        reports.setdefault(rep.key, []).append(rep)
    overrides = gold_overrides()
    res = EvalResult()
    for group in eval_groups(rows):
        if only is not None and group not in only:
            continue
        models = loro_models(rows, group)
        res.paragraphs += predict_group(models, rows, group)
        with using({"families": models}):
            for k, rep in enumerate(reports.get(group, [])):
                t = truth(rep, overrides)
                stripped = _reparse(rep, strip_headings(rep))
                for mode, r, tt in (
                    ("published", rep, t),
                    ("stripped", stripped, stripped_truth(rep, t, stripped)),
                ):
                    for sec in _assess(r):
                        res.decisions.append(
                            Decision(
                                rep.key,
                                rep.source,
                                mode,
                                sec.id,
                                sec.required,
                                tt[sec.id],
                                sec.status,
                                sec.coverage,
                                sec.reason,
                            )
                        )
                if with_trials and k == 0:
                    res.trials += trials(rep, t)
        log(f"{group}: done")
    res.timings_ms = timings(corpora, _final_model(rows), only)
    return res


def _final_model(rows) -> dict:
    from auditor.coverage_model.train import fit_all

    return fit_all(rows)


def _macro_f1(paras: list, labels: list[str] | None = None) -> float | None:
    """Macro-F1 of decoded labels; None when there is nothing to score (a partial run)."""
    from sklearn.metrics import f1_score

    if not paras:
        return None
    return float(
        f1_score(
            [p.label for p in paras], [p.predicted for p in paras], labels=labels, average="macro"
        )
    )


def summary(res: EvalResult) -> dict:
    """The headline numbers (model card, docs/coverage.md)."""
    from sklearn.metrics import f1_score

    out: dict = {}
    paras = res.paragraphs
    y = [p.label for p in paras]
    out["paragraphs"] = len(paras)
    out["macro_f1"] = f1_score(y, [p.predicted for p in paras], average="macro")
    out["macro_f1_alone"] = f1_score(y, [p.alone for p in paras], average="macro")
    out["accuracy"] = sum(p.label == p.predicted for p in paras) / max(1, len(paras))
    bins: list[list[bool]] = [[] for _ in range(10)]
    for p in paras:
        bins[min(9, int(p.confidence * 10))].append(p.alone == p.label)
    out["ece_alone"] = sum(
        abs((i + 0.5) / 10 - sum(b) / len(b)) * len(b) for i, b in enumerate(bins) if b
    ) / max(1, len(paras))
    for fam in ("art32", "grid"):
        sub = [p for p in paras if p.family == fam]
        out[f"macro_f1_{fam}"] = _macro_f1(sub)
    labels = sorted({p.label for p in paras})
    per_label = f1_score(y, [p.predicted for p in paras], labels=labels, average=None)
    out["f1_per_label"] = {lab: float(f) for lab, f in zip(labels, per_label, strict=True)}
    out["reports_per_label"] = dict(
        sorted(Counter(lab for _g, lab in {(p.group, p.label) for p in paras}).items())
    )
    labels_per_report = Counter(
        lab for lab in {(p.group, p.label) for p in paras} for lab in [lab[1]]
    )
    common = sorted(lab for lab, n in labels_per_report.items() if n >= 3)
    sub = [p for p in paras if p.label in common]
    out["macro_f1_common"] = _macro_f1(sub, common)
    out["common_labels"] = common
    for mode in ("published", "stripped"):
        ds = [d for d in res.decisions if d.mode == mode and d.truth != UNREAD]
        out[f"pairs_{mode}_unscored"] = sum(
            1 for d in res.decisions if d.mode == mode and d.truth == UNREAD
        )
        req = [d for d in ds if d.required]
        out[f"pairs_{mode}"] = len(ds)
        out[f"pairs_{mode}_correct"] = sum(d.truth == d.got for d in ds) / max(1, len(ds))
        out[f"pairs_{mode}_required_correct"] = sum(d.truth == d.got for d in req) / max(
            1, len(req)
        )
    for kind, want in (("remove", "missing"), ("empty", "thin")):
        ts = [t for t in res.trials if t.kind == kind and not t.excluded]
        out[f"trials_{kind}"] = len(ts)
        out[f"trials_{kind}_ok"] = sum(t.got == want for t in ts) / max(1, len(ts))
        out[f"trials_{kind}_excluded"] = sum(1 for t in res.trials if t.kind == kind and t.excluded)
    if res.timings_ms:
        added = sorted(w - wo for _, w, wo in res.timings_ms)
        out["added_ms_median"] = added[len(added) // 2]
        out["added_ms_max"] = added[-1]
    return out


def write_results(res: EvalResult, summ: dict, out_dir: Path) -> None:
    """The outputs the notebook reads: summary.json and one CSV per kind of record."""
    import csv

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "summary.json").write_text(
        __import__("json").dumps(summ, ensure_ascii=False, indent=1, default=float),
        encoding="utf-8",
    )
    tables = {
        "paragraphs.csv": [asdict(p) for p in res.paragraphs],
        "decisions.csv": [asdict(d) for d in res.decisions],
        "trials.csv": [asdict(t) for t in res.trials],
        "timings.csv": [
            {"source": s, "with_model_ms": w, "without_model_ms": wo} for s, w, wo in res.timings_ms
        ],
    }
    for name, rows in tables.items():
        with (out_dir / name).open("w", encoding="utf-8", newline="") as f:
            if not rows:
                continue
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)


def load_results(out_dir: Path) -> EvalResult:
    """An evaluation read back from its CSVs (to re-summarise or re-plot it)."""
    import csv

    def rows(name: str) -> list[dict]:
        path = out_dir / name
        if not path.exists() or not path.stat().st_size:
            return []
        with path.open(encoding="utf-8") as f:
            return list(csv.DictReader(f))

    res = EvalResult()
    for r in rows("paragraphs.csv"):
        res.paragraphs.append(
            Prediction(
                **{**r, "confidence": float(r["confidence"]), "proba_true": float(r["proba_true"])}
            )
        )
    for r in rows("decisions.csv"):
        res.decisions.append(
            Decision(**{**r, "required": r["required"] == "True", "coverage": float(r["coverage"])})
        )
    res.trials = [Trial(**r) for r in rows("trials.csv")]
    res.timings_ms = [
        (r["source"], float(r["with_model_ms"]), float(r["without_model_ms"]))
        for r in rows("timings.csv")
    ]
    return res
