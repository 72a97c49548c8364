"""Narrative claims against the hand-annotated gold (corpora/gold/claims/*.json).

    python -m benchmarks.claims            # prints the scores, writes docs/claims.md

For every gold claim the quote is located in the audited document's text (whitespace
ignored) and the auditor's claim whose figure lies inside it is taken as its match.

- Linking: precision = correctly linked / all links the auditor made on gold figures
  (a link where the gold says the figure restates no table cell is a false link);
  recall = correctly linked / gold claims that restate a cell. The gold indicator or
  any of its listed alternatives counts as correct. Gold figures that restate a sum
  with no canonical id (marked "composite" in the gold note) are left out of both.
- Mismatch flags: precision = flagged claims the gold marks as disagreeing / all
  flags; recall = gold disagreements flagged / all gold disagreements.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import auditor

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpora" / "gold" / "claims"
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"


@dataclass
class Scores:
    links_made: int = 0
    links_right: int = 0
    gold_linkable: int = 0
    gold_linked_right: int = 0
    flags: int = 0
    flags_right: int = 0
    gold_disagree: int = 0
    gold_disagree_found: int = 0
    gold_claims: int = 0
    located: int = 0
    notes: list[str] = field(default_factory=list)


def _squeeze(text: str) -> tuple[str, list[int]]:
    chars, index = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(ch)
            index.append(i)
    return "".join(chars), index


def _locate(
    text: str, squeezed: str, index: list[int], quote: str, occurrence: int
) -> tuple[int, int] | None:
    q, _ = _squeeze(quote)
    pos = -1
    for _ in range(max(1, occurrence)):
        pos = squeezed.find(q, pos + 1)
        if pos < 0:
            return None
    return index[pos], index[pos + len(q) - 1] + 1


def _composite(gc: dict) -> bool:
    return gc.get("indicator") is None and "composite" in (gc.get("note") or "")


def _accepted(gc: dict) -> set[str]:
    ids = {gc["indicator"]} if gc.get("indicator") else set()
    ids.update(gc.get("alternatives") or [])
    return ids


def score_file(path: Path, corpora: Path, s: Scores) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    result = auditor.audit(str(corpora / gold["source"]))
    text = result.document.text
    squeezed, index = _squeeze(text)
    used: set[int] = set()
    for gc in gold["claims"]:
        if not isinstance(gc.get("value"), (int, float)):
            continue
        s.gold_claims += 1
        span = _locate(text, squeezed, index, gc["quote"], gc.get("occurrence", 1))
        if span is None:
            s.notes.append(f"{path.stem}: quote not found: {gc['quote']}")
            continue
        s.located += 1
        mine = [
            (n, c)
            for n, c in enumerate(result.claims)
            if n not in used
            and span[0] <= c.span[0]
            and c.span[1] <= span[1] + 2
            and abs(float(c.value) - float(gc["value"])) < 1e-6
        ]
        claim = mine[0][1] if mine else None
        if mine:
            used.add(mine[0][0])
        accepted = _accepted(gc)
        if _composite(gc):
            continue
        linked = claim is not None and claim.indicator is not None
        right = linked and (claim.indicator in accepted or (claim.matched_as or "") in accepted)
        if linked:
            s.links_made += 1
            s.links_right += int(right)
            if not right:
                s.notes.append(
                    f"{path.stem}: link {claim.indicator} for “{gc['quote']}” (gold {gc.get('indicator')})"
                )
        if accepted:
            s.gold_linkable += 1
            s.gold_linked_right += int(right)
            if not right:
                s.notes.append(
                    f"{path.stem}: missed link {gc.get('indicator')} for “{gc['quote']}”"
                )
        flagged = claim is not None and claim.status == "mismatch"
        if flagged:
            s.flags += 1
            s.flags_right += int(gc.get("agrees") is False)
            if gc.get("agrees") is not False:
                s.notes.append(f"{path.stem}: FALSE mismatch “{gc['quote']}”")
        if gc.get("agrees") is False and accepted:
            s.gold_disagree += 1
            s.gold_disagree_found += int(flagged)
            if not flagged:
                s.notes.append(f"{path.stem}: missed disagreement “{gc['quote']}”")


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "—"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpora", default=str(DEFAULT_CORPORA))
    ap.add_argument("--out", default=str(ROOT / "docs" / "claims.md"))
    ap.add_argument("--include-pdf", action="store_true", help="also score PDF sources")
    args = ap.parse_args(argv)
    corpora = Path(args.corpora)
    if not corpora.is_dir():
        print(f"corpora not found: {corpora}", file=sys.stderr)
        return 2
    s = Scores()
    for path in sorted(GOLD.glob("*.json")):
        src = json.loads(path.read_text(encoding="utf-8"))["source"]
        if src.endswith(".pdf") and not args.include_pdf:
            continue
        score_file(path, corpora, s)
    lines = [
        "# Narrative claims against the gold",
        "",
        "Generated by `python -m benchmarks.claims` from `corpora/gold/claims/`.",
        "",
        f"- gold figure claims: {s.gold_claims} (located in the audited text: {s.located})",
        f"- **linking precision {_ratio(s.links_right, s.links_made)}** ({s.links_right}/{s.links_made}), "
        f"**recall {_ratio(s.gold_linked_right, s.gold_linkable)}** ({s.gold_linked_right}/{s.gold_linkable})",
        f"- **mismatch precision {_ratio(s.flags_right, s.flags)}** ({s.flags_right}/{s.flags}), "
        f"**recall {_ratio(s.gold_disagree_found, s.gold_disagree)}** ({s.gold_disagree_found}/{s.gold_disagree})",
        "",
        "## Details",
        "",
        *[f"- {n}" for n in s.notes],
        "",
    ]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[:8]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
