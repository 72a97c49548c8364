"""findings.csv, indicators.csv (long format) and audit.xlsx, rebuilt from the store.

Every file is written to a temporary name and renamed into place, so a reader (or a
kill at any moment) never sees half a file: either the previous complete version or
the new one. CSV files carry a UTF-8 BOM because Excel, which most reviewers open them
with, otherwise shows Chinese as mojibake.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from itertools import groupby

from auditor.batch import tables
from auditor.batch.series import Series
from auditor.batch.store import Store
from auditor.io_utils import atomic_file

XLSX_MAX_ROWS = 1_048_576


def write_csv(path: str, header: Iterable[str], rows: Iterable[tuple]) -> None:
    with atomic_file(path) as fh:
        fh.write("\ufeff")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def write_csvs(store: Store, out_dir: str, files: set[str]) -> None:
    write_csv(
        os.path.join(out_dir, "findings.csv"),
        tables.FINDING_COLUMNS,
        tables.findings(store, files),
    )
    write_csv(
        os.path.join(out_dir, "indicators.csv"),
        tables.INDICATOR_COLUMNS,
        tables.indicators(store, files),
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


def _cell(value: str, semantic: str, raw: str) -> object:
    if semantic in ("ZERO", "NUMBER") and value != "":
        return _number(value)
    if semantic == "NA":
        return "NA"
    if semantic == "TEXT":
        return raw
    return None


def _wide_indicators(store: Store, files: set[str]) -> Iterator[tuple[str, list[str], Iterator]]:
    """Per template: its indicator ids (columns) and a stream of one row per report.

    Why wide in the workbook and long in indicators.csv: a reviewer in Excel wants one
    row per report to filter and pivot, and a wide sheet has a tenth of the cells of the
    long one (openpyxl writes about 50,000 cells a second, so the long form would take
    a minute for 2,000 reports). A blank cell is a blank or absent cell of the report;
    text cells keep their printed text; the CSV has every detail. Rows are streamed
    report by report, so memory does not grow with the batch.
    """
    templates = [
        t
        for (t,) in store.db.execute(
            "SELECT DISTINCT COALESCE(template, 'unknown') FROM reports WHERE status = 'ok'"
            " ORDER BY 1"
        )
    ]
    for template in templates:
        ids = [
            i
            for (i,) in store.db.execute(
                "SELECT i.indicator FROM indicators i JOIN reports r ON r.file = i.file"
                " WHERE COALESCE(r.template, 'unknown') = ? GROUP BY i.indicator"
                " ORDER BY MIN(i.seq), i.indicator",
                (template,),
            )
        ]
        if not ids:
            continue
        column = {i: k for k, i in enumerate(ids)}

        def rows(template: str = template, column: dict[str, int] = column) -> Iterator[list]:
            cur = store.db.execute(
                "SELECT r.file, COALESCE(g.agency, r.agency, ''), r.year, i.indicator,"
                " i.value, i.semantic, i.raw FROM indicators i JOIN reports r ON r.file = i.file"
                " LEFT JOIN report_groups g ON g.file = i.file"
                " WHERE COALESCE(r.template, 'unknown') = ? ORDER BY i.file, i.seq",
                (template,),
            )
            for file, group in groupby(cur, key=lambda row: row[0]):
                if file not in files:
                    continue
                cells: list[object] = [None] * len(column)
                meta: tuple = ("", None)
                for row in group:
                    meta = row[1:3]
                    cells[column[row[3]]] = _cell(row[4], row[5], row[6])
                yield [file, *meta, *cells]

        yield template, ids, rows()


def write_xlsx(
    store: Store, out_dir: str, files: set[str], summary: list, series: dict[str, Series]
) -> None:
    """Sheets summary, findings, indicators_<template> (wide) and series, written in
    openpyxl's write-only mode (constant memory)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(v: object) -> object:
        return ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v

    wb = Workbook(write_only=True)

    def sheet(title: str, header: tuple | list, rows: Iterable, numeric: tuple[int, ...]) -> None:
        ws = wb.create_sheet(title)
        ws.freeze_panes = "A2"
        ws.append(list(header))
        n = 1
        for row in rows:
            if n >= XLSX_MAX_ROWS - 1:
                ws.append(["（行数超过 Excel 上限，其余内容见 CSV 文件）"])
                break
            ws.append([_number(v) if i in numeric else clean(v) for i, v in enumerate(row)])
            n += 1

    sheet("summary", tables.SUMMARY_COLUMNS, (r.values() for r in summary), ())
    sheet("findings", tables.FINDING_COLUMNS, tables.findings(store, files), (9, 10))
    for template, ids, rows in _wide_indicators(store, files):
        sheet(f"indicators_{template}", ["file", "agency", "year", *ids], rows, ())
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
    with atomic_file(os.path.join(out_dir, "audit.xlsx"), "wb") as fh:
        wb.save(fh)
