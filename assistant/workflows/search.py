"""Approved passages for a question, as chat and `medbrief search` find them.

A question that names a product (or follows up on one) is searched in that product's documents
only; the label's words for what it asks ("missed dose", "renal impairment") are added to the
query, and passages of the sections that answer such questions come first among near equals.
Reps and MSLs talk to HCPs: the prescribing information answers them, the patient labeling
(Medication Guide, Instructions for Use) only when nothing else does. A question that names no
product is answered about the one its words point at, or else asks which (``one_product``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from wordfreq import zipf_frequency

from assistant.grounding.offlabel.labels import name_words
from assistant.grounding.scoping import asked_products, names_in
from assistant.grounding.support.wording import reads_otherwise
from knowledge_base.access import AccessScope, ContentFilter
from knowledge_base.acronyms import abbreviations_in, long_form, long_forms
from knowledge_base.models import SectionKind
from knowledge_base.passage_ranker import PassageRanker, passage_ranker
from knowledge_base.question_aspects import asked_in_context, expanded_query
from knowledge_base.retrieval import Evidence, RetrievalMode, Retriever

__all__ = ["QuestionSearch", "one_product", "pointing_words", "search_question"]

PATIENT = (SectionKind.PATIENT_LABELING.value,)


class QuestionSearch:
    """What one question is searched with: its products, query and preferred sections.

    ``indications``: each product's Indications and Usage text. A clinician's abbreviation the
    question uses ("NVAF", "UC", "afib") is read from it (``knowledge_base.acronyms``): its long
    form joins the query ("ulcerative colitis", which the dosing heading says), and a question
    (or the conversation) naming no product is about the one product whose indications it names.
    """

    def __init__(
        self,
        question: str,
        history: Sequence[tuple[str, str]],
        products: Sequence[str],
        indications: Mapping[str, str] | None = None,
    ) -> None:
        indications = indications or {}
        self.products = asked_products(question, history, products) or _product_by_indication(
            [question, *(text for _, text in reversed(history))], indications, products
        )
        text, self.aspects = asked_in_context(
            question, history, names_product=bool(names_in(question, products))
        )
        self.question = text  # with the previous question where it leans on it
        asked = {name: said for name, said in indications.items() if names_in(name, self.products)}
        spelled = [
            phrase
            for short in abbreviations_in(question, name_words(products))
            for phrase in long_forms(short, asked).values()
        ]
        self.query = " ".join([expanded_query(text), *dict.fromkeys(spelled)])
        # A standard response written for the question answers it whatever it asks about.
        answering = {kind for a in self.aspects[:2] for kind in a.sections}
        self.prefer = frozenset(answering | {SectionKind.RESPONSE} if answering else ())


def _product_by_indication(
    texts: Sequence[str], indications: Mapping[str, str], products: Sequence[str]
) -> list[str]:
    """The one product whose indications the abbreviations of the latest text that has any
    name ("NVAF pt, 82 y/o, SCr 1.2 - 5 or 2.5 mg?"): an abbreviation several labels spell out
    ("SCr") tells nothing; [] when none or several products are named."""
    for text in texts:
        shorts = abbreviations_in(text, name_words(products))
        if not shorts:
            continue
        # "GI" names no product by LYNPARZA's "genomic instability (GI)": to a rep it is the gut.
        naming = [
            {
                product
                for product in long_forms(short, indications, own_use=True)
                if not reads_otherwise(short, long_form(short, indications[product]) or short)
            }
            for short in shorts
        ]
        named = set().union(*(keys for keys in naming if len(keys) == 1))
        # the label's name ("ELIQUIS") as the library names the product ("ELIQUIS (apixaban)")
        return [p for p in products if names_in(next(iter(named)), [p])] if len(named) == 1 else []
    return []


def search_question(
    retriever: Retriever,
    search: QuestionSearch,
    scope: AccessScope,
    *,
    k: int = 6,
    mode: RetrievalMode = RetrievalMode.HYBRID,
    ranker: PassageRanker | None = None,
) -> list[Evidence]:
    """The ``k`` best passages for the question, re-ordered by the passage ranker (the shipped
    one unless given)."""
    ranker = ranker or passage_ranker()
    products = tuple(search.products) or _trial_product(retriever, search.question, scope)
    for narrow in (
        ContentFilter(products=products, without_section_kinds=PATIENT),
        ContentFilter(products=products),
    ):
        found = retriever.search(
            search.query, scope, k=k, mode=mode, narrow=narrow, prefer=search.prefer, ranker=ranker
        )
        if found:
            return found
    return []


# A trial, study or indication acronym ("FOURIER", "KEYNOTE-051", "NOMID"): it names the
# product whose label reports it.
_ACRONYM = re.compile(r"(?-i:\b[A-Z][A-Z0-9]{2,}(?:-[A-Za-z0-9]+)*\b)")


def _holding_products(evidence: Sequence[Evidence], acronyms: set[str]) -> set[tuple[str, ...]]:
    """The products of the passages that hold one of the acronyms, as a word."""
    return {
        tuple(e.chunk.products)
        for e in evidence
        if e.chunk.products
        and any(re.search(rf"\b{re.escape(a)}\b", e.chunk.text) for a in acronyms)
    }


def _trial_product(retriever: Retriever, question: str, scope: AccessScope) -> tuple[str, ...]:
    """The product whose passages alone hold the trial or study acronyms of a question that
    names no product ("In KEYNOTE-051, which adverse reactions ..."): a keyword search for the
    acronyms alone, so that a passage of that label is found even where the rest of the
    question's words match other labels better. Nothing when no or several products hold them."""
    acronyms = set(_ACRONYM.findall(question))
    if not acronyms:
        return ()
    found = retriever.search(" ".join(sorted(acronyms)), scope, k=10, mode=RetrievalMode.LEXICAL)
    holding = _holding_products(found, acronyms)
    return next(iter(holding)) if len(holding) == 1 else ()


# A word rarer than this in everyday English (wordfreq's Zipf scale: "knee" 4.3, "erection"
# 3.4, "tamsulosin" 1.9) that few labels use points at the product using it; a common word
# ("want", "shot") that happens to occur in one label points at nothing.
_MAX_POINTING_ZIPF = 4.0
_MAX_POINTED_PRODUCTS = 3


def pointing_words(texts: Sequence[str]) -> list[str]:
    """The words of a conversation that may point at a product: those rare in everyday
    English ("alglucosidase", "NOMID", "erection"), each once."""
    words = (w for text in texts for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", text))
    return list(
        dict.fromkeys(w for w in words if zipf_frequency(w.lower(), "en") < _MAX_POINTING_ZIPF)
    )


def one_product(
    evidence: Sequence[Evidence],
    question: str,
    products_using: Mapping[str, Collection[str]],
    *,
    guess: bool = False,
) -> tuple[list[Evidence], list[str]]:
    """The product a question that names none is about, and its passages: the one whose
    passages alone hold the question's trial or study acronyms ("In KEYNOTE-051, ..."), else
    the top passage's, where the conversation points at it (``products_using``: per word of
    ``pointing_words``, the products whose labels use it; a word that at most three labels use
    points at them) or the search found little else. Else no product: which one is asked, not
    guessed; an answer about a product nobody named ("and if her CrCl is like 40?" after a
    question naming none) would read as an answer about the one the user had in mind. With
    ``guess`` (a question that asks nothing a label states), the top passage's product."""
    if not evidence or not evidence[0].chunk.products:
        return list(evidence), []
    products = list(evidence[0].chunk.products)
    holding = _holding_products(evidence, set(_ACRONYM.findall(question)))
    if len(holding) == 1:
        products = list(next(iter(holding)))
    mine = [e for e in evidence if set(e.chunk.products) & set(products)]
    pointed = any(
        set(products) & set(using) and len(using) <= _MAX_POINTED_PRODUCTS
        for using in products_using.values()
    )
    if guess or len(holding) == 1 or pointed or len(evidence) - len(mine) <= 1:
        return mine, products
    return list(evidence), []
