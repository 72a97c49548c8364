"""Synthetic annual reports with known contents and known defects.

Tests and benchmarks need reports whose every cell, claim and defect is known in
advance, in every template and file format, to prove the auditor recovers every cell
and detects every injected defect (and nothing else). Real reports cannot give that
ground truth; this generator can, deterministically from a seed.

    report = generate("gov2021", seed=7, defects=["wrong_total"])
    path = write(report, "html", "out/")
"""

from __future__ import annotations

from auditor.synth.defects import DEFECT_KINDS
from auditor.synth.forms import TEMPLATES, YEARS
from auditor.synth.generator import batch, generate
from auditor.synth.identities import Identity, evaluate, identities
from auditor.synth.layout import Grid, build_grids
from auditor.synth.model import ExpectedClaim, InjectedDefect, SynthReport
from auditor.synth.writers import FORMATS, to_docx, to_html, to_markdown, to_text, write

__all__ = [
    "DEFECT_KINDS",
    "FORMATS",
    "TEMPLATES",
    "YEARS",
    "ExpectedClaim",
    "Grid",
    "Identity",
    "InjectedDefect",
    "SynthReport",
    "batch",
    "build_grids",
    "evaluate",
    "generate",
    "identities",
    "to_docx",
    "to_html",
    "to_markdown",
    "to_text",
    "write",
]
