"""Synthetic round trip: generate reports with known cells and defects, audit them,
and count what was recovered, what was detected and what was reported besides.

    python -m benchmarks.synth_roundtrip --n 500            # per template x format
    python -m benchmarks.synth_roundtrip --n 20 --json out.json

A report passes when every cell is read with its value (blank as EMPTY), every
injected defect is reported by the check that should report it, and no other error
or warning is raised.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field

import auditor
from auditor.synth import DEFECT_KINDS, FORMATS, TEMPLATES, generate, write

# which failed check proves each defect kind was detected
_DETECTORS = {
    "wrong_total": ("A001", "A006"),
    "blank_cell": ("E003",),
    "narrative_mismatch": ("N001",),
    "missing_section": ("S001",),
}


@dataclass
class Outcome:
    cells_expected: int = 0
    cells_ok: int = 0
    defects: int = 0
    detected: int = 0
    reports: int = 0
    clean_reports: int = 0
    extra_findings: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)


def _defects_for(i: int) -> tuple[str, ...]:
    """Every fifth report is clean; the others carry one defect, kinds in turn."""
    k = i % (len(DEFECT_KINDS) + 1)
    return () if k == 0 else (DEFECT_KINDS[k - 1],)


def check_one(report, result) -> tuple[int, int, int, int, list[str]]:
    """(cells expected, cells ok, defects, detected, unexplained findings)."""
    got = {c.id: c for c in result.cells}
    ok = 0
    for cid, value in report.cells.items():
        c = got.get(cid)
        if c is None:
            continue
        if (value is None and c.semantic == "EMPTY") or (value is not None and c.value == value):
            ok += 1
    failed = [k for k in result.checks if k.status == "fail" and k.severity in ("error", "warning")]
    explained: set[int] = set()
    detected = 0
    for d in report.defects:
        hits = [
            n
            for n, k in enumerate(failed)
            if k.rule in _DETECTORS[d.kind]
            and (d.kind == "missing_section" or set(d.indicators[:1]) & set(k.indicators))
        ]
        if d.kind == "missing_section":
            hits = [n for n in hits if failed[n].message.endswith(_section_name(result, d.section))]
        if hits:
            detected += 1
            explained.update(hits)
            # a defect's knock-on findings (a narrative figure restating the changed
            # cell, the enumeration it belongs to) are part of the same defect
            explained.update(
                n for n, k in enumerate(failed) if set(d.indicators) & set(k.indicators)
            )
    extra = [
        f"{failed[n].rule}: {failed[n].message}" for n in range(len(failed)) if n not in explained
    ]
    return len(report.cells), ok, len(report.defects), detected, extra


def _section_name(result, section_id: str | None) -> str:
    for s in result.sections:
        if s.id == section_id:
            return s.name
    return "\0"


def run(
    n: int, templates=TEMPLATES, formats=FORMATS, seed0: int = 0
) -> dict[tuple[str, str], Outcome]:
    out: dict[tuple[str, str], Outcome] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for tpl in templates:
            for fmt in formats:
                o = Outcome()
                for i in range(n):
                    seed = seed0 + i
                    report = generate(tpl, seed, defects=_defects_for(i))
                    path = write(report, fmt, tmp)
                    result = auditor.audit(path)
                    os.unlink(path)
                    ce, cok, nd, det, extra = check_one(report, result)
                    o.cells_expected += ce
                    o.cells_ok += cok
                    o.defects += nd
                    o.detected += det
                    o.reports += 1
                    o.clean_reports += int(cok == ce and det == nd and not extra)
                    for e in extra:
                        o.extra_findings[e.split(":")[0]] += 1
                    if (extra or cok < ce or det < nd) and len(o.examples) < 5:
                        o.examples.append(
                            f"seed={seed} defects={_defects_for(i)} cells={cok}/{ce} "
                            f"detected={det}/{nd} extra={extra[:3]}"
                        )
                out[(tpl, fmt)] = o
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=20, help="reports per template and format")
    ap.add_argument("--json", help="write the results as JSON")
    ap.add_argument("--templates", default=",".join(TEMPLATES))
    ap.add_argument("--formats", default=",".join(FORMATS))
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    res = run(args.n, args.templates.split(","), args.formats.split(","))
    rows = []
    for (tpl, fmt), o in res.items():
        rows.append(
            {
                "template": tpl,
                "format": fmt,
                "reports": o.reports,
                "cells": f"{o.cells_ok}/{o.cells_expected}",
                "defects": f"{o.detected}/{o.defects}",
                "clean_reports": o.clean_reports,
                "extra_findings": dict(o.extra_findings),
                "examples": o.examples,
            }
        )
        print(
            f"{tpl:8s} {fmt:8s} reports={o.reports} cells={o.cells_ok}/{o.cells_expected} "
            f"defects={o.detected}/{o.defects} fully_correct={o.clean_reports} extra={dict(o.extra_findings)}"
        )
        for ex in o.examples[:2]:
            print("    ", ex[:300])
    print(f"elapsed {time.perf_counter() - t0:.1f}s")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
