"""The fitted rankers: shipped weights, the listwise fit, the passage ranker's place in retrieval
(it re-orders what the reader may see; it never widens it) and the answer ranker's place in
answering (it orders the sentences relevant enough to be shown; it never admits others)."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from assistant.providers.answer_ranker import (
    FEATURES,
    AnswerRanker,
    CandidateSignals,
    answer_ranker,
)
from assistant.providers.base import AnswerRequest, NumberedSource
from assistant.providers.extractive import ExtractiveConfig, ExtractiveProvider, _spelled_out
from knowledge_base.access import AccessScope, ContentFilter
from knowledge_base.models import Chunk, Role, SectionKind
from knowledge_base.passage_ranker import FEATURES as PASSAGE_FEATURES
from knowledge_base.passage_ranker import PassageRanker, passage_ranker
from knowledge_base.ranking import LinearRanker, fit_listwise
from knowledge_base.retrieval import Evidence
from knowledge_base.store import KnowledgeBase
from prompts.loader import RenderedPrompt
from tests.fakes import HashingEmbedder
from tests.test_ingest import LABEL, entry, write_folder

BENCH_DATA = Path(__file__).resolve().parents[1] / "bench" / "data"


def _ranker(**weights: float) -> AnswerRanker:
    unfitted = AnswerRanker.unfitted(FEATURES)
    return unfitted.model_copy(
        update={"weights": tuple(weights.get(name, 0.0) for name in FEATURES)}
    )


def _signals(
    similarity: float, overlap: float, kind: SectionKind = SectionKind.DOSAGE
) -> CandidateSignals:
    return CandidateSignals(
        similarity=similarity,
        word_overlap=overlap,
        states_asked_aspect=0.0,
        patient_facts=0,
        source_rank=1,
        dense_rank=1,
        lexical_rank=None,
        heading_similarity=0.5,
        shares_number=False,
        has_number=False,
        section_kind=kind,
    )


@pytest.mark.parametrize(
    ("ranker", "features"),
    [(answer_ranker, FEATURES), (passage_ranker, PASSAGE_FEATURES)],
    ids=["answers", "passages"],
)
def test_the_shipped_weights_load_and_name_the_sets_they_were_fitted_on(
    ranker: Callable[[], LinearRanker], features: tuple[str, ...]
) -> None:
    shipped = ranker()
    assert shipped.features == features
    assert shipped.fitted_on, "the shipped weights say which question sets they were fitted on"
    for name, sha256 in shipped.fitted_on.items():
        path = BENCH_DATA / name
        assert path.exists(), f"{name} is gone: refit with bench/fit_rankers.py"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256, (
            f"{name} changed since the ranker was fitted: refit with bench/fit_rankers.py"
        )


@pytest.mark.parametrize(
    ("kind", "load", "command"),
    [
        (AnswerRanker, answer_ranker, "bench/fit_rankers.py answers --write"),
        (PassageRanker, passage_ranker, "bench/fit_rankers.py passages --write"),
    ],
    ids=["answers", "passages"],
)
def test_weights_fitted_on_other_features_are_refused_with_the_fix(
    kind: type[LinearRanker], load: Callable[[], LinearRanker], command: str
) -> None:
    shipped = json.loads(load().model_dump_json())
    shipped["features"] = [*shipped["features"][:-1], "section:something_else"]
    with pytest.raises(ValueError, match=rf"{kind.weights_file}.*{command}"):
        kind.model_validate(shipped)
    shipped = json.loads(load().model_dump_json())
    shipped["weights"] = shipped["weights"][:-1]
    with pytest.raises(ValueError, match="one value for each feature"):
        kind.model_validate(shipped)


def test_the_fit_learns_which_signal_tells_the_right_sentence() -> None:
    """In these questions the right sentence always uses more of the question's words but is
    not always the most similar one: the fitted ranker must put it first on unseen questions,
    where similarity alone would not."""
    rng = random.Random(7)

    def question() -> tuple[list[CandidateSignals], list[bool]]:
        right = _signals(rng.uniform(0.3, 0.6), rng.uniform(0.6, 1.0))
        others = [_signals(rng.uniform(0.3, 0.7), rng.uniform(0.0, 0.5)) for _ in range(5)]
        return [right, *others], [True] + [False] * 5

    def vectors(
        question: tuple[list[CandidateSignals], list[bool]],
    ) -> tuple[list[list[float]], list[bool]]:
        return [s.vector() for s in question[0]], question[1]

    mean, scale, weights = fit_listwise([vectors(question()) for _ in range(60)], iterations=300)
    fitted = AnswerRanker(
        features=FEATURES,
        mean=tuple(mean),
        scale=tuple(scale),
        weights=tuple(weights),
        l2=0.01,
        iterations=300,
        fitted_on={},
    )
    unseen = [question() for _ in range(40)]

    def first_is_right(scores: list[float], right: list[bool]) -> bool:
        return right[max(range(len(scores)), key=scores.__getitem__)]

    by_fit = sum(first_is_right(fitted.scores([x.vector() for x in s]), r) for s, r in unseen)
    by_similarity = sum(first_is_right([x.similarity for x in s], r) for s, r in unseen)
    assert by_fit == 40
    assert by_similarity < 35


def test_nothing_to_fit_is_an_error() -> None:
    with pytest.raises(ValueError, match="no question has a right candidate"):
        fit_listwise([([_signals(0.5, 0.5).vector()], [False])])


def _source(n: int, section: str, kind: SectionKind, text: str) -> NumberedSource:
    chunk = Chunk(
        chunk_id=f"c{n}",
        doc_id="alphamab-label",
        version="1",
        approval_code="MLR-1",
        title="ALPHAMAB prescribing information",
        section=section,
        section_kind=kind,
        char_start=0,
        char_end=len(text),
        text=text,
        token_count=len(text.split()),
        products=["ALPHAMAB"],
    )
    return NumberedSource(n=n, evidence=Evidence(chunk=chunk, score=1.0 / n, dense_rank=n))


def _request(question: str, sources: list[NumberedSource]) -> AnswerRequest:
    prompt = RenderedPrompt(id="chat", version=1, sha256="0" * 64, system="", user=question)
    return AnswerRequest(prompt=prompt, sources=sources, question=question)


SOURCES = [
    _source(
        1,
        "14 CLINICAL STUDIES",
        SectionKind.CLINICAL_STUDIES,
        "In the trial, patients received the recommended dose of alphamab of 100 mg by "
        "subcutaneous injection every 8 weeks after two starting doses.",
    ),
    _source(
        2,
        "2 DOSAGE AND ADMINISTRATION",
        SectionKind.DOSAGE,
        "The recommended dose of alphamab is 100 mg by subcutaneous injection at week 0 and "
        "week 4, then every 8 weeks.",
    ),
    _source(
        3,
        "6 ADVERSE REACTIONS",
        SectionKind.ADVERSE_REACTIONS,
        "Injection site reactions occurred in 12% of patients treated with alphamab.",
    ),
]
QUESTION = "What is the recommended dose of alphamab every 8 weeks?"


def test_the_ranker_orders_the_relevant_sentences() -> None:
    """Both sentences stating the dose are relevant; which comes first is the ranker's call."""
    for kind, expected in ((SectionKind.DOSAGE, 2), (SectionKind.CLINICAL_STUDIES, 1)):
        provider = ExtractiveProvider(
            HashingEmbedder(),
            ExtractiveConfig(max_answer_sentences=1),
            ranker=_ranker(**{f"section:{kind.value}": 5.0}),
        )
        draft = provider.draft_answer(_request(QUESTION, SOURCES))
        assert [c.sources for c in draft.sentences] == [[expected]]


def test_the_ranker_never_shows_a_sentence_that_is_not_relevant_enough() -> None:
    """A ranker that loves adverse-reaction sentences still cannot answer a dose question with
    one: relevance, not the ranker, decides what may be shown."""
    provider = ExtractiveProvider(
        HashingEmbedder(), ranker=_ranker(**{"section:adverse_reactions": 50.0})
    )
    found = provider.answer_candidates(_request(QUESTION, SOURCES))
    assert {f.candidate.source.n for f in found} >= {1, 2}
    assert not any(f.candidate.source.n == 3 and f.eligible for f in found)
    draft = provider.draft_answer(_request(QUESTION, SOURCES))
    assert draft.sentences and all(c.sources != [3] for c in draft.sentences)


def test_the_audit_names_the_ranker_weights() -> None:
    provider = ExtractiveProvider(HashingEmbedder())
    assert provider.parameters()["answer_ranker"] == answer_ranker().digest


def _passage_ranker(**weights: float) -> PassageRanker:
    unfitted = PassageRanker.unfitted(PASSAGE_FEATURES)
    return unfitted.model_copy(
        update={"weights": tuple(weights.get(name, 0.0) for name in PASSAGE_FEATURES)}
    )


def test_the_passage_ranker_reorders_what_the_reader_may_see(
    fake_kb: KnowledgeBase, tmp_path: Path
) -> None:
    entries = [
        entry("alphamab.md", "alphamab-label", products=["ALPHAMAB"]),
        entry("betamab.md", "betamab-label", products=["BETAMAB"], audience="medical"),
    ]
    files = {
        "alphamab.md": LABEL,
        "betamab.md": LABEL.replace("Alphamab", "Betamab").replace("alphamab", "betamab"),
    }
    assert fake_kb.ingest([write_folder(tmp_path / "content", entries, files)]).ok
    retriever = fake_kb.retriever()
    rep = AccessScope(role=Role.REP, today=date(2026, 11, 24), market="US")
    query = "alphamab dose psoriasis infections"
    fused = retriever.search(query, rep, k=10)
    assert fused and all(e.signals is None for e in fused)
    kinds = {e.chunk.section_kind for e in fused}
    assert len(kinds) > 1, "the test needs passages of several section kinds"
    for kind in kinds:
        ranked = retriever.search(
            query, rep, k=10, ranker=_passage_ranker(**{f"section:{kind.value}": 10.0})
        )
        assert ranked[0].chunk.section_kind is kind
        assert ranked[0].signals is not None and ranked[0].signals.section_kind is kind
        # Re-ordered, not widened: the same passages a rep may see, no medical-only label's.
        assert {e.chunk.chunk_id for e in ranked} == {e.chunk.chunk_id for e in fused}
        assert all(e.chunk.doc_id == "alphamab-label" for e in ranked)
    # Nothing the reader may see: nothing to re-order.
    nothing = ContentFilter(products=("GAMMAMAB",))
    assert retriever.search(query, rep, k=10, narrow=nothing, ranker=_passage_ranker()) == []
    # An unfitted ranker (all weights 0) keeps the fused order.
    unfitted = retriever.search(query, rep, k=10, ranker=_passage_ranker())
    assert [e.chunk.chunk_id for e in unfitted] == [e.chunk.chunk_id for e in fused]


def test_a_sentence_says_what_its_heading_names() -> None:
    """The words of the heading a sentence sits under count as its own (AGGRENOX, 2.1): asked
    for an "alternative regimen", the sentence under "Alternative Regimen in Case of Intolerable
    Headaches" answers, the same sentence under another heading does not."""
    sentence = (
        "In the event of intolerable headaches during initial treatment, switch to one capsule "
        "at bedtime and low-dose aspirin in the morning."
    )
    provider = ExtractiveProvider(HashingEmbedder())
    question = "Is there an alternative regimen of alphamab?"
    for heading, answers in (
        (
            "2 DOSAGE AND ADMINISTRATION > 2.1 Alternative Regimen in Case of Intolerable "
            "Headaches",
            True,
        ),
        ("2 DOSAGE AND ADMINISTRATION > 2.1 Recommended Dosage", False),
    ):
        found = provider.answer_candidates(
            _request(question, [_source(1, heading, SectionKind.DOSAGE, sentence)])
        )
        assert any(c.eligible for c in found) is answers, heading


class _MeaningEmbedder(HashingEmbedder):
    """Hashing, except that texts naming a way out of a side effect ("options", "switch") mean
    the same: what the real model knows and word overlap does not."""

    _WAY_OUT = ("options", "switch", "workaround")

    def _vector(self, text: str) -> list[float]:
        if any(word in text.lower() for word in self._WAY_OUT):
            return [1.0] + [0.0] * (self.dimensions - 1)
        return super()._vector(text)


def test_a_sentence_closest_in_meaning_answers_though_it_shares_few_words() -> None:
    """AGGRENOX 2.1 shares only "headaches" with the question: below the word floor, it still
    answers as the sentence closest in meaning; one that shares no word never does, and
    none does below the similarity asked for."""
    answer = (
        "In the event of intolerable headaches during initial treatment, switch to one capsule "
        "at bedtime and low-dose aspirin in the morning."
    )
    other = "Headache was the most common adverse reaction leading to discontinuation early on."
    sources = [
        _source(1, "2 DOSAGE AND ADMINISTRATION > 2.1 Dosing", SectionKind.DOSAGE, answer),
        _source(2, "6 ADVERSE REACTIONS", SectionKind.ADVERSE_REACTIONS, other),
    ]
    question = (
        "pt getting really bad headaches the first wk on alphamab - any options besides stopping?"
    )
    provider = ExtractiveProvider(_MeaningEmbedder())
    found = provider.answer_candidates(_request(question, sources))
    assert [f.candidate.source.n for f in found if f.eligible] == [1]
    strict = ExtractiveProvider(_MeaningEmbedder(), ExtractiveConfig(min_meaning_similarity=1.01))
    assert not any(f.eligible for f in strict.answer_candidates(_request(question, sources)))
    unrelated = [_source(1, "2 DOSAGE", SectionKind.DOSAGE, "Switch to the tablet formulation.")]
    assert provider.answer_candidates(_request(question, unrelated)) == []


def test_a_restriction_answers_a_question_whether_something_is_allowed() -> None:
    """CAMBIA 2.1: "can pts mix it in juice instead of water?" is answered by "Do not use
    liquids other than water", which the ranker may weigh as such; a question that asks no
    permission gives the signal to no sentence."""
    passage = (
        "Empty the contents of one packet into a cup containing 1 to 2 ounces of water, mix well "
        "and drink immediately. Do not use liquids other than water."
    )
    sources = [_source(1, "2 DOSAGE AND ADMINISTRATION", SectionKind.DOSAGE, passage)]
    provider = ExtractiveProvider(HashingEmbedder())
    asked = provider.answer_candidates(
        _request("can pts mix alphamab packets in juice instead of water?", sources)
    )
    flagged = {f.candidate.text for f in asked if f.signals.restriction_for_can_question}
    assert flagged == {"Do not use liquids other than water."}
    told = provider.answer_candidates(
        _request("how do pts mix alphamab packets in water?", sources)
    )
    assert not any(f.signals.restriction_for_can_question for f in told)
    # the weight the shipped ranker gives it is the fit's, and the fit found it worth something
    assert answer_ranker().weights[FEATURES.index("restriction_for_can_question")] > 0


def test_a_short_form_the_sources_write_out_is_asked_in_their_words() -> None:
    """KESIMPTA 1: "new CIS pt, can it be started?" shares no word with "to include clinically
    isolated syndrome" until CIS is read as the words the label writes."""
    indication = (
        "ALPHAMAB is indicated for the treatment of relapsing forms of multiple sclerosis, to "
        "include clinically isolated syndrome, relapsing-remitting disease, and active secondary "
        "progressive disease, in adults."
    )
    other = "Administer ALPHAMAB by subcutaneous injection into the abdomen or thigh."
    sources = [
        _source(1, "1 INDICATIONS AND USAGE", SectionKind.INDICATIONS, indication),
        _source(2, "2 DOSAGE AND ADMINISTRATION", SectionKind.DOSAGE, other),
    ]
    provider = ExtractiveProvider(HashingEmbedder())
    found = provider.answer_candidates(_request("neuro has a new CIS pt, ok to start it?", sources))
    assert [f.candidate.source.n for f in found if f.eligible] == [1]


def test_a_two_letter_form_is_read_only_as_a_standard_one_or_an_indications_disease() -> None:
    """ "CT surgeon" is a cardiothoracic one, not the label's "clinical trials"; "UC" is the
    ulcerative colitis the indications name; "MI" the myocardial infarction a warning names."""
    trials = (
        "Two large, controlled clinical trials of a COX-2 selective NSAID for the treatment of "
        "pain in the first 10 to 14 days following CABG surgery found an increased incidence of "
        "myocardial infarction and stroke."
    )
    dosing = "Only continue ALPHAMAB in patients who have shown evidence of clinical remission."
    indication = "ALPHAMAB is indicated for moderately to severely active ulcerative colitis."
    sources = [
        _source(1, "5 WARNINGS AND PRECAUTIONS", SectionKind.WARNINGS_PRECAUTIONS, trials),
        _source(2, "2 DOSAGE AND ADMINISTRATION", SectionKind.DOSAGE, dosing),
        _source(3, "1 INDICATIONS AND USAGE", SectionKind.INDICATIONS, indication),
    ]
    asked = _spelled_out("CT surgeon asks about UC pts on it", sources, {"ALPHAMAB"})
    assert asked == "CT surgeon asks about ulcerative colitis pts on it"
    # a standard abbreviation for what the sources write out, wherever they write it
    asked = _spelled_out("any MI risk? what about RA?", sources, {"ALPHAMAB"})
    assert asked == "any myocardial infarction risk? what about RA?"
