"""Sections come in blocks and in order: decode a report's segments as a sequence.

A paragraph alone is often ambiguous (an improvement measure reads like an overview
achievement), but its neighbours are not: reports are contiguous blocks of sections in a
mostly fixed order. A hidden Markov model whose emissions are the classifier's
calibrated probabilities divided by the class priors (scaled likelihoods) and whose
transitions are counted on the training reports assigns each segment the section of the
most likely block sequence (Viterbi). Transitions are smoothed and mixed with a small
uniform jump, so a renumbered, reordered or merged report can still be decoded.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SMOOTHING = 0.5  # add-k for unseen transitions
# share of a uniform jump mixed into every transition row: an item that few training
# reports have as a block of its own (互联网+政务服务 inside 概述) can still be entered
JUMP = 0.05
PRIOR_POWER = 1.0  # emissions are scaled likelihoods: probability / prior


def transitions(sequences: Sequence[Sequence[str]], classes: Sequence[str]) -> dict:
    """Log start and transition probabilities counted on labelled reports."""
    index = {c: i for i, c in enumerate(classes)}
    k = len(classes)
    start = np.full(k, SMOOTHING)
    trans = np.full((k, k), SMOOTHING)
    prior = np.full(k, SMOOTHING)
    for seq in sequences:
        ids = [index[s] for s in seq if s in index]
        if not ids:
            continue
        start[ids[0]] += 1
        for a, b in zip(ids, ids[1:], strict=False):
            trans[a, b] += 1
        for i in ids:
            prior[i] += 1
    return {
        "log_start": np.log(start / start.sum()),
        "log_trans": np.log((1 - JUMP) * trans / trans.sum(axis=1, keepdims=True) + JUMP / k),
        "log_prior": np.log(prior / prior.sum()),
    }


def viterbi(proba: np.ndarray, hmm: dict) -> np.ndarray:
    """The most likely label index of each row of `proba` (n segments x k classes)."""
    n = proba.shape[0]
    if n == 0:
        return np.zeros(0, dtype=int)
    emit = np.log(np.clip(proba, 1e-9, 1.0)) - PRIOR_POWER * hmm["log_prior"]
    trans = hmm["log_trans"]
    score = hmm["log_start"] + emit[0]
    back = np.zeros((n, proba.shape[1]), dtype=int)
    for i in range(1, n):
        cand = score[:, None] + trans
        back[i] = np.argmax(cand, axis=0)
        score = cand[back[i], np.arange(proba.shape[1])] + emit[i]
    path = np.zeros(n, dtype=int)
    path[-1] = int(np.argmax(score))
    for i in range(n - 1, 0, -1):
        path[i - 1] = back[i, path[i]]
    return path
