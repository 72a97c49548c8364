"""Offline auditor for Chinese government information-disclosure annual reports.

>>> import auditor
>>> result = auditor.audit("corpora/samples/baitugang_2018.txt")
>>> result.to_dict()["report"]["template"]
'gov2014'
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["audit", "__version__"]


def audit(path: str, config=None, coverage_model: bool | str = "auto"):
    """Audit one report file and return an `AuditResult` (see auditor.model).

    `coverage_model`: "auto" (load the section classifier only when a required section
    has neither heading nor table), True (always; worth it over many reports) or False.
    """
    from auditor.pipeline import audit as _audit

    return _audit(path, config=config, coverage_model=coverage_model)
