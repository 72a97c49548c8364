"""Narrative claims: the figures the text states, the indicator each restates, and
whether the table agrees.

A figure is linked through the words that govern it: the clause before it (back to
the previous comma, full stop or "其中"), extended to the previous clause of the same
sentence when its own clause carries no metric words. Each indicator's claim pattern
and units are data in the template's indicators file. Precision beats recall: a claim
whose clause matches two indicators equally well stays unlinked, and a figure with a
scope word (备案, 上年, 同比 …) is never compared with the agency's own table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from auditor.figures import Figure, find_figures
from auditor.model import CellValue, Claim, Document
from auditor.templates import Indicator, Template

_CLAUSE_BOUNDARY = re.compile(r"[，。；;！!？?：:\n]|,(?!\d{3})|其中")
_SENTENCE_BOUNDARY = re.compile(r"[。；;！!？?\n]")
# Figures under these words are about someone else or another period.
# Figures of another period: looked for in the whole sentence before the figure.
_SCOPE = re.compile(
    r"备案|指导|(?:上年|上一年|去年)(?!度?结转)|同比|历年|累计至|比.{0,4}(增长|减少|下降|增加)|增长|下降|减少"
)
# Figures of a part: sub-units (the table reports the agency or area as a whole) or a
# category of items; looked for in the figure's own clause only.
_PART_SCOPE = re.compile(
    r"各(乡镇|街道|单位|部门|县区|区县|地)|[区县市省]直|下属|所属|部门主动|公开办"
    r"|其他(应)?主动公开|(?<!各)类(政府)?信息(?!公开申请)|全文电子化|清理|集中发布"
)
_FILLER = re.compile(r"各类|各项|各种")
MAX_GAP = 12  # characters between the metric words and the figure they govern
_FIG = "\u2063"  # stands for the figure when patterns are matched around it
_AFTER_FIGURE_BOUNDARY = re.compile(r"^\s*(?:[，。；;,！!？?、）)]|$)")
_MONEY = {"元": 1.0, "万元": 10_000.0, "亿元": 100_000_000.0}


@dataclass
class _Candidate:
    indicator: Indicator
    score: float


def _soft_newline(text: str, i: int) -> bool:
    """A line break inside a sentence (PDF export, pdf2md wrap), not the end of one.

    Hard breaks end a line with punctuation, end a short heading-like line, or are
    followed by a blank line.
    """
    line_start = text.rfind("\n", 0, i) + 1
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    return prev not in "。；;！!？?：:，,\n" and nxt != "\n" and i - line_start >= 20


def _clause_start(text: str, pos: int, floor: int) -> int:
    start = floor
    for m in _CLAUSE_BOUNDARY.finditer(text, floor, pos):
        if m.group(0) == "\n" and _soft_newline(text, m.start()):
            continue
        start = m.end()
    return start


def _sentence_start(text: str, pos: int, floor: int) -> int:
    start = floor
    for m in _SENTENCE_BOUNDARY.finditer(text, floor, pos):
        if m.group(0) == "\n" and _soft_newline(text, m.start()):
            continue
        start = m.end()
    return start


def _after_words(text: str, end: int) -> str:
    """The words right after a figure, up to its clause's end (soft wraps removed)."""
    window = text[end : end + 24]
    out = []
    for k, ch in enumerate(window):
        if ch == "\n":
            if _soft_newline(text, end + k):
                continue
            break
        if ch in "，。；;,！!？?：:（(、":
            break
        out.append(ch)
    return "".join(out)[:20]


def units_compatible(claim_unit: str, ind: Indicator) -> bool:
    if claim_unit in ind.claim_units:
        return True
    return claim_unit in _MONEY and any(u in _MONEY for u in ind.claim_units)


def _candidates(
    clause: str, unit: str, template: Template, form: str | None = None, after: str = ""
) -> list[_Candidate]:
    """Indicators whose metric words govern the figure.

    `clause` is the text before the figure; `after` the words right after it, which
    govern when the figure comes first ("有1件涉及政府信息公开的行政复议"). A pattern may
    span the figure ("共收到70件申请"): it is matched on clause + FIG + after.
    """
    out: list[_Candidate] = []
    # quantifiers between a verb and its object name no metric ("主动公开各类政府信息"):
    # the words are matched as written and without them ("各类渠道" is itself a metric)
    readings = [(clause + _FIG + after, len(clause))]
    bare = _FILLER.sub("", clause), _FILLER.sub("", after)
    if bare != (clause, after):
        readings.append((bare[0] + _FIG + bare[1], len(bare[0])))
    for ind in template.indicators.values():
        if ind.claim_pattern is None or not units_compatible(unit, ind):
            continue
        if form and template.forms and form not in ind.block.split("|"):
            continue  # a local form's rows only (Fujian's 2-column vs department form)
        best = 0.0
        for joined, pos, m in (
            (j, p, m) for j, p in readings for m in ind.claim_pattern.finditer(j)
        ):
            if m.end() <= pos:
                gap = pos - m.end()  # words before the figure
            elif m.start() > pos:
                # words after the figure: "1件涉及政府信息公开工作的行政复议" (the
                # modifier in between may be longer than before a figure)
                gap = max(0, m.start() - pos - 1 - 4)
            else:
                gap = 0  # the pattern spans the figure
            if gap > MAX_GAP:
                continue  # too far from the figure to govern it
            # longer, closer matches govern the figure more strongly
            closeness = 1.0 - gap / (len(joined) + 1) * 0.5
            best = max(best, len(m.group(0).replace(_FIG, "")) * closeness)
        if best > 0:
            out.append(_Candidate(ind, best))
    out.sort(key=lambda c: c.score, reverse=True)
    return out


def link_figure(
    text: str, fig: Figure, floor: int, template: Template, form: str | None = None
) -> tuple[Indicator | None, float, str, bool]:
    """(indicator, confidence, governing clause, out of scope) for one figure."""
    cstart = _clause_start(text, fig.span[0], floor)
    # "政府网站公开政府信息15条、政务微博发布5条": a figure's words start after the
    # previous figure of its clause
    before = find_figures(text, cstart, fig.span[0])
    if before:
        cstart = before[-1].span[1]
    clause = text[cstart : fig.span[0]]
    sstart = _sentence_start(text, fig.span[0], floor)
    scoped = bool(_SCOPE.search(text[sstart : fig.span[0]])) or bool(_PART_SCOPE.search(clause))
    clause = clause.replace("\n", "")  # only soft wraps are left inside a clause
    after = _after_words(text, fig.span[1])
    after = after.split("其中")[0]
    nxt = find_figures(after)
    if nxt:
        after = after[: nxt[0].span[0]]
    cands = _candidates(clause, fig.unit, template, form, after)
    ends_clause = bool(_AFTER_FIGURE_BOUNDARY.match(text[fig.span[1] : fig.span[1] + 2]))
    opened_list = (
        text[max(0, cstart - 1) : cstart] in ("：", ":")
        or text[max(0, cstart - 2) : cstart] == "其中"
    )
    if not cands and cstart > sstart and ends_clause and not opened_list:
        # "全年主动公开政府信息，共计122条": the metric words sit one clause earlier,
        # as long as that clause states no figure of its own, the figure closes its
        # clause (in "收到1份有关…复议申请" the words after it govern) and the clause
        # is not an item of a list ("主要类别有：机构职能类信息594条").
        prev_start = _clause_start(text, max(sstart, cstart - 1), sstart)
        prev = text[prev_start:cstart]
        if not find_figures(prev):
            clause = prev + clause
            cands = _candidates(clause, fig.unit, template, form)
    if not cands:
        return None, 0.0, clause, scoped
    if len(cands) > 1 and abs(cands[0].score - cands[1].score) < 1e-9:
        return None, 0.0, clause, scoped  # ambiguous: never force a claim onto a row
    top = cands[0]
    confidence = 0.95 if top.score >= 4 else 0.75
    return top.indicator, confidence, clause, scoped


def indicator_bound(ind_id: str, cells: dict[str, CellValue], template: Template) -> float | None:
    """A lower bound for a total whose cell is blank but some of whose parts are printed.

    Counts are never negative, so the printed parts bound the total from below even
    though blank parts are unknown (blank is not zero: this is a bound, not a value).
    """
    cell = cells.get(ind_id)
    if cell is not None and cell.has_number:
        return cell.value
    ind = template.indicators.get(ind_id)
    if ind is None or not ind.equals_sum_of:
        return None
    parts = [indicator_bound(p, cells, template) for p in ind.equals_sum_of]
    known = [p for p in parts if p is not None]
    return sum(known) if known else None


def indicator_value(ind_id: str, cells: dict[str, CellValue], template: Template) -> float | None:
    """The table's value for an indicator; derived totals are summed from their parts."""
    cell = cells.get(ind_id)
    if cell is not None:
        return cell.value if cell.has_number else None
    ind = template.indicators.get(ind_id)
    if ind is None or not ind.derived or not ind.equals_sum_of:
        return None
    parts = [cells.get(p) for p in ind.equals_sum_of]
    if any(p is None or not p.has_number for p in parts):
        return None
    return sum(p.value for p in parts)  # type: ignore[misc]


def values_agree(
    claim_value: float,
    claim_unit: str,
    claim_decimals: int,
    approx: str | None,
    table_value: float,
    table_unit: str,
) -> bool:
    """Compare a stated figure with a table value, in the table's unit.

    Counts compare exactly; money and decimals within half a unit of the printed
    precision; approximate figures as bounds.
    """
    v = claim_value
    if claim_unit in _MONEY and table_unit in _MONEY:
        v = claim_value * _MONEY[claim_unit] / _MONEY[table_unit]
        claim_decimals = (
            max(0, claim_decimals - (len(str(int(_MONEY[table_unit] / _MONEY[claim_unit]))) - 1))
            if _MONEY[table_unit] > _MONEY[claim_unit]
            else claim_decimals
        )
    if approx == "more":
        return table_value >= v
    if approx == "less":
        return table_value <= v
    if approx == "about":
        return abs(table_value - v) <= max(1.0, 0.1 * abs(v))
    tol = 0.5 * 10 ** (-claim_decimals) if (claim_decimals or not float(v).is_integer()) else 1e-9
    if claim_unit in _MONEY and table_unit in _MONEY and claim_unit != table_unit:
        tol = max(tol, 0.5 * 10 ** (-4))
    return abs(table_value - v) <= tol + 1e-9


def _subtract(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s, e in spans:
        cur = s
        for hs, he in sorted(holes):
            if he <= cur or hs >= e:
                continue
            if hs > cur:
                out.append((cur, hs))
            cur = max(cur, he)
        if cur < e:
            out.append((cur, e))
    return out


def extract_claims(
    doc: Document,
    template: Template,
    cells: list[CellValue],
    exclude: list[tuple[int, int]] | None = None,
    form: str | None = None,
) -> list[Claim]:
    """All unit-bearing figures of the narrative, linked and compared where possible.

    `exclude` holds tables that were read from running text (no Table in the document).
    """
    from auditor.nlp import content_words, tokenize

    by_id = {c.id: c for c in cells}
    claims: list[Claim] = []
    for start, end in _subtract(doc.narrative_mask(), exclude or []):
        region = tokenize(doc.text[start:end])
        for local in region.user_data["figure_offsets"]:
            fig = shift_figure(local, start)
            ind, confidence, clause, scoped = link_figure(doc.text, fig, start, template, form)
            claim = Claim(
                span=fig.span,
                text=doc.text[fig.span[0] : fig.span[1]],
                value=int(fig.value) if float(fig.value).is_integer() else fig.value,
                unit=fig.unit,
                context=clause.strip(),
                approx=fig.approx,
                figure_span=fig.number_span,
                decimals=fig.decimals,
                words=content_words(region, fig.span[0] - start - len(clause), fig.span[0] - start),
            )
            if ind is not None:
                claim.confidence = confidence
                _judge(claim, ind, fig, clause, scoped, by_id, template)
            claims.append(claim)
    _link_enumerated_parts(doc.text, template, by_id, claims)
    claims += extract_assertions(doc, template, cells, claims, exclude)
    claims.sort(key=lambda c: c.span[0])
    return claims


def _link_enumerated_parts(
    text: str, template: Template, by_id: dict[str, CellValue], claims: list[Claim]
) -> None:
    """Unlinked figures listed after 其中 under a linked parent take the parent's parts.

    "政府信息公开行政复议351件，其中结果维持72件，结果纠正64件": the part's own words
    (结果维持) only say which part; the parent says which block (data: `children`).
    """
    specs = {c["parent"]: c for c in template.assertions.get("children", [])}
    if not specs:
        return
    for i, claim in enumerate(claims):
        if claim.indicator or claim.note:
            continue
        for parent in reversed(claims[:i]):
            between = text[parent.span[1] : claim.span[0]]
            if _SENTENCE_BOUNDARY.search(between) or len(between) > 80:
                break
            spec = specs.get(parent.indicator or "")
            if spec is None or "其中" not in between:
                continue
            for ind_id, pattern in spec["parts"].items():
                if re.search(pattern, claim.context) and ind_id in template.indicators:
                    claim.confidence = 0.85
                    ind = template.indicators[ind_id]
                    fig = Figure(
                        claim.span,
                        claim.figure_span or claim.span,
                        float(claim.value),
                        claim.unit or "",
                        claim.text,
                        claim.decimals,
                        claim.approx,
                    )
                    _judge(claim, ind, fig, claim.context, False, by_id, template)
                    break
            break


_CUMULATIVE = re.compile(r"历年累计|(?<!全年)(?<!本年)(?<!今年)(?<!年度)(?<!年内)累计")
_SCOPE_NOTE = (
    "所述数字带有范围、类别或期间限定词（如各乡镇、备案、上年、同比），不与本机关本年度表格比对"
)


def _judge(
    claim: Claim,
    ind: Indicator,
    fig: Figure,
    clause: str,
    scoped: bool,
    by_id: dict[str, CellValue],
    template: Template,
) -> None:
    """Compare a linked figure with the table and set the claim's status."""
    target = ind.id
    cumulative = by_id.get(ind.id + "@cumulative")
    if cumulative is not None and _CUMULATIVE.search(clause):
        # "历年累计公开…" / "我局累计主动公开…" restate the second value column; "全年累计
        # 受理…" is the annual figure
        target = cumulative.id
        scoped = bool(_SCOPE.search(_CUMULATIVE.sub("", clause)))
    if scoped:
        # a sub-unit's, a category's or another period's figure: never compared, and
        # not claimed to restate the cell either (the reviewer sees why in the note)
        claim.note = _SCOPE_NOTE + f"；形似“{template.indicators[ind.id].label}”"
        return
    claim.indicator = target
    tv = (
        (cumulative.value if cumulative is not None and cumulative.has_number else None)
        if target != ind.id
        else indicator_value(ind.id, by_id, template)
    )
    claim.table_value = tv
    alt = _matching_alternative(ind, fig, by_id, template)
    if (
        alt is None
        and cumulative is not None
        and cumulative.has_number
        and "累计" in clause
        and values_agree(fig.value, fig.unit, fig.decimals, fig.approx, cumulative.value, ind.unit)
    ):
        alt = cumulative.id  # "累计…" may restate the 历年累计 column
    if tv is not None and values_agree(fig.value, fig.unit, fig.decimals, fig.approx, tv, ind.unit):
        claim.status = "match"
    elif alt is not None:
        claim.status, claim.matched_as = "match", alt
        claim.table_value = (
            by_id[alt].value if alt in by_id else indicator_value(alt, by_id, template)
        )
        base = template.indicators.get(alt.split("@")[0])
        claim.note = f"与{base.label if base else alt}{'（历年累计）' if '@' in alt else ''}一致"
    elif tv is not None:
        claim.status = "mismatch"
    else:
        bound = indicator_bound(ind.id, by_id, template)
        if bound is not None and fig.approx is None and fig.value < bound - 1e-9:
            # the printed parts alone exceed the stated figure: a certain disagreement
            claim.status, claim.table_value = "mismatch", bound
            claim.note = f"表中合计栏空白，已填写的各项合计至少为 {bound:g}"
        else:
            claim.status = "not_assessable"


def _matching_alternative(
    ind: Indicator, fig: Figure, cells: dict[str, CellValue], template: Template
) -> str | None:
    for alt in ind.claim_alternatives:
        v = indicator_value(alt, cells, template)
        if v is not None and values_agree(
            fig.value, fig.unit, fig.decimals, fig.approx, v, ind.unit
        ):
            return alt
    return None


def shift_figure(fig: Figure, offset: int) -> Figure:
    """A figure found in a region, re-expressed in document offsets."""
    return replace(
        fig,
        span=(fig.span[0] + offset, fig.span[1] + offset),
        number_span=(fig.number_span[0] + offset, fig.number_span[1] + offset),
    )


def _sentence_span(text: str, pos: int, floor: int, ceil: int) -> tuple[int, int]:
    start = _sentence_start(text, pos, floor)
    m = _SENTENCE_BOUNDARY.search(text, pos, ceil)
    return start, (m.start() if m else ceil)


def _assertion_claim(
    span: tuple[int, int],
    text: str,
    value: float,
    ind_id: str,
    tv: float | None,
    context: str,
    note: str,
) -> Claim:
    claim = Claim(
        span=span,
        text=text,
        value=value,
        unit="件",
        indicator=ind_id,
        table_value=tv,
        context=context,
        confidence=0.9,
        note=note,
    )
    if tv is None:
        claim.status = "not_assessable"
    else:
        claim.status = "match" if abs(tv - value) < 1e-9 else "mismatch"
    return claim


def extract_assertions(
    doc: Document,
    template: Template,
    cells: list[CellValue],
    claims: list[Claim],
    exclude: list[tuple[int, int]] | None = None,
) -> list[Claim]:
    """Figure-less statements that assert table values (data: assertions_*.toml).

    "未收到政府信息公开申请" states 0; "行政复议7件，诉讼9件，均获维持" states that the
    upheld cells equal 7 and 9. Sentences with scope words are skipped, as for figures.
    """
    by_id = {c.id: c for c in cells}
    out: list[Claim] = []
    for start, end in _subtract(doc.narrative_mask(), exclude or []):
        for spec in template.assertions.get("zero", []):
            for m in spec["regex"].finditer(doc.text, start, end):
                s0, _s1 = _sentence_span(doc.text, m.start(), start, end)
                if _SCOPE.search(doc.text[s0 : m.end()]) or _PART_SCOPE.search(
                    doc.text[s0 : m.end()]
                ):
                    continue
                if any(m.start() <= c.span[0] < m.end() for c in claims):
                    continue  # the statement carries a figure of its own
                ind_id = next(
                    (
                        i
                        for i in spec["indicators"]
                        if i in template.indicators and _has_table(i, by_id, template)
                    ),
                    None,
                )
                if ind_id is None:
                    continue
                out.append(
                    _assertion_claim(
                        (m.start(), m.end()),
                        m.group(0),
                        0,
                        ind_id,
                        indicator_value(ind_id, by_id, template),
                        "",
                        "否定表述，视为 0",
                    )
                )
        for spec in template.assertions.get("all_upheld", []):
            for m in spec["regex"].finditer(doc.text, start, end):
                s0, _s1 = _sentence_span(doc.text, m.start(), start, end)
                named = [
                    c
                    for c in claims
                    if s0 <= c.span[0] < m.start() and c.indicator == spec["total"]
                ]
                for c in named:
                    out.append(_upheld_claim(doc.text, m, c, spec, by_id))
    return out


def _upheld_claim(
    text: str, m: re.Match[str], named: Claim, spec: dict, by_id: dict[str, CellValue]
) -> Claim:
    """ "X件…均获维持": the upheld cells should hold all X cases.

    When a block is blank the upheld total is unknown, but a printed 纠正/其他/尚未审结
    count above zero contradicts "all upheld" all the same.
    """
    parts = [by_id.get(u) for u in spec["upheld"]]
    printed = [p.value for p in parts if p is not None and p.has_number]
    others = [by_id.get(o) for o in spec.get("others", [])]
    not_upheld = sum(o.value for o in others if o is not None and o.has_number)  # type: ignore[misc]
    note = "“均获维持”：所述案件均应为结果维持" + ("（各类诉讼合计）" if len(parts) > 1 else "")
    context = text[named.span[0] : m.start()]
    tv = sum(printed) if len(printed) == len(parts) else None
    claim = _assertion_claim(
        (m.start(), m.end()), m.group(0), named.value, spec["upheld"][0], tv, context, note
    )
    if tv is None and not_upheld > 0:
        claim.status, claim.table_value = "mismatch", sum(printed) if printed else None
        claim.note = note + f"；表中另有纠正、其他结果或尚未审结 {not_upheld:g} 件"
    return claim


def _has_table(ind_id: str, cells: dict[str, CellValue], template: Template) -> bool:
    if ind_id in cells:
        return True
    ind = template.indicators.get(ind_id)
    return bool(ind and ind.equals_sum_of and any(p in cells for p in ind.equals_sum_of))
