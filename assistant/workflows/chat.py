"""The rep chat: answers only from approved sources the role may see, each sentence cited and
verified; off-label questions are refused and routed to medical information.

``stream_answer`` is the streaming API for the UI. It streams *verified* sentences: a hosted
model's raw tokens are never shown, because nothing the verifier rejects may reach a rep.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from assistant.grounding.guardrails import injection_flags
from assistant.grounding.offlabel import check_question
from assistant.grounding.verifier import CitationVerifier, catalog_citable
from assistant.outputs import ChatAnswer, GenerationInfo, GuardrailFlag, Sentence
from assistant.providers.base import AnswerRequest
from assistant.services import Services
from assistant.workflows.labels import catalog_products, known_products, product_labels
from assistant.workflows.sources import number_sources
from knowledge_base.access import AccessScope
from knowledge_base.models import Role
from prompts.loader import load_prompt, render

__all__ = ["ChatTurn", "answer_question", "stream_answer"]

OFF_LABEL_MESSAGE = (
    "This question is outside the approved label, so I can't answer it. I can submit a "
    "medical information request so that an MSL responds to the HCP directly."
)
NO_SOURCE_MESSAGE = (
    "No approved source I can use answers this question. I can submit a medical information "
    "request if the HCP needs an answer."
)


@dataclass(frozen=True)
class ChatTurn:
    role: str  # "user" or "assistant"
    text: str


def _retrieval_query(question: str, history: Sequence[ChatTurn]) -> str:
    """Follow-up questions ("and the dose?") lean on the previous question for context."""
    previous = [t.text for t in history if t.role == "user"][-1:]
    return " ".join([*previous, question]) if previous and len(question.split()) < 8 else question


def _generation(
    services: Services, prompt_id: str, version: str, sha: str, **extra: object
) -> GenerationInfo:
    return GenerationInfo(
        provider=services.provider.name,
        model=services.provider.model,
        parameters=services.provider.parameters(),
        prompt_id=prompt_id,
        prompt_version=version,
        prompt_sha256=sha,
        today=services.today(),
        **extra,  # type: ignore[arg-type]
    )


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
    catalog = services.kb.catalog
    labels = product_labels(catalog, scope.today)
    prompt_file = load_prompt("chat")
    flags: list[GuardrailFlag] = list(injection_flags(question))

    def refusal(reason: str, message: str, **extra: object) -> ChatAnswer:
        base = render(prompt_file, question=question, history=[], sources=[], role=role.value)
        return ChatAnswer(
            question=question,
            refused=True,
            reason=reason,
            message=message,
            medical_information_request_offered=True,
            flags=flags,
            generation=_generation(
                services,
                base.id,
                str(base.version),
                base.sha256,
                latency_ms=round((time.perf_counter() - started) * 1000, 1),
            ),
            **extra,  # type: ignore[arg-type]
        )

    # Reps must not promote off-label use: decided before anything is retrieved or generated.
    if role is Role.REP:
        check = check_question(question, labels)
        if check.off_label:
            flags.append(GuardrailFlag(kind="off_label", detail="; ".join(check.reasons)))
            return refusal("off_label", OFF_LABEL_MESSAGE)

    evidence = services.retriever.search(_retrieval_query(question, history), scope, k=6)
    if not evidence:
        return refusal("no_approved_source", NO_SOURCE_MESSAGE)
    history_view = [{"role": t.role, "text": t.text} for t in history[-6:]]
    base = render(prompt_file, question=question, history=history_view, sources=[], role=role.value)
    packed = number_sources(
        [(e, "answer", rank) for rank, e in enumerate(evidence)],
        model=services.provider.model,
        context_window=services.settings.llm_context_window,
        prompt_tokens=services.tokens.count(base.system + base.user),
        max_output_tokens=services.settings.llm_max_output_tokens,
        count_tokens=services.tokens.count,
    )
    prompt = render(
        prompt_file,
        question=question,
        history=history_view,
        sources=packed.prompt_view(),
        role=role.value,
    )
    draft = services.provider.draft_answer(
        AnswerRequest(
            prompt=prompt,
            sources=packed.sources,
            question=question,
            history=[(t.role, t.text) for t in history],
        )
    )
    verifier = CitationVerifier(
        services.support,
        is_citable=catalog_citable(catalog, scope),
        known_products=known_products(catalog_products(catalog, scope.today)),
    )
    checked: list[Sentence] = verifier.verify(draft.sentences, packed.by_number())
    shown = [s for s in checked if s.shown]
    removed = [s for s in checked if not s.shown]
    generation = _generation(
        services,
        prompt.id,
        str(prompt.version),
        prompt.sha256,
        context_tokens=packed.tokens,
        dropped_context=packed.dropped,
        latency_ms=round((time.perf_counter() - started) * 1000, 1),
        usage=services.provider.usage(),
    )
    if draft.refuse or not shown:
        reason = draft.reason if draft.refuse and draft.reason else "no_approved_source"
        if reason == "off_label":
            flags.append(GuardrailFlag(kind="off_label", detail="the model judged it off-label"))
        return ChatAnswer(
            question=question,
            refused=True,
            reason=reason,
            message=OFF_LABEL_MESSAGE if reason == "off_label" else NO_SOURCE_MESSAGE,
            medical_information_request_offered=True,
            removed=removed,
            flags=flags,
            generation=generation,
        )
    return ChatAnswer(
        question=question,
        refused=False,
        sentences=shown,
        removed=removed,
        flags=flags + [f for s in removed for f in s.flags],
        generation=generation,
    )


@dataclass(frozen=True)
class ChatEvent:
    kind: str  # "sentence" (a verified sentence, shown as it is ready) or "done"
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
