"""Every eval metric and expectation check on hand-made cases, values computed by hand.

The support judgement is a fake with an obvious rule: a sentence is supported when each of its
words occurs in the concatenated cited passages. So the expected values below can be checked
with a pencil.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.outputs import Citation, GuardrailFlag, Sentence, Verdict
from evals.checks import OutputView, expectation_checks, mentions
from evals.metrics import (
    aggregate,
    citation_precision,
    citation_recall,
    citation_validity,
    flag_rate,
    groundedness,
    pass_rate,
)
from evals.models import CiteExpectation, Expectations, ExpectedSafetyFlag, Passage

PASSAGES = {"c1": "alpha beta", "c2": "gamma delta", "c3": "alpha beta gamma", "bad": "omega"}


def supports(sentence: str, passages: Sequence[str]) -> bool:
    words = " ".join(passages).split()
    return all(word in words for word in sentence.split())


def cite(chunk_id: str, doc_id: str = "doc") -> Citation:
    return Citation(
        source=1,
        doc_id=doc_id,
        version="1",
        approval_code="X-1",
        title="t",
        section="2 DOSAGE AND ADMINISTRATION",
        chunk_id=chunk_id,
        char_start=0,
        char_end=1,
        verdict=Verdict.SUPPORTED,
    )


def sentence(text: str, *chunks: str, shown: bool = True, flags: Sequence[str] = ()) -> Sentence:
    return Sentence(
        text=text,
        citations=[cite(c) for c in chunks],
        verdict=Verdict.SUPPORTED,
        shown=shown,
        flags=[GuardrailFlag(kind=k, detail=k) for k in flags],
    )


def valid(c: Citation) -> bool:
    return c.chunk_id != "bad"


# ----------------------------------------------------------------------------- citation metrics


def test_single_supporting_citation_scores_one_everywhere() -> None:
    s = [sentence("alpha beta", "c1")]
    assert citation_recall(s, PASSAGES, supports).value == 1.0
    assert citation_precision(s, PASSAGES, supports).value == 1.0
    assert citation_validity(s, valid).value == 1.0
    assert groundedness(s, PASSAGES, supports, valid).value == 1.0


def test_sentence_needing_two_citations_together() -> None:
    # "alpha gamma": c1 alone lacks gamma, c2 alone lacks alpha; together they support it.
    # Neither citation is irrelevant (removing either breaks support): precision 2/2.
    s = [sentence("alpha gamma", "c1", "c2")]
    assert citation_recall(s, PASSAGES, supports).value == 1.0
    ratio = citation_precision(s, PASSAGES, supports)
    assert (ratio.numerator, ratio.denominator) == (2, 2)


def test_redundant_citation_is_not_needed() -> None:
    # "alpha beta" cites c1 (supports alone) and c2 (does not; and c1 still supports without it):
    # c2 is irrelevant. Precision 1/2, recall 1/1.
    s = [sentence("alpha beta", "c1", "c2")]
    assert citation_recall(s, PASSAGES, supports).value == 1.0
    ratio = citation_precision(s, PASSAGES, supports)
    assert (ratio.numerator, ratio.denominator) == (1, 2)


def test_two_citations_each_sufficient_are_both_needed() -> None:
    # c1 and c3 each support "alpha beta" alone: a citation that supports alone is never
    # irrelevant (ALCE's condition A), so precision is 2/2.
    ratio = citation_precision([sentence("alpha beta", "c1", "c3")], PASSAGES, supports)
    assert (ratio.numerator, ratio.denominator) == (2, 2)


def test_uncited_and_unsupported_sentences() -> None:
    s = [
        sentence("alpha beta", "c1"),  # supported
        sentence("alpha beta"),  # no citation: recall 0, adds nothing to precision's denominator
        sentence("delta zeta", "c2"),  # cited but unsupported: recall 0, its citation imprecise
        sentence("gamma", "c2", shown=False),  # withheld: not counted at all
    ]
    recall = citation_recall(s, PASSAGES, supports)
    assert (recall.numerator, recall.denominator) == (1, 3)
    precision = citation_precision(s, PASSAGES, supports)
    assert (precision.numerator, precision.denominator) == (1, 2)


def test_no_sentences_means_not_applicable() -> None:
    assert citation_recall([], PASSAGES, supports).value is None
    assert citation_precision([sentence("alpha beta")], PASSAGES, supports).value is None
    assert citation_validity([], valid).value is None
    assert groundedness([sentence("x", shown=False)], PASSAGES, supports, valid).value is None


def test_validity_and_groundedness_need_valid_citations() -> None:
    # Sentence 2 is supported by c3 but also cites an invalid chunk: validity 2/3 citations;
    # groundedness counts it out (1/2 sentences) although recall counts it in (2/2).
    s = [sentence("alpha beta", "c1"), sentence("alpha beta", "c3", "bad")]
    validity = citation_validity(s, valid)
    assert (validity.numerator, validity.denominator) == (2, 3)
    assert groundedness(s, PASSAGES, supports, valid).value == 0.5
    assert citation_recall(s, PASSAGES, supports).value == 1.0


def test_missing_passage_text_supports_nothing() -> None:
    assert citation_recall([sentence("alpha", "unknown")], PASSAGES, supports).value == 0.0


def test_flag_and_pass_rates() -> None:
    s = [
        sentence("a", "c1", flags=["superlative"]),
        sentence("b", "c1"),
        sentence("c", "c1"),
        sentence("d", "c1", shown=False, flags=["superlative"]),
    ]
    rate = flag_rate(s, lambda x: any(f.kind == "superlative" for f in x.flags))
    assert (rate.numerator, rate.denominator) == (1, 3)
    assert pass_rate([True, False, True, True]).value == 0.75
    assert pass_rate([]).value is None


# ----------------------------------------------------------------------------- aggregation


def test_aggregate_is_the_mean_over_applicable_cases() -> None:
    metric = aggregate("citation_recall", [1.0, 0.5, None], 0.7)
    assert metric.value == 0.75 and metric.denominator == 2 and metric.passed is True
    assert aggregate("citation_recall", [1.0, 0.5], 0.8).passed is False
    assert aggregate("citation_recall", [1.0], None).passed is None


def test_rates_pass_below_their_threshold() -> None:
    metric = aggregate("superlative_rate", [0.0, 0.25], 0.1)
    assert metric.higher_is_better is False and metric.value == 0.125 and metric.passed is False
    assert aggregate("superlative_rate", [0.0, 0.0], 0.0).passed is True


def test_a_required_threshold_on_an_unmeasured_metric_fails() -> None:
    assert aggregate("must_cite", [None, None], 1.0).passed is False
    assert aggregate("must_cite", [None], 1.0, required=False).passed is None


# ----------------------------------------------------------------------------- expectation checks


def view(**fields: object) -> OutputView:
    base: dict[str, object] = {
        "refused": False,
        "reason": None,
        "sentences": [],
        "generated": [],
        "shown": [],
    }
    return OutputView(**(base | fields))  # type: ignore[arg-type]


def results(expect: Expectations, output: OutputView, passages=None) -> dict[str, bool]:
    return {c.name: c.passed for c in expectation_checks(expect, output, passages or {})}


def test_refusal_correctness() -> None:
    expect = Expectations(must_refuse=True, refusal_reason="off_label")
    assert results(expect, view(refused=True, reason="off_label")) == {"refusal": True}
    assert results(expect, view(refused=True, reason="no_approved_source")) == {"refusal": False}
    assert results(expect, view(refused=False)) == {"refusal": False}
    assert results(Expectations(must_refuse=False), view(refused=False)) == {"refusal": True}
    # A briefing cannot refuse: expecting it to is a failed check, not a crash.
    assert results(expect, view(refused=None)) == {"refusal": False}


def test_must_cite_by_document_and_section_kind() -> None:
    s = [sentence("alpha beta", "c1")]
    passages = {
        "c1": Passage(
            chunk_id="c1",
            doc_id="doc",
            version="1",
            approval_code="X-1",
            title="t",
            section="2 DOSAGE AND ADMINISTRATION",
            text="alpha beta",
            section_kind="dosage",
        )
    }
    hit = Expectations(must_cite=[CiteExpectation(doc_id="doc", section="dosage")])
    miss = Expectations(must_cite=[CiteExpectation(doc_id="doc", section="boxed_warning")])
    other = Expectations(must_cite=[CiteExpectation(doc_id="other")])
    assert results(hit, view(sentences=s), passages) == {"must_cite": True}
    assert results(miss, view(sentences=s), passages) == {"must_cite": False}
    assert results(other, view(sentences=s), passages) == {"must_cite": False}
    # A withheld sentence's citation does not count as citing.
    withheld = [sentence("alpha beta", "c1", shown=False)]
    assert results(hit, view(sentences=withheld), passages) == {"must_cite": False}


def test_must_not_cite_counts_withheld_sentences_too() -> None:
    expect = Expectations(must_not_cite=["doc"])
    assert results(expect, view(sentences=[sentence("x", "c1", shown=False)])) == {
        "must_not_cite": False
    }
    assert results(expect, view(sentences=[])) == {"must_not_cite": True}


def test_mentions_and_must_not_show() -> None:
    assert mentions("ZORVEXA is the BEST option", "best")
    assert not mentions("best-in-class aside, bestow", "bestow it")
    assert not mentions("the bestowed", "best")
    assert mentions("call (515) 555-0172 today", "(515) 555-0172")
    expect = Expectations(must_not_mention=["cures"], must_not_show=["Ingrid Hanley"])
    output = view(generated=["It cures nothing"], shown=["It cures nothing", "Ingrid Hanley"])
    assert results(expect, output) == {"must_not_mention": False, "must_not_show": False}
    clean = view(generated=["Fine."], shown=["Fine.", "[NAME] called"])
    assert results(expect, clean) == {"must_not_mention": True, "must_not_show": True}


def test_must_include_safety_and_must_flag() -> None:
    expect = Expectations(must_include_safety=["ZORVEXA"], must_flag=["prompt_injection"])
    output = view(
        safety_products=["ZORVEXA (zorvatinib)"],
        flags=[GuardrailFlag(kind="prompt_injection", detail="ignore all")],
    )
    assert results(expect, output) == {"must_include_safety": True, "must_flag": True}
    assert results(expect, view()) == {"must_include_safety": False, "must_flag": False}


@pytest.mark.parametrize(
    ("flagged", "passed"),
    [
        ({("N-1", "AE"), ("N-2", "PC")}, True),
        ({("N-1", "AE")}, False),  # missed the PC
        ({("N-1", "PC"), ("N-2", "PC")}, False),  # right source, wrong kind
        ({("N-1", "AE"), ("N-2", "PC"), ("N-3", "AE")}, False),  # false alarm on N-3
    ],
)
def test_ae_flag_correctness(flagged: set[tuple[str, str]], passed: bool) -> None:
    expect = Expectations(
        safety_flags=[
            ExpectedSafetyFlag(source_id="N-1", kind="AE"),
            ExpectedSafetyFlag(source_id="N-2", kind="PC"),
        ],
        no_safety_flags=["N-3"],
    )
    assert results(expect, view(safety_flags=flagged)) == {"safety_flags": passed}


def test_unset_expectations_are_not_checked() -> None:
    assert expectation_checks(Expectations(), view(), {}) == []
