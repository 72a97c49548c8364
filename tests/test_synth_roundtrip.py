"""The auditor on generated reports: every cell recovered, every defect detected, nothing
else reported (a small sample here; `python -m benchmarks.synth_roundtrip --n 500` runs
the full measurement)."""

from __future__ import annotations

import pytest

from auditor.synth import FORMATS, TEMPLATES
from benchmarks.synth_roundtrip import run


@pytest.mark.parametrize("template", TEMPLATES)
def test_round_trip_sample(template):
    res = run(5, templates=(template,), formats=FORMATS, seed0=1000)
    for (tpl, fmt), o in res.items():
        assert o.cells_ok == o.cells_expected, (tpl, fmt, o.examples)
        assert o.detected == o.defects, (tpl, fmt, o.examples)
        assert not o.extra_findings, (tpl, fmt, o.examples)
