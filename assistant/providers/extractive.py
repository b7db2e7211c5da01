"""The offline default: drafts built from verbatim sentences of the retrieved approved chunks.

No model writes anything: each claim is a sentence copied from a source (or, for an answer, a
label table row stated with its caption and headers), cited to that source by construction,
picked for relevance to the HCP's focus or the question (embedding similarity plus the
question's words, rare ones weighing more, plus stating what the question asks for, about the
patient it describes: ``patient_fit``) with maximal marginal relevance, so a briefing covers
indication, efficacy and dosing instead of five near-identical sentences. For an answer,
relevance decides which sentences may be shown and a ranker fitted on blind question sets
(``answer_ranker``) decides their order.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import Stemmer
from wordfreq import zipf_frequency

from assistant.grounding.scoping import names_in
from assistant.grounding.sentences import reads_alone, split_sentences
from assistant.grounding.support.wording import standard_long_form
from assistant.grounding.tables import (
    looks_like_table_statement,
    rows_within,
    table_statements,
    whole_table_statements,
)
from assistant.providers.answer_ranker import AnswerRanker, CandidateSignals, answer_ranker
from assistant.providers.base import (
    AnswerDraft,
    AnswerRequest,
    BriefingDraft,
    BriefingRequest,
    DraftClaim,
    NumberedSource,
)
from assistant.providers.patient_fit import PatientFacts, asked_facts, facts_matched
from knowledge_base.acronyms import abbreviations_in, long_form
from knowledge_base.embeddings import Embedder
from knowledge_base.models import SectionKind
from knowledge_base.question_aspects import Aspect, asked_in_context

__all__ = ["AnswerCandidate", "ExtractiveConfig", "ExtractiveProvider"]

_WORD = re.compile(r"[a-z0-9]+")
_WHOLE_WORD = re.compile(r"[A-Za-z0-9][\w'-]*")
_NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)*\s+[A-Z][^.]*$")
# A counseling heading worded as a question, without its question mark ("How to take ...").
_QUESTION_HEADING = re.compile(r"^(?:What|How|When|Which|Who|Why|Where)\b")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A question whether something is allowed ("can pts mix it in juice?", "ok to crush?", "swap it
# with kadcyla?"), and a sentence that says what is not, or only, allowed.
_ASKS_PERMISSION = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|also)\W+)?(?:can|could|may|should|is it|are they|is that)\b"
    r"|\b(?:instead of|rather than|other than|in place of|swap|substitut\w*|allowed|ok to"
    r"|okay to|safe to|fine to)\b",
    re.IGNORECASE,
)
_STATES_RESTRICTION = re.compile(
    r"\b(?:do not|don't|should not|must not|cannot|can ?not|not be|not recommended|avoid"
    r"|other than|only|contraindicated|not interchangeable|not substitute)\b",
    re.IGNORECASE,
)
# A cross-reference ("[see Warnings and Precautions (5.1)]", "( 2.3 )"): no figure of a claim.
_REFERENCE = re.compile(r"\[[^\]]*\]|\(\s*\d+(?:\.\s?\d+)*\s*\)")
_LIST_ITEM = re.compile(r"^[-•*]\s+(\S.*)$")
_CONTINUES = (",", ";", ":", " or", " and")  # an item that runs on into the next one
_MAX_LIST_ITEMS = 5
# A label instruction starts with its verb: "Store at 25°C.", "Swallow capsules whole ...".
_INSTRUCTION = re.compile(
    r"^(?:Do not|DO NOT|Store|STORE|Keep|KEEP|Protect|PROTECT|Swallow|Discard|Refrigerate"
    r"|Shake|Dilute|Reconstitute|Inject|Infuse|Administer|Take|Avoid|Use|USE|Dispense|Inspect"
    r"|Allow|Remove|Withhold|Discontinue|Monitor)\b"
)
_ENDS_WITH_REFERENCE = re.compile(r"\[see [^\]]+\]\s*$", re.IGNORECASE)
_MAX_LEAD_IN_WORDS = 20
# Words at Zipf 5.5 or rarer in English ("price", "bottle", "headaches") weigh fully in a
# question; the commonest ones less, down to a fifth from Zipf 6.7 ("just", "can").
_COMMON_ZIPF = 7.0
_ZIPF_SPAN = 1.5
# Label words the stemmer keeps apart though a question means the same: "recommended dosage"
# is answered by "dosing options" and "the dose".
_SAME_STEM = {"dosag": "dose"}
# How reps write, not what they ask: "pt", "patient", "doc", "tell".
_ASKER_STEMS = frozenset(
    "pt pts patient doc doctor md hcp tell ask ok okay can could say said mention know need ani "
    "anyth issu they them their he she him her if get got now done want wonder someth thing "
    "part els".split()
)
_STOP = frozenset(
    "a an and are as at be by can for from has have how i in is it its of on or that the this "
    "to was were what whats when which who will with my your do does should about".split()
)
# Sections a rep talks about, in the order a briefing presents them.
_BENEFIT_ORDER = {
    SectionKind.INDICATIONS: 0,
    SectionKind.CLINICAL_STUDIES: 1,
    SectionKind.DOSAGE: 2,
    SectionKind.DOSAGE_FORMS: 3,
}
_SAFETY_ORDER = {
    SectionKind.BOXED_WARNING: 0,
    SectionKind.CONTRAINDICATIONS: 1,
    SectionKind.WARNINGS_PRECAUTIONS: 2,
    SectionKind.ADVERSE_REACTIONS: 3,
}


@dataclass(frozen=True)
class ExtractiveConfig:
    max_talking_points: int = 5
    max_per_source: int = 2  # talking points from one source
    max_answer_per_source: int = 3  # answer sentences from one source
    max_safety_per_product: int = 3
    max_briefing_candidates: int = 24  # benefit sentences embedded for a briefing
    max_answer_sentences: int = 4
    min_answer_relevance: float = 0.30  # below this, no source answers the question
    diversity: float = 0.7  # MMR trade-off: 1.0 = relevance only
    max_similarity: float = 0.9  # above this, two sentences say the same thing
    min_question_coverage: float = 0.34  # share of the question's content words an answer uses
    # A sentence below that share may still answer when it is the closest in meaning of all the
    # sources' sentences (of the most word-sharing ones) and at least this close.
    min_meaning_similarity: float = 0.58
    max_near_misses: int = 16
    overlap_weight: float = 0.4  # what using all of the question's words adds to similarity
    aspect_weight: float = 0.15  # what stating the asked-for thing (a dose, a temperature) adds
    patient_weight: float = 0.2  # what each fact of the asked-for patient a sentence fits adds


@dataclass(frozen=True)
class _Candidate:
    source: NumberedSource
    position: int
    text: str


@dataclass(frozen=True)
class AnswerCandidate:
    """A sentence that may answer a question, with what the ranker weighs of it."""

    candidate: _Candidate
    signals: CandidateSignals
    vector: list[float]  # its embedding (for diversity)
    relevance: float  # similarity, word overlap and bonuses: the hand-set score
    eligible: bool  # relevance high enough to be shown

    @property
    def text(self) -> str:
        return self.candidate.text


@dataclass(frozen=True)
class _Similarity:
    query_vector: list[float]
    vectors: list[list[float]]
    cosines: list[float]
    overlaps: list[float]


def _before_bullet(candidate: _Candidate) -> _Candidate:
    """A label sentence that runs on into a bulleted limitation ("... inadvisable. ●
    Limitations of Use: ...") up to the bullet: the indication itself, verbatim."""
    head, bullet, _ = candidate.text.partition(" ●")
    if bullet and head.rstrip().endswith(".") and len(head.split()) >= 6:
        return dataclasses.replace(candidate, text=head.strip())
    return candidate


def _is_claim(sentence: str) -> bool:
    """A sentence worth stating: not a heading, table row, caption or bare cross-reference.
    A short instruction ("Store at 25°C (77°F).", "DO NOT USE DEXTROSE (5%) SOLUTION.") is one,
    and so is a sentence whose last words are a cross-reference the label left unpunctuated
    ("... excursions permitted ... [see USP Controlled Room Temperature]")."""
    words = sentence.split()
    instruction = _INSTRUCTION.match(sentence) is not None and sentence.rstrip().endswith(".")
    if len(words) < (3 if instruction else 6):
        return False
    if " | " in sentence or sentence.startswith(("Table", "Figure", "See ")):
        return False
    if _NUMBERED_HEADING.match(sentence):
        return False  # "14.1 Previously Treated ... (VELO-UC-301)"
    if _QUESTION_HEADING.match(sentence) and "?" not in sentence and "," not in sentence:
        # "What to do if a dose is missed [see Dosage and Administration (2.2)]." is a heading;
        # "When traveling, store HUMIRA in a cool carrier ..." is an instruction.
        return False
    letters = [c for c in sentence if c.isalpha()]
    if not instruction and letters and sum(c.isupper() for c in letters) / len(letters) > 0.6:
        return False  # an all-caps heading such as "WARNING: HEPATOTOXICITY"
    return (
        sentence.rstrip().endswith((".", ";")) or _ENDS_WITH_REFERENCE.search(sentence) is not None
    )


def _restates(a: str, b: str) -> bool:
    """Whether two sentences whose embeddings nearly match say the same thing: the same
    figures (cross-references aside), or rows of one table (its caption and header make them
    look alike; one row answers, the others crowd it out)."""
    if looks_like_table_statement(a) and looks_like_table_statement(b):
        return a.partition(" (")[0] == b.partition(" (")[0]
    return _figures(a) == _figures(b)


def _figures(text: str) -> set[str]:
    return set(_NUMBER.findall(_REFERENCE.sub(" ", text)))


def _words(text: str) -> Counter[str]:
    return Counter(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


def _candidates(sources: Sequence[NumberedSource], *, with_lists: bool = False) -> list[_Candidate]:
    """Each source's claim sentences, then (``with_lists``) its list statements, placed after
    its sentences (``position`` orders an answer)."""
    found = []
    for source in sources:
        text = source.evidence.chunk.text
        sentences = split_sentences(text)
        found += [_Candidate(source, n, s) for n, s in enumerate(sentences) if _is_claim(s)]
        if with_lists:
            statements = [
                s for s in _list_statements(text) if len(s.split()) >= 6 and " | " not in s
            ]
            statements += table_statements(text)
            found += [
                _Candidate(source, len(sentences) + k, statement)
                for k, statement in enumerate(statements)
            ]
    return found


def _joined(lead_in: str, items: Sequence[str]) -> str:
    parts = [lead_in if lead_in.endswith(":") else f"{lead_in}:"]
    for n, item in enumerate(items):
        last = n == len(items) - 1
        if last:
            parts.append(item if item.endswith((".", "!", "?")) else f"{item}.")
        else:
            parts.append(item if item.endswith(_CONTINUES) else f"{item};")
    return " ".join(parts)


def _list_statements(text: str) -> list[str]:
    """Short lists, each joined with its lead-in into one statement ("Two dosing options are
    available: 225 mg monthly, or 675 mg every 3 months."; "Directions: apply ...; massage ...").

    Labels put dosing options and directions in lists whose items are not sentences, so without
    this the offline default could not answer "what is the dose?" from them. An item is never
    taken alone: without its lead-in ("Do not use if") it can say the opposite of the label; and
    long lists are left out, as one statement they would read as a wall of text.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    statements: list[str] = []
    for i, lead_in in enumerate(lines):
        if _LIST_ITEM.match(lead_in) or len(lead_in.split()) > _MAX_LEAD_IN_WORDS:
            continue
        if not lead_in.endswith(":") and lead_in.rstrip().endswith((".", ";")):
            continue  # a finished sentence, not a lead-in or a heading
        items = []
        for line in lines[i + 1 :]:
            if not (match := _LIST_ITEM.match(line)):
                break
            items.append(match.group(1).strip())
        if 0 < len(items) <= _MAX_LIST_ITEMS:
            statements.append(_joined(lead_in, items))
    return statements


class ExtractiveProvider:
    name = "extractive"
    model = "extractive-v1"

    def __init__(
        self,
        embedder: Embedder,
        config: ExtractiveConfig | None = None,
        ranker: AnswerRanker | None = None,
    ) -> None:
        self._embedder = embedder
        self._config = config or ExtractiveConfig()
        self._fitted_ranker = ranker
        self._stemmer = Stemmer.Stemmer("english")

    def _ranker(self) -> AnswerRanker:
        # The shipped weights, read on first use: refitting them needs an answerer without.
        return self._fitted_ranker or answer_ranker()

    def _word_weights(self, text: str) -> dict[str, float]:
        """Each stem of ``text`` with how much it says: "bedtime" and "headaches" name what is
        asked, "just", "bad" and "start" hardly do (weighed by their frequency in English)."""
        weights: dict[str, float] = {}
        for word in _words(text):
            stem = _SAME_STEM.get(stem := self._stemmer.stemWord(word), stem)
            if len(stem) > 1:
                weights[stem] = max(weights.get(stem, 0.0), _informativeness(word))
        return weights

    def _stems(self, text: str) -> set[str]:
        # Single letters ("s" of "MEN'S", "a" of "type A") are not content a question asks for.
        stems = self._stemmer.stemWords(list(_words(text)))
        return {_SAME_STEM.get(s, s) for s in stems if len(s) > 1}

    def parameters(self) -> dict[str, Any]:
        return {
            **self._config.__dict__,
            "embedder": self._embedder.model_id,
            "answer_ranker": self._ranker().digest,
        }

    def usage(self) -> dict[str, int]:
        return {}

    def _similarity(self, query: str, candidates: list[_Candidate]) -> _Similarity:
        """Each candidate's embedding similarity to the query and the share of the query's
        words it uses (rare words counting more), with the embeddings (reused for diversity)."""
        query_vector = self._embedder.embed_query(query)
        vectors = self._embedder.embed_documents([c.text for c in candidates]) if candidates else []
        stems = [self._stems(c.text) for c in candidates]
        # A word few candidates use ("itraconazole", "latex") tells them apart; "dose" does not.
        frequency = Counter(stem for found in stems for stem in found)
        asked = {s: math.log(1 + len(candidates) / (1 + frequency[s])) for s in self._stems(query)}
        total = sum(asked.values())
        return _Similarity(
            query_vector=query_vector,
            vectors=vectors,
            cosines=[_cosine(query_vector, v) for v in vectors],
            overlaps=[
                sum(w for s, w in asked.items() if s in found) / total if total else 0.0
                for found in stems
            ],
        )

    def _relevance(self, similarity: _Similarity) -> list[float]:
        """Embedding similarity plus what using the query's words adds."""
        return [
            cosine + self._config.overlap_weight * overlap
            for cosine, overlap in zip(similarity.cosines, similarity.overlaps, strict=True)
        ]

    def _signals(
        self, query: str, similarity: _Similarity, scored: Sequence[tuple[_Candidate, float, int]]
    ) -> list[CandidateSignals]:
        """What the ranker weighs of each scored candidate (with the aspect it states and the
        patient facts it fits)."""
        # The passage's own heading ("2.5 Dose Adjustment in Case of Plasmapheresis"), not
        # the path above it.
        headings = sorted({_heading(c.source.evidence.chunk.section) for c, _, _ in scored})
        heading_vectors = dict(zip(headings, self._embedder.embed_documents(headings), strict=True))
        numbers = set(_NUMBER.findall(query))
        asks_permission = _ASKS_PERMISSION.search(query) is not None
        signals = []
        for (candidate, answers, about), cosine, overlap in zip(
            scored, similarity.cosines, similarity.overlaps, strict=True
        ):
            evidence = candidate.source.evidence
            found = set(_NUMBER.findall(candidate.text))
            signals.append(
                CandidateSignals(
                    similarity=cosine,
                    word_overlap=overlap,
                    states_asked_aspect=answers,
                    patient_facts=about,
                    source_rank=candidate.source.n,
                    dense_rank=evidence.dense_rank,
                    lexical_rank=evidence.lexical_rank,
                    heading_similarity=_cosine(
                        similarity.query_vector, heading_vectors[_heading(evidence.chunk.section)]
                    ),
                    shares_number=bool(numbers & found),
                    has_number=bool(found),
                    section_kind=evidence.chunk.section_kind,
                    restriction_for_can_question=asks_permission
                    and _STATES_RESTRICTION.search(candidate.text) is not None,
                )
            )
        return signals

    def _select(
        self,
        candidates: list[_Candidate],
        ranking: Sequence[float],
        vectors: Sequence[Sequence[float]],
        limit: int,
        *,
        eligible: Sequence[bool] = (),
        per_source_limit: int | None = None,
    ) -> list[_Candidate]:
        """Maximal marginal relevance over sentence embeddings by ``ranking``, at most N per
        source, among the ``eligible`` candidates (all when not given)."""
        chosen: list[int] = []
        per_source: Counter[int] = Counter()
        most = per_source_limit or self._config.max_per_source
        while len(chosen) < limit:
            best, best_value = None, -math.inf
            for i, candidate in enumerate(candidates):
                if i in chosen or per_source[candidate.source.n] >= most:
                    continue
                if eligible and not eligible[i]:
                    continue
                similar = [_cosine(vectors[i], vectors[j]) for j in chosen]
                redundancy = max(similar, default=0.0)
                if any(
                    cosine > self._config.max_similarity
                    and _restates(candidate.text, candidates[j].text)
                    for cosine, j in zip(similar, chosen, strict=True)
                ):
                    # The same statement from another document (deck vs label); "at least 30
                    # minutes" beside "at least 10 minutes" is another one (adults, children).
                    continue
                value = (
                    self._config.diversity * ranking[i] - (1 - self._config.diversity) * redundancy
                )
                if value > best_value:
                    best, best_value = i, value
            if best is None:
                break
            chosen.append(best)
            per_source[candidates[best].source.n] += 1
        return [candidates[i] for i in chosen]

    def draft_briefing(self, request: BriefingRequest) -> BriefingDraft:
        benefit = [
            c
            for c in map(
                _before_bullet,
                _candidates([s for s in request.sources if s.purpose == "benefit"]),
            )
            if reads_alone(c.text)  # no Highlights run-ons, list fragments or lean-backs
        ]
        # Embedding is what a briefing's first use of a product costs: only the candidates
        # sharing most words with the focus are embedded and ranked.
        focus = self._stems(request.focus)
        if len(benefit) > self._config.max_briefing_candidates:
            ranked = sorted(
                range(len(benefit)), key=lambda i: -len(focus & self._stems(benefit[i].text))
            )[: self._config.max_briefing_candidates]
            benefit = [benefit[i] for i in sorted(ranked)]
        similarity = self._similarity(request.focus, benefit)
        picked = self._select(
            benefit,
            self._relevance(similarity),
            similarity.vectors,
            self._config.max_talking_points,
        )
        picked.sort(
            key=lambda c: (
                c.source.evidence.chunk.products[:1],
                _BENEFIT_ORDER.get(c.source.evidence.chunk.section_kind, 9),
                c.source.n,
                c.position,
            )
        )
        products = {p for c in picked for p in c.source.evidence.chunk.products}
        safety: list[_Candidate] = []
        for product in sorted(products):
            own = [
                s
                for s in request.sources
                if s.purpose == "safety" and product in s.evidence.chunk.products
            ]
            own.sort(key=lambda s: (_SAFETY_ORDER.get(s.evidence.chunk.section_kind, 9), s.n))
            stated = [c for c in _candidates(own) if reads_alone(c.text)]
            safety += stated[: self._config.max_safety_per_product]
        return BriefingDraft(
            talking_points=[DraftClaim(text=c.text, sources=[c.source.n]) for c in picked],
            safety_points=[DraftClaim(text=c.text, sources=[c.source.n]) for c in safety],
        )

    def answer_candidates(self, request: AnswerRequest) -> list[AnswerCandidate]:
        """The sentences (and table rows) of the sources that may answer the question: those
        sharing enough of its words, about the patient it describes, each with what the ranker
        weighs and whether it is relevant enough to be shown at all."""
        products = {p for s in request.sources for p in s.evidence.chunk.products}
        question, aspects = asked_in_context(
            request.question,
            request.history,
            names_product=bool(names_in(request.question, products)),
        )
        question = _spelled_out(question, request.sources, products)
        # The product is settled by retrieval (scoping); its names are not what is asked.
        named = {
            stem
            for source in request.sources
            for product in source.evidence.chunk.products
            for stem in self._stems(product)
        }
        in_label_words = _in_label_words(question)
        asked = self._stems(in_label_words) - named - _ASKER_STEMS
        weight = self._word_weights(in_label_words)
        # The words that asked for an aspect ("storage", "kids") are answered by stating it
        # ("Store at 20°C", "pediatric patients"), not by repeating them.
        main = aspects[:2]
        consumed = [self._stems(" ".join(_asking_words(a, question))) & asked for a in main]
        rest = asked.difference(*consumed)
        # Every asked word counts, also those no source uses: a share of the words some source
        # holds would let one shared word answer anything ("the shipping weight of the
        # cafeteria menu" by a sentence about body weight).
        total = sum(weight.get(s, 1.0) for s in asked)

        def weighed(stems: set[str]) -> float:
            return sum(weight.get(s, 1.0) for s in stems)

        facts = asked_facts(question, request.question if question != request.question else "")
        scored: list[tuple[_Candidate, float, int]] = []
        near: list[tuple[float, tuple[_Candidate, float, int]]] = []
        # A sentence says what its heading names ("Alternative Regimen in Case of Intolerable
        # Headaches"): the heading's words count as the sentence's own (stemmed once a source).
        heading_stems = {
            s.n: self._stems(_heading(s.evidence.chunk.section)) for s in request.sources
        }
        for candidate in _candidates(request.sources, with_lists=True):
            stems = self._stems(candidate.text) | heading_stems[candidate.source.n]
            kind = candidate.source.evidence.chunk.section_kind
            stated = [bool(a.answered_by.search(candidate.text)) for a in main]
            # Where only its sections state an aspect (what to do after vomiting a dose), the
            # same words elsewhere (vomiting among adverse reactions) do not count either.
            elsewhere = [a.stated_only_in_sections and kind not in a.sections for a in main]
            stated = [said and not other for said, other in zip(stated, elsewhere, strict=True)]
            covered = weighed(rest & stems) + sum(
                0.0 if other else weighed(words) if said else weighed(words & stems)
                for words, said, other in zip(consumed, stated, elsewhere, strict=True)
            )
            shared = covered / total if total else 0.0
            if shared <= 0:
                continue
            section = candidate.source.evidence.chunk.section
            about = facts_matched(facts, candidate.text, section)
            # An answer shares a good part of the question's words, or states what it asks for
            # with some of them, or tells what to do for the patient it describes ("a 70 yo":
            # "Consider a starting dose of 25 mg in patients > 65 years"): word similarity alone
            # would "answer" anything with the least unrelated sentence.
            floor = self._config.min_question_coverage
            instructs = about > 0 and kind in _INSTRUCTING_SECTIONS
            passes = shared >= floor or ((any(stated) or instructs) and shared >= floor / 2)
            scoring = (candidate, _answers_aspect(candidate, main, stated), about)
            if passes:
                scored.append(scoring)
            else:
                near.append((shared, scoring))
        # A sentence about another patient (another weight band, grade, disease, time since
        # the missed dose) answers another question: never shown, even where no sentence is
        # about this one (the question is then declined, not answered for someone else).
        scored = [s for s in scored if s[2] >= 0]
        query = " ".join([question, *(a.label_words for a in aspects[:1])])
        # Below the floor, only a sentence that states the asked aspect (a vomited dose is not
        # answered by the missed-dose rule) in a section that answers it, or, where the question
        # names no aspect, one in a section that says what to do, may answer: a trial's result
        # or an adverse reaction table is never the closest thing to "can they take it at
        # bedtime long term?"
        answering = {k for a in main for k in a.sections} or _INSTRUCTING_SECTIONS
        similarity = self._similarity(query, [c for c, _, _ in scored])
        closest = self._closest_in_meaning(
            similarity,
            [
                (shared, (candidate, answers, about))
                for shared, (candidate, answers, about) in near
                if about >= 0
                and (not main or answers > 0)
                and candidate.source.evidence.chunk.section_kind in answering
            ],
        )
        if closest:
            scored.append(closest)
            similarity = self._similarity(query, [c for c, _, _ in scored])
        if not scored:
            return []
        found = []
        for (candidate, answers, about), signals, vector, relevance in zip(
            scored,
            self._signals(query, similarity, scored),
            similarity.vectors,
            self._relevance(similarity),
            strict=True,
        ):
            score = (
                relevance
                + self._config.aspect_weight * answers
                + self._config.patient_weight * about
            )
            eligible = score >= self._config.min_answer_relevance
            found.append(AnswerCandidate(candidate, signals, vector, score, eligible))
        return found

    def _closest_in_meaning(
        self,
        passing: _Similarity,
        near: Sequence[tuple[float, tuple[_Candidate, float, int]]],
    ) -> tuple[_Candidate, float, int] | None:
        """Of the sentences sharing a word of the question but too few to pass the floor, the
        closest in meaning, where it is close enough and closer than every sentence that passed
        (``passing``, their similarity to the query, whose vector is reused): "any options
        besides stopping?" is answered by "switch to one capsule at bedtime", which shares only
        "headaches" with it."""
        if not near:
            return None
        ranked = sorted(near, key=lambda n: -n[0])[: self._config.max_near_misses]
        vectors = self._embedder.embed_documents([scoring[0].text for _, scoring in ranked])
        cosine, closest = max((_cosine(passing.query_vector, v), i) for i, v in enumerate(vectors))
        best_passing = max(passing.cosines, default=-1.0)
        if cosine < self._config.min_meaning_similarity or cosine <= best_passing:
            return None
        return ranked[closest][1]

    def _on_asked_rows(self, picked: list[_Candidate], question: str) -> list[_Candidate]:
        """The picked sentences less the table rows whose label the question does not name
        where it names another row's of the same table: "grade 2 colitis: hold or stop?" is
        not answered by the pneumonitis or myocarditis rows of the dose-modification table."""
        asked = self._stems(question)
        labels = {
            i: self._stems(_row_label(c.text))
            for i, c in enumerate(picked)
            if looks_like_table_statement(c.text)
        }
        named = {_caption(picked[i].text) for i, stems in labels.items() if stems & asked}
        return [
            c
            for i, c in enumerate(picked)
            if i not in labels or _caption(c.text) not in named or labels[i] & asked
        ]

    def draft_answer(self, request: AnswerRequest) -> AnswerDraft:
        found = self.answer_candidates(request)
        # Where the question gives the patient's weight, age, grade or kidney function, a whole
        # table of bands does not answer it: the row for that patient does (and stays alone).
        whole_tables = not _states_a_band(asked_facts(request.question))
        if not whole_tables:
            wholes = {s.n: whole_table_statements(s.evidence.chunk.text) for s in request.sources}
            found = [
                f
                if f.text not in wholes.get(f.candidate.source.n, ())
                else dataclasses.replace(f, eligible=False)
                for f in found
            ]
        # Relevance decides whether a sentence may answer at all; the fitted ranker, which of
        # those answer best.
        picked = self._select(
            [f.candidate for f in found],
            self._ranker().scores([f.signals.vector() for f in found]),
            [f.vector for f in found],
            self._config.max_answer_sentences,
            eligible=[f.eligible for f in found],
            per_source_limit=self._config.max_answer_per_source,
        )
        if not picked:
            return AnswerDraft(refuse=True, reason="no_approved_source")
        picked = _within_tables(
            picked,
            [f.candidate for f in found if f.eligible],
            whole_tables=whole_tables,
        )
        picked = self._on_asked_rows(picked, request.question)
        picked.sort(key=lambda c: (c.source.n, c.position))
        return AnswerDraft(
            sentences=[DraftClaim(text=c.text, sources=[c.source.n]) for c in picked]
        )


def _row_label(statement: str) -> str:
    """The first cell of a stated row ("Colitis" of "Table 2: ... (...): Colitis | Grade 4 |
    Permanently discontinue."), without the group heading it sits under ("Ocular Events")."""
    return statement.partition("): ")[2].split(" | ")[0].rpartition(" \u2014 ")[2]


def _caption(statement: str) -> str:
    return statement.partition(" (")[0]


def _within_tables(
    picked: list[_Candidate], eligible: list[_Candidate], *, whole_tables: bool
) -> list[_Candidate]:
    """The picked sentences, each table row among them shown within the eligible statement of
    the rows around it: the rows one cell spans ("grade 3 colitis: hold or stop?" by both
    grades of colitis), and, with ``whole_tables``, the whole short table ("walk me through
    the ramp-up" by the whole schedule, not whichever week ranked first). Where the question
    gives the patient's weight, age, grade or kidney function, a row stays alone: "what if
    he's 120 kg?" is not answered by every weight band."""
    statements = {(c.source.n, c.text): c for c in eligible}
    within: dict[int, dict[str, str]] = {}
    shown: dict[tuple[int, str], _Candidate] = {}
    for candidate in picked:
        n = candidate.source.n
        if n not in within:
            within[n] = rows_within(candidate.source.evidence.chunk.text, whole_tables=whole_tables)
        outer = within[n].get(candidate.text)
        chosen = statements.get((n, outer), candidate) if outer else candidate
        shown.setdefault((n, chosen.text), chosen)
    return list(shown.values())


def _states_a_band(facts: PatientFacts) -> bool:
    """Whether the question gives a value a table's rows are bands of."""
    values = (facts.age, facts.weight, facts.grade, facts.clearance, facts.elapsed)
    return any(v is not None for v in values)


# Sections that tell a reader what to do or avoid, not what a trial or a table found.
_INSTRUCTING_SECTIONS = frozenset(
    {
        SectionKind.BOXED_WARNING,
        SectionKind.DOSAGE,
        SectionKind.CONTRAINDICATIONS,
        SectionKind.WARNINGS_PRECAUTIONS,
        SectionKind.DRUG_INTERACTIONS,
        SectionKind.SPECIFIC_POPULATIONS,
        SectionKind.HOW_SUPPLIED,
        SectionKind.PATIENT_COUNSELING,
        SectionKind.RESPONSE,
    }
)


# Field shorthand and lay words, in the words labels use: "1 cap at night + baby aspirin in the
# AM" is answered by "one capsule at bedtime and low-dose aspirin in the morning".
_LABEL_WORDS = tuple(
    (re.compile(pattern, re.IGNORECASE), words)
    for pattern, words in (
        (r"\bcaps?\b", "capsule"),
        (r"\btabs?\b", "tablet"),
        (r"\b(?:at )?night(?:time)?\b|\bat bed\b|\bqhs\b", "bedtime"),
        (r"(?-i:\bAM\b)|\bin the a\.m\.", "morning"),
        (r"(?-i:\bPM\b)", "evening"),
        (r"\bbid\b|\bb\.i\.d\.", "twice daily"),
        (r"\bqd\b|\bonce a day\b", "once daily"),
        (r"\bbaby aspirin\b", "low-dose aspirin"),
        (r"\bpre-?meds?\b|\bpre-?medicat\w*", "premedicate"),
        (r"\bwks?\b", "weeks"),
        (r"\bmos\b", "months"),
        (r"\bno response\b|\bnot responding\b", "no effect response"),
        (r"(?<=\d)(?=(?:mg|mcg|kg|ml)\b)", " "),
        (r"\bmg/day\b", "mg daily"),
        (r"\bb4\b", "before"),
        (
            r"\bbefore (?:we |they |you |pts? )?(?:start\w*|initiat\w*|begin\w*)\b",
            "prior to initiation",
        ),
        (r"\bgenotyp\w*", "genotyping testing"),
        (r"\bapo ?e ?(?:\u03b5|e)?4\b", "ApoE \u03b54"),
        (
            r"\b(?:go|come|step|drop|cut) (?:it )?(?:down|lower)(?: again)?\b|\bgo lower\b"
            r"|\bstep down\b",
            "further dose reduction",
        ),
        (r"\b(?:go|bump|move)(?: \w+)? (?:up )?to (?=\d)", "increasing the dosage to "),
        (r"\bgo back (?:up )?to\b|\bback up to\b", "resume"),
        (r"\bd/c\b", "discontinue"),
        (r"\bstop(?:ped|ping|s)?\b", "stop discontinue"),
        (r"\blabs\b|\blab work\b|\bbloodwork\b", "laboratory testing"),
        (r"(?-i:\bD5W\b)", "dextrose"),
        (r"\bsub-?q\b", "subcutaneous"),
        (r"(?-i:\bIV\b)", "intravenous"),
        (r"\brxns?\b", "reactions"),
        (r"(?-i:\bISRs?\b)", "injection site reactions"),
        (r"\b(juice|gatorade|soda|milk)\b", r"\1 liquids"),
        (r"\bdose[- ]reduc\w*|\breduc\w* the dose\b", "dose reduction"),
        (r"\binpatient\b|\bin (?:the )?hospital\b|\badmitted\b", "hospitalization"),
    )
)


def _heading(section: str) -> str:
    return section.rpartition(" > ")[2]


def _spelled_out(question: str, sources: Sequence[NumberedSource], products: set[str]) -> str:
    """The question with each clinician's short form the sources only write out ("CIS" for
    "clinically isolated syndrome", "afib") replaced by the sources' words, so that the sentence
    stating it shares them."""
    text = "\n".join(s.evidence.chunk.text for s in sources)
    # Two letters match too many phrases ("CT" would be the label's "clinical trials"): such a
    # form is read only as a standard abbreviation ("MI", "GI") or as a disease the sources'
    # indications name ("UC").
    indications = "\n".join(
        s.evidence.chunk.text
        for s in sources
        if s.evidence.chunk.section_kind is SectionKind.INDICATIONS
    )
    known = {word for product in products for word in re.findall(r"[\w-]+", product)}
    for short in abbreviations_in(question, known):
        as_written = re.compile(rf"(?<![\w-]){re.escape(short)}(?![\w-])")
        if as_written.search(text):
            continue  # none where the sources use the short form as it is
        if len(short) == 2:
            phrase = standard_long_form(short, text) or long_form(short, indications)
        else:
            phrase = long_form(short, text)
        if phrase is not None:
            question = as_written.sub(lambda _, words=phrase: words, question)
    return question


def _in_label_words(question: str) -> str:
    for pattern, words in _LABEL_WORDS:
        question = pattern.sub(words, question)
    return question


def _informativeness(word: str) -> float:
    """1.0 for a content word ("bedtime", "price"), down to 0.2 for the commonest words of
    English ("just", "get"): a question's filler should not decide whether a sentence
    answers it."""
    zipf = zipf_frequency(word, "en")
    return min(1.0, max(0.2, (_COMMON_ZIPF - zipf) / _ZIPF_SPAN))


def _asking_words(aspect: Aspect, question: str) -> list[str]:
    """The whole words of ``question`` that ask for ``aspect`` ("Breastfeeding", not the
    "Breastfeed" its pattern stops at: the two stem differently)."""
    spans = [m.span() for m in aspect.asked_by.finditer(question)]
    return [
        w.group()
        for w in _WHOLE_WORD.finditer(question)
        if any(w.start() < end and start < w.end() for start, end in spans)
    ]


def _answers_aspect(
    candidate: _Candidate, aspects: Sequence[Aspect], stated: Sequence[bool]
) -> float:
    """1.0 when the sentence states (``stated``, per aspect) what the main aspect asks for, in a
    section that answers it; less for a secondary aspect or another section; 0.0 for none."""
    section = candidate.source.evidence.chunk.section_kind
    for weight, aspect, said in zip((1.0, 0.6), aspects, stated, strict=False):
        if said:
            return weight if section in aspect.sections else weight / 2
    return 0.0
