"""Opening a PDF safely: one Chinese reason for every file that cannot be read.

A batch meets files that only claim to be PDFs (an HTML error page saved as .pdf),
truncated downloads, password-protected reports and, rarely, hostile files. Each must
end in `InputError` with one line a reviewer understands, never a traceback or a hang:

- the `%PDF-` header must appear in the first kilobyte (where readers look for it);
- a user password → "已加密"; an owner password alone does not stop reading (pdfminer
  opens such files with the empty user password, as every viewer does);
- the page tree is walked lazily and refused beyond `MAX_PAGES`;
- a page's content streams (and the forms they draw) are checked before pdfminer
  decompresses them: a stream inflating beyond `MAX_STREAM_BYTES` is a decompression
  bomb (zlib inflates at most ~1032:1, so small streams are provably safe unchecked);
- parsing runs under a deadline (`time_limit`): SIGALRM where the platform and thread
  allow it, otherwise elapsed time is checked between pages.
"""

from __future__ import annotations

import io
import logging
import signal
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSLiteral, literal_name
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from auditor.errors import InputError

MAX_PAGES = 500
MAX_STREAM_BYTES = 64 * 1024 * 1024
SECONDS_PER_PAGE = 20.0
SECONDS_TOTAL = 300.0
_ZLIB_MAX_RATIO = 1100
_MAX_FORM_DEPTH = 4

NOT_PDF = "文件扩展名或内容声称是 PDF，但不是有效的 PDF 文件（缺少 %PDF 文件头）"
DAMAGED = "PDF 文件已损坏或不完整，无法读取"
ENCRYPTED = "PDF 已加密（需要打开密码），请提供未加密的文件"
BAD_ENCRYPTION = "PDF 使用了不支持的加密方式，无法读取"
TOO_MANY_PAGES = f"PDF 页数超过 {MAX_PAGES} 页上限，疑似异常文件"
BOMB = "PDF 中的内容流解压后过大，疑似压缩炸弹，已停止读取"
TIMEOUT = "PDF 解析超时（单页超过 {seconds:.0f} 秒），疑似异常文件"


# pdfminer logs damaged objects as warnings; with no logging configured Python would
# print them to stderr, breaking the CLI's one-line contract. A NullHandler keeps them
# out of stderr and still lets an application that configures logging see them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())


class _Timeout(Exception):
    """Raised by the alarm handler inside pdfminer; turned into InputError."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (main thread with SIGALRM only; else no-op).

    The previous handler and timer are restored, so nesting under a caller's own
    alarm (a test runner's timeout) keeps that alarm.
    """
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    old_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.monotonic()
    try:
        yield
    except _Timeout as exc:
        raise InputError(TIMEOUT.format(seconds=seconds)) from exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_delay:
            signal.setitimer(signal.ITIMER_REAL, max(0.001, old_delay - (time.monotonic() - start)))


def check_header(data: bytes) -> None:
    if b"%PDF-" not in data[:1024]:
        raise InputError(NOT_PDF)


def _inner(exc: BaseException) -> BaseException:
    """The pdfminer exception that pdfplumber wrapped, if any."""
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    return inner if isinstance(inner, BaseException) else exc


def failure_reason(exc: BaseException, page: int | None = None) -> str:
    """The one-line Chinese reason for a pdfminer failure, naming the page if known."""
    inner = _inner(exc)
    if isinstance(inner, PDFPasswordIncorrect):
        return ENCRYPTED
    if isinstance(inner, PDFEncryptionError):
        return BAD_ENCRYPTION
    where = f"第 {page} 页：" if page is not None else ""
    return f"{DAMAGED}（{where}{type(inner).__name__}）"


def open_pdf(data: bytes) -> pdfplumber.PDF:
    """Open the bytes with pdfplumber or raise InputError with the reason."""
    check_header(data)
    try:
        with time_limit(SECONDS_PER_PAGE):
            return pdfplumber.open(io.BytesIO(data))
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        raise InputError(failure_reason(exc)) from exc


def iter_pages(pdf: pdfplumber.PDF) -> Iterator[Page]:
    """pdfplumber pages one by one, never more than MAX_PAGES, streams checked first.

    pdfplumber's `pdf.pages` builds every page object up front; a file claiming a
    million pages must be refused before that.
    """
    declared = _declared_count(pdf)
    if declared is not None and declared > MAX_PAGES:
        raise InputError(TOO_MANY_PAGES)
    doctop = 0.0
    try:
        gen = PDFPage.create_pages(pdf.doc)
        for i, page_obj in enumerate(islice(gen, MAX_PAGES + 1)):
            if i == MAX_PAGES:
                raise InputError(TOO_MANY_PAGES)
            check_streams(page_obj)
            page = Page(pdf, page_obj, page_number=i + 1, initial_doctop=doctop)
            doctop += page.height
            yield page
    except InputError:
        raise
    except Exception as exc:
        raise InputError(failure_reason(exc)) from exc


def _declared_count(pdf: pdfplumber.PDF) -> int | None:
    try:
        pages = resolve1(pdf.doc.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    except Exception:
        return None
    return count if isinstance(count, int) else None


def check_streams(page_obj: PDFPage) -> None:
    """Refuse a page whose content streams or form XObjects inflate beyond the limit."""
    contents = page_obj.contents if isinstance(page_obj.contents, list) else []
    for ref in contents:
        _check_stream(resolve1(ref))
    _check_forms(page_obj.resources, 0, set())


def _check_forms(resources: object, depth: int, seen: set[int]) -> None:
    if depth > _MAX_FORM_DEPTH:
        return
    resources = resolve1(resources)
    if not isinstance(resources, dict):
        return
    xobjects = resolve1(resources.get("XObject"))
    if not isinstance(xobjects, dict):
        return
    for ref in xobjects.values():
        stream = resolve1(ref)
        if not isinstance(stream, PDFStream) or id(stream) in seen:
            continue
        seen.add(id(stream))
        if _name(stream.get("Subtype")) == "Form":
            _check_stream(stream)
            _check_forms(stream.get("Resources"), depth + 1, seen)


def _name(obj: object) -> str:
    obj = resolve1(obj)
    return literal_name(obj) if isinstance(obj, PSLiteral) else str(obj)


def _check_stream(stream: object) -> None:
    if not isinstance(stream, PDFStream):
        return
    raw = stream.rawdata
    if raw is None or len(raw) * _ZLIB_MAX_RATIO <= MAX_STREAM_BYTES:
        return
    filters = stream.get_filters()
    if not filters or _name(filters[0][0]) not in ("FlateDecode", "Fl"):
        return
    inflater = zlib.decompressobj()
    try:
        inflater.decompress(raw, MAX_STREAM_BYTES)
    except zlib.error:
        return  # pdfminer reports damaged streams itself
    if inflater.unconsumed_tail:
        raise InputError(BOMB)
