"""Plain-text and Markdown-free text reports."""

from __future__ import annotations

from auditor.ingest.decode import decode_bytes
from auditor.ingest.normalize import normalize_text
from auditor.ingest.text_tables import find_text_tables
from auditor.model import Document


def load_text(path: str, data: bytes, sha256: str) -> Document:
    raw, encoding = decode_bytes(data)
    text, offsets = normalize_text(raw)
    doc = Document(
        path=path,
        media_type="text/plain",
        sha256=sha256,
        text=text,
        source_offsets=offsets,
        encoding=encoding,
    )
    doc.tables = find_text_tables(text)
    return doc
