"""Atomic output files: a reader never sees a half-written JSON, HTML or CSV."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO


@contextmanager
def atomic_file(path: str, mode: str = "w") -> Iterator[IO]:
    """Stream into a temporary file beside `path`, rename it into place on success.

    Streaming keeps large batch exports (indicators.csv of thousands of reports) out of
    memory; on failure the temporary file is removed and `path` is untouched.
    """
    directory = os.path.dirname(os.path.abspath(path)) or "."
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        if "b" in mode:
            fh: IO = os.fdopen(fd, mode)
        else:
            fh = os.fdopen(fd, mode, encoding="utf-8", newline="")
        with fh:
            yield fh
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide reports from colleagues
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_atomic(path: str, content: str) -> None:
    with atomic_file(path) as fh:
        fh.write(content)
