"""Word segmentation: jieba inside a spaCy `zh` pipeline, with a domain dictionary.

spaCy gives the project one Doc/Token model that users' own code can extend (the
claim finder is a pipeline component); jieba gives Chinese words. Without the user
dictionary jieba splits domain terms ("政务" "微信", "依" "申请" "公开"), which makes
metric words harder to read in evidence. The pipeline is built once per process.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib import resources


@cache
def get_nlp():
    """The shared spaCy pipeline (blank zh + jieba + domain words)."""
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    words = (
        resources.files("auditor").joinpath("nlp_data", "userdict.txt").read_text(encoding="utf-8")
    )
    for line in words.splitlines():
        parts = line.split()
        if parts:
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            jieba.add_word(parts[0], freq=freq)
    return nlp


def tokenize(text: str):
    """A spaCy Doc of `text`, segmented by jieba."""
    return get_nlp()(text)
