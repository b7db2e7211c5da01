from __future__ import annotations

import numpy as np

from assistant.inquiries.themes import (
    assign,
    cluster,
    duplicate_groups,
    readable_question,
    shared_aspect,
    theme_phrase,
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


def test_a_theme_is_named_after_what_most_of_its_questions_ask() -> None:
    storage = [
        "how long can it stay out of the fridge?",
        "is it stable at room temp for a week",
        "storage after the pen was left in a hot car",
        "what dose for a 40 kg teen",
    ]
    assert shared_aspect(storage).name == "storage"
    assert theme_phrase(storage, storage[0]) == "Storage and stability"


def test_without_a_shared_aspect_the_central_question_names_the_theme() -> None:
    mixed = ["can it go through a feeding tube at the [NAME] clinic?", "pt asks about travel"]
    assert shared_aspect(mixed) is None
    phrase = theme_phrase(mixed, "can it go through a feeding tube for pt [NAME], DOB [DOB]?")
    assert phrase == "Can it go through a feeding tube?"
    assert "[" not in phrase and "mrn" not in phrase.lower()


def test_a_long_question_is_cut_at_a_word() -> None:
    long = "what is known about " + "the interaction with strong inhibitors " * 4
    phrase = readable_question(long)
    assert len(phrase) <= 71 and phrase.endswith("\u2026") and not phrase[-2].isspace()
    assert readable_question("[NAME]") == "Miscellaneous questions"
