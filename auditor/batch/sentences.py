"""Sentences of a report's narrative, normalised for year-on-year comparison, and the
near-exact matching of two sentence lists.

Why normalise: a report copied from last year still changes its figures and years
("2022年共收到申请12件" → "2023年共收到申请15件"); the copying is in the wording. So
digits (and years in Chinese numerals) become one placeholder and white space goes
before comparing. Why 5-gram Jaccard ≥ 0.9: it accepts a changed word or two in a long
sentence but not a different sentence on the same topic; exact matches are found first
by hashing so the common case costs nothing.

Table rows are not narrative: a sentence that overlaps a table cell's span is dropped,
as is one that is mostly digits (else two years of the same statistics form would
count as "copied" text) or mostly not Chinese (URLs, file paths of crawled pages).
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence

MIN_CHARS = 15
SHINGLE = 5
THRESHOLD = 0.9

# sentence ends, line breaks, and white space that is not next to a digit: crawler text
# joins a page's lines with spaces ("二、主动公开情况 （一）公开形式 在……"), HTML keeps
# them apart; splitting at such spaces makes both give the same sentences ("收到申请 25
# 件" keeps its spaces, which touch digits)
_SPLIT = re.compile(
    r"(?:[^。！？；!?;\s]|(?<=[0-9０-９])[^\S\n]+|[^\S\n]+(?=[0-9０-９]))+[。！？；!?;]?"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGITS = re.compile(r"[0-9]+(?:[.．][0-9]+)?")
_CN_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}(?=年)")
_SPACE = re.compile(r"\s+")

Sentence = tuple[str, str]  # (as printed, trimmed; normalised)


def normalise(sentence: str) -> str:
    """The comparison form: NFKC, digits and 4-digit Chinese years → "#", no spaces."""
    s = unicodedata.normalize("NFKC", sentence)
    s = _CN_YEAR.sub("#", s)
    s = _DIGITS.sub("#", s)
    return _SPACE.sub("", s)


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _overlaps(start: int, end: int, merged: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect.bisect_left(starts, end) - 1  # last interval starting before `end`
    return i >= 0 and merged[i][1] > start


def narrative_sentences(text: str, table_spans: Sequence[tuple[int, int]]) -> list[Sentence]:
    """Sentences of ≥ MIN_CHARS normalised characters outside the tables."""
    merged = _merge([(int(a), int(b)) for a, b in table_spans])
    starts = [a for a, _ in merged]
    out: list[Sentence] = []
    for m in _SPLIT.finditer(text):
        raw = m.group().strip()
        if not raw:
            continue
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        if merged and _overlaps(start, start + len(raw), merged, starts):
            continue
        norm = normalise(raw)
        if len(norm) < MIN_CHARS or norm.count("#") * 3 > len(norm):
            continue
        if len(_CJK.findall(norm)) * 2 < len(norm):
            continue  # URLs, paths, English page furniture: not narrative
        out.append((raw[:300], norm))
    return out


def shingles(norm: str, k: int = SHINGLE) -> frozenset[str]:
    return frozenset(norm[i : i + k] for i in range(max(1, len(norm) - k + 1)))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter) if inter else 0.0


def match(
    a: Sequence[str], b: Sequence[str], threshold: float = THRESHOLD
) -> list[tuple[int, int, float]]:
    """For each sentence of `a` with an exact or near-exact partner in `b`, the pair
    (index in a, index in b, similarity); exact matches first, then a shingle index
    with the size filter |A|·t ≤ |B| ≤ |A|/t so that most pairs are never compared."""
    exact: dict[str, int] = {}
    for j, s in enumerate(b):
        exact.setdefault(s, j)
    sh_b = [shingles(s) for s in b]
    index: dict[str, list[int]] = defaultdict(list)
    for j, sh in enumerate(sh_b):
        for g in sh:
            index[g].append(j)
    out: list[tuple[int, int, float]] = []
    for i, s in enumerate(a):
        if s in exact:
            out.append((i, exact[s], 1.0))
            continue
        sh = shingles(s)
        lo, hi = len(sh) * threshold, len(sh) / threshold
        counts: Counter[int] = Counter()
        for g in sh:
            counts.update(index.get(g, ()))
        best, best_j = 0.0, -1
        for j, inter in counts.items():
            size = len(sh_b[j])
            if not lo <= size <= hi:
                continue
            sim = inter / (len(sh) + size - inter)
            if sim > best:
                best, best_j = sim, j
        if best >= threshold:
            out.append((i, best_j, round(best, 3)))
    return out


def similar_groups(
    norms: Sequence[str], threshold: float = THRESHOLD
) -> list[tuple[int, int, float]]:
    """All pairs (i < j) of distinct normalised sentences with Jaccard ≥ threshold.

    A prefix-filtered similarity join: shingles are ordered rarest first and a pair with
    J ≥ t must share one of the first |A| − ⌈t·|A|⌉ + 1 of them, so only sentences that
    share a rare 5-gram are ever compared. Used for copying across a whole batch, where
    comparing every pair of reports would be quadratic.
    """
    sets = [shingles(s) for s in norms]
    df: Counter[str] = Counter()
    for sh in sets:
        df.update(sh)
    index: dict[str, list[int]] = defaultdict(list)
    pairs: dict[tuple[int, int], float] = {}
    for i, sh in enumerate(sets):
        ordered = sorted(sh, key=lambda g: (df[g], g))
        prefix = len(ordered) - math.ceil(threshold * len(ordered)) + 1
        seen: set[int] = set()
        for g in ordered[:prefix]:
            for j in index[g]:
                if j in seen:
                    continue
                seen.add(j)
                size_i, size_j = len(sh), len(sets[j])
                if not size_i * threshold <= size_j <= size_i / threshold:
                    continue
                sim = jaccard(sh, sets[j])
                if sim >= threshold:
                    pairs[(j, i)] = round(sim, 3)
            index[g].append(i)
    return [(i, j, s) for (i, j), s in sorted(pairs.items())]
