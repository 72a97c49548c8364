"""Checks: every rule module contributes functions (context, rules) -> results."""

from __future__ import annotations

from auditor.checks import arithmetic, extraction, metadata, narrative, structure
from auditor.checks.context import CheckContext
from auditor.checks.registry import RuleSet
from auditor.model import CheckResult

_MODULES = (metadata, extraction, structure, arithmetic, narrative)


def run_checks(ctx: CheckContext, rules: RuleSet) -> list[CheckResult]:
    results: list[CheckResult] = []
    for module in _MODULES:
        for check in module.CHECKS:
            results.extend(check(ctx, rules))
    return results
