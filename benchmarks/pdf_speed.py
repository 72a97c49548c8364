"""Speed of auditing a PDF, as a ratio to pdfplumber alone reading it.

    python -m benchmarks.pdf_speed                      # the real PDFs of ../shared
    python -m benchmarks.pdf_speed FILE.pdf ... --repeat 7

The budget (DESIGN.md): a PDF report is audited in at most 1.5× the time pdfplumber
alone needs to open it and extract the words and the tables of every page. Both are
timed in the same run, interleaved, after one warm-up of each (the first audit loads
jieba and the templates), and the best of `--repeat` runs is compared, so that the
ratio does not depend on the machine. Both are single-threaded, so CPU time of this
process (`time.process_time`) is what is compared: wall time on a shared machine
mostly measures the other processes (it is printed too). `--profile` adds where the
audit's time goes (cumulative seconds per stage); docs/pdf.md explains it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

import auditor

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "corpora" / "real" / "pdf"
BUDGET = 1.5


Timing = tuple[float, float]  # (CPU seconds, wall seconds)


def _timed(fn: Callable[..., object], *args: object) -> Timing:
    cpu, wall = time.process_time(), time.perf_counter()
    fn(*args)
    return time.process_time() - cpu, time.perf_counter() - wall


def _pdfplumber_read(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.extract_tables()


def pdfplumber_alone(path: Path) -> Timing:
    """Time for pdfplumber to open the file and extract words and tables of every page."""
    return _timed(_pdfplumber_read, path.read_bytes())


def audit_time(path: Path) -> Timing:
    """Time for the whole audit (read, ingest, every stage and check)."""
    return _timed(auditor.audit, str(path))


def measure(paths: list[Path], repeat: int) -> list[tuple[str, Timing, Timing]]:
    """(name, best pdfplumber time, best audit time) per file."""
    for p in paths:  # warm-up: imports, jieba dictionary, template data
        pdfplumber_alone(p)
        audit_time(p)
    out = []
    for p in paths:
        base, full = [], []
        for _ in range(repeat):
            base.append(pdfplumber_alone(p))
            full.append(audit_time(p))
        out.append((p.name, _best(base), _best(full)))
    return out


def _best(times: list[Timing]) -> Timing:
    return min(t[0] for t in times), min(t[1] for t in times)


def stages(path: Path, top: int = 12) -> str:
    """Cumulative time of the audit's own functions (profiled, so slower than real)."""
    prof = cProfile.Profile()
    prof.enable()
    auditor.audit(str(path))
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf).sort_stats("cumulative")
    stats.print_stats(r"auditor/|pdfplumber/page.py|pdfplumber/table.py", top)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="*", help="PDFs (default: the real PDFs of ../shared)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    paths = [Path(f) for f in args.files] or sorted(REAL.glob("*.pdf"))
    if not paths:
        print(f"no PDF given and none in {REAL}", file=sys.stderr)
        return 2
    rows = measure(paths, args.repeat)
    for name, base, full in rows:
        print(
            f"{name:40s} pdfplumber {base[0]:6.3f}s  audit {full[0]:6.3f}s  "
            f"ratio {full[0] / base[0]:5.2f}  (wall {base[1]:.3f}s / {full[1]:.3f}s)"
        )
    total_base = sum(b[0] for _, b, _ in rows)
    total_full = sum(f[0] for _, _, f in rows)
    ratio = total_full / total_base
    print(
        f"{'all (CPU time)':40s} pdfplumber {total_base:6.3f}s  audit {total_full:6.3f}s  ratio {ratio:5.2f}"
    )
    print(f"budget {BUDGET}x: {'within' if ratio <= BUDGET else 'OVER'}")
    if args.profile:
        print(stages(paths[0]))
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
