"""Fit the two family classifiers, cross-validate them by report, save with skops.

Each family model is a TF-IDF + calibrated linear pipeline for single segments plus the
transition counts of a hidden Markov model (`sequence.py`) that decodes a whole report.

Leave-one-report-out: for each real report (the seed included), the family's model is
refitted without that report's rows (its hand-labelled cases included) and decodes each
of its sources (html and text copies of one report share a group, so a report never
helps to predict itself).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from zipfile import ZIP_DEFLATED

import numpy as np

from auditor.coverage_model.dataset import UNLABELLED, Example
from auditor.coverage_model.features import build_pipeline
from auditor.coverage_model.labels import LABELS
from auditor.coverage_model.sequence import transitions, viterbi

WEIGHTS = {"real": 1.0, "seed": 1.0, "hand": 2.0, "synth": 0.5}
# what `auditor train coverage` fits (chosen by the measurements in docs/coverage.md)
CONFIG = {"kind": "logreg_cal", "views": "chars", "char_max_n": 3}
FORMAT_VERSION = 1
MIN_CLASS_ROWS = 3


def documents(rows: Iterable[Example]) -> Iterator[list[Example]]:
    """Rows of each report source in reading order (hand cases are not documents)."""
    docs = [r for r in rows if r.kind != "hand"]
    for _key, grp in groupby(docs, key=lambda r: (r.group, r.source)):
        yield list(grp)


def fit_family(rows: list[Example], family: str, config: dict | None = None, seed: int = 0) -> dict:
    """One family's segment pipeline and sequence model (deterministic for fixed rows)."""
    fam = [r for r in rows if r.family == family and r.label != UNLABELLED]
    counts = Counter(r.label for r in fam)
    # calibration needs every class in each of its folds; rarer classes cannot be learnt
    fam = [r for r in fam if counts[r.label] >= MIN_CLASS_ROWS]
    pipe = build_pipeline(seed=seed, **(config or CONFIG))
    weights = np.array([WEIGHTS[r.kind] for r in fam])
    pipe.fit([r.text for r in fam], [r.label for r in fam], clf__sample_weight=weights)
    classes = [str(c) for c in pipe.classes_]
    seqs = [[r.label for r in doc] for doc in documents(rows) if doc[0].family == family]
    return {"pipeline": pipe, "classes": classes, "hmm": transitions(seqs, classes)}


def fit_all(rows: list[Example], config: dict | None = None) -> dict:
    """The saved object: both families' models plus what they were trained on."""
    return {
        "format": FORMAT_VERSION,
        "config": dict(config or CONFIG),
        "families": {f: fit_family(rows, f, config) for f in sorted(LABELS)},
        "data_digest": digest(rows),
        "rows": len(rows),
    }


def save(model: dict, path: Path) -> Path:
    """Write the model with skops (never pickle)."""
    import skops.io as sio

    sio.dump(model, path, compression=ZIP_DEFLATED, compresslevel=9)
    return path


def digest(rows: Iterable[Example]) -> str:
    """A hash of the training rows: same digest, same data."""
    h = hashlib.sha256()
    for r in rows:
        h.update(f"{r.family}\t{r.label}\t{r.group}\t{r.kind}\t{r.text}\n".encode())
    return h.hexdigest()[:16]


@dataclass
class Prediction:
    """One held-out segment: weak label, decoded label, segment-alone label."""

    group: str
    source: str
    family: str
    text: str
    label: str
    predicted: str  # decoded in context (Viterbi)
    alone: str  # argmax of the segment classifier alone
    confidence: float  # calibrated probability of `alone`
    proba_true: float  # calibrated probability of the weak label


def decode(model: dict, texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """(probabilities, decoded labels) of one report's segments in order."""
    proba = model["pipeline"].predict_proba(texts) if texts else np.zeros((0, 1))
    path = viterbi(proba, model["hmm"])
    return proba, [model["classes"][i] for i in path]


def eval_groups(rows: list[Example]) -> list[str]:
    """Reports held out in turn: every real report and the seed."""
    return sorted({r.group for r in rows if r.kind in ("real", "seed")})


def loro_models(rows: list[Example], group: str, config: dict | None = None) -> dict:
    """Family models fitted without `group` (for the families `group` has)."""
    families = sorted({r.family for r in rows if r.group == group})
    train = [r for r in rows if r.group != group]
    return {f: fit_family(train, f, config) for f in families}


def predict_group(models: dict, rows: list[Example], group: str) -> list[Prediction]:
    out: list[Prediction] = []
    for doc in documents(r for r in rows if r.group == group and r.kind in ("real", "seed")):
        model = models[doc[0].family]
        proba, path = decode(model, [r.text for r in doc])
        classes = model["classes"]
        for r, p, lab in zip(doc, proba, path, strict=True):
            if r.label == UNLABELLED:
                continue
            k = int(np.argmax(p))
            true = float(p[classes.index(r.label)]) if r.label in classes else 0.0
            out.append(
                Prediction(
                    r.group, r.source, r.family, r.text, r.label, lab, classes[k], float(p[k]), true
                )
            )
    return out
