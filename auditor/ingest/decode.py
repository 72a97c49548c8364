"""Turn a file's bytes into text, or explain in one line why that is impossible.

Chinese government reports come as UTF-8 (with or without BOM), GB2312/GBK/GB18030
and occasionally UTF-16. Strict decoders are tried first so that a GB18030 file is
never silently read as mojibake; charset detection is the last resort.
"""

from __future__ import annotations

import codecs

from auditor.errors import InputError

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / len(sample) > 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode report bytes; returns (text, encoding name)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"文件声明为 {enc} 编码但内容无法解码（第 {exc.start} 字节）"
                ) from exc
    if _looks_binary(data):
        raise InputError("文件不是文本：含有二进制内容，无法作为文本报告读取")
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        if text and text.count("\ufffd") / max(1, len(text)) < 0.01:
            return text, best.encoding
    raise InputError("无法识别文件编码（既不是 UTF-8 也不是 GB18030/GBK），请转换为 UTF-8 后重试")
