"""Product scoping: which products a question is about, and sentences about other products
withheld; on the real sample, a question about one product is answered from its sources only."""

from __future__ import annotations

import re
from datetime import date

import pytest

from assistant.grounding.scoping import asked_products, names_in, withhold_other_products
from assistant.outputs import Citation, Sentence, Verdict
from assistant.services import open_services
from assistant.settings import Settings
from assistant.workflows.chat import ChatTurn, answer_question
from knowledge_base.models import Role
from tests.sample_home import SAMPLE_TODAY, sample_home_copy

PRODUCTS = [
    "TAGRISSO (osimertinib)",
    "KEYTRUDA (pembrolizumab)",
    "NURTEC ODT (rimegepant)",
    "HERCEPTIN (trastuzumab)",
    "ENHERTU (fam-trastuzumab deruxtecan-nxki)",
    "GLEEVEC (imatinib)",
    "RINVOQ (upadacitinib)",
    "TRIKAFTA (elexacaftor, tezacaftor, and ivacaftor)",
]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("What's the tagriso dose?", ["TAGRISSO (osimertinib)"]),  # one letter missing
        ("keytrudda every 6 weeks?", ["KEYTRUDA (pembrolizumab)"]),  # one letter added
        ("Is osimertinib taken with food?", ["TAGRISSO (osimertinib)"]),
        ("Nurtec for kids?", ["NURTEC ODT (rimegepant)"]),
        ("ivacaftor with grapefruit?", ["TRIKAFTA (elexacaftor, tezacaftor, and ivacaftor)"]),
        ("fam-trastuzumab deruxtecan-nxki dose", ["ENHERTU (fam-trastuzumab deruxtecan-nxki)"]),
        ("trastuzumab dose", ["HERCEPTIN (trastuzumab)"]),
        # a biologic said without its prefix and suffix, and not the shorter name inside it
        ("grade 1 ILD on trastuzumab deruxtecan?", ["ENHERTU (fam-trastuzumab deruxtecan-nxki)"]),
        (
            "switching from trastuzumab to trastuzumab deruxtecan",
            ["HERCEPTIN (trastuzumab)", "ENHERTU (fam-trastuzumab deruxtecan-nxki)"],
        ),
        ("Can we drop the pembro dose?", ["KEYTRUDA (pembrolizumab)"]),  # shorthand
        ("What is pembrolizumab's terminal half-life?", ["KEYTRUDA (pembrolizumab)"]),
        ("Is ADCC part of trastuzumab\u2019s mechanism?", ["HERCEPTIN (trastuzumab)"]),
        ("Repeat the dose after vomiting?", []),  # no product: "repeat" is not REPATHA
        (
            "Can KEYTRUDA be combined with RINVOQ?",
            ["KEYTRUDA (pembrolizumab)", "RINVOQ (upadacitinib)"],
        ),
    ],
)
def test_products_are_named_by_brand_generic_or_a_one_letter_typo(
    text: str, named: list[str]
) -> None:
    assert names_in(text, PRODUCTS) == named


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("CLL pt about to start ven ramp up", []),  # VENCLEXTA is not in this list
        (
            "What's the T-DXd dose for metastatic breast?",
            ["ENHERTU (fam-trastuzumab deruxtecan-nxki)"],
        ),
        ("Ventolin before the visit?", []),  # "ven" only as a whole word
    ],
)
def test_clinicians_short_names(text: str, named: list[str]) -> None:
    assert names_in(text, PRODUCTS) == named
    assert names_in("is ven ok with posaconazole?", ["VENCLEXTA (venetoclax)"]) == [
        "VENCLEXTA (venetoclax)"
    ]


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (  # the patient's history is not what is asked about
            "HER2+ gastric pt progressed on trastuzumab, onc ordered enhertu 6.4 mg/kg?",
            ["ENHERTU (fam-trastuzumab deruxtecan-nxki)"],
        ),
        (
            "can pembro monotherapy go first line before osimertinib?",
            ["KEYTRUDA (pembrolizumab)"],
        ),
        (  # a comparison asks about both
            "herceptin vs enhertu: cardiac risk?",
            ["HERCEPTIN (trastuzumab)", "ENHERTU (fam-trastuzumab deruxtecan-nxki)"],
        ),
        (  # named only as history, it is still the subject when nothing else is named
            "what to watch for after keytruda?",
            ["KEYTRUDA (pembrolizumab)"],
        ),
    ],
)
def test_a_product_named_as_history_is_not_the_subject(question: str, asked: list[str]) -> None:
    assert asked_products(question, [], PRODUCTS) == asked


def test_a_follow_up_inherits_the_product_of_the_conversation() -> None:
    history = [("user", "What is the starting dose of Gleevec?"), ("assistant", "400 mg/day.")]
    assert asked_products("and in renal impairment?", history, PRODUCTS) == ["GLEEVEC (imatinib)"]
    assert asked_products("What about TAGRISSO?", history, PRODUCTS) == ["TAGRISSO (osimertinib)"]
    assert asked_products("and in renal impairment?", [], PRODUCTS) == []


def _sentence(text: str, doc_id: str) -> Sentence:
    citation = Citation(
        source=1, doc_id=doc_id, version="1", approval_code="X", title="t", section="s",
        chunk_id=f"{doc_id}:1:0", char_start=0, char_end=10, verdict=Verdict.SUPPORTED,
    )  # fmt: skip
    return Sentence(text=text, citations=[citation], verdict=Verdict.SUPPORTED, shown=True)


def test_sentences_about_other_products_are_withheld() -> None:
    documents = {
        "rinvoq-label": ["RINVOQ (upadacitinib)"],
        "gleevec-label": ["GLEEVEC (imatinib)"],
        "class-deck": ["RINVOQ (upadacitinib)", "GLEEVEC (imatinib)"],
    }
    sentences = [
        _sentence("Advise women not to breastfeed during treatment with RINVOQ.", "rinvoq-label"),
        _sentence("Avoid breastfeeding for 1 month after the last dose.", "gleevec-label"),
        _sentence("Gleevec can cause fetal harm.", "class-deck"),  # cited right, wrong subject
        _sentence("JAK inhibitors, including RINVOQ and GLEEVEC, ...", "class-deck"),
    ]
    checked = withhold_other_products(sentences, ["RINVOQ (upadacitinib)"], PRODUCTS, documents)
    assert [s.shown for s in checked] == [True, False, False, True]
    assert checked[1].flags[0].kind == "other_product"
    assert "not RINVOQ (upadacitinib) as asked" in checked[2].reasons[-1]
    # Nothing asked: nothing withheld.
    assert withhold_other_products(sentences, [], PRODUCTS, documents) == sentences


@pytest.mark.integration
def test_answers_on_the_sample_come_from_the_asked_product_only(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    home = sample_home_copy(tmp_path_factory, "scoping-home")
    services = open_services(Settings(home=home, today=date.fromisoformat(SAMPLE_TODAY)))
    catalog = services.kb.catalog
    products_of = {e.metadata.doc_id: e.metadata.products for e in catalog.list_documents()}
    for question, history, product, answerable in [
        ("Can a patient breastfeed while taking RINVOQ?", [], "RINVOQ (upadacitinib)", True),
        # TAGRISSO's label says nothing about vomiting: declined, never another label's rule.
        (
            "The patient vomited after taking tagriso, take another?",
            [],
            "TAGRISSO (osimertinib)",
            False,
        ),
        (
            "and how should it be stored?",
            [ChatTurn("user", "What is the recommended dose of KESIMPTA?")],
            "KESIMPTA (ofatumumab)",
            True,
        ),
    ]:
        answer = answer_question(question, Role.MSL, services, history=history)
        cited = {c.doc_id for s in answer.sentences for c in s.citations}
        assert bool(answer.sentences) == answerable, (question, answer.sentences)
        assert all(product in products_of[doc] for doc in cited), (question, cited)
    services.audit.close()


@pytest.mark.integration
def test_a_conversation_naming_no_product_is_asked_which_unless_its_words_point_at_one(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    home = sample_home_copy(tmp_path_factory, "which-product-home")
    services = open_services(Settings(home=home, today=date.fromisoformat(SAMPLE_TODAY)))
    # Renal dosing is in many labels and nothing in the conversation says whose: asked back,
    # with the products the closest sources are about, and no medical information request.
    history = [ChatTurn("user", "What is the recommended dose in that setting?")]
    asked = answer_question("and if her CrCl is like 40?", Role.REP, services, history=history)
    assert asked.refused and asked.reason == "product_not_named", asked
    assert not asked.sentences and not asked.medical_information_request_offered
    assert asked.message and asked.message.startswith("Which product is this about?")
    assert re.search(r"are about [A-Z]+.* or [A-Z]+", asked.message), asked.message
    # A question no label answers is declined as such, not asked back.
    parking = answer_question("Where can I park at Lakeshore University?", Role.REP, services)
    assert parking.refused and parking.reason == "no_approved_source", parking
    # A word only one label uses ("erection") points at that product: answered from it.
    pointed = answer_question(
        "What do patients do if an erection lasts too long?", Role.REP, services
    )
    cited = {c.doc_id for s in pointed.sentences for c in s.citations}
    assert pointed.sentences and cited == {"viagra-label"}, pointed
    services.audit.close()
