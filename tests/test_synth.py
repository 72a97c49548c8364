"""The synthetic report generator: deterministic, consistent, defects exactly as declared.

The identity checks below are written from FORMATS.md §5 directly, independent of both
the generator's own `identities.py` and the auditor's checks: a generator that agreed
with itself but not with the formats would be worthless as ground truth.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from auditor.synth import (
    DEFECT_KINDS,
    FORMATS,
    TEMPLATES,
    batch,
    build_grids,
    generate,
    to_docx,
    to_html,
    to_markdown,
    to_text,
    write,
)

ROOT = Path(__file__).resolve().parent.parent
YEARS = {
    "gov2014": (2014, 2018),
    "gov2019": (2019, 2020),
    "gov2021": (2021, 2025),
    "legacy": (2009, 2018),
}
COLS = ("natural", "commercial", "research", "social", "legal", "other_org")
T3_LEAVES_COMMON = [
    "granted",
    "partial",
    "refused.state_secret",
    "refused.law_prohibited",
    "refused.security",
    "refused.third_party",
    "refused.internal",
    "refused.process",
    "refused.enforcement",
    "refused.query",
    "unable.not_held",
    "unable.needs_creation",
    "unable.unclear",
    "unprocessed.petition",
    "unprocessed.duplicate",
    "unprocessed.publication",
    "unprocessed.excessive",
    "unprocessed.confirm",
]
T3_LEAVES = {
    "gov2019": (*T3_LEAVES_COMMON, "other"),
    "gov2021": (*T3_LEAVES_COMMON, "other.no_correction", "other.unpaid_fee", "other.other"),
}
G14_SUMS = {
    "g14.apply.received": "in_person fax online letter",
    "g14.apply.closed": "on_time extended",
    "g14.apply.answered": "already_public granted partial refused not_this_agency not_exist amend other_route",
    "g14.apply.answered.refused": "state_secret trade_secret privacy security not_gov_info other_law",
    "g14.review.total": "upheld corrected other",
    "g14.litigation.total": "upheld corrected other",
    "g14.org.staff": "fulltime parttime",
}
G14_CHANNELS = {
    "g14.active.total": [
        f"g14.active.channel.{c}" for c in ["gazette", "website", "weibo", "wechat", "other"]
    ],
    "g14.response.hotspots": [
        f"g14.response.{c}" for c in ["press", "interview", "articles", "social", "other"]
    ],
}
G14_WITHIN = {
    "g14.active.normative": "g14.active.total",
    "g14.response.press_leader": "g14.response.press",
    "g14.response.interview_leader": "g14.response.interview",
}
HEADINGS_2019 = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "复议",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
)
ART32_REQUIRED = (
    "overview",
    "active",
    "applications",
    "fees",
    "review_litigation",
    "problems",
    "other",
)


# --- independent checks (FORMATS.md §5) --------------------------------------------------


def _g14_parent_parts(total: str) -> list[str]:
    stem = total.removesuffix(".total")
    if total == "g14.org.staff":
        stem = total
    return [f"{stem}.{p}" for p in G14_SUMS[total].split()]


def format_checks(template: str, cells: dict) -> list[tuple[str, tuple[str, ...], str]]:
    """(check, ids, pass|fail|na) for every identity instance of FORMATS.md §5."""
    out: list[tuple[str, tuple[str, ...], str]] = []

    def check(name: str, ids: list[str], ok) -> None:
        vals = [cells.get(i) for i in ids]
        if any(v is None for v in vals):
            out.append((name, tuple(ids), "na"))
        else:
            out.append((name, tuple(ids), "pass" if ok(vals) else "fail"))

    def eq(a: float, b: float) -> bool:
        return abs(a - b) < 0.005

    if template == "gov2014":
        for total in G14_SUMS:
            parts = _g14_parent_parts(total)
            check(f"sum {total}", [total, *parts], lambda v: eq(v[0], sum(v[1:])))
        for total, channels in G14_CHANNELS.items():
            check(f"dedup {total}", [total, *channels], lambda v: max(v[1:]) <= v[0] <= sum(v[1:]))
        for part, parent in G14_WITHIN.items():
            check(f"within {part}", [part, parent], lambda v: v[0] <= v[1])
    elif template == "legacy":
        for suffix in ("", "@cumulative"):
            received = [
                i + suffix
                for i in [
                    "fj.apply.received.in_person",
                    "fj.apply.received.fax",
                    "fj.apply.received.email",
                    "fj.apply.received.online",
                    "fj.apply.received.letter",
                    "fj.apply.received.other",
                    "fj.apply.received.letter_fax",
                ]
                if i + suffix in cells
            ]
            check(
                f"received{suffix}",
                ["fj.apply.received" + suffix, *received],
                lambda v: v[0] == sum(v[1:]),
            )
            answered = [
                f"fj.apply.answered.{k}{suffix}"
                for k in ("granted", "partial", "refused", "other")
                if f"fj.apply.answered.{k}{suffix}" in cells
            ]
            check(
                f"answered{suffix}",
                ["fj.apply.answered" + suffix, *answered],
                lambda v: v[0] == sum(v[1:]),
            )
            for ch in ("website", "gazette"):
                check(
                    f"{ch}{suffix}",
                    [f"fj.active.{ch}{suffix}", "fj.active.total" + suffix],
                    lambda v: v[0] <= v[1],
                )
        for cid in cells:
            if not cid.endswith("@cumulative"):
                check(f"cumulative {cid}", [cid, cid + "@cumulative"], lambda v: v[0] <= v[1])
    else:
        p = "g19" if template == "gov2019" else "g21"
        leaves = T3_LEAVES[template]
        rows = ("new", "carried_in", *leaves, "total", "carried_out")
        for row in rows:
            ids = [f"{p}.t3.{row}.total"] + [f"{p}.t3.{row}.{c}" for c in COLS]
            check(f"t3 row {row}", ids, lambda v: v[0] == sum(v[1:]))
        for c in (*COLS, "total"):
            ids = [f"{p}.t3.total.{c}"] + [f"{p}.t3.{leaf}.{c}" for leaf in leaves]
            check(f"t3 outcomes {c}", ids, lambda v: v[0] == sum(v[1:]))
            ids = [f"{p}.t3.{r}.{c}" for r in ("new", "carried_in", "total", "carried_out")]
            check(f"t3 balance {c}", ids, lambda v: v[0] + v[1] == v[2] + v[3])
        for block in ("review", "lit_direct", "lit_after_review"):
            ids = [
                f"{p}.t4.{block}.{r}" for r in ("total", "upheld", "corrected", "other", "pending")
            ]
            check(f"t4 {block}", ids, lambda v: v[0] == sum(v[1:]))
    return out


def table_value(cells: dict, indicator: str):
    """A cell, or the derived values the narrative may quote (computed here, not imported)."""
    derived = {
        "g14.active.channel_sum": G14_CHANNELS["g14.active.total"],
        "g19.t4.litigation.total": ["g19.t4.lit_direct.total", "g19.t4.lit_after_review.total"],
        "g21.t4.litigation.total": ["g21.t4.lit_direct.total", "g21.t4.lit_after_review.total"],
    }
    if indicator in derived:
        return sum(cells[i] for i in derived[indicator])
    return cells[indicator]


def canonical_ids(template: str) -> set[str]:
    """Cell ids the rest of the project knows: template data, or the Fujian gold forms."""
    if template == "legacy":
        text = (ROOT / "corpora" / "gold" / "legacy_forms.tsv").read_text(encoding="utf-8")
        rows = csv.DictReader(io.StringIO(text), delimiter="\t")
        return {r["id"] for r in rows if "fujian_2col" in r["form"]}
    from auditor.templates import load_template

    return {
        i.id
        for i in load_template(template).indicators.values()
        if i.table in ("统计表", "表二", "表三", "表四")
    }


def assert_clean(report) -> None:
    t = report.template
    checks = format_checks(t, report.cells)
    assert checks
    assert [c for c in checks if c[2] != "pass"] == []
    assert all(v is not None for v in report.cells.values())
    for claim in report.claims:
        assert claim.agrees
        if claim.indicator is not None:
            assert claim.value == table_value(report.cells, claim.indicator), claim


# --- determinism ---------------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES)
def test_same_seed_same_report_and_outputs(template, tmp_path):
    a = generate(template, 1234, ["wrong_total", "narrative_mismatch"])
    b = generate(template, 1234, ["wrong_total", "narrative_mismatch"])
    assert a == b
    assert to_text(a) == to_text(b)
    assert to_html(a) == to_html(b)
    assert to_markdown(a) == to_markdown(b)
    to_docx(a, str(tmp_path / "a.docx"))
    to_docx(b, str(tmp_path / "b.docx"))
    za, zb = zipfile.ZipFile(tmp_path / "a.docx"), zipfile.ZipFile(tmp_path / "b.docx")
    assert za.namelist() == zb.namelist()
    assert all(za.read(n) == zb.read(n) for n in za.namelist())
    assert generate(template, 1235) != generate(template, 1234)


def test_no_global_random_state():
    import random

    random.seed(1)
    first = random.random()
    random.seed(1)
    generate("gov2021", 5, DEFECT_KINDS)
    assert random.random() == first


# --- clean reports -----------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES)
def test_clean_reports_satisfy_every_identity(template):
    known = canonical_ids(template)
    big = 0
    for seed in range(80):
        r = generate(template, seed)
        assert r.clean and r.defects == []
        assert YEARS[template][0] <= r.year <= YEARS[template][1]
        assert r.title == f"{r.agency}{r.year}年政府信息公开工作年度报告"
        assert_clean(r)
        base = {i.removesuffix("@cumulative") for i in r.cells}
        assert base <= known, base - known
        if template != "legacy":
            assert set(r.cells) == known
        for cid, v in r.cells.items():
            if cid in (
                "g21.t2.fees.amount",
                "g14.fees",
                "g14.org.budget",
                "g19.t2.procurement.amount",
            ):
                assert isinstance(v, float) and round(v, 2) == v and v >= 0
            else:
                assert isinstance(v, int)
                assert v >= 0 or cid.endswith(".delta")
        big += max(r.cells.values()) >= 1000
    assert big > 0, "some agencies should report large counts"


def test_values_look_like_real_reports():
    zeros = total = negative = 0
    for seed in range(40):
        r = generate("gov2019", seed)
        zeros += sum(v == 0 for v in r.cells.values())
        total += len(r.cells)
        negative += any(v < 0 for k, v in r.cells.items() if k.endswith(".delta"))
    assert zeros / total > 0.5  # mostly zeros, like real 表三
    assert negative > 0  # 本年增/减 may be negative


@pytest.mark.parametrize("template", ("gov2019", "gov2021"))
def test_grid_sections_in_official_order(template):
    for seed in range(15):
        r = generate(template, seed)
        numbers = "一二三四五六"
        assert [s[0] for s in r.sections] == [
            "overview",
            "active",
            "applications",
            "review_litigation",
            "problems",
            "other",
        ]
        for (_, heading, _), n, words in zip(r.sections, numbers, HEADINGS_2019, strict=True):
            assert heading.startswith(f"{n}、") and words in heading
        assert all(body for sid, _, body in r.sections if sid in ("overview", "problems", "other"))
        overview = r.sections[0][2]
        assert all(f"（{n}）" in overview for n in "一二三四五")
        if template == "gov2021":
            assert "信息处理费" in r.sections[-1][2]


@pytest.mark.parametrize("template", ("gov2014", "legacy"))
def test_art32_sections_present(template):
    for seed in range(15):
        r = generate(template, seed)
        ids = [s[0] for s in r.sections]
        assert set(ART32_REQUIRED) <= set(ids)
        numbers = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
        for k, (_, heading, body) in enumerate(r.sections):
            assert heading.startswith(numbers[k] + "、") and body


def test_claims_are_quoted_and_varied():
    phrasings = set()
    non_table = zero = 0
    for template in TEMPLATES:
        for seed in range(25):
            r = generate(template, seed)
            bodies = {sid: body for sid, _, body in r.sections}
            text = to_text(r)
            for c in r.claims:
                assert c.text in bodies[c.section] and c.text in text
                phrasings.add(
                    c.text.translate(str.maketrans("", "", "0123456789.两一二三四五六七八九"))
                )
                non_table += c.indicator is None and c.unit != "%"
                zero += c.value == 0
    assert len(phrasings) > 40 and non_table > 20 and zero > 20


# --- defects -------------------------------------------------------------------------------


def _pairs(kind: str, seeds=range(12)):
    for template in TEMPLATES:
        for seed in seeds:
            yield template, seed, generate(template, seed), generate(template, seed, [kind])


def assert_defect(clean, bad) -> None:
    """The defective report differs from its clean twin exactly as its defect declares."""
    assert len(bad.defects) == 1
    d = bad.defects[0]
    t = bad.template
    changed = {k for k in clean.cells if clean.cells[k] != bad.cells[k]}
    checks = format_checks(t, bad.cells)
    failed = [c for c in checks if c[2] == "fail"]
    if d.kind == "wrong_total":
        target = d.indicators[0]
        assert changed == {target}
        assert clean.cells[target] == d.expected != d.actual == bad.cells[target]
        assert len(failed) == 1 and set(d.indicators) <= set(failed[0][1])
        assert len(d.identities) == 1
    elif d.kind == "blank_cell":
        target = d.indicators[0]
        assert changed == {target} and bad.cells[target] is None
        assert clean.cells[target] == d.expected and d.actual is None
        assert failed == []
        assert any(target in ids and s == "na" for _, ids, s in checks)
        assert all(c.indicator != target for c in bad.claims)
    else:
        assert changed == set()
        assert failed == []
    if d.kind == "missing_section":
        assert d.section in [s[0] for s in clean.sections]
        assert d.section not in [s[0] for s in bad.sections]
        heading = next(h for s, h, _ in clean.sections if s == d.section).split("、", 1)[1]
        assert heading not in to_text(bad)
        kept = [(s, b) for s, _, b in clean.sections if s != d.section]
        assert [(s, b) for s, _, b in bad.sections] == kept
    if d.kind == "narrative_mismatch":
        wrong = [c for c in bad.claims if not c.agrees]
        assert len(wrong) == 1
        claim = wrong[0]
        assert claim.indicator == d.indicators[0] and claim.section == d.section
        assert claim.value == d.actual != d.expected == table_value(bad.cells, claim.indicator)
        assert claim.text in dict((s, b) for s, _, b in bad.sections)[claim.section]
        if claim.indicator.endswith("t3.new.total"):
            p = claim.indicator.split(".")[0]
            assert claim.value != d.expected + bad.cells[f"{p}.t3.carried_in.total"]
    for c in bad.claims:
        if c.agrees and c.indicator is not None:
            assert c.value == table_value(bad.cells, c.indicator)


@pytest.mark.parametrize("kind", DEFECT_KINDS)
def test_each_defect_breaks_exactly_what_it_declares(kind):
    for _, _, clean, bad in _pairs(kind):
        assert_clean(clean)
        assert_defect(clean, bad)


def test_all_defects_at_once_are_independent():
    for template in TEMPLATES:
        for seed in range(8):
            r = generate(template, seed, DEFECT_KINDS)
            assert [d.kind for d in r.defects] == list(DEFECT_KINDS)
            failed = [c for c in format_checks(template, r.cells) if c[2] == "fail"]
            assert len(failed) == 1
            assert sum(not c.agrees for c in r.claims) == 1


def test_unknown_inputs_are_refused():
    with pytest.raises(ValueError):
        generate("gov1999", 1)
    with pytest.raises(ValueError):
        generate("gov2021", 1, ["typo"])


# --- writers -------------------------------------------------------------------------------


def _html_matrix(table) -> list[list[str]]:
    """Expand an HTML table's rowspan/colspan into a rectangle (labels repeated)."""
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.iter("tr")):
        c = 0
        for td in tr.iter("td"):
            while (r, c) in grid:
                c += 1
            rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            text = td.text_content().replace("\xa0", "").strip()
            for i in range(rs):
                for j in range(cs):
                    grid[(r + i, c + j)] = text
            c += cs
    n_rows = max(r for r, _ in grid) + 1
    n_cols = max(c for _, c in grid) + 1
    assert len(grid) == n_rows * n_cols, "ragged table"
    return [[grid[(r, c)] for c in range(n_cols)] for r in range(n_rows)]


def _runs(lines: list[str], pred) -> list[list[str]]:
    runs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if pred(line):
            current.append(line)
        elif current and line.strip():
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


@pytest.mark.parametrize("template", TEMPLATES)
def test_writers_print_the_same_tables(template, tmp_path):
    import docx

    for seed in (3, 4):
        r = generate(template, seed, ["blank_cell"])
        grids = build_grids(r)
        blank = r.defects[0].indicators[0]
        # text: tab-separated rows, merged positions empty
        text_tables = _runs(to_text(r).split("\n"), lambda ln: "\t" in ln)
        assert len(text_tables) == len(grids)
        for lines, g in zip(text_tables, grids, strict=True):
            assert [ln.split("\t") for ln in lines] == g.matrix(repeat=False)
        # html: parses, real spans, same rectangle
        doc = lxml_html.fromstring(to_html(r))
        assert doc.xpath("//div[@class='breadcrumb']") and doc.xpath("//div[@class='content']")
        tables = doc.xpath("//div[@class='content']//table")
        assert len(tables) == len(grids)
        for table, g in zip(tables, grids, strict=True):
            assert _html_matrix(table) == g.matrix(repeat=True)
            assert any(td.get("rowspan") or td.get("colspan") for td in table.iter("td")) == (
                template in ("gov2019", "gov2021")
            )
        # markdown: pipe tables, one header row + separator
        md_tables = _runs(to_markdown(r).split("\n"), lambda ln: ln.startswith("|"))
        assert len(md_tables) == len(grids)
        for lines, g in zip(md_tables, grids, strict=True):
            assert len(lines) == g.n_rows + 1 and set(lines[1]) <= set("|-")
            rows = [[c.strip() for c in ln.strip("|").split("|")] for ln in lines[:1] + lines[2:]]
            assert rows == g.matrix(repeat=True)
        # docx: opens, merged cells read back as the official grid
        path = write(r, "docx", str(tmp_path))
        assert path.endswith(".docx")
        d = docx.Document(path)
        assert len(d.tables) == len(grids)
        for table, g in zip(d.tables, grids, strict=True):
            assert (len(table.rows), len(table.columns)) == (g.n_rows, g.n_cols)
            assert [[c.text for c in row.cells] for row in table.rows] == g.matrix(repeat=True)
        # the blanked cell is blank everywhere
        row, col = next(g.indicator_at()[blank] for g in grids if blank in g.indicator_at())
        assert next(g for g in grids if blank in g.indicator_at()).matrix(True)[row][col] == ""


def test_grid_layout_matches_official_form():
    r = generate("gov2021", 2)
    t2, t3, t4 = build_grids(r)
    assert (t2.n_rows, t2.n_cols, t3.n_rows, t3.n_cols, t4.n_rows, t4.n_cols) == (
        14,
        4,
        28,
        10,
        4,
        15,
    )
    spans = {(c.text, c.rowspan, c.colspan) for c in t3.cells}
    assert ("三、本年度办理结果", 22, 1) in spans and ("（三）不予公开", 8, 1) in spans
    assert ("申请人情况", 1, 7) in spans and ("法人或其他组织", 1, 5) in spans
    assert ("（六）其他处理", 3, 1) in spans
    r19 = generate("gov2019", 2)
    t3_19 = build_grids(r19)[1]
    assert ("（六）其他处理", 1, 2) in {(c.text, c.rowspan, c.colspan) for c in t3_19.cells}
    assert ("行政诉讼", 1, 10) in {(c.text, c.rowspan, c.colspan) for c in t4.cells}


def test_write_and_batch(tmp_path):
    items = batch(12, seed=7, defect_rate=0.5)
    assert len(items) == 12
    assert {r.template for r, _ in items} == set(TEMPLATES)
    assert {f for _, f in items} <= set(FORMATS)
    assert any(r.defects for r, _ in items) and any(r.clean for r, _ in items)
    assert [(r.seed, f) for r, f in batch(12, seed=7, defect_rate=0.5)] == [
        (r.seed, f) for r, f in items
    ]
    for report, fmt in items[:4]:
        path = Path(write(report, fmt, str(tmp_path)))
        assert (
            path.exists()
            and path.suffix
            == {"text": ".txt", "html": ".html", "markdown": ".md", "docx": ".docx"}[fmt]
        )
    text = Path(write(items[0][0], "txt", str(tmp_path))).read_text(encoding="utf-8")
    assert text.startswith(items[0][0].title)


# --- property-based --------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    template=st.sampled_from(TEMPLATES),
    seed=st.integers(min_value=0, max_value=2**40),
    kind=st.sampled_from((None, *DEFECT_KINDS)),
)
def test_any_seed(template, seed, kind):
    clean = generate(template, seed)
    assert_clean(clean)
    if kind is not None:
        assert_defect(clean, generate(template, seed, [kind]))
