"""Agency names across reports: one key per agency, whatever the title called it.

Why: the same agency titles its reports "平潭综合实验区管委会", "平潭综合实验区" or (a
department) "财金局"; a cross-year check needs them in one series, while "平潭县人民政府"
and "平潭县财政局" are different agencies and must stay apart. The rules are
deliberately few and conservative (a wrong merge produces false carry-over errors):

1. NFKC, no spaces, title debris cut off at the end ("……局关于" → "……局");
2. 全称/简称 of the government itself: "人民政府" → "政府", "管理委员会" → "管委会",
   and a trailing "政府" / "管委会" dropped ("平潭县人民政府" → "平潭县",
   "平潭综合实验区管委会" → "平潭综合实验区"); departments keep their own names;
3. a short name without a place ("财金局") is resolved to the one full name in the same
   folder (or else the whole batch) that contains its characters in order and ends
   with the same character — only when exactly one such name exists;
4. user aliases (`--aliases`, "别名<TAB>标准名" per line) for what no rule can know,
   e.g. an agency renamed by a reorganisation (平潭县财政局 → 平潭综合实验区财政金融局).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter, defaultdict

_DEBRIS = re.compile(r"(关于|的|发布|印发)+$")
_TRAILING = re.compile(r"(政府|管委会)$")
_PLACE = re.compile(r"[省市县区镇乡州旗盟村]")
UNKNOWN = "（未识别机构）"


def canonical(name: str) -> str:
    """Rules 1–2: the comparison key of one name."""
    s = unicodedata.normalize("NFKC", name)
    s = re.sub(r"\s+", "", s)
    s = _DEBRIS.sub("", s)
    s = s.replace("人民政府", "政府").replace("管理委员会", "管委会")
    s = re.sub(r"政府办$", "政府办公室", s)
    stripped = _TRAILING.sub("", s)
    return stripped if len(stripped) >= 2 else s


def _is_subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def read_aliases(path: str) -> dict[str, str]:
    """ "别名<TAB>标准名" (or "别名 = 标准名") per line; # starts a comment."""
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = re.split(r"\t|\s*=\s*", line, maxsplit=1)
            if len(parts) == 2 and parts[0].strip() and parts[1].strip():
                out[parts[0].strip()] = parts[1].strip()
    return out


def group_agencies(
    names: dict[str, str | None], aliases: dict[str, str] | None = None
) -> dict[str, tuple[str, str]]:
    """For each file (relative path → agency as read from its title), the agency key and
    the display name of its group (the most frequent full name in the group)."""
    aliases = {canonical(k): canonical(v) for k, v in (aliases or {}).items()}
    keys: dict[str, str] = {}
    for file, name in names.items():
        if not name:
            keys[file] = ""
            continue
        key = canonical(name)
        keys[file] = aliases.get(key, key)
    # rule 3: resolve short names without a place to a unique full name
    full = {k for k in keys.values() if k and _PLACE.search(k)}
    by_dir: dict[str, set[str]] = defaultdict(set)
    for file, key in keys.items():
        if key in full:
            by_dir[os.path.dirname(file)].add(key)
    for file, key in keys.items():
        if not key or key in full or len(key) > 6:
            continue
        for pool in (by_dir[os.path.dirname(file)], full):
            hits = [k for k in pool if k[-1] == key[-1] and _is_subsequence(key, k)]
            if len(hits) == 1:
                keys[file] = hits[0]
                break
            if len(hits) > 1:
                break  # ambiguous: leave the short name alone
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for file, key in keys.items():
        name = names[file]
        if key and name:
            counts[key][_DEBRIS.sub("", re.sub(r"\s+", "", name))] += 1
    display = {
        key: sorted(c.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
        for key, c in counts.items()
    }
    return {file: (key, display.get(key, UNKNOWN)) for file, key in keys.items()}
