"""Fit the two family classifiers, cross-validate them by report, save with skops.

Leave-one-report-out: for each real report (the seed included), both families' models
are refitted without that report's rows (its hand-labelled cases included) and predict
its segments. html and text copies of one report share a group, so a report never
helps to predict itself.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from auditor.coverage_model.dataset import Example
from auditor.coverage_model.features import build_pipeline
from auditor.coverage_model.labels import LABELS

WEIGHTS = {"real": 1.0, "seed": 1.0, "hand": 2.0, "synth": 0.5}
MODEL_KIND = "svc"
FORMAT_VERSION = 1
MIN_CLASS_ROWS = 3


def fit_family(rows: list[Example], family: str, kind: str = MODEL_KIND, seed: int = 0):
    """One family's pipeline, fitted on its rows (deterministic for fixed inputs)."""
    fam = [r for r in rows if r.family == family]
    counts = Counter(r.label for r in fam)
    # calibration needs every class in each of its folds; rarer classes cannot be learnt
    fam = [r for r in fam if counts[r.label] >= MIN_CLASS_ROWS]
    pipe = build_pipeline(kind, seed)
    weights = np.array([WEIGHTS[r.kind] for r in fam])
    pipe.fit([r.text for r in fam], [r.label for r in fam], clf__sample_weight=weights)
    return pipe


def fit_all(rows: list[Example], kind: str = MODEL_KIND) -> dict:
    """The saved object: both families' pipelines plus what they were trained on."""
    return {
        "format": FORMAT_VERSION,
        "kind": kind,
        "labels": {f: list(v) for f, v in LABELS.items()},
        "families": {f: fit_family(rows, f, kind) for f in sorted(LABELS)},
        "data_digest": digest(rows),
        "rows": len(rows),
    }


def digest(rows: Iterable[Example]) -> str:
    """A hash of the training rows: same digest, same data."""
    h = hashlib.sha256()
    for r in rows:
        h.update(f"{r.family}\t{r.label}\t{r.group}\t{r.kind}\t{r.text}\n".encode())
    return h.hexdigest()[:16]


@dataclass
class Prediction:
    group: str
    source: str
    family: str
    text: str
    label: str
    predicted: str
    confidence: float
    proba_true: float


def eval_groups(rows: list[Example]) -> list[str]:
    """Reports held out in turn: every real report and the seed."""
    return sorted({r.group for r in rows if r.kind in ("real", "seed")})


def loro_predict(rows: list[Example], group: str, kind: str = MODEL_KIND):
    """Fit without `group` and return (models by family, that group's rows)."""
    train = [r for r in rows if r.group != group]
    test = [r for r in rows if r.group == group and r.kind in ("real", "seed")]
    families = sorted({r.family for r in test})
    return {f: fit_family(train, f, kind) for f in families}, test


def predict_rows(models: dict, test: list[Example]) -> list[Prediction]:
    out: list[Prediction] = []
    for fam, model in models.items():
        rows = [r for r in test if r.family == fam]
        if not rows:
            continue
        proba = model.predict_proba([r.text for r in rows])
        classes = list(model.classes_)
        for r, p in zip(rows, proba, strict=True):
            k = int(np.argmax(p))
            out.append(
                Prediction(
                    r.group,
                    r.source,
                    fam,
                    r.text,
                    r.label,
                    classes[k],
                    float(p[k]),
                    float(p[classes.index(r.label)]) if r.label in classes else 0.0,
                )
            )
    return out
