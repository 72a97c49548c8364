"""Ingestion: any supported file → one `Document` (normalised text + tables).

The format is decided from the file's bytes first and its name second, because
reports are often saved with the wrong extension (an HTML page named .doc, a text
export named .pdf).
"""

from __future__ import annotations

import hashlib
import os

from auditor.errors import InputError
from auditor.model import Document

MAX_BYTES = 200 * 1024 * 1024


def sniff_media_type(path: str, data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    ext = os.path.splitext(path)[1].lower()
    if data.startswith(b"%PDF"):
        return "application/pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if (
        head.startswith((b"<!doctype html", b"<html", b"<?xml"))
        or b"<body" in head
        or b"<table" in head
    ):
        return "text/html"
    if ext == ".pdf":
        return "application/pdf"
    if ext == ".docx":
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if ext in (".html", ".htm", ".shtml"):
        return "text/html"
    if ext in (".md", ".markdown"):
        return "text/markdown"
    if _looks_like_markdown_tables(data):
        return "text/markdown"
    return "text/plain"


def _looks_like_markdown_tables(data: bytes) -> bool:
    """A .txt that is really Markdown (OCR and pdf2md tools emit pipe tables)."""
    sample = data[:200_000]
    pipe_lines = sum(
        1
        for line in sample.splitlines()
        if line.strip().startswith(b"|") and line.strip().endswith(b"|")
    )
    return pipe_lines >= 3 and b"|---" in sample.replace(b" ", b"")


def load(path: str) -> Document:
    """Read `path` into a Document; raises InputError with a Chinese reason if unusable."""
    if not os.path.exists(path):
        raise InputError(f"文件不存在：{path}")
    if os.path.isdir(path):
        raise InputError(f"这是一个目录而不是文件：{path}（批量审核请用 auditor batch）")
    size = os.path.getsize(path)
    if size == 0:
        raise InputError(f"文件为空：{path}")
    if size > MAX_BYTES:
        raise InputError(
            f"文件过大（{size // (1024 * 1024)} MB），超过 {MAX_BYTES // (1024 * 1024)} MB 上限"
        )
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror}") from exc
    sha256 = hashlib.sha256(data).hexdigest()
    media_type = sniff_media_type(path, data)
    if media_type == "text/plain":
        from auditor.ingest.text import load_text

        return load_text(path, data, sha256)
    if media_type == "text/markdown":
        from auditor.ingest.markdown import load_markdown

        return load_markdown(path, data, sha256)
    if media_type == "text/html":
        from auditor.ingest.html import load_html

        return load_html(path, data, sha256)
    if media_type == "application/pdf":
        from auditor.ingest.pdf import load_pdf

        return load_pdf(path, data, sha256)
    if media_type.endswith("wordprocessingml.document"):
        from auditor.ingest.docx import load_docx

        return load_docx(path, data, sha256)
    raise InputError(
        f"暂不支持该文件格式（{media_type}）：目前支持文本、Markdown、HTML 和 DOCX 报告"
    )
