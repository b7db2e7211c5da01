"""Grouping inquiries into themes by meaning, and naming the themes.

Pure functions over unit-normalised embeddings (numpy): single-pass leader clustering against
running centroids, then a merge pass for centroids that ended up close. Deterministic for a given
input order, linear in the number of inquiries times the number of themes, so 10,000 inquiries
cluster in well under a second once embedded.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Cluster", "assign", "cluster", "document_frequency", "duplicate_groups", "theme_label"]

_WORD = re.compile(r"[a-z][a-z0-9-]+")
_REDACTED = re.compile(r"\[[A-Z]+\]")  # "[DOB]" left by PHI redaction is not a topic
_STOP = frozenset(
    "a about after also an and any are as at be been being but by can could did do does dr for "
    "from had has have he her his how i if in into is it its me my of on or our patient patients "
    "please she should than that the their them there these they this those to use used using "
    "was we were what when where whether which who will with would you your question questions "
    "asked asking ask any data information know inquiry regarding re get there".split()
)


@dataclass
class Cluster:
    members: list[int]
    centroid: np.ndarray


def _normalise(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


def cluster(vectors: np.ndarray, threshold: float) -> list[Cluster]:
    """Leader clustering: each item joins the most similar centroid above ``threshold``."""
    clusters: list[Cluster] = []
    centroids = np.zeros((0, vectors.shape[1]), dtype=np.float32)
    for i, vector in enumerate(vectors):
        if len(clusters):
            similarities = centroids @ vector
            best = int(np.argmax(similarities))
            if similarities[best] >= threshold:
                target = clusters[best]
                target.members.append(i)
                target.centroid = _normalise(target.centroid * (len(target.members) - 1) + vector)
                centroids[best] = target.centroid
                continue
        clusters.append(Cluster([i], vector.copy()))
        centroids = np.vstack([centroids, vector[None, :]])
    return _merge(clusters, threshold)


def _merge(clusters: list[Cluster], threshold: float) -> list[Cluster]:
    """Merge clusters whose centroids drifted within ``threshold`` of each other."""
    merged = True
    while merged and len(clusters) > 1:
        merged = False
        centroids = np.stack([c.centroid for c in clusters])
        similarity = centroids @ centroids.T
        np.fill_diagonal(similarity, -1.0)
        i, j = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
        if similarity[i, j] >= threshold:
            a, b = clusters[min(i, j)], clusters[max(i, j)]
            weight_a, weight_b = len(a.members), len(b.members)
            a.centroid = _normalise(a.centroid * weight_a + b.centroid * weight_b)
            a.members = sorted(a.members + b.members)
            del clusters[max(i, j)]
            merged = True
    return clusters


def assign(vectors: np.ndarray, clusters: Sequence[Cluster], threshold: float) -> list[int | None]:
    """The theme each vector belongs to (for the previous period's trend), or None."""
    if not len(clusters) or not len(vectors):
        return [None] * len(vectors)
    similarity = vectors @ np.stack([c.centroid for c in clusters]).T
    best = similarity.argmax(axis=1)
    return [int(b) if similarity[i, b] >= threshold else None for i, b in enumerate(best)]


def duplicate_groups(keys: Sequence[str], vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Items with the same key (the HCP) asking the same thing: groups of 2+ indices."""
    by_key: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        by_key.setdefault(key, []).append(i)
    groups: list[list[int]] = []
    for indices in by_key.values():
        seen: set[int] = set()
        for a in indices:
            if a in seen:
                continue
            group = [a] + [
                b
                for b in indices
                if b > a and b not in seen and vectors[a] @ vectors[b] >= threshold
            ]
            if len(group) > 1:
                groups.append(group)
                seen.update(group)
    return groups


def theme_label(texts: Sequence[str], corpus_frequency: Counter[str], corpus_size: int) -> str:
    """The words that set this theme apart from the rest of the backlog (TF-IDF), up to four."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(
            {w for w in _WORD.findall(_REDACTED.sub(" ", text).lower()) if w not in _STOP}
        )
    scored = sorted(
        counts.items(),
        key=lambda item: (
            -item[1] * math.log((1 + corpus_size) / (1 + corpus_frequency[item[0]])),
            item[0],
        ),
    )
    return " ".join(word for word, _ in scored[:4]) or "miscellaneous"


def document_frequency(texts: Sequence[str]) -> Counter[str]:
    frequency: Counter[str] = Counter()
    for text in texts:
        frequency.update({w for w in _WORD.findall(text.lower()) if w not in _STOP})
    return frequency
