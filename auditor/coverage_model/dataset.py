"""Training data, built by code: real reports, the seed, synthetic reports, hard cases.

Real reports are the files the gold set lists (corpora/gold/reports/*.json → sources in
../shared/corpora), read through `auditor.ingest.load` so that HTML, Markdown and crawler
text all go through the same path as an audit. Their segments are weakly labelled by the
heading above them. Synthetic reports (auditor.synth) add wording variety and the
sections real reports rarely have; the hand-labelled hard cases
(data/hard_cases.jsonl) add what weak labels cannot: renamed and merged headings,
promoted sub-topics, empty and boilerplate bodies.

Everything is sorted and seeded, so two runs build the same rows in the same order.
Each row carries a `group` (the report it comes from) for leave-one-report-out splits.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from auditor.coverage_model.features import normalise
from auditor.coverage_model.labels import FAMILIES, LABELS, weak_labels
from auditor.coverage_model.segments import Segment, segment_document, table_spans
from auditor.model import Document, Heading

ROOT = Path(__file__).resolve().parent.parent.parent
GOLD_REPORTS = ROOT / "corpora" / "gold" / "reports"
SEED = ROOT / "corpora" / "samples" / "baitugang_2018.txt"
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
SYNTH_PER_TEMPLATE = 12
# sections few reports have: more synthetic reports are read, keeping only these
RARE = frozenset(
    {
        "fees",
        "review_litigation",
        "org",
        "meetings_training",
        "key_areas",
        "npc_cppcc",
        "internet_plus",
        "other",
    }
)
RARE_FACTOR = 4
UNLABELLED = "?"


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    family: str
    group: str  # report key: leave-one-report-out unit
    kind: str  # real | seed | synth | hand
    source: str


@dataclass
class ParsedReport:
    """A report read the way an audit reads it, with its segments and weak labels."""

    key: str
    source: str
    template: str
    doc: Document
    headings: list[Heading]
    cells: list
    segments: list[Segment]
    labels: list[str | None]


def parse_report(doc: Document, template_id: str, key: str, source: str) -> ParsedReport:
    """Cells, headings and segments exactly as the pipeline computes them."""
    from auditor.sections import find_headings
    from auditor.tables import extract_cells
    from auditor.templates import load_template

    template = load_template(template_id)
    extraction = extract_cells(doc, template)
    headings = find_headings(doc, template, exclude=extraction.regions)
    segments = segment_document(doc, headings, table_spans(doc, extraction.cells))
    labels = weak_labels(segments, headings)
    return ParsedReport(key, source, template_id, doc, headings, extraction.cells, segments, labels)


def real_sources(corpora: Path) -> list[tuple[str, str, str]]:
    """(report key, source path relative to corpora, gold template), sorted."""
    out = []
    for path in sorted(GOLD_REPORTS.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for src in sorted(gold["sources"]):
            out.append((path.stem, src, gold["template"]))
    return out


def iter_real_reports(corpora: Path, include_seed: bool = True) -> Iterator[ParsedReport]:
    """Every real report that ingests (PDFs only once a PDF reader is installed)."""
    from auditor.errors import InputError
    from auditor.ingest import load

    for key, src, template in real_sources(corpora):
        path = corpora / src
        if key.startswith("seed__"):
            if not include_seed:
                continue
            path = path if path.exists() else SEED
        if not path.exists():
            continue
        try:
            doc = load(str(path))
        except InputError:
            continue
        yield parse_report(doc, template, key, src)


def synth_reports(per_template: int = SYNTH_PER_TEMPLATE) -> Iterator[ParsedReport]:
    """Synthetic reports of every template, written as text and read back."""
    from auditor.ingest.normalize import normalize_text
    from auditor.synth import TEMPLATES, generate, to_text

    for template in sorted(TEMPLATES):
        for seed in range(per_template):
            report = generate(template, seed)
            text, offsets = normalize_text(to_text(report))
            doc = Document(
                f"synth-{template}-{seed}.txt", "text/plain", "0" * 64, text, [], offsets
            )
            yield parse_report(doc, template, f"synth__{template}__{seed}", doc.path)


def report_examples(rep: ParsedReport, kind: str, keep_unlabelled: bool = False) -> list[Example]:
    """Rows of one parsed report; segments without a known section are dropped (or kept
    as UNLABELLED for the hand relabels)."""
    family = FAMILIES[rep.template]
    allowed = set(LABELS[family])
    out = []
    for seg, label in zip(rep.segments, rep.labels, strict=True):
        if label not in allowed:
            if not keep_unlabelled:
                continue
            label = UNLABELLED
        out.append(Example(seg.text, label, family, rep.key, kind, rep.source))
    return out


def hand_rows() -> list[dict]:
    raw = resources.files("auditor.coverage_model").joinpath("data", "hard_cases.jsonl")
    return [
        json.loads(line)
        for line in raw.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def hand_examples() -> list[Example]:
    """The hand-written hard cases (data/hard_cases.jsonl, kind=example)."""
    return [
        Example(r["text"], r["label"], r["family"], r["group"], "hand", r["case"])
        for r in hand_rows()
        if r["kind"] == "example"
    ]


def relabel(rows: list[Example]) -> list[Example]:
    """Apply the hand corrections (kind=relabel) to weakly labelled real segments."""
    fixes = [r for r in hand_rows() if r["kind"] == "relabel"]
    out = []
    for row in rows:
        fix = next((f for f in fixes if f["group"] == row.group and f["match"] in row.text), None)
        out.append(replace(row, label=fix["label"], kind=row.kind) if fix else row)
    return out


def build_dataset(
    corpora: Path = DEFAULT_CORPORA, synth_per_template: int = SYNTH_PER_TEMPLATE
) -> list[Example]:
    """All rows, in a fixed order: real (sorted by source), synthetic, hand-labelled.

    Real segments whose heading maps to nothing keep the label UNLABELLED (unless a
    hand relabel gives them a section): they are decoded in context, never trained on
    or scored.
    """
    rows: list[Example] = []
    for rep in iter_real_reports(corpora):
        kind = "seed" if rep.key.startswith("seed__") else "real"
        rows.extend(report_examples(rep, kind, keep_unlabelled=True))
    rows = relabel(rows)
    seen: set[tuple[str, str]] = set()
    for rep in synth_reports(synth_per_template * RARE_FACTOR):
        common = int(rep.key.rsplit("__", 1)[1]) < synth_per_template
        for row in report_examples(rep, "synth"):
            key = (row.family, normalise(row.text))
            if key in seen or not (common or row.label in RARE):
                continue
            seen.add(key)
            rows.append(row)
    rows.extend(hand_examples())
    return rows
