"""findings.csv, indicators.csv and audit.xlsx, rebuilt from the store.

Every file is written to a temporary name and renamed into place, so a reader (or a
kill at any moment) never sees half a file: either the previous complete version or
the new one. CSV files carry a UTF-8 BOM because Excel, which most reviewers open them
with, otherwise shows Chinese as mojibake.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable

from auditor.batch import tables
from auditor.batch.series import Series
from auditor.batch.store import Store
from auditor.io_utils import write_atomic

XLSX_MAX_ROWS = 1_048_576


def write_atomic_bytes(path: str, data: bytes) -> None:
    """`write_atomic` for binary content (the XLSX)."""
    directory = os.path.dirname(os.path.abspath(path)) or "."
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def csv_text(header: Iterable[str], rows: Iterable[tuple]) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_csvs(store: Store, out_dir: str, files: set[str]) -> None:
    write_atomic(
        os.path.join(out_dir, "findings.csv"),
        csv_text(tables.FINDING_COLUMNS, tables.findings(store, files)),
    )
    write_atomic(
        os.path.join(out_dir, "indicators.csv"),
        csv_text(tables.INDICATOR_COLUMNS, tables.indicators(store, files)),
    )


def _number(text: object) -> object:
    """Printed numbers back to numbers so that Excel can sum them."""
    if not isinstance(text, str) or not text:
        return text
    try:
        f = float(text)
    except ValueError:
        return text
    return int(f) if f.is_integer() and "." not in text else f


def write_xlsx(
    store: Store, out_dir: str, files: set[str], summary: list, series: dict[str, Series]
) -> None:
    """summary, findings, indicators and series sheets (write-only mode: constant memory)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(v: object) -> object:
        return ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v

    wb = Workbook(write_only=True)

    def sheet(title: str, header: tuple, rows: Iterable[tuple], numeric: tuple[int, ...]) -> None:
        ws = wb.create_sheet(title)
        ws.append(list(header))
        n = 1
        for row in rows:
            if n >= XLSX_MAX_ROWS - 1:
                ws.append([f"（行数超过 Excel 上限，其余内容见 {title}.csv）"])
                break
            ws.append([_number(v) if i in numeric else clean(v) for i, v in enumerate(row)])
            n += 1

    sheet("summary", tables.SUMMARY_COLUMNS, (r.values() for r in summary), ())
    sheet("findings", tables.FINDING_COLUMNS, tables.findings(store, files), (9, 10))
    sheet("indicators", tables.INDICATOR_COLUMNS, tables.indicators(store, files), (5,))
    sheet(
        "series",
        ("agency", "agency_key", "years", "missing_years", "duplicates"),
        (
            (
                s.name,
                s.key,
                ",".join(str(y) for y in sorted(s.years)),
                ",".join(str(y) for y in s.missing),
                ";".join(sorted(d.file for d in s.duplicates)),
            )
            for s in sorted(series.values(), key=lambda s: s.name)
        ),
        (),
    )
    buf = io.BytesIO()
    wb.save(buf)
    write_atomic_bytes(os.path.join(out_dir, "audit.xlsx"), buf.getvalue())
