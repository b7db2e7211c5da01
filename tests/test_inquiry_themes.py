from __future__ import annotations

from collections import Counter

import numpy as np

from assistant.inquiries.themes import (
    assign,
    cluster,
    document_frequency,
    duplicate_groups,
    theme_label,
)


def unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_cluster_groups_by_direction_and_merges_drifted_centroids() -> None:
    vectors = np.stack(
        [unit(1, 0, 0), unit(0.95, 0.1, 0), unit(0, 1, 0), unit(0.9, 0.2, 0), unit(0, 0.97, 0.1)]
    )
    clusters = cluster(vectors, threshold=0.8)
    assert sorted(sorted(c.members) for c in clusters) == [[0, 1, 3], [2, 4]]
    for c in clusters:
        assert abs(float(np.linalg.norm(c.centroid)) - 1.0) < 1e-5


def test_assign_uses_the_threshold() -> None:
    clusters = cluster(np.stack([unit(1, 0), unit(0, 1)]), threshold=0.9)
    assert assign(np.stack([unit(1, 0.05), unit(1, 1)]), clusters, threshold=0.9) == [0, None]
    assert assign(np.zeros((0, 2)), clusters, 0.9) == []


def test_duplicates_are_same_hcp_same_question_only() -> None:
    vectors = np.stack([unit(1, 0), unit(1, 0.01), unit(1, 0), unit(0, 1)])
    groups = duplicate_groups(["HCP-1", "HCP-1", "HCP-2", "HCP-1"], vectors, threshold=0.95)
    assert groups == [[0, 1]]


def test_theme_label_prefers_distinctive_words() -> None:
    texts = ["dose in renal impairment", "renal impairment dose adjustment", "is renal dosing ok"]
    corpus = [*texts, "dose in pregnancy", "dose for children", "dose storage"]
    label = theme_label(texts, document_frequency(corpus), len(corpus))
    assert {"renal", "impairment"} <= set(label.split()[:2])
    assert "dose" not in label.split()  # in every inquiry of the backlog: says nothing
    assert theme_label([], Counter(), 0) == "miscellaneous"
