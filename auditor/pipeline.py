"""The stages in order: ingest → template → sections → tables → claims → coverage → checks.

Each stage is one function of its own module; this file only wires them, so a stage can
be tested or replaced alone.
"""

from __future__ import annotations

from auditor import __version__
from auditor.checks import run_checks
from auditor.checks.context import CheckContext
from auditor.checks.registry import RuleSet, load_config
from auditor.claims import extract_claims
from auditor.coverage import assess_sections
from auditor.errors import InputError
from auditor.ingest import load
from auditor.model import AuditResult
from auditor.sections import find_headings
from auditor.tables import TableExtraction, extract_cells
from auditor.templates import load_template
from auditor.templates.detect import detect_template
from auditor.templates.metadata import find_title


def audit(
    path: str, config: RuleSet | str | None = None, coverage_model: bool | str = "auto"
) -> AuditResult:
    """Audit one file. `coverage_model`: "auto" loads the section classifier only when
    the headings and tables leave a required section open (fast cold start of a single
    audit); True always uses it (batch workers, which load it once); False never."""
    rules = config if isinstance(config, RuleSet) else load_config(config)
    doc = load(path)
    match = detect_template(doc)
    if match.template == "unknown" and not match.is_annual_report and not doc.tables:
        raise InputError(
            "文件中既没有统计表，也没有年度报告的标题或结构：不是政府信息公开工作年度报告"
        )
    agency, year, title_span = find_title(doc)
    template = load_template(match.template) if match.template != "unknown" else None
    if template is not None:
        extraction = extract_cells(doc, template)
        headings = find_headings(doc, template, exclude=extraction.regions)
        cells = extraction.cells
        claims = extract_claims(
            doc, template, cells, exclude=extraction.regions, form=extraction.form
        )
        sections = assess_sections(doc, template, headings, cells, use_model=coverage_model)
    else:
        headings, extraction, cells, claims, sections = [], TableExtraction(), [], [], []
    ctx = CheckContext(
        doc=doc,
        match=match,
        template=template,
        cells={c.id: c for c in cells},
        extraction=extraction,
        claims=claims,
        headings=headings,
        sections=sections,
        agency=agency,
        year=year,
        title_span=title_span,
    )
    if len(cells) >= 20 and not match.is_annual_report:
        # an excerpt without its title still carries a national or local table
        match.is_annual_report = True
    checks = run_checks(ctx, rules)
    return AuditResult(
        document=doc,
        template=match,
        agency=agency,
        year=year,
        sections=sections,
        cells=cells,
        claims=claims,
        checks=checks,
        tool_version=__version__,
    )
