"""The JSON contract of DESIGN.md (schema_version 1).

Fields may be added; none of the contract's may be renamed or removed without bumping
SCHEMA_VERSION. tests/test_json_contract.py validates against schema/result.schema.json.
"""

from __future__ import annotations

import os

from auditor.model import AuditResult, CellValue

SCHEMA_VERSION = 1
TOOL_NAME = "gov-report-auditor"


def _num(v):
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _where(cell: CellValue) -> dict:
    if cell.page is not None and cell.bbox is not None:
        return {"page": cell.page, "bbox": list(cell.bbox)}
    if cell.span is not None:
        return {"span": list(cell.span)}
    return {"span": None}


def result_to_dict(r: AuditResult) -> dict:
    doc = r.document
    scored = [s for s in r.sections if s.required]
    coverage = round(sum(s.coverage for s in scored) / len(scored), 3) if scored else 0.0
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": r.tool_version},
        "source": {
            "path": os.path.abspath(doc.path),
            "sha256": doc.sha256,
            "media_type": doc.media_type,
            "encoding": doc.encoding,
        },
        "report": {
            "agency": r.agency,
            "year": r.year,
            "template": r.template.template,
            "template_confidence": r.template.confidence,
            "is_annual_report": r.template.is_annual_report,
        },
        "text": doc.text,
        "sections": [
            {
                "id": s.id,
                "name": s.name,
                "heading": s.heading,
                "span": list(s.span) if s.span else None,
                "required": s.required,
                "optional": s.optional,
                "coverage": s.coverage,
                "status": s.status,
                "reason": s.reason,
            }
            for s in r.sections
        ],
        "cells": [
            {
                "id": c.id,
                "label": c.label,
                "raw": c.raw,
                "value": _num(c.value),
                "unit": c.unit,
                "semantic": c.semantic,
                "where": _where(c),
                "inferred": c.inferred,
            }
            for c in r.cells
        ],
        "claims": [
            {
                "span": list(c.span),
                "text": c.text,
                "value": _num(c.value),
                "unit": c.unit,
                "indicator": c.indicator,
                "table_value": _num(c.table_value),
                "status": c.status,
                "confidence": c.confidence,
                "context": c.context,
                "words": c.words,
                "approx": c.approx,
                "note": c.note,
            }
            for c in r.claims
        ],
        "checks": [
            {
                "rule": k.rule,
                "category": k.category,
                "severity": k.severity,
                "status": k.status,
                "message": k.message,
                "indicators": k.indicators,
                "spans": [list(s) for s in k.spans],
                "expected": _num(k.expected),
                "actual": _num(k.actual),
            }
            for k in r.checks
        ],
        "summary": {
            "errors": r.errors,
            "warnings": r.warnings,
            "checks": len(r.checks),
            "coverage": coverage,
        },
    }
