"""The rep chat: answers only from approved sources the role may see, each sentence cited and
verified; off-label questions are refused and routed to medical information.

Every answer, refusal and failure is written to the audit log. ``stream_answer`` is the
streaming API for the UI; it streams *verified* sentences: a hosted model's raw tokens are never
shown, because nothing the verifier rejects may reach a rep.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.grounding.guardrails import injection_flags
from assistant.grounding.offlabel import ProductLabel, check_question
from assistant.grounding.scoping import names_in, withhold_other_products
from assistant.outputs import ChatAnswer, GenerationInfo, GuardrailFlag, Sentence
from assistant.providers.base import AnswerDraft, AnswerRequest, NumberedSource
from assistant.services import Services
from assistant.workflows.labels import (
    catalog_products,
    citation_verifier,
    indication_texts,
    product_labels,
)
from assistant.workflows.recording import failures_recorded, record_output
from assistant.workflows.search import (
    QuestionSearch,
    one_product,
    pointing_words,
    search_question,
)
from assistant.workflows.sources import pack_for_prompt, source_injection_flags
from assistant.workflows.table_heads import widened_to_tables
from knowledge_base.access import AccessScope
from knowledge_base.models import Role
from knowledge_base.products import split_product_name
from prompts.loader import RenderedPrompt, load_prompt, render

__all__ = ["PRODUCT_NOT_NAMED", "ChatEvent", "ChatTurn", "answer_question", "stream_answer"]

OFF_LABEL_MESSAGE = (
    "This question is outside the approved label, so I can't answer it. I can submit a "
    "medical information request so that an MSL responds to the HCP directly."
)
NO_SOURCE_MESSAGE = (
    "No approved source I can use answers this question. I can submit a medical information "
    "request if the HCP needs an answer."
)
# Asked back, not refused: the conversation names no product and points at none.
PRODUCT_NOT_NAMED = "product_not_named"


def _which_product_message(products: Sequence[str]) -> str:
    brands = [split_product_name(p)[0] for p in products]
    listed = ", ".join(brands[:-1]) + f" or {brands[-1]}" if len(brands) > 1 else brands[0]
    return (
        "Which product is this about? The conversation names none, and the approved sources "
        f"closest to the question are about {listed}. Ask again with the product's name."
    )


@dataclass(frozen=True)
class ChatTurn:
    role: str  # "user" or "assistant"
    text: str


@dataclass
class _Outcome:
    """What one question produced, before it is recorded."""

    prompt: RenderedPrompt
    refused: bool
    reason: str | None = None
    shown: list[Sentence] = field(default_factory=list)
    removed: list[Sentence] = field(default_factory=list)
    sources: list[NumberedSource] = field(default_factory=list)
    draft: AnswerDraft | None = None
    context_tokens: int = 0
    dropped: list[str] = field(default_factory=list)
    products: list[str] = field(default_factory=list)  # to choose from, when none was named


def _prompt_role(role: Role) -> str:
    return "mlr" if role is Role.ADMIN else role.value  # admins read as reviewers


def _off_label(
    question: str,
    asked: Sequence[str],
    labels: Sequence[ProductLabel],
    flags: list[GuardrailFlag],
) -> str | None:
    """ "off_label" (and a flag quoting why) when a rep's question asks about a use outside the
    labels of ``asked`` (or of every product, when ``asked`` is empty)."""
    labels = [label for label in labels if names_in(label.name, asked)] or labels
    check = check_question(question, labels)
    if not check.off_label:
        return None
    flags.append(GuardrailFlag(kind="off_label", detail="; ".join(check.reasons)))
    return "off_label"


def _generate(
    question: str,
    role: Role,
    scope: AccessScope,
    history: Sequence[ChatTurn],
    services: Services,
    flags: list[GuardrailFlag],
    inputs: dict[str, Any],
    user: str,
) -> _Outcome:
    prompt_file = load_prompt("chat", services.settings.prompt_versions.get("chat"))
    history_view = [{"role": t.role, "text": t.text} for t in history[-6:]]

    def prompt_with(sources: list[dict[str, object]]) -> RenderedPrompt:
        return render(
            prompt_file,
            question=question,
            history=history_view,
            sources=sources,
            role=_prompt_role(role),
        )

    empty = prompt_with([])
    products = catalog_products(services.kb.catalog, scope.today)
    # The products asked about (named, or inherited from the conversation): the answer comes
    # from their documents only, before and after generation.
    # What the labels allow, read once: the off-label check and the abbreviations use it.
    labels = product_labels(services.kb.catalog, services.today(), services.label_cache)
    search = QuestionSearch(
        question, [(t.role, t.text) for t in history], products, indication_texts(labels)
    )
    asked = search.products
    # Reps must not promote off-label use: decided before anything is generated, against the
    # products asked about (named, however spelled, or inherited by a follow-up such as "and in
    # children?"), or else the product the answer would be about.
    if role is Role.REP and asked and (refusal := _off_label(question, asked, labels, flags)):
        return _Outcome(prompt=empty, refused=True, reason=refusal)
    evidence = widened_to_tables(search_question(services.retriever, search, scope), services)
    if not asked:
        # Asked back only where the question asks what a label states (a dose, renal
        # impairment, storage) or leans on an earlier turn: "Where can I park?" is declined as
        # nothing approved answers it, and a top passage of no product's is answered as it is.
        about_a_label = bool(search.aspects) or bool(history)
        words = pointing_words([question, *(t.text for t in history)])
        evidence, asked = one_product(
            evidence,
            question,
            services.retriever.products_using(words, scope),
            guess=not about_a_label,
        )
        if evidence and evidence[0].chunk.products and not asked:
            found = list(dict.fromkeys(p for e in evidence for p in e.chunk.products))
            return _Outcome(prompt=empty, refused=True, reason=PRODUCT_NOT_NAMED, products=found)
        if role is Role.REP and (refusal := _off_label(question, asked, labels, flags)):
            return _Outcome(prompt=empty, refused=True, reason=refusal)
    if not evidence:
        return _Outcome(prompt=empty, refused=True, reason="no_approved_source")
    packed = pack_for_prompt(
        services, [(e, "answer", rank) for rank, e in enumerate(evidence)], empty
    )
    prompt = prompt_with(packed.prompt_view())
    # Sources are data: an instruction planted in one is flagged (and never obeyed).
    flags += source_injection_flags(packed.sources)
    with failures_recorded(
        services, workflow="ask", user=user, role=role, inputs=inputs, prompt=prompt
    ):
        draft = services.provider.draft_answer(
            AnswerRequest(
                prompt=prompt,
                sources=packed.sources,
                question=question,
                history=[(t.role, t.text) for t in history],
            )
        )
    verifier = citation_verifier(services, scope, products)
    checked = withhold_other_products(
        verifier.verify(draft.sentences, packed.by_number()),
        asked,
        products,
        {e.chunk.doc_id: e.chunk.products for e in evidence},
    )
    shown = [s for s in checked if s.shown]
    refused = draft.refuse or not shown
    reason = (draft.reason or "no_approved_source") if refused else None
    if reason == "off_label":
        flags.append(GuardrailFlag(kind="off_label", detail="the model judged it off-label"))
    return _Outcome(
        prompt=prompt,
        refused=refused,
        reason=reason,
        shown=[] if refused else shown,
        removed=[s for s in checked if not s.shown] + (shown if refused else []),
        sources=packed.sources,
        draft=draft,
        context_tokens=packed.tokens,
        dropped=packed.dropped,
    )


def _refusal_message(outcome: _Outcome) -> str | None:
    if not outcome.refused:
        return None
    if outcome.reason == PRODUCT_NOT_NAMED:
        return _which_product_message(outcome.products)
    return OFF_LABEL_MESSAGE if outcome.reason == "off_label" else NO_SOURCE_MESSAGE


def answer_question(
    question: str,
    role: Role,
    services: Services,
    *,
    hcp_id: str | None = None,
    history: Sequence[ChatTurn] = (),
    user: str = "cli",
) -> ChatAnswer:
    started = time.perf_counter()
    scope = AccessScope(role=role, today=services.today(), market=services.settings.market)
    inputs: dict[str, Any] = {"question": question, "role": role.value, "hcp_id": hcp_id}
    if history:
        inputs["history"] = [{"role": t.role, "text": t.text} for t in history]
    # A question is data: an injection attempt is flagged, and nothing in it is obeyed.
    flags = list(injection_flags(question))
    outcome = _generate(question, role, scope, history, services, flags, inputs, user)
    generation = GenerationInfo(
        provider=services.provider.name,
        model=services.provider.model,
        parameters=services.provider.parameters(),
        prompt_id=outcome.prompt.id,
        prompt_version=str(outcome.prompt.version),
        prompt_sha256=outcome.prompt.sha256,
        context_tokens=outcome.context_tokens,
        dropped_context=outcome.dropped,
        latency_ms=round((time.perf_counter() - started) * 1000, 1),
        usage=services.provider.usage() if outcome.draft else {},
        today=scope.today,
    )
    flags += [f for s in outcome.removed for f in s.flags]
    answer = ChatAnswer(
        question=question,
        refused=outcome.refused,
        reason=outcome.reason,
        message=_refusal_message(outcome),
        medical_information_request_offered=outcome.refused and outcome.reason != PRODUCT_NOT_NAMED,
        sentences=outcome.shown,
        removed=outcome.removed,
        flags=flags,
        generation=generation,
    )
    audit_id = record_output(
        services,
        workflow="ask",
        user=user,
        role=role,
        inputs=inputs,
        generation=generation,
        sources=outcome.sources,
        output_shown=answer.model_dump(mode="json", exclude={"removed"}),
        output_generated=outcome.draft.model_dump(mode="json") if outcome.draft else None,
        sentences=outcome.shown + outcome.removed,
        flags=flags,
    )
    return answer.model_copy(update={"audit_id": audit_id})


@dataclass(frozen=True)
class ChatEvent:
    kind: str  # "sentence": one verified sentence, ready to show; "done": the whole answer
    sentence: Sentence | None = None
    answer: ChatAnswer | None = None


def stream_answer(
    question: str,
    role: Role,
    services: Services,
    *,
    hcp_id: str | None = None,
    history: Sequence[ChatTurn] = (),
    user: str = "ui",
) -> Iterator[ChatEvent]:
    answer = answer_question(question, role, services, hcp_id=hcp_id, history=history, user=user)
    for sentence in answer.sentences:
        yield ChatEvent(kind="sentence", sentence=sentence)
    yield ChatEvent(kind="done", answer=answer)
