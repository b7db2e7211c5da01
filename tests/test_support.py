"""The offline sentence-support verifier: each signal on hand-made cases, then the labelled set.

Hand-made cases run without an embedder (lexical and exact checks only) unless a test is about
the embedding signal, where a small deterministic fake stands in. ``test_labelled_set_floor``
runs the real offline MiniLM embedder over tests/data/verifier_pairs.jsonl; its floors sit just
below the held-out numbers that bench/verifier.py reports.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from assistant.grounding.support import (
    SupportCheck,
    SupportConfig,
    SupportVerifier,
    extract_quantities,
    negation_cues,
    split_sentences,
)
from knowledge_base.embeddings import OnnxMiniLMEmbedder
from knowledge_base.loaders import load_document

REPO = Path(__file__).resolve().parent.parent
PAIRS = REPO / "tests" / "data" / "verifier_pairs.jsonl"
# The pairs were written on the fictional labels of the former sample, kept as test fixtures.
LABELS = REPO / "tests" / "fixtures" / "fictional_labels"
KINDS = {
    "supported": {"verbatim", "paraphrase"},
    "unsupported": {
        "number_changed",
        "negation_flipped",
        "unrelated",
        "partial",
        "entity_swapped",
        "superlative_added",
        "population_changed",
    },
}
# Measured on all pairs (bench/verifier.py): precision 0.951, recall 0.942 (held-out half
# 0.934 / 0.904). The swap, scope and binding checks made for the real labels' red team
# (tests/test_redteam_floor.py) cost these fictional pairs a point of precision and gained
# three of recall; floors rounded down to 0.01 below.
PRECISION_FLOOR = 0.94
RECALL_FLOOR = 0.93

DOSING = (
    "The recommended dosage of ZORVEXA is 150 mg orally once daily with food until disease "
    "progression or unacceptable toxicity. Take ZORVEXA at approximately the same time each day. "
    "Swallow tablets whole; do not crush, chew, or split tablets."
)
ILD = (
    "ILD/pneumonitis occurred in 15 of 322 patients (4.7%) treated with ZORVEXA. The median time "
    "to first onset was 6.1 weeks (range: 1.4 to 39 weeks)."
)
ONQUIRA_DOSE = (
    "The recommended dosage of ONQUIRA is 1,200 mg administered as an intravenous infusion over "
    "60 minutes every 3 weeks. No dose reduction for ONQUIRA is recommended. In general, withhold "
    "ONQUIRA for severe (Grade 3) immune-mediated adverse reactions."
)
PEDIATRIC = (
    "The safety and effectiveness of ZORVEXA in pediatric patients have not been established."
)


@pytest.fixture
def verifier() -> SupportVerifier:
    return SupportVerifier()


def _reasons(check: SupportCheck) -> str:
    return " | ".join(check.reasons)


# -- verbatim and paraphrase -------------------------------------------------------------------


def test_verbatim_sentence_is_supported(verifier: SupportVerifier) -> None:
    check = verifier.check(
        "The recommended dosage of ZORVEXA is 150 mg orally once daily with food until disease "
        "progression or unacceptable toxicity.",
        [DOSING],
    )
    assert check == SupportCheck(True, 1.0, ())


def test_verbatim_quote_that_drops_a_preceding_not_is_unsupported(
    verifier: SupportVerifier,
) -> None:
    passage = "Advise women not to breastfeed during treatment with ZORVEXA and for 1 week after."
    check = verifier.check("Breastfeed during treatment with ZORVEXA.", [passage])
    assert not check.supported
    assert "negation mismatch" in _reasons(check)


def test_faithful_paraphrase_is_supported(verifier: SupportVerifier) -> None:
    check = verifier.check(
        "ZORVEXA is taken as 150 mg orally once daily with food, at about the same time each day.",
        [DOSING],
    )
    assert check.supported, check.reasons
    assert 0.65 <= check.score <= 1.0


def test_summary_of_two_passages_is_supported(verifier: SupportVerifier) -> None:
    check = verifier.check(
        "ZORVEXA is dosed at 150 mg once daily, and ILD/pneumonitis occurred in 4.7% of patients.",
        [DOSING, ILD],
    )
    assert check.supported, check.reasons


# -- numbers and units -------------------------------------------------------------------------


def test_changed_dose_is_unsupported_with_reason(verifier: SupportVerifier) -> None:
    check = verifier.check(
        "The recommended dosage of ZORVEXA is 100 mg orally once daily with food.", [DOSING]
    )
    assert not check.supported
    assert "number '100 mg' not in cited text" in check.reasons
    assert check.score < 0.65


def test_changed_unit_is_unsupported_and_names_the_cited_value(
    verifier: SupportVerifier,
) -> None:
    check = verifier.check("The median time to first onset of ILD was 6.1 months.", [ILD])
    assert not check.supported
    assert "number '6.1 months' not in cited text (cited text has '6.1 weeks')" in check.reasons


def test_changed_frequency_word_is_unsupported(verifier: SupportVerifier) -> None:
    check = verifier.check("ZORVEXA is taken as 150 mg orally twice daily with food.", [DOSING])
    assert not check.supported
    assert "number 'twice' not in cited text" in _reasons(check)


def test_thousands_separators_percent_spacing_and_word_numbers_agree(
    verifier: SupportVerifier,
) -> None:
    assert verifier.check(
        "ONQUIRA is given as 1200 mg by intravenous infusion over 60 minutes every three weeks.",
        [ONQUIRA_DOSE],
    ).supported
    passage = "Hypertension was most frequently reported within seven days; rate 50%."
    assert verifier.check("Hypertension was mostly reported within 7 days.", [passage]).supported
    assert verifier.check("The rate of hypertension was 50 %.", [passage]).supported


def test_changed_range_end_is_unsupported(verifier: SupportVerifier) -> None:
    passage = "Hair growth was shown in a clinical study of men aged 18-49 years."
    assert verifier.check("Hair growth was shown in men aged 18-49 years.", [passage]).supported
    check = verifier.check("Hair growth was shown in men aged 18-65 years.", [passage])
    assert not check.supported
    assert "number '65 years' not in cited text" in check.reasons


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,200 mg every 3 weeks", [(1200, "mg"), (3, "week")]),
        ("aged 18-49 years", [(18, "year"), (49, "year")]),
        ("store at 20\u00b0 to 25\u00b0 C", [(20, "\u00b0c"), (25, "\u00b0c")]),
        ("at Week 0, Week 4, and every 8 weeks", [(0, "week#"), (4, "week#"), (8, "week")]),
        ("half a capful twice a day", [(2, "times")]),
        ("within seven days", [(7, "day")]),
        ("the 6-hour observation period", [(6, "h")]),
        ("below 100 \u00d7 10\u2079/L or 1,000 mg/g", [(100, "x10^9/l"), (1000, "mg/g")]),
        ("Grade 3 or 4 events in 2.2%", [(3, "grade#"), (4, "grade#"), (2.2, "%")]),
        ("CYP3A4 and IL-23", [(23, None)]),
    ],
)
def test_extract_quantities(text: str, expected: list[tuple[float, str | None]]) -> None:
    assert [(q.value, q.unit) for q in extract_quantities(text)] == expected


# -- negation / polarity -----------------------------------------------------------------------


def test_dropped_negation_is_unsupported(verifier: SupportVerifier) -> None:
    check = verifier.check(
        "The safety and effectiveness of ZORVEXA in pediatric patients have been established.",
        [PEDIATRIC],
    )
    assert not check.supported
    assert "negation mismatch: cited text says 'not' but the sentence does not" in check.reasons


def test_added_negation_is_unsupported(verifier: SupportVerifier) -> None:
    passage = "Take ZORVEXA at approximately the same time each day."
    check = verifier.check("Do not take ZORVEXA at the same time each day.", [passage])
    assert not check.supported
    assert "negation mismatch: sentence says 'not' but the cited text does not" in check.reasons


def test_negation_anywhere_in_cited_text_scopes_over_its_words(
    verifier: SupportVerifier,
) -> None:
    check = verifier.check(
        "A dose reduction of ONQUIRA is recommended for severe (Grade 3) immune-mediated "
        "adverse reactions.",
        [ONQUIRA_DOSE],
    )
    assert not check.supported
    assert "negation mismatch" in _reasons(check)


def test_matching_negation_and_contraindication_are_supported(
    verifier: SupportVerifier,
) -> None:
    assert verifier.check(
        "ZORVEXA tablets should be swallowed whole and must not be crushed, chewed, or split.",
        [DOSING],
    ).supported
    passage = "MIGRALIS is contraindicated in patients with serious hypersensitivity to fremacept."
    check = verifier.check(
        "MIGRALIS can be used in patients hypersensitive to fremacept.", [passage]
    )
    assert not check.supported
    assert "cited text says 'contraindicated'" in _reasons(check)


def test_negation_cues() -> None:
    assert negation_cues("Do not use") == {"not"}
    assert negation_cues("patients who are unable to tolerate") == {"not"}
    assert negation_cues("whether or not it helps; no more than 2") == set()
    assert negation_cues("Avoid live vaccines; contraindicated") == {"avoid", "contraindicated"}


def test_bullets_inherit_the_polarity_of_their_lead_in(verifier: SupportVerifier) -> None:
    passage = "Do not Use if\n\n- you are a woman\n- your hair loss is on the front of the scalp."
    assert split_sentences(passage) == [
        "Do not Use if",
        "Do not Use if you are a woman",
        "Do not Use if your hair loss is on the front of the scalp.",
    ]
    assert verifier.check(
        "Do not use if your hair loss is on the front of the scalp.", [passage]
    ).supported
    check = verifier.check(
        "Women may use it when hair loss is on the front of the scalp.", [passage]
    )
    assert not check.supported


# -- comparatives, populations, entities, partial support --------------------------------------


def test_superlative_not_in_cited_text_is_unsupported(verifier: SupportVerifier) -> None:
    check = verifier.check(
        "The median time to first onset was 6.1 weeks, the fastest of any kinase inhibitor.", [ILD]
    )
    assert not check.supported
    assert "comparative or superlative 'fastest' not in cited text" in check.reasons


def test_superlative_present_in_cited_text_is_allowed(verifier: SupportVerifier) -> None:
    passage = "The most common adverse reactions (at least 5%) were injection site reactions."
    assert verifier.check(
        "Injection site reactions were the most common adverse reactions (at least 5%).", [passage]
    ).supported


def test_changed_population_is_unsupported(verifier: SupportVerifier) -> None:
    check = verifier.check(
        "The safety and effectiveness of ZORVEXA in elderly patients have not been established.",
        [PEDIATRIC],
    )
    assert not check.supported
    assert "population 'geriatric' not in cited text" in check.reasons
    synonym = verifier.check(
        "ZORVEXA has not been shown to be safe or effective in children.", [PEDIATRIC]
    )
    assert "population 'pediatric' not in cited text" not in synonym.reasons


def test_a_group_the_source_does_not_name_is_unsupported(verifier: SupportVerifier) -> None:
    """Real label text (REVLIMID, STELARA, CAMBIA): newly diagnosed patients, household contacts
    or younger patients put where the source names others."""
    revlimid = (
        "A significantly increased risk of DVT (7.4%) and of PE (3.7%) occurred in patients "
        "with MM after at least one prior therapy who were treated with REVLIMID and "
        "dexamethasone therapy."
    )
    stelara = "Patients being treated with STELARA should not receive live vaccines."
    cambia = "Elderly patients are at greater risk for serious gastrointestinal events."
    for said, source, reason in [
        (
            "A significantly increased risk of DVT (7.4%) occurred in patients with newly "
            "diagnosed MM treated with REVLIMID and dexamethasone.",
            revlimid,
            "population 'newly diagnosed' not in cited text",
        ),
        (
            "Household contacts of patients treated with STELARA should not receive live vaccines.",
            stelara,
            "population 'household contacts' not in cited text",
        ),
        (
            "Younger patients are at greater risk for serious gastrointestinal events.",
            cambia,
            "population 'younger' not in cited text",
        ),
    ]:
        check = verifier.check(said, [source])
        assert reason in check.reasons, check.reasons
    # an age bound is no population of its own
    bound = verifier.check(
        "ZORVEXA has not been shown to be safe or effective in patients younger than 18 years.",
        [PEDIATRIC],
    )
    assert "population 'younger' not in cited text" not in bound.reasons


def test_swapped_entity_and_route_are_unsupported(verifier: SupportVerifier) -> None:
    passage = "Zorvatinib is primarily metabolized by CYP3A4."
    check = verifier.check("Zorvatinib is primarily metabolized by CYP2D6.", [passage])
    assert not check.supported
    assert "entity 'CYP2D6' not in cited text" in check.reasons
    check = verifier.check(
        "ONQUIRA 1,200 mg is given subcutaneously every 3 weeks.", [ONQUIRA_DOSE]
    )
    assert "route 'subcutaneous' not in cited text" in check.reasons


def test_added_unsupported_clause_makes_the_sentence_unsupported(
    verifier: SupportVerifier,
) -> None:
    passage = "The recommended dosage of HEMORAVIX is 284 mg injected subcutaneously once weekly."
    base = "HEMORAVIX is dosed at 284 mg injected subcutaneously once weekly"
    assert verifier.check(base + ".", [passage]).supported
    check = verifier.check(
        base + ", and caregivers may begin home injections without supervised training.",
        [passage],
    )
    assert not check.supported
    assert any(r.startswith(("clause not supported", "low word overlap")) for r in check.reasons)


def test_unrelated_sentence_is_unsupported(verifier: SupportVerifier) -> None:
    check = verifier.check("Visual disturbances were reported as blurred vision.", [DOSING])
    assert not check.supported
    assert check.score < 0.65


# -- empty input -------------------------------------------------------------------------------


@pytest.mark.parametrize("passages", [[], [""], ["   ", "\n\n"]])
def test_no_cited_text_is_unsupported_with_reason(
    verifier: SupportVerifier, passages: list[str]
) -> None:
    check = verifier.check("ZORVEXA is dosed at 150 mg once daily.", passages)
    assert check == SupportCheck(False, 0.0, ("no cited text to check the sentence against",))


def test_empty_sentence_is_unsupported(verifier: SupportVerifier) -> None:
    assert verifier.check("  ", [DOSING]) == SupportCheck(False, 0.0, ("empty sentence",))


def test_a_bare_string_is_one_passage(verifier: SupportVerifier) -> None:
    sentence = "Take ZORVEXA at approximately the same time each day."
    assert verifier.check(sentence, DOSING) == verifier.check(sentence, [DOSING])


# -- the embedding signal ----------------------------------------------------------------------


class CountingEmbedder:
    """A bag-of-letters embedder: deterministic, and counts the texts it is asked to embed."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(list(texts))
        return [[float(t.lower().count(ch)) for ch in "abcdefghijklmnopqrstuvwxyz"] for t in texts]


def test_low_embedding_similarity_is_a_reason() -> None:
    def orthogonal(texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0] if i == 0 else [0.0, 1.0] for i, _ in enumerate(texts)]

    check = SupportVerifier(embed=orthogonal).check(
        "ZORVEXA is taken as 150 mg orally once daily with food.", [DOSING]
    )
    assert not check.supported
    assert any(r.startswith("low semantic similarity") for r in check.reasons)


def test_embeddings_are_cached_across_checks() -> None:
    embed = CountingEmbedder()
    verifier = SupportVerifier(embed=embed)
    first = verifier.check("ZORVEXA is taken as 150 mg orally once daily with food.", [DOSING])
    second = verifier.check("ZORVEXA is taken as 150 mg orally once daily with food.", [DOSING])
    assert first == second
    assert len(embed.calls) == 1  # windows and sentence in one call, then served from cache
    verifier.check("Take ZORVEXA at about the same time each day.", [DOSING])
    assert embed.calls[1] == ["Take ZORVEXA at about the same time each day."]


def test_config_thresholds_are_used() -> None:
    strict = SupportVerifier(config=SupportConfig(min_lexical=1.0, min_score=1.0))
    check = strict.check("ZORVEXA is taken as 150 mg by mouth once daily with food.", [DOSING])
    assert not check.supported
    assert any(r.startswith("low word overlap") for r in check.reasons)


# -- the labelled set --------------------------------------------------------------------------


def _pairs() -> list[dict[str, str]]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line]


def test_labelled_set_is_well_formed() -> None:
    pairs = _pairs()
    assert len(pairs) >= 180
    assert len({p["id"] for p in pairs}) == len(pairs)
    labels = Counter(p["label"] for p in pairs)
    assert 0.30 <= labels["supported"] / len(pairs) <= 0.40
    assert sum(p["doc"] == "mens-rogaine-minoxidil-foam-spl.xml" for p in pairs) >= 30
    texts = {doc: load_document(LABELS / doc).text for doc in {p["doc"] for p in pairs}}
    for pair in pairs:
        assert pair["kind"] in KINDS[pair["label"]], pair["id"]
        assert pair["passage"] in texts[pair["doc"]], f"{pair['id']}: passage is not verbatim"
    assert {p["kind"] for p in pairs} == KINDS["supported"] | KINDS["unsupported"]


@pytest.mark.integration
def test_labelled_set_floor() -> None:
    verifier = SupportVerifier(embed=OnnxMiniLMEmbedder().embed_documents)
    counts: Counter[str] = Counter()
    for pair in _pairs():
        predicted = not verifier.check(pair["sentence"], [pair["passage"]]).supported
        actual = pair["label"] == "unsupported"
        counts[("t" if predicted == actual else "f") + ("p" if predicted else "n")] += 1
    tp, fp, fn, tn = counts["tp"], counts["fp"], counts["fn"], counts["tn"]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(
        "\nconfusion (positive = unsupported)\n"
        f"                    predicted unsupported  predicted supported\n"
        f"label unsupported   {tp:>21}  {fn:>19}\n"
        f"label supported     {fp:>21}  {tn:>19}\n"
        f"precision {precision:.3f}  recall {recall:.3f}"
    )
    assert precision >= PRECISION_FLOOR
    assert recall >= RECALL_FLOOR


def test_a_full_embedding_cache_is_cleared_without_losing_this_calls_texts() -> None:
    """A text cached before the cache filled up is embedded again in the call that clears it
    (it was lost with the rest: a KeyError after ~600 chat answers in one process)."""
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> list[list[float]]:
        calls.append(list(texts))
        return [[float(len(t)), 1.0] for t in texts]

    verifier = SupportVerifier(embed, SupportConfig(embedding_cache_size=3))
    verifier._vectors(embed, ["a", "bb"])
    vectors = verifier._vectors(embed, ["a", "ccc", "dddd"])  # 2 cached + 2 new > 3
    assert vectors.shape == (3, 2) and vectors[0][0] == 1.0
    assert calls[-1] == ["a", "ccc", "dddd"]


def test_a_whole_sentence_quoted_from_inside_a_window_needs_no_embedding() -> None:
    from assistant.grounding.support.verifier import _quoting_window

    window = (
        "Table 7 lists the results. Compared to placebo, treatment with HUMIRA resulted in "
        "improvements in the measures of disease activity."
    )
    quote = (
        "Compared to placebo, treatment with HUMIRA resulted in improvements in the measures "
        "of disease activity."
    )
    assert _quoting_window(quote, ["other text", window]) == 1
    # A cut that drops what came before it in the sentence is not a quote of a sentence.
    negated = "HUMIRA is not recommended for use in combination with other biologic DMARDs."
    cut = "recommended for use in combination with other biologic DMARDs."
    assert _quoting_window(cut, [negated]) is None
    assert _quoting_window("Too short a quote.", [window]) is None
