"""Word segmentation: jieba inside a spaCy `zh` pipeline, with a domain dictionary,
and the figure finder as a registered spaCy component.

spaCy gives the project one Doc/Token model that users' own code can extend; jieba
gives Chinese words. Without the user dictionary jieba splits domain terms ("政务"
"微信", "依" "申请" "公开"), which makes the metric words governing a figure harder to
read. The `gov_figures` component puts every unit-bearing figure into
`doc.spans["figures"]` with its value, unit and approximation, so that
`spacy.blank("zh")` + `nlp.add_pipe("gov_figures")` works in users' own code too.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span

from auditor.figures import find_figures

for _name, _default in (("value", None), ("unit", None), ("approx", None), ("decimals", 0)):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)


@Language.component("gov_figures")
def gov_figures(doc: Doc) -> Doc:
    """Mark unit-bearing figures; skip those glued into identifiers (G20, 5G, ISO9001)."""
    spans = []
    for fig in find_figures(doc.text):
        span = doc.char_span(fig.span[0], fig.span[1], alignment_mode="expand")
        if span is None:
            continue
        first = span[0]
        if any(ch.isascii() and ch.isalpha() for ch in first.text):
            continue
        span = Span(doc, span.start, span.end, label="FIGURE")
        span._.value = fig.value
        span._.unit = fig.unit
        span._.approx = fig.approx
        span._.decimals = fig.decimals
        spans.append((span, fig))
    doc.spans["figures"] = [s for s, _ in spans]
    doc.user_data["figure_offsets"] = [f for _, f in spans]
    return doc


if not Span.has_extension("indicator"):
    Span.set_extension("indicator", default=None)


@Language.factory("gov_claims", default_config={"template": "gov2021"})
def make_gov_claims(nlp: Language, name: str, template: str):
    """Link the figures found by `gov_figures` to the indicator ids of a template.

        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        nlp.add_pipe("gov_figures"); nlp.add_pipe("gov_claims", config={"template": "gov2014"})
        doc = nlp("政务微信公开政府信息279条")
        [(s.text, s._.indicator) for s in doc.spans["claims"]]

    Linking only (no table here): the audit compares the claims with a report's table.
    """
    from auditor.claims import link_figure
    from auditor.templates import load_template

    tpl = load_template(template)

    def gov_claims(doc: Doc) -> Doc:
        spans = []
        for span, fig in zip(
            doc.spans.get("figures", []), doc.user_data.get("figure_offsets", []), strict=False
        ):
            ind, _conf, _clause, scoped = link_figure(doc.text, fig, 0, tpl)
            if ind is not None and not scoped:
                span._.indicator = ind.id
                spans.append(span)
        doc.spans["claims"] = spans
        return doc

    return gov_claims


@cache
def get_nlp() -> Language:
    """The shared spaCy pipeline (blank zh + jieba + domain words + gov_figures)."""
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    words = resources.files("auditor").joinpath("nlp_data/userdict.txt").read_text(encoding="utf-8")
    for line in words.splitlines():
        parts = line.split()
        if parts:
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            jieba.add_word(parts[0], freq=freq)
    nlp.add_pipe("gov_figures")
    return nlp


def tokenize(text: str) -> Doc:
    """A spaCy Doc of `text`, segmented by jieba, with figures marked."""
    return get_nlp()(text)


def content_words(doc: Doc, start: int, end: int) -> list[str]:
    """The words of doc.text[start:end] that carry meaning (no punctuation, no numbers)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return []
    return [t.text for t in span if not (t.is_punct or t.is_space or t.like_num)]
