"""Load the trained model and classify a report's segments.

The model file is `models/coverage.skops` in the source tree, installed as the package
data of `auditor.models`. It is read with skops and an explicit list of trusted types:
anything else in the file (a tampered or foreign model) makes the load fail, and the
auditor falls back to headings alone (`auditor.coverage` says so in each reason).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from auditor.coverage_model.labels import FAMILIES
from auditor.coverage_model.sequence import viterbi

MODEL_NAME = "coverage.skops"
log = logging.getLogger(__name__)

# The types in the file that skops does not trust by default: exactly these, nothing else
# (a test checks the list against the saved file).
TRUSTED = [
    "auditor.coverage_model.features.CompactTfidfVectorizer",
    "auditor.coverage_model.features.jieba_words",
    "auditor.coverage_model.features.normalise",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.model_selection._split.StratifiedKFold",
]


@dataclass
class Classified:
    """A report's segments classified: probabilities, classes, decoded labels."""

    classes: list[str]
    proba: np.ndarray  # n segments x len(classes)
    decoded: list[str]

    def p(self, i: int, section: str) -> float:
        """Probability that segment i is about `section` (0 if the model has no such class)."""
        return float(self.proba[i, self.classes.index(section)]) if section in self.classes else 0.0


def model_path() -> Path | None:
    """The installed model (package `auditor.models`), else the source tree's models/."""
    try:
        p = resources.files("auditor.models").joinpath(MODEL_NAME)
        if p.is_file():
            return Path(str(p))
    except (ModuleNotFoundError, TypeError):
        pass
    import auditor

    p = Path(auditor.__file__).resolve().parent.parent / "models" / MODEL_NAME
    return p if p.is_file() else None


_override: list[dict] = []


@contextmanager
def using(model: dict):
    """Use `model` instead of the saved file (cross-validation, tests)."""
    _override.append(model)
    try:
        yield model
    finally:
        _override.pop()


def load_model() -> tuple[dict | None, str]:
    """(model, "") or (None, why it could not be used)."""
    if _override:
        return _override[-1], ""
    return _load_saved()


@cache
def _load_saved() -> tuple[dict | None, str]:
    """The saved model, loaded once per process."""
    path = model_path()
    if path is None:
        return None, "未找到章节覆盖模型文件"
    try:
        import skops.io as sio

        obj = sio.load(path, trusted=TRUSTED)
    except Exception as exc:  # untrusted types, truncated file, version mismatch
        log.warning("coverage model %s not usable: %s", path, exc)
        return None, "章节覆盖模型无法加载"
    if not isinstance(obj, dict) or set(obj.get("families", {})) != set(FAMILIES.values()):
        return None, "章节覆盖模型格式不符"
    return obj, ""


def class_proba(model: dict, template_id: str, texts: list[str]) -> np.ndarray:
    """Probabilities of isolated texts (no sequence decoding), in the family's classes."""
    return model["families"][FAMILIES[template_id]]["pipeline"].predict_proba(texts)


def classify(
    model: dict, template_id: str, texts: Sequence[str], extra: Sequence[str] = ()
) -> tuple[Classified, np.ndarray]:
    """Classify and decode one report's segments with its template family's model; the
    `extra` texts (keyword clauses) are classified alone in the same call."""
    fam = model["families"][FAMILIES[template_id]]
    classes = list(fam["classes"])
    both = list(texts) + list(extra)
    proba = fam["pipeline"].predict_proba(both) if both else np.zeros((0, len(classes)))
    seg, rest = proba[: len(texts)], proba[len(texts) :]
    path = viterbi(seg, fam["hmm"]) if len(texts) else []
    return Classified(classes, seg, [classes[i] for i in path]), rest
