"""Approved passages for a question, as chat and `medbrief search` find them.

A question that names a product (or follows up on one) is searched in that product's documents
only; the label's words for what it asks ("missed dose", "renal impairment") are added to the
query, and passages of the sections that answer such questions come first among near equals.
Reps and MSLs talk to HCPs: the prescribing information answers them, the patient labeling
(Medication Guide, Instructions for Use) only when nothing else does. A question that names no
product is answered about one (``one_product``).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.grounding.scoping import asked_products
from knowledge_base.access import AccessScope, ContentFilter
from knowledge_base.models import SectionKind
from knowledge_base.question_aspects import aspects_of, expanded_query, is_short_follow_up
from knowledge_base.retrieval import Evidence, RetrievalMode, Retriever

__all__ = ["QuestionSearch", "one_product", "search_question"]

PATIENT = (SectionKind.PATIENT_LABELING.value,)


class QuestionSearch:
    """What one question is searched with: its products, query and preferred sections."""

    def __init__(
        self, question: str, history: Sequence[tuple[str, str]], products: Sequence[str]
    ) -> None:
        previous = [text for role, text in history if role == "user"][-1:]
        follow_up = bool(previous) and is_short_follow_up(question)
        self.products = asked_products(question, history, products)
        # "and in renal impairment?" asks about its own aspect; "how long for?" about the
        # previous question's.
        asking = question if aspects_of(question) or not follow_up else previous[0]
        self.aspects = aspects_of(asking)
        self.query = expanded_query(" ".join([*previous, question]) if follow_up else question)
        # A standard response written for the question answers it whatever it asks about.
        answering = {kind for a in self.aspects[:2] for kind in a.sections}
        self.prefer = frozenset(answering | {SectionKind.RESPONSE} if answering else ())


def search_question(
    retriever: Retriever,
    search: QuestionSearch,
    scope: AccessScope,
    *,
    k: int = 6,
    mode: RetrievalMode = RetrievalMode.HYBRID,
) -> list[Evidence]:
    products = tuple(search.products)
    return retriever.search(
        search.query,
        scope,
        k=k,
        mode=mode,
        narrow=ContentFilter(products=products, without_section_kinds=PATIENT),
        prefer=search.prefer,
    ) or retriever.search(
        search.query,
        scope,
        k=k,
        mode=mode,
        narrow=ContentFilter(products=products),
        prefer=search.prefer,
    )


def one_product(evidence: Sequence[Evidence]) -> tuple[list[Evidence], list[str]]:
    """A question that names no product is answered about one, the top passage's: an answer
    mixing sentences of several labels would read as if they were about the same product."""
    if not evidence or not evidence[0].chunk.products:
        return list(evidence), []
    products = list(evidence[0].chunk.products)
    return [e for e in evidence if set(e.chunk.products) & set(products)], products
