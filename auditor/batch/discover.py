"""Find the reports of a batch and give each a stable output name and a content key.

Why a module of its own: which files belong to a batch, what they are called in OUT and
when a file counts as "changed" decide what a resumed run redoes, so the rules live in
one place (and are unit-tested) rather than inside the runner's loop.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

#: Extensions the batch audits (the same set `auditor audit` reads, plus PDF).
SUPPORTED = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\s]+')
_MAX_NAME = 150


@dataclass(frozen=True)
class SourceFile:
    """One input file: its path relative to IN_DIR (posix) and what we know of it."""

    rel: str
    path: str
    size: int
    mtime_ns: int


def find_reports(in_dir: str, exclude: tuple[str, ...] = ()) -> list[SourceFile]:
    """Every supported file under `in_dir`, sorted by relative path.

    Hidden files and folders (leading dot), Office lock files (~$…) and the folders in
    `exclude` (the batch's own OUT_DIR when it lies inside IN_DIR) are skipped, so a
    rerun never audits its own outputs.
    """
    root = os.path.abspath(in_dir)
    skip = {os.path.realpath(p) for p in exclude}
    found: list[SourceFile] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and os.path.realpath(os.path.join(dirpath, d)) not in skip
        )
        for fn in sorted(filenames):
            if fn.startswith((".", "~$")) or os.path.splitext(fn)[1].lower() not in SUPPORTED:
                continue
            path = os.path.join(dirpath, fn)
            try:
                st = os.stat(path)
            except OSError:
                continue  # vanished or a dangling link: nothing to audit
            if not os.path.isfile(path):
                continue
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            found.append(SourceFile(rel, path, st.st_size, st.st_mtime_ns))
    found.sort(key=lambda f: f.rel)
    return found


def sha256_file(path: str) -> str:
    """Content hash in 1 MiB blocks (PDFs can be large)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def content_hashes(
    files: list[SourceFile], cached: Callable[[SourceFile], str | None]
) -> dict[str, str]:
    """sha256 per relative path; `cached(f)` may return a hash the store already holds for
    the same size and mtime, which spares re-reading an unchanged corpus on every rerun.
    An unreadable file maps to "" (the worker then records why it cannot be read)."""
    out: dict[str, str] = {}
    for f in files:
        known = cached(f)
        if known:
            out[f.rel] = known
            continue
        try:
            out[f.rel] = sha256_file(f.path)
        except OSError:
            out[f.rel] = ""
    return out


def _safe(rel: str) -> str:
    name = _UNSAFE.sub("_", rel.replace("/", "__")).strip("._") or "report"
    return name


def stable_names(rels: list[str]) -> dict[str, str]:
    """Output base names (OUT/reports/<name>.json/.html) that are readable and stable.

    The relative path with "/" as "__", unsafe characters replaced; the extension is kept
    so that 2019.html and 2019.txt get different names. Names that would collide (or are
    too long for a file system) get 8 hex digits of the path's hash, so a name depends
    only on the set of colliding paths, never on the order of discovery.
    """
    base = {rel: _safe(rel) for rel in rels}
    counts = Counter(base.values())
    out: dict[str, str] = {}
    for rel, name in base.items():
        if counts[name] > 1 or len(name) > _MAX_NAME:
            digest = hashlib.sha256(rel.encode("utf-8")).hexdigest()[:8]
            name = f"{name[:_MAX_NAME]}-{digest}"
        out[rel] = name
    return out
