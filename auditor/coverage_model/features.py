"""Features of a segment: character n-grams (and optionally jieba words), TF-IDF weighted.

Character 1–3-grams carry the topic words (依申请, 复议, 信息处理费) and survive what a
word segmenter gets wrong in OCR and crawler text (沐阳 for 沭阳, words glued to
numbers). jieba words (1–2-grams, the project's user dictionary) are available as a
second view; measured by leave-one-report-out they added nothing and doubled the
inference time, so the shipped model reads characters only (docs/coverage.md).
Figures and years are reduced to "0" so that the model learns "收到申请0件", not this
year's numbers.

The preprocessor and tokenizer are module-level functions so that skops stores them by
name and the loader can list them as trusted.
"""

from __future__ import annotations

import logging
import re
from functools import cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_JUNK = re.compile(r"<!--.*?-->|\s+")


def normalise(text: str) -> str:
    """What the model reads: no whitespace or leaked HTML comments, figures as 0."""
    return _DIGITS.sub("0", _JUNK.sub("", text))


@cache
def _jieba():
    """jieba with the project's domain dictionary (loaded once by auditor.nlp)."""
    import jieba

    from auditor.nlp import get_nlp

    get_nlp()  # registers the user dictionary words with jieba
    jieba.setLogLevel(logging.WARNING)
    return jieba


def jieba_words(text: str) -> list[str]:
    """jieba words of a normalised segment, punctuation dropped."""
    return [w for w in _jieba().lcut(text, HMM=False) if w.strip() and not _PUNCT.match(w)]


_PUNCT = re.compile(r"^[\W_]+$")


class CompactTfidfVectorizer(TfidfVectorizer):
    """TfidfVectorizer whose vocabulary is saved as one string, not a dict.

    skops stores a dict entry by entry: a 30,000-term vocabulary made a 15 MB file that
    took seconds to load. One newline-joined string (terms never contain whitespace
    after `normalise`) keeps the file small and the load fast; the dict is rebuilt on
    load.
    """

    def __getstate__(self):
        state = super().__getstate__()
        vocab = state.pop("vocabulary_", None)
        if vocab is not None:
            state["terms_"] = "\n".join(sorted(vocab, key=vocab.__getitem__))
        return state

    def __setstate__(self, state):
        state = dict(state)
        terms = state.pop("terms_", None)
        if terms is not None:
            state["vocabulary_"] = {t: i for i, t in enumerate(terms.split("\n"))}
        super().__setstate__(state)


def vectorizer(
    views: str = "words+chars", max_words: int = 12000, max_chars: int = 30000, char_max_n: int = 3
) -> FeatureUnion:
    """The TF-IDF views of a segment ("words+chars" or "chars"), concatenated."""
    parts = [
        (
            "words",
            CompactTfidfVectorizer(
                preprocessor=normalise,
                tokenizer=jieba_words,
                token_pattern=None,
                lowercase=False,
                ngram_range=(1, 2),
                min_df=2,
                max_features=max_words,
                sublinear_tf=True,
                dtype=np.float32,
            ),
        ),
        (
            "chars",
            CompactTfidfVectorizer(
                analyzer="char",
                preprocessor=normalise,
                ngram_range=(1, char_max_n),
                lowercase=False,
                min_df=2,
                max_features=max_chars,
                sublinear_tf=True,
                dtype=np.float32,
            ),
        ),
    ]
    return FeatureUnion([p for p in parts if p[0] in views.split("+")])


def build_pipeline(
    kind: str = "logreg_cal", seed: int = 0, views: str = "chars", char_max_n: int = 3
) -> Pipeline:
    """TF-IDF + a probabilistic linear classifier.

    `logreg_cal` (shipped, best measured): multinomial logistic regression, class
    balanced, then sigmoid-calibrated on 3 seeded folds (class balancing skews raw
    probabilities: expected calibration error 0.094 → 0.039); `logreg`: the same without
    calibration; `svc`: LinearSVC with sigmoid calibration. ensemble=False keeps one
    model (a small file). `views="chars"` (the default) reads character n-grams only: adding jieba words
    did not measurably help and doubled the inference time (docs/coverage.md).
    """
    # imported here: an audit loads a fitted model and never needs the other estimators
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.svm import LinearSVC

    if kind == "logreg":
        clf = LogisticRegression(C=10.0, class_weight="balanced", max_iter=3000)
    elif kind == "logreg_cal":
        clf = CalibratedClassifierCV(
            LogisticRegression(C=10.0, class_weight="balanced", max_iter=3000),
            method="sigmoid",
            cv=StratifiedKFold(3, shuffle=True, random_state=seed),
            ensemble=False,
        )
    else:
        clf = CalibratedClassifierCV(
            LinearSVC(C=0.5, class_weight="balanced", random_state=seed),
            method="sigmoid",
            cv=StratifiedKFold(3, shuffle=True, random_state=seed),
            ensemble=False,
        )
    features = vectorizer(views, char_max_n=char_max_n)
    if len(features.transformer_list) == 1:  # one view: no union (and no joblib) overhead
        features = features.transformer_list[0][1]
    return Pipeline([("features", features), ("clf", clf)])
