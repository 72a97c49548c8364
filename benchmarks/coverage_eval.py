"""Section-coverage classifier: leave-one-report-out evaluation on the real reports.

    python -m benchmarks.coverage_eval                       # full run (several minutes)
    python -m benchmarks.coverage_eval --only KEY[,KEY...]   # some reports (quick)

Writes benchmarks/results/coverage/{summary.json, paragraphs.csv, decisions.csv,
trials.csv, timings.csv}, which notebooks/coverage.ipynb plots; docs/coverage.md and
models/MODEL_CARD.md quote summary.json. What is measured and how the ground truth is
defined: auditor/coverage_model/evaluate.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "coverage"


def main(argv: list[str] | None = None) -> int:
    from auditor.coverage_model.evaluate import evaluate, summary, write_results

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", default=str(DEFAULT_CORPORA))
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--only", default="", help="comma-separated report keys")
    ap.add_argument("--no-trials", action="store_true", help="skip removal/无 trials")
    args = ap.parse_args(argv)
    corpora = Path(args.corpora)
    if not corpora.is_dir():
        print(f"corpora not found: {corpora}", file=sys.stderr)
        return 2
    only = [k for k in args.only.split(",") if k] or None
    res = evaluate(
        corpora, with_trials=not args.no_trials, only=only, log=lambda m: print(m, file=sys.stderr)
    )
    summ = summary(res)
    write_results(res, summ, Path(args.out))
    print(json.dumps(summ, ensure_ascii=False, indent=1, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
