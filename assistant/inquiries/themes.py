"""Grouping inquiries into themes by meaning, and naming the themes.

Pure functions over unit-normalised embeddings (numpy): single-pass leader clustering against
running centroids, then a merge pass for centroids that ended up close. Deterministic for a given
input order, linear in the number of inquiries times the number of themes, so 10,000 inquiries
cluster in well under a second once embedded.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from knowledge_base.question_aspects import ASPECT_TITLES, Aspect, aspects_of

__all__ = [
    "Cluster",
    "assign",
    "cluster",
    "duplicate_groups",
    "readable_question",
    "shared_aspect",
    "theme_phrase",
]


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


# A theme is named after an aspect when more than this share of its questions ask about it.
_ASPECT_SHARE = 0.5
_PHRASE_CHARS = 70


def shared_aspect(questions: Sequence[str]) -> Aspect | None:
    """The aspect most of the questions ask about ("storage", "missed dose"), if any: what the
    most specific aspect each question asks for is, counted over the theme."""
    asked = Counter(found[0].name for q in questions if (found := aspects_of(q)))
    if not asked:
        return None
    name, count = asked.most_common(1)[0]
    # A theme of one question is named by the question itself: one match of a word list is
    # too little to name a theme ("hospitalized ... at the injection site" is no "how to give").
    if len(questions) < 2 or count <= _ASPECT_SHARE * len(questions):
        return None
    return next(a for q in questions for a in aspects_of(q) if a.name == name)


def theme_phrase(questions: Sequence[str], central: str) -> str:
    """A name a person would give the theme: the title of the aspect most of its questions ask
    about ("Storage and stability"), else its most central question itself, cleaned of
    redaction tokens and cut at a word ("Can it be given through a central line?"); never the
    bag of words TF-IDF picks ("liver mrn")."""
    aspect = shared_aspect(questions)
    if aspect is not None:
        return ASPECT_TITLES[aspect.name]
    return readable_question(central)


def readable_question(question: str) -> str:
    """A question as a heading: redaction tokens and the words around them dropped ("for pt
    [NAME], DOB [DOB]"), first letter capitalised, cut at a word near 70 characters."""
    text = re.sub(
        r"\s*(?:\b(?i:for|of|in|with|pt|patient|dob|mrn)\s+){0,2}\[[A-Z]+\],?", "", question
    )
    text = re.sub(r"^\s*(?:re|fw|fwd)\s*:+\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip(" ,;:-")
    if len(text) > _PHRASE_CHARS:
        cut = text[:_PHRASE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:-")
        text = f"{cut}\u2026"
    return text[:1].upper() + text[1:] if text else "Miscellaneous questions"
