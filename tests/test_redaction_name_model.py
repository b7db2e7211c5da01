"""PHI redaction's learned name layer: shipped weights that match the sets they were fitted on, a
fit that learns and is deterministic, and its place among the layers (it adds names no rule
knows; HCP names, venues, English words and redaction tokens stay as they are)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from knowledge_base.redaction import redact
from knowledge_base.redaction.engine import LayeredRedactor, layered_redactor, name_lexicon
from knowledge_base.redaction.name_model import (
    DIMENSIONS,
    FeatureReader,
    NameLexicon,
    NameModel,
    fit_name_model,
    note_features,
    word_spans,
)
from knowledge_base.redaction.names import load_census_names
from knowledge_base.redaction.ner import load_ner_model
from knowledge_base.redaction.places import load_gazetteer

BENCH_DATA = Path(__file__).resolve().parents[1] / "bench" / "data"
LEXICON = NameLexicon(
    first_names=frozenset({"grace", "tuomas"}),
    last_names=frozenset({"kettunen", "okafor"}),
    common_words=frozenset({"called", "clinic", "rash", "hope"}),
    products=frozenset({"eliquis"}),
)


def test_shipped_weights_were_fitted_on_the_sets_as_they_are_now() -> None:
    fitted_on = layered_redactor()._name_model._model.fitted_on
    assert len(fitted_on) >= 15
    for name, sha256 in fitted_on.items():
        path = BENCH_DATA / name
        assert path.exists(), f"{name} is gone: refit with bench/fit_name_model.py --write"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256, (
            f"{name} changed since the name layer was fitted: refit with "
            "bench/fit_name_model.py --write"
        )


def test_words_are_read_without_possessives_and_without_earlier_redaction_tokens() -> None:
    text = "ngozi's husband o'connell-ruiz called; [NAME] [DOB] lives in [GEO]"
    assert [text[a:b] for a, b in word_spans(text)] == [
        "ngozi",
        "husband",
        "o'connell-ruiz",
        "called",
        "lives",
        "in",
    ]


def _examples(notes: list[tuple[str, set[str]]]) -> tuple[list[list[int]], list[int]]:
    reader = FeatureReader(LEXICON)
    features: list[list[int]] = []
    labels: list[int] = []
    for text, names in notes:
        words, found = note_features(reader, text, [])
        features += found
        labels += [int(text[a:b] in names) for a, b in words]
    return features, labels


NOTES = [
    ("pt tuomas kettunen called the clinic", {"tuomas", "kettunen"}),
    ("wife ngozi okafor called about eliquis", {"ngozi", "okafor"}),
    ("clinic called about the rash on eliquis", set()),
    ("pt amara diallo called the clinic again", {"amara", "diallo"}),
    ("the clinic called about hope for eliquis coverage", set()),
]


def test_the_fit_learns_names_from_words_around_them_and_is_deterministic() -> None:
    features, labels = _examples(NOTES)
    model = fit_name_model(features, labels, LEXICON, {})
    again = fit_name_model(features, labels, LEXICON, {})
    assert np.array_equal(model.weights, again.weights)
    text = "pt chidi eze called the clinic today"
    found = {text[a:b]: p for a, b, p in model.probabilities(text)}
    assert found["chidi"] > 0.5 and found["eze"] > 0.5
    assert found["clinic"] < 0.5 and found["called"] < 0.5


def test_a_model_that_finds_nothing_leaves_the_other_layers_as_they_were() -> None:
    ner, census = load_ner_model(), load_census_names()
    silent = NameModel(np.zeros(DIMENSIONS, dtype=np.float32), {}, name_lexicon(ner, census))
    without = LayeredRedactor(ner, census, load_gazetteer(), silent)
    text = "quick one: tuomas kettunen and wife both enrolled, both on Eliquis."
    assert "tuomas kettunen" in without.render(text, without.spans(text))
    assert "tuomas kettunen" not in redact(text).text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # no cue a rule knows, names no list holds
        ("quick one: tuomas kettunen and wife both enrolled, both on Eliquis.", "kettunen"),
        ("her son & DIL Priya coordinate the infusions", "Priya"),
        ("maybe his ex Elif used the portal login", "Elif"),
    ],
)
def test_names_no_rule_knows_are_redacted(text: str, gone: str) -> None:
    assert gone not in redact(text).text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("met NP kenji abernathy-sato at pacific lung ctr re Tagrisso", "kenji abernathy-sato"),
        ("dr aydin @ st joseph's infusion suite, Soliris 900 mg", "st joseph's"),
        ("Unsolicited request, Dr. Siobhán Ní Bhriain (maternal-fetal medicine)", "Ní Bhriain"),
        ("pt rash pembrolizumab-related; pt doing well on keytruda", "rash"),
        ("i hope she stays on it", "hope"),
        ("Aucun effet indésirable signalé chez ses patients", "signalé chez"),
        ("Bacillus Calmette-Guerin (BCG) vaccines should not be given", "Calmette-Guerin"),
        # a drug the dictionary lacks, by its name's ending
        ("Discussed the EV-302 data for KEYTRUDA with enfortumab vedotin", "enfortumab vedotin"),
    ],
)
def test_hcp_names_venues_and_words_are_kept(text: str, kept: str) -> None:
    assert kept in redact(text).text


def test_a_redacted_note_reads_the_same_when_redacted_again() -> None:
    once = redact("Birthdate is 7/4; pt tuomas kettunen and wife enrolled").text
    assert redact(once).text == once
