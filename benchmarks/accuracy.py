"""Accuracy of the auditor on the real reports, against the hand-checked gold set.

    python -m benchmarks.accuracy                 # writes docs/accuracy.md
    python -m benchmarks.accuracy --corpora DIR   # another copy of shared/corpora

For every source file of every gold report (corpora/gold/reports/*.json) it audits the
file and compares:

- the template detected with the gold template;
- every gold cell with the extracted cell (a gold `null` must come out EMPTY); cells the
  gold marks `inferred_cells` (not printed in the source) are left out;
- the failed arithmetic checks with the gold arithmetic inconsistencies, and the
  narrative mismatches (N001) with the gold narrative inconsistencies: a finding the
  gold does not list is a false alarm, a gold inconsistency not found is a miss.

Crawler text whose table cells ran together is reported separately: there the auditor
reads what the layout and the identities make certain and declares the rest unreadable.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import auditor

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpora" / "gold" / "reports"
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"


@dataclass
class SourceResult:
    report: str
    source: str
    kind: str  # structured | crawler
    template_gold: str
    template_got: str
    cells_gold: int = 0
    cells_ok: int = 0
    cells_wrong: list[str] = field(default_factory=list)
    cells_missing: int = 0
    declared_unreadable: int = 0
    arithmetic_found: list[str] = field(default_factory=list)
    arithmetic_false: list[str] = field(default_factory=list)
    arithmetic_missed: list[str] = field(default_factory=list)
    narrative_found: list[str] = field(default_factory=list)
    narrative_false: list[str] = field(default_factory=list)
    narrative_missed: list[str] = field(default_factory=list)


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    try:
        return abs(float(a) - float(b)) < 1e-6
    except (TypeError, ValueError):
        return str(a) == str(b)


def evaluate_source(gold: dict, key: str, src: str, corpora: Path) -> SourceResult:
    result = auditor.audit(str(corpora / src))
    crawler = gold.get("crawler_text", {}).get(src)
    kind = "crawler" if crawler is not None and src.endswith(".txt") else "structured"
    r = SourceResult(key, src, kind, gold["template"], result.template.template)
    inferred = set(gold.get("inferred_cells", []))
    got = {c.id: c for c in result.cells}
    for cid, value in gold.get("cells", {}).items():
        if cid in inferred:
            continue
        r.cells_gold += 1
        c = got.get(cid)
        if c is None:
            r.cells_missing += 1
            continue
        if value is None:
            ok = c.semantic == "EMPTY"
        elif isinstance(value, str):
            ok = c.raw.replace(" ", "") == value.replace(" ", "") or c.semantic in ("NA", "TEXT")
        else:
            ok = c.value is not None and _same(c.value, value)
        if ok:
            r.cells_ok += 1
        else:
            r.cells_wrong.append(f"{cid}: {c.raw!r} (gold {value!r})")
    r.declared_unreadable = sum(1 for k in result.checks if k.rule == "E005" and k.status == "fail")
    _compare_findings(r, gold, result)
    return r


def _compare_findings(r: SourceResult, gold: dict, result) -> None:
    gold_arith = [i for i in gold.get("inconsistencies", []) if i.get("kind") == "arithmetic"]
    gold_narr = [i for i in gold.get("inconsistencies", []) if i.get("kind") == "narrative"]
    failed = [k for k in result.checks if k.status == "fail"]
    matched_gold: set[int] = set()
    for k in failed:
        if k.category != "arithmetic":
            continue
        hit = next(
            (
                n
                for n, g in enumerate(gold_arith)
                if {_num(g.get("expected")), _num(g.get("actual"))}
                == {_num(k.expected), _num(k.actual)}
            ),
            None,
        )
        text = f"{k.rule} {k.message}"
        if hit is None:
            r.arithmetic_false.append(text)
        else:
            matched_gold.add(hit)
            r.arithmetic_found.append(text)
    r.arithmetic_missed = [
        g.get("explanation", "")[:80] for n, g in enumerate(gold_arith) if n not in matched_gold
    ]
    matched_gold = set()
    for k in failed:
        if k.rule != "N001":
            continue
        hit = next((n for n, g in enumerate(gold_narr) if _same(g.get("value"), k.actual)), None)
        if hit is None:
            r.narrative_false.append(k.message)
        else:
            matched_gold.add(hit)
            r.narrative_found.append(k.message)
    r.narrative_missed = [
        str(g.get("quote", ""))[:60] for n, g in enumerate(gold_narr) if n not in matched_gold
    ]


def _num(v):
    return None if v is None else round(float(v), 6)


def evaluate(corpora: Path) -> list[SourceResult]:
    out = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for src in gold["sources"]:
            if src.endswith(".docx"):
                continue
            if not (corpora / src).exists():
                continue
            out.append(evaluate_source(gold, path.stem, src, corpora))
    return out


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.2f}%" if b else "—"


def render(results: list[SourceResult]) -> str:
    structured = [r for r in results if r.kind == "structured"]
    crawler = [r for r in results if r.kind == "crawler"]
    lines = [
        "# Accuracy on the real reports",
        "",
        "Generated by `python -m benchmarks.accuracy` from the hand-checked gold files in",
        "`corpora/gold/reports/` and the reports in `../shared/corpora/` (PDFs: see the PDF issue).",
        "",
    ]

    def summary(name: str, rs: list[SourceResult]) -> list[str]:
        g = sum(r.cells_gold for r in rs)
        ok = sum(r.cells_ok for r in rs)
        wrong = sum(len(r.cells_wrong) for r in rs)
        miss = sum(r.cells_missing for r in rs)
        tpl = sum(1 for r in rs if r.template_got == r.template_gold)
        return [
            f"- **{name}**: {len(rs)} files, template correct {tpl}/{len(rs)}; cells correct "
            f"{ok}/{g} = **{_pct(ok, g)}**, wrong values {wrong}, not read {miss}"
        ]

    lines += ["## Summary", ""]
    lines += summary(
        "Structured sources (HTML, Markdown, text with cell boundaries, the seed)", structured
    )
    lines += summary(
        "Crawler text with cells run together (values read only where forced)", crawler
    )
    lines += summary("All sources", results)
    primary: dict[str, SourceResult] = {}
    for r in results:  # each gold report once, through its first (authoritative) source
        primary.setdefault(r.report, r)
    lines += summary(
        "Each gold report once (its first source: the HTML page where there is one)",
        list(primary.values()),
    )
    af = sum(len(r.arithmetic_found) for r in results)
    afa = sum(len(r.arithmetic_false) for r in results)
    am = sum(len(r.arithmetic_missed) for r in results)
    nf = sum(len(r.narrative_found) for r in results)
    nfa = sum(len(r.narrative_false) for r in results)
    nm = sum(len(r.narrative_missed) for r in results)
    lines += [
        f"- **Arithmetic findings**: {af} true, **{afa} false alarms**, {am} gold inconsistencies not "
        "found (crawler text whose cells are inferred from the identities cannot be checked against them)",
        f"- **Narrative mismatches (N001)**: {nf} true, **{nfa} false alarms**, {nm} gold disagreements "
        "not found (see issue “Narrative claims” for the claim-level benchmark)",
        "",
    ]
    lines += [
        "## Per file",
        "",
        "| file | kind | template (gold → got) | cells ok / gold | wrong | not read | arithmetic true / false / missed | narrative true / false / missed |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| `{r.source}` | {r.kind} | {r.template_gold} → {r.template_got} | {r.cells_ok}/{r.cells_gold} "
            f"({_pct(r.cells_ok, r.cells_gold)}) | {len(r.cells_wrong)} | {r.cells_missing} | "
            f"{len(r.arithmetic_found)} / {len(r.arithmetic_false)} / {len(r.arithmetic_missed)} | "
            f"{len(r.narrative_found)} / {len(r.narrative_false)} / {len(r.narrative_missed)} |"
        )
    details = [
        r
        for r in results
        if r.cells_wrong
        or r.arithmetic_false
        or r.narrative_false
        or r.arithmetic_found
        or r.narrative_found
    ]
    if details:
        lines += ["", "## Findings and errors in detail", ""]
        for r in details:
            lines.append(f"### `{r.source}`")
            for w in r.cells_wrong:
                lines.append(f"- wrong cell: {w}")
            for t in r.arithmetic_found:
                lines.append(f"- arithmetic (true error of the report): {t}")
            for t in r.arithmetic_false:
                lines.append(f"- arithmetic FALSE ALARM: {t}")
            for t in r.narrative_found:
                lines.append(f"- narrative (true disagreement): {t}")
            for t in r.narrative_false:
                lines.append(f"- narrative FALSE ALARM: {t}")
            lines.append("")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--corpora", default=os.environ.get("AUDITOR_SHARED_CORPORA", str(DEFAULT_CORPORA))
    )
    ap.add_argument("--out", default=str(ROOT / "docs" / "accuracy.md"))
    args = ap.parse_args(argv)
    corpora = Path(args.corpora)
    if not corpora.is_dir():
        print(f"corpora not found: {corpora}", file=sys.stderr)
        return 2
    results = evaluate(corpora)
    text = render(results)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text.split("## Per file")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
