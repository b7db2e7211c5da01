"""What a question asks about, in the label's words, and the search chat and `medbrief search`
run with it: the named product's documents, the answering sections first."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.runtime import access_scope
from assistant.services import open_services
from assistant.settings import Settings
from assistant.workflows.chat import ChatTurn, answer_question
from assistant.workflows.labels import catalog_products
from assistant.workflows.search import QuestionSearch, one_product, pointing_words, search_question
from knowledge_base.models import Chunk, Role, SectionKind
from knowledge_base.question_aspects import asked_in_context, aspects_of, expanded_query
from knowledge_base.retrieval import Evidence
from tests.sample_home import SAMPLE_TODAY, sample_home_copy


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("Pt forgot his morning eliquis, should he double up tonight?", "missed_dose"),
        ("The patient vomited after taking it, take another?", "vomited_dose"),
        ("storage for Arthrotec?", "storage"),
        ("How long is diluted Caldolor good for?", "storage"),
        ("Can a nursing mom stay on eliquis?", "lactation"),
        ("Is arthrotec approved in kids?", "pediatric"),
        ("Anything special for elderly patients on humira?", "geriatric"),
        ("Aggrenox in a patient with GFR under 10 on dialysis?", "renal"),
        ("Can you use apixaban in Child-Pugh C cirrhosis?", "hepatic"),
        ("Patient needs rifampin - any Tagrisso dose change?", "interaction"),
        ("How does IV ibuprofen work, mechanistically?", "mechanism"),
        ("What's the boxed warning about stopping eliquis early?", "boxed_warning"),
        ("Whats the loading dose of adalimumab for Crohn's?", "dose"),
        # Asking whether a use is approved is answered by the indication.
        ("Is Kineret approved for DIRA or would that be off-label?", "indication"),
        ("Is Aggrenox only for completed strokes or also after a TIA?", "indication"),
    ],
)
def test_a_reps_words_name_what_is_asked(question: str, first: str) -> None:
    assert aspects_of(question)[0].name == first


def test_the_labels_missed_dose_instruction_states_the_missed_dose_aspect() -> None:
    missed = next(
        a for a in aspects_of("pt forgot her morning eliquis?") if a.name == "missed_dose"
    )
    assert missed.answered_by.search(
        "If a dose of ELIQUIS is not taken at the scheduled time, the dose should be taken as "
        "soon as possible on the same day and twice-daily administration should be resumed."
    )
    assert not missed.answered_by.search("The recommended dose is 5 mg twice daily.")


def test_vomiting_a_dose_is_not_asked_as_missing_one() -> None:
    assert "missed_dose" not in {a.name for a in aspects_of("He threw up his dose, take another?")}


def test_a_short_follow_up_is_asked_in_the_context_of_the_previous_question() -> None:
    history = [("user", "How should Keytruda be stored?"), ("assistant", "Refrigerated.")]
    text, aspects = asked_in_context("and after that?", history)
    assert text == "How should Keytruda be stored? and after that?"
    assert aspects[0].name == "storage"  # it names none: the previous question's
    _, own = asked_in_context("and in kids?", history)
    assert own[0].name == "pediatric"  # its own aspect comes first
    alone = "What is the recommended Keytruda dose for adults with melanoma?"
    assert asked_in_context(alone, history)[0] == alone  # long enough to stand alone


def test_a_longer_follow_up_that_points_back_leans_on_the_previous_question() -> None:
    history = [("user", "How much Nurtec for acute migraine?"), ("assistant", "75 mg.")]
    follow_up = "Can they take a second one the same day?"
    text, aspects = asked_in_context(follow_up, history)
    assert text == f"How much Nurtec for acute migraine? {follow_up}"
    assert aspects and aspects[0].name == "dose"
    # one that names its product, or points back at nothing, stands alone
    named = "Can patients on Keytruda take a second one the same day?"
    assert asked_in_context(named, history, names_product=True)[0] == named
    plain = "What is the maximum daily dose for acute migraine attacks in adults?"
    assert asked_in_context(plain, history)[0] == plain
    own_aspect = "and for prevention how often do they take it?"
    assert asked_in_context(own_aspect, history)[0] == own_aspect


def test_the_query_carries_the_labels_words() -> None:
    assert "renal impairment" in expanded_query("ok in kidney disease?")
    assert expanded_query("What does it look like?") == "What does it look like?"


@pytest.mark.integration
def test_the_answering_section_comes_first_and_answers(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    home = sample_home_copy(tmp_path_factory, "question-search-home")
    settings = Settings(home=home, today=date.fromisoformat(SAMPLE_TODAY))
    services = open_services(settings)
    scope = access_scope(settings, Role.REP)
    products = catalog_products(services.kb.catalog, scope.today)
    # Preferring a section moves its passages up past near equals.
    query = "ELIQUIS stopping early stroke risk"

    def boxed_in_top_5(prefer: set[SectionKind]) -> int:
        hits = services.retriever.search(query, scope, k=5, prefer=prefer)
        return sum(e.chunk.section_kind is SectionKind.BOXED_WARNING for e in hits)

    assert boxed_in_top_5({SectionKind.BOXED_WARNING}) > boxed_in_top_5(set())

    for question, history, section, phrase in [
        ("storage for Arthrotec?", [], SectionKind.HOW_SUPPLIED, "Store at or below 25"),
        # "Breastfeeding" asked, "breastfeed" answers: the whole asking word counts.
        ("Breastfeeding on nivolumab?", [], SectionKind.SPECIFIC_POPULATIONS, "not to breastfeed"),
        (
            "Pt forgot his morning eliquis, should he double up tonight?",
            [],
            SectionKind.DOSAGE,
            "should not be doubled",
        ),
        (
            "and after the first week?",
            [ChatTurn("user", "What's the Eliquis dose to treat an acute DVT?")],
            SectionKind.DOSAGE,
            "After 7 days, the recommended dose is 5 mg",
        ),
    ]:
        search = QuestionSearch(question, [(t.role, t.text) for t in history], products)
        hits = search_question(services.retriever, search, scope, k=5)
        assert all(set(e.chunk.products) & set(search.products) for e in hits), question
        assert hits[0].chunk.section_kind is section, (question, hits[0].chunk.section)
        answer = answer_question(question, Role.REP, services, history=history)
        assert any(phrase in s.text for s in answer.sentences), (question, answer.sentences)

    # Naming no product but a trial that one label alone reports: that label is searched, even
    # though the rest of the question's words match other labels' pediatric passages better.
    trial = "In KEYNOTE-051, which adverse reactions were more frequent in children than adults?"
    search = QuestionSearch(trial, [], products)
    assert not search.products
    hits = search_question(services.retriever, search, scope, k=5)
    assert hits and all(e.chunk.doc_id == "keytruda-label" for e in hits), hits
    answer = answer_question(trial, Role.MSL, services)
    assert any("pyrexia (33%)" in s.text for s in answer.sentences), answer.sentences
    services.audit.close()


def test_a_question_naming_no_product_is_about_the_top_passages_product_where_it_points_there() -> (
    None
):
    def evidence(doc_id: str, product: str) -> Evidence:
        chunk = Chunk(
            chunk_id=f"{doc_id}#0",
            doc_id=doc_id,
            version="1",
            approval_code="A-1",
            title=doc_id,
            section="2 DOSAGE AND ADMINISTRATION",
            section_kind=SectionKind.DOSAGE,
            char_start=0,
            char_end=10,
            text="Administer as directed.",
            token_count=4,
            products=[product],
        )
        return Evidence(chunk=chunk, score=0.1)

    opdivo, enhertu = "OPDIVO (nivolumab)", "ENHERTU (fam-trastuzumab deruxtecan-nxki)"
    found = [
        evidence("opdivo-label", opdivo),
        evidence("enhertu-label", enhertu),
        evidence("opdivo-deck", opdivo),
        evidence("enhertu-deck", enhertu),
    ]
    # "ipilimumab": a word few labels use, OPDIVO's among them.
    kept, products = one_product(found, "", {"ipilimumab": {opdivo, "KEYTRUDA (pembrolizumab)"}})
    assert products == [opdivo]
    assert [e.chunk.doc_id for e in kept] == ["opdivo-label", "opdivo-deck"]
    # Nothing points at it (a word many labels use, or one only another label uses): which
    # product is asked back, not guessed.
    many = {opdivo, enhertu, "KEYTRUDA (pembrolizumab)", "HUMIRA (adalimumab)"}
    assert one_product(found, "", {"infusion": many})[1] == []
    assert one_product(found, "", {"gastric": {enhertu}})[1] == []
    assert one_product(found, "", {})[0] == found
    # A question that asks nothing a label states takes the top passage's product.
    assert one_product(found, "", {}, guess=True)[1] == [opdivo]
    # Where the search found one other passage at most, the top product it is.
    assert one_product(found[:3], "", {})[1] == [opdivo]
    assert one_product([], "", {}) == ([], [])


def test_the_words_that_may_point_at_a_product_are_those_rare_in_everyday_english() -> None:
    words = pointing_words(
        ["pt on alglucosidase, doc wants the NOMID dose", "how long is it good?"]
    )
    assert words == ["alglucosidase", "NOMID"]


@pytest.mark.integration
def test_a_reps_question_is_checked_against_the_product_asked_about_or_answered_about(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    home = sample_home_copy(tmp_path_factory, "off-label-products-home")
    services = open_services(Settings(home=home, today=date.fromisoformat(SAMPLE_TODAY)))
    # "Nurtec" (NURTEC ODT as the catalog names it) is the product asked about: a child is
    # off-label for its adult-only label.
    named = answer_question("Can a 14 year old with migraines use Nurtec?", Role.REP, services)
    assert named.refused and named.reason == "off_label", named
    # A question naming no product is checked against the product the answer is about.
    # (HUMIRA's JIA dosing: "4 to 17 years", "4 years of age and older").
    unnamed = answer_question(
        "Can a 3 year old with polyarticular JIA get the 20 mg syringe?", Role.REP, services
    )
    assert unnamed.refused and unnamed.reason == "off_label", unnamed
    services.audit.close()


def _evidence(doc_id: str, product: str, text: str) -> Evidence:
    chunk = Chunk(
        chunk_id=f"{doc_id}@1#0000", doc_id=doc_id, version="1", approval_code="X", title="t",
        section="14 CLINICAL STUDIES", section_kind=SectionKind.CLINICAL_STUDIES, char_start=0,
        char_end=len(text), text=text, token_count=len(text.split()), products=[product],
    )  # fmt: skip
    return Evidence(chunk=chunk, score=1.0)


def test_a_question_naming_no_product_is_about_the_one_whose_trial_it_names() -> None:
    found = [
        _evidence(
            "keytruda-label", "KEYTRUDA (pembrolizumab)", "Hazard ratio 0.73 in KEYNOTE-042."
        ),
        _evidence(
            "repatha-label", "REPATHA (evolocumab)", "In FOURIER, the hazard ratio was 0.85."
        ),
    ]
    evidence, products = one_product(found, "Hazard ratio for the FOURIER primary endpoint?", {})
    assert products == ["REPATHA (evolocumab)"]
    assert [e.chunk.doc_id for e in evidence] == ["repatha-label"]
    # No acronym that one product's passages alone hold: the top passage's product.
    assert one_product(found, "What was the hazard ratio?", {})[1] == ["KEYTRUDA (pembrolizumab)"]
