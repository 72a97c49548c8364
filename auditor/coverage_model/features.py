"""Features of a segment: jieba words and character n-grams, TF-IDF weighted.

Words carry the topic (依申请, 复议, 信息处理费); character n-grams survive what jieba
gets wrong in OCR and crawler text (沐阳 for 沭阳, words glued to numbers) and the
heading-less fragments of run-on pages. Figures and years are reduced to "0" so that the
model learns "收到申请0件", not this year's numbers.

The tokenizer is a module-level function so that skops can store it by name and the
loader can list it as trusted.
"""

from __future__ import annotations

import logging
import re
from functools import cache

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

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


def vectorizer(max_words: int = 12000, max_chars: int = 30000) -> FeatureUnion:
    """The two TF-IDF views of a segment, concatenated."""
    return FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
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
                TfidfVectorizer(
                    analyzer="char",
                    preprocessor=normalise,
                    ngram_range=(1, 3),
                    lowercase=False,
                    min_df=2,
                    max_features=max_chars,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
        ]
    )


def build_pipeline(kind: str = "svc", seed: int = 0) -> Pipeline:
    """TF-IDF + a calibrated linear classifier.

    `svc`: LinearSVC with sigmoid calibration from 3-fold cross-validation (one model,
    ensemble=False, to keep the file small); `logreg`: multinomial logistic regression,
    whose probabilities are already fairly calibrated.
    """
    if kind == "logreg":
        clf = LogisticRegression(C=10.0, class_weight="balanced", max_iter=3000)
    else:
        clf = CalibratedClassifierCV(
            LinearSVC(C=0.5, class_weight="balanced", random_state=seed),
            method="sigmoid",
            cv=StratifiedKFold(3, shuffle=True, random_state=seed),
            ensemble=False,
        )
    return Pipeline([("features", vectorizer()), ("clf", clf)])
