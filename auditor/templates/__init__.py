"""Report templates as data: indicators, sums, bounds, sections and detection words.

Each template is a TOML file plus an indicators TSV in `data/`. A province's variant
is a new pair of files, not a branch in code. This module only loads them and
answers questions about them; detection lives in `detect.py`.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

TEMPLATE_IDS = ("gov2014", "gov2019", "gov2021", "legacy")


@dataclass(frozen=True)
class Indicator:
    id: str
    table: str
    block: str
    label: str
    aliases: tuple[str, ...]
    unit: str
    equals_sum_of: tuple[str, ...]
    at_most: str | None
    claim_pattern: re.Pattern[str] | None
    claim_units: tuple[str, ...]
    notes: str
    row: str = ""
    col: str = ""
    # For identity rows ("a+b = c+d", e.g. the printed T3 balance): both sides' ids.
    equation: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    # Local forms whose row sets changed over the years list alternative part lists
    # ("a+b+c | a+d"); the check uses the first variant fully present in the table.
    sum_variants: tuple[tuple[str, ...], ...] = ()
    # other indicators a narrative figure linked here may legitimately restate
    claim_alternatives: tuple[str, ...] = ()

    @property
    def derived(self) -> bool:
        """Not a table cell: a derived total or a printed identity."""
        return self.table in ("derived", "identity")


@dataclass(frozen=True)
class SectionSpec:
    id: str
    name: str
    required: bool
    patterns: tuple[re.Pattern[str], ...]
    table_blocks: tuple[str, ...] = ()
    empty_ok: bool = False
    optional: bool = False
    must_mention: tuple[str, ...] = ()
    mention_patterns: tuple[re.Pattern[str], ...] = ()
    missing_severity: str | None = None
    # regexes on the agency name that make an optional section required for that agency
    # (工作考核、社会评议和责任追究结果 is required of 各级人民政府, not of departments)
    required_for: tuple[str, ...] = ()


@dataclass(frozen=True)
class GridSpec:
    """How to read one grid table (表二/表三/表四) of a template: data, not code."""

    table: str
    layout: str  # rows_x_cols | single_row | sections
    detect: tuple[str, ...]
    min_detect: int
    rows: tuple[dict, ...]
    cols: tuple[dict, ...]
    blocks: tuple[dict, ...] = ()
    canonical_cols: tuple[str, ...] = ()


@dataclass
class Template:
    id: str
    name: str
    years: tuple[int, int]
    indicators: dict[str, Indicator]
    sections: list[SectionSpec]
    detect_words: dict[str, float]
    table: dict
    blocks: list[dict] = field(default_factory=list)
    bounds: list[dict] = field(default_factory=list)
    near_equal: list[dict] = field(default_factory=list)
    grids: list[GridSpec] = field(default_factory=list)
    prefix: str = ""
    forms: list[dict] = field(default_factory=list)
    # figure-less statements that assert values: {"zero": [...], "all_upheld": [...]}
    assertions: dict = field(default_factory=dict)
    percent: dict = field(default_factory=dict)

    def cell_indicators(self) -> list[Indicator]:
        """Indicators that are real table cells (not derived totals), in file order."""
        return [i for i in self.indicators.values() if not i.derived]

    def block_of(self, indicator_id: str) -> str:
        return self.indicators[indicator_id].block


def _data_text(name: str) -> str:
    return resources.files("auditor.templates").joinpath("data", name).read_text(encoding="utf-8")


def _split(value: str, sep: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(sep) if p.strip()) if value else ()


def _load_indicators(name: str) -> dict[str, Indicator]:
    reader = csv.DictReader(_data_text(name).splitlines(), delimiter="\t")
    out: dict[str, Indicator] = {}
    for row in reader:
        pattern = row.get("claim_pattern") or ""
        sums = row.get("equals_sum_of", "") or ""
        equation = None
        variants: tuple[tuple[str, ...], ...] = ()
        if " = " in sums:
            left, right = sums.split(" = ", 1)
            equation = (_split(left, "+"), _split(right, "+"))
            sums = ""
        elif " | " in sums:
            variants = tuple(_split(v, "+") for v in sums.split(" | "))
            sums = sums.split(" | ")[0]
        out[row["id"]] = Indicator(
            id=row["id"],
            table=row.get("table", ""),
            block=row.get("block", ""),
            label=row["label"],
            aliases=_split(row.get("aliases", ""), "|"),
            unit=row.get("unit", ""),
            equals_sum_of=_split(sums, "+"),
            at_most=(row.get("at_most") or None),
            claim_pattern=re.compile(pattern) if pattern else None,
            claim_units=_split(row.get("claim_units", ""), "|"),
            notes=row.get("notes", ""),
            row=row.get("row", ""),
            col=row.get("col", ""),
            equation=equation,
            sum_variants=variants,
            claim_alternatives=_split(row.get("claim_alternatives", "") or "", "|"),
        )
    return out


def _load_grid(name: str) -> GridSpec:
    data = tomllib.loads(_data_text(name))
    return GridSpec(
        table=data["table"],
        layout=data["layout"],
        detect=tuple(data.get("detect", [])),
        min_detect=data.get("min_detect", 2),
        rows=tuple(data.get("rows", [])),
        cols=tuple(data.get("cols", [])),
        blocks=tuple(data.get("blocks", [])),
        canonical_cols=tuple(data.get("canonical_cols", [])),
    )


def _load_assertions(name: str | None, prefix: str) -> dict:
    if not name:
        return {}
    data = tomllib.loads(_data_text(name).replace("{p}", prefix))
    for group in data.values():
        for a in group:
            if "pattern" in a:
                a["regex"] = re.compile(a["pattern"])
    return data


def _load_sections(name: str) -> list[SectionSpec]:
    data = tomllib.loads(_data_text(name))
    return [
        SectionSpec(
            id=s["id"],
            name=s["name"],
            required=s.get("required", False),
            patterns=tuple(re.compile(p) for p in s.get("patterns", [])),
            table_blocks=tuple(s.get("table_blocks", [])),
            empty_ok=s.get("empty_ok", False),
            optional=s.get("optional", False),
            must_mention=tuple(s.get("must_mention", [])),
            mention_patterns=tuple(re.compile(p) for p in s.get("mention_patterns", [])),
            missing_severity=s.get("missing_severity"),
            required_for=tuple(s.get("required_for", [])),
        )
        for s in data["sections"]
    ]


@cache
def load_template(template_id: str) -> Template:
    """Load a template by id (cached: templates are immutable data)."""
    if template_id not in TEMPLATE_IDS:
        raise KeyError(template_id)
    data = tomllib.loads(_data_text(f"{template_id}.toml"))
    return Template(
        id=data["id"],
        name=data["name"],
        years=tuple(data.get("years", (0, 9999))),
        indicators=_load_indicators(data["indicators"]) if data.get("indicators") else {},
        sections=_load_sections(data["sections"]),
        detect_words=data.get("detect", {}).get("words", {}),
        table=data.get("table", {}),
        blocks=data.get("blocks", []),
        bounds=data.get("bounds", []),
        near_equal=data.get("near_equal", []),
        grids=[_load_grid(g) for g in data.get("grids", [])],
        prefix=data.get("prefix", ""),
        forms=data.get("forms", []),
        assertions=_load_assertions(data.get("assertions"), data.get("prefix", "")),
        percent={
            k: (
                v.replace("{p}", data.get("prefix", ""))
                if isinstance(v, str)
                else [x.replace("{p}", data.get("prefix", "")) for x in v]
            )
            for k, v in data.get("percent", {}).items()
        },
    )


def all_templates() -> list[Template]:
    return [load_template(t) for t in TEMPLATE_IDS]
