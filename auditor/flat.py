"""Tables whose cells ran together: crawler text such as "受理依申请公开信息总数条00" or
"一、本年新收政府信息公开申请数量801000081".

Row labels are known from the template, so each row is found by its label (an anchor)
and its value text is what lies before the next row's label. Value text with spaces
splits on them; fused digits are split only where the result is forced: by the number
of columns and no leading zeros ("00" under two columns), then by the template's own
identities (a row's 总计 equals its parts, 表三's balance, 表四's block totals). A value
is kept only when every split that satisfies the identities agrees on it, and it is
marked `inferred`; everything else is reported as unreadable. Never a guess.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from auditor.model import CellValue, Span
from auditor.templates import GridSpec, Template

MAX_SOLUTIONS = 50
MAX_NODES = 200_000
_NUMBERING_TAIL = re.compile(
    r"(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])$"
)
_LEADING_VALUES = re.compile(r"^(?:[\s\d.,，/\-—]|(?<=\d)(?:万元|笔|元|项|件|个))*")
_VALUE_UNITS = re.compile(r"(?<=\d)(?:万元|笔|元|项|件|个)")
_LABEL_TAIL = re.compile(r"^[\u4e00-\u9fff、“”]{1,12}(?=[\s\d])")


@dataclass
class FlatRow:
    keys: list[str]  # indicator id of each column, in order
    label: str
    value_text: str
    value_span: Span
    candidates: list[tuple[float, ...]] = field(default_factory=list)


@dataclass
class FlatResult:
    cells: list[CellValue] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # ids that could not be split
    region: Span | None = None  # a form's whole table
    regions: list[Span] = field(default_factory=list)  # each grid table separately
    form: str | None = None


def _compositions(token: str, k: int) -> list[list[str]]:
    """Split a digit string into k parts without leading zeros (but "0" itself)."""
    if k == 1:
        return [[token]] if token and (token == "0" or not token.startswith("0")) else []
    out = []
    for i in range(1, len(token) - k + 2):
        head = token[:i]
        if len(head) > 1 and head.startswith("0"):
            break
        for rest in _compositions(token[i:], k - 1):
            out.append([head, *rest])
    return out


def split_candidates(text: str, n: int) -> list[tuple[float, ...]]:
    """Every way to read `text` as n numbers (spaces are real boundaries)."""
    tokens = [t for t in re.split(r"\s+", _VALUE_UNITS.sub("", text).strip()) if t]
    if not tokens or len(tokens) > n:
        return []
    if any(not re.fullmatch(r"\d+(?:\.\d+)?", t) for t in tokens):
        return []
    results: list[tuple[float, ...]] = []
    # distribute the n columns over the tokens
    for counts in _partitions(n, len(tokens)):
        per_token = []
        for tok, k in zip(tokens, counts, strict=True):
            if "." in tok:
                per_token.append([[tok]] if k == 1 else [])
            else:
                per_token.append(_compositions(tok, k))
        for combo in itertools.product(*per_token):
            parts = [p for group in combo for p in group]
            results.append(tuple(float(p) if "." in p else int(p) for p in parts))
            if len(results) > 5000:
                return results
    return results


def _partitions(n: int, k: int):
    if k == 1:
        yield (n,)
        return
    for first in range(1, n - k + 2):
        for rest in _partitions(n - first, k - 1):
            yield (first, *rest)


def _value_text(text: str, start: int, end: int, next_numbering: str | None) -> tuple[str, Span]:
    seg = text[start:end]
    m = _LEADING_VALUES.match(seg)
    run = m.group(0) if m else ""
    if next_numbering and run.rstrip().endswith(next_numbering):
        run = run.rstrip()[: -len(next_numbering)]
    elif m and m.end() == len(seg):
        tail = _NUMBERING_TAIL.search(run.rstrip())
        if tail and re.search(r"\d[.、．]$", run.rstrip()):
            run = run.rstrip()[: tail.start()]
    run = run.rstrip(" .,，")
    lead = len(run) - len(run.lstrip())
    return run.strip(), (start + lead, start + lead + len(run.strip()))


class _Constraints:
    """The template's identities as linear equalities over cell ids."""

    def __init__(self, template: Template, ids: set[str]) -> None:
        self.eqs: list[tuple[list[str], list[str]]] = []
        self.le: list[tuple[str, str]] = []  # annual <= 历年累计
        for ind in template.indicators.values():
            if ind.equation:
                left, right = list(ind.equation[0]), list(ind.equation[1])
                if set(left + right) <= ids:
                    self.eqs.append((left, right))
                continue
            if ind.derived:
                continue
            for suffix in ("", "@cumulative"):
                total = ind.id + suffix
                if total not in ids:
                    continue
                if suffix and ind.id in ids:
                    self.le.append((ind.id, total))
                for variant in ind.sum_variants or (
                    (ind.equals_sum_of,) if ind.equals_sum_of else ()
                ):
                    parts = [p + suffix for p in variant]
                    if set(parts) <= ids:
                        self.eqs.append(([total], parts))
                        break

    def ok(self, values: dict[str, float]) -> bool:
        for left, right in self.eqs:
            if (
                all(i in values for i in left + right)
                and abs(sum(values[i] for i in left) - sum(values[i] for i in right)) > 1e-6
            ):
                return False
        return all(not (a in values and b in values and values[a] > values[b]) for a, b in self.le)


def _components(rows: list[FlatRow], cons: _Constraints) -> list[list[FlatRow]]:
    """Rows linked by a shared identity must be solved together; others alone."""
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    where = {k: n for n, r in enumerate(rows) for k in r.keys}
    for left, right in cons.eqs:
        members = {where[i] for i in left + right if i in where}
        first = members.pop() if members else None
        for m in members:
            parent[root(m)] = root(first)  # type: ignore[arg-type]
    groups: dict[int, list[FlatRow]] = {}
    for n, r in enumerate(rows):
        groups.setdefault(root(n), []).append(r)
    return list(groups.values())


def solve(rows: list[FlatRow], template: Template) -> tuple[dict[str, float], set[str]]:
    """Values forced by the identities, and the ids that stay ambiguous.

    Agreement across solutions only proves a value when the enumeration was complete;
    a search that hits its bounds proves nothing and leaves its rows unresolved.
    """
    ids = {k for r in rows for k in r.keys}
    cons = _Constraints(template, ids)
    for r in rows:
        # identities inside one row (a row's 总计) prune its own candidates first
        r.candidates = [c for c in r.candidates if cons.ok(dict(zip(r.keys, c, strict=True)))]
    fixed: dict[str, float] = {}
    unresolved = {k for r in rows if not r.candidates for k in r.keys}
    for r in rows:
        if len(r.candidates) == 1:
            fixed.update(zip(r.keys, r.candidates[0], strict=True))
    for comp in _components(rows, cons):
        ambiguous = sorted(
            (r for r in comp if len(r.candidates) > 1), key=lambda r: len(r.candidates)
        )
        if not ambiguous:
            continue
        solutions, complete = _enumerate(ambiguous, cons, fixed)
        for r in ambiguous:
            for k in r.keys:
                vals = {s[k] for s in solutions}
                if complete and len(vals) == 1:
                    fixed[k] = vals.pop()
                else:
                    unresolved.add(k)
    return fixed, unresolved


def _enumerate(ambiguous: list[FlatRow], cons: _Constraints, fixed: dict[str, float]):
    solutions: list[dict[str, float]] = []
    nodes = 0
    complete = True

    def search(i: int, values: dict[str, float]) -> None:
        nonlocal nodes, complete
        if len(solutions) >= MAX_SOLUTIONS or nodes > MAX_NODES:
            complete = False
            return
        if i == len(ambiguous):
            solutions.append(dict(values))
            return
        row = ambiguous[i]
        for cand in row.candidates:
            nodes += 1
            trial = dict(values)
            trial.update(zip(row.keys, cand, strict=True))
            if cons.ok(trial):
                search(i + 1, trial)

    search(0, dict(fixed))
    return solutions, complete and bool(solutions)


def _find(text: str, anchor: str, start: int, end: int) -> int:
    return text.find(anchor, start, end)


def _cells(
    rows: list[FlatRow], fixed: dict[str, float], template: Template, exact_rows: set[int]
) -> list[CellValue]:
    out = []
    for n, r in enumerate(rows):
        for k in r.keys:
            if k not in fixed:
                continue
            v = fixed[k]
            ind = template.indicators.get(k.split("@")[0])
            out.append(
                CellValue(
                    id=k,
                    label=r.label,
                    raw=str(v),
                    value=v,
                    unit=ind.unit if ind else None,
                    semantic="ZERO" if v == 0 else "NUMBER",
                    span=r.value_span,
                    inferred=n not in exact_rows,
                )
            )
    return out


# ----------------------------------------------------------------------------- grids
def _row_anchor(label: str) -> tuple[str, str | None]:
    """From an indicators-file row label to the printed text to look for, and its numbering."""
    last = label.split(" ")[-1]
    m = re.match(
        r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)?(\d{1,2}[.、．])?(.*)$",
        last,
    )
    numbering = m.group(1) if m else None
    core = (m.group(2) if m else last).strip()
    core = re.sub(r"[（(][^（）()]*[)）]$", "", core) or core
    return core, numbering


def read_flat_grids(text: str, template: Template) -> FlatResult:
    result = FlatResult()
    regions: list[Span] = []
    for spec in template.grids:
        rows = _grid_rows(text, template, spec)
        if not rows:
            continue
        for r in rows:
            r.candidates = split_candidates(r.value_text, len(r.keys))
        exact = {
            n
            for n, r in enumerate(rows)
            if len(r.candidates) == 1 and _spaced(r.value_text, len(r.keys))
        }
        fixed, unresolved = solve(rows, template)
        result.cells += _cells(rows, fixed, template, exact)
        result.unreadable += sorted(unresolved)
        regions.append((rows[0].value_span[0], rows[-1].value_span[1]))
    result.regions = regions
    return result


def _spaced(value_text: str, n: int) -> bool:
    return len(value_text.split()) == n


def _indicator_rows(template: Template, table: str) -> list[tuple[str, str]]:
    """(row key, printed row label) in form order, from the indicators file."""
    seen: dict[str, str] = {}
    for ind in template.indicators.values():
        parts = ind.id.split(".")
        if parts[1] != table or ind.derived or not ind.row:
            continue
        key = ".".join(parts[2:-1])
        seen.setdefault(key, ind.row)
    return list(seen.items())


def _grid_rows(text: str, template: Template, spec: GridSpec) -> list[FlatRow]:
    prefix = f"{template.prefix}.{spec.table}"
    if spec.layout == "rows_x_cols":
        start = text.find("申请人情况")
        if start < 0:
            return []
        rows: list[FlatRow] = []
        row_specs = _indicator_rows(template, spec.table)
        anchors = [(key, *_row_anchor(label)) for key, label in row_specs]
        cursor = start
        found: list[tuple[str, int, int]] = []
        limit = min(len(text), start + 6000)
        for key, anchor, _num in anchors:
            pos = _find(text, anchor, cursor, limit)
            if pos < 0:
                continue
            end = pos + len(anchor)
            # skip a parenthetical note printed after the label
            m = re.match(r"[（(][^（）()]{0,40}[)）]", text[end:])
            if m:
                end += m.end()
            found.append((key, pos, end))
            cursor = end
        for n, (key, _pos, end) in enumerate(found):
            nxt = found[n + 1][1] if n + 1 < len(found) else min(len(text), end + 60)
            next_num = (
                _row_anchor(dict(row_specs)[found[n + 1][0]])[1] if n + 1 < len(found) else None
            )
            value, span = _value_text(text, end, nxt, next_num)
            keys = [f"{prefix}.{key}.{c}" for c in spec.canonical_cols]
            rows.append(FlatRow(keys, dict(row_specs)[key], value, span))
        return rows
    if spec.layout == "single_row":
        heads = list(re.finditer(r"尚未审结\s*总计", text))
        if not heads or text.find("复议后起诉") < 0:
            return []
        start = heads[-1].end()
        value, span = _value_text(text, start, min(len(text), start + 80), None)
        keys = [f"{prefix}.{k}" for k in spec.canonical_cols]
        return [FlatRow(keys, "表四", value, span)]
    if spec.layout == "sections":
        return _t2_rows(text, template, spec, prefix)
    return []


# ----------------------------------------------------------------------------- forms
_FORM_HEADER = re.compile(r"指\s*标\s*名\s*称")


def read_flat_form(text: str, template: Template) -> FlatResult:
    """A local long form (label, unit, one or two value columns) in running text."""
    result = FlatResult()
    m = _FORM_HEADER.search(text)
    if not m or not template.forms:
        return result
    start = m.start()
    window = text[start : start + 3000]
    squeezed = re.sub(r"\s+", "", window)
    form = max(
        template.forms,
        key=lambda f: (
            sum(1 for w in f["detect"] if w in squeezed)
            + (2 if f["value_columns"][-1]["patterns"][0] in squeezed else 0)
        ),
    )
    ncols = len(form["value_columns"])
    suffixes = [vc["suffix"] for vc in form["value_columns"]]
    units = sorted(template.table.get("units", []), key=len, reverse=True)
    pool = [i for i in template.cell_indicators() if form["id"] in i.block.split("|")]
    end_limit = min(len(text), start + 3000)
    found: list[tuple[int, int, object]] = []
    cursor = m.end()
    remaining = list(pool)
    while remaining:
        best = None
        for n, ind in enumerate(remaining):
            for alias in sorted({ind.label, *ind.aliases}, key=len, reverse=True):
                p = text.find(alias, cursor, end_limit)
                if p >= 0 and (
                    best is None or (p, -len(alias), n) < (best[0], -(best[1] - best[0]), best[3])
                ):
                    best = (p, p + len(alias), ind, n)
        if best is None:
            break
        found.append(best[:3])
        remaining.remove(best[2])
        cursor = best[1]
    rows: list[FlatRow] = []
    expected: int | None = None  # the numbering ("2、") the next row should carry
    for n, (_p, e, ind) in enumerate(found):
        nxt = found[n + 1][0] if n + 1 < len(found) else min(len(text), e + 40)
        seg_start = e
        um = (
            re.match(r"\s*(" + "|".join(map(re.escape, units)) + r")", text[e:nxt])
            if units
            else None
        )
        if um:
            seg_start = e + um.end()
        seg = text[seg_start:nxt]
        value, expected = _strip_numbering(seg, expected)
        lead = len(seg) - len(seg.lstrip())
        span = (seg_start + lead, seg_start + lead + len(value))
        keys = [ind.id + sfx for sfx in suffixes]  # type: ignore[attr-defined]
        rows.append(FlatRow(keys, ind.label, value, span))  # type: ignore[attr-defined]
    if not rows:
        return result
    for r in rows:
        r.candidates = split_candidates(r.value_text, len(r.keys)) if r.value_text else []
    exact = {
        n
        for n, r in enumerate(rows)
        if len(r.candidates) == 1 and _spaced(r.value_text, len(r.keys))
    }
    fixed, unresolved = solve(rows, template)
    result.cells = _cells(rows, fixed, template, exact)
    result.unreadable = sorted(unresolved)
    result.region = (start, rows[-1].value_span[1])
    result.form = form["id"]
    _ = ncols
    return result


def _strip_numbering(seg: str, expected: int | None) -> tuple[str, int | None]:
    """The value text of a row, without the next row's glued numbering ("1382、" → "138").

    The numbering of 其中 items runs 1, 2, 3 …, so the digits to strip are known: the
    one expected next, never "whatever digits come last".
    """
    m = re.search(r"其中\s*[:：]?\s*(\d{1,2})\s*[.、．]\s*$", seg)
    if m:
        head = seg[: m.start()]
        return _LEADING_VALUES.match(head).group(0).strip(), int(m.group(1)) + 1  # type: ignore[union-attr]
    run = _LEADING_VALUES.match(seg).group(0)  # type: ignore[union-attr]
    rest = seg[len(run) :]
    tail = re.match(r"^\s*[、．]", rest)
    if tail or re.search(r"\d[.．]\s*$", run):
        digits = run.rstrip()
        if tail is None:
            digits = digits[:-1].rstrip()  # drop the "." of "2."
        if expected is not None and digits.endswith(str(expected)):
            return digits[: -len(str(expected))].strip(), expected + 1
        return "", None  # numbering glued to the value but not the expected one: unreadable
    return run.strip().rstrip(".,，").strip(), None


def _header_start(text: str, spec: GridSpec) -> int:
    """Where the table's header is: two column names within a few characters."""
    pats = [pat for c in spec.cols for pat in c["patterns"]]
    rows = [r["patterns"][0].strip("^$") for r in spec.rows]
    for m in re.finditer("|".join(re.escape(p) for p in pats), text):
        window = text[m.end() : m.end() + 30]
        # a header: a second column name right after, or a row label right below
        # ("本年处理决定数量\n行政许可 97"); a lone phrase in the narrative is neither
        if any(p in window[:12] for p in pats) or any(window.lstrip().startswith(r) for r in rows):
            return m.start()
    return -1


def _t2_rows(text: str, template: Template, spec: GridSpec, prefix: str) -> list[FlatRow]:
    first_col = _header_start(text, spec)
    if first_col < 0:
        return []
    end_region = min(len(text), first_col + 1500)
    rows: list[FlatRow] = []
    cursor = first_col
    colkeys: list[str] = []
    row_specs = list(spec.rows)
    while cursor < end_region:
        best = None
        for r in row_specs:
            for pat in r["patterns"]:
                lit = pat.strip("^$")
                p = text.find(lit, cursor, end_region)
                if p >= 0 and (best is None or p < best[0]):
                    best = (p, p + len(lit), r)
        if best is None:
            break
        p, e, rspec = best
        header = text[cursor:p]
        hits = sorted(
            (header.find(pat), c["key"])
            for c in spec.cols
            for pat in c["patterns"]
            if header.find(pat) >= 0
        )
        if hits:
            colkeys = list(dict.fromkeys(k for _, k in hits))
        row_specs.remove(rspec)
        tail = _LABEL_TAIL.match(text[e:end_region])
        if tail:
            e += tail.end()  # the rest of a longer printed label ("…服务事项")
        nxt = min(
            [
                text.find(pat.strip("^$"), e, end_region)
                for r in row_specs
                for pat in r["patterns"]
                if text.find(pat.strip("^$"), e, end_region) >= 0
            ]
            + [end_region]
        )
        value, span = _value_text(text, e, nxt, None)
        keys = [f"{prefix}.{rspec['key']}.{k}" for k in colkeys]
        keys = [k for k in keys if k in template.indicators]
        if keys:
            rows.append(FlatRow(keys, rspec["key"], value, span))
        cursor = e
    return rows
