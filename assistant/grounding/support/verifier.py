"""The support verifier: its thresholds, its verdict, and the check that combines the signals.

Each signal module answers one question; this one runs them all on a sentence and the passages
it cites, adds signal 2 (embedding similarity to the best passage window, when an embedder is
given) and turns hard failures and missed thresholds into one ``SupportCheck`` whose reasons the
MLR reviewer reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.grounding.support.binding import binding_reasons
from assistant.grounding.support.conditions import condition_reasons
from assistant.grounding.support.contrast import anchored_reasons, contrast_reasons
from assistant.grounding.support.edits import edit_reasons, exchanged_reasons
from assistant.grounding.support.lexical import clauses, content_stems, is_verbatim, share_found
from assistant.grounding.support.polarity import negation_reasons, quote_negated
from assistant.grounding.support.quantities import comparator_reasons, number_reasons
from assistant.grounding.support.scope import (
    dropped_phrase_reasons,
    hedge_reasons,
    qualifier_reasons,
    widening_reasons,
)
from assistant.grounding.support.sequence import order_reasons
from assistant.grounding.support.terms import comparative_reasons, entity_reasons, term_reasons
from assistant.grounding.support.text import split_sentences
from assistant.grounding.support.wording import plain_claim
from assistant.grounding.tables import is_table_statement_of, looks_like_table_statement

__all__ = ["EmbedFn", "SupportCheck", "SupportConfig", "SupportVerifier"]

EmbedFn = Callable[[list[str]], list[list[float]]]


@dataclass(frozen=True)
class SupportConfig:
    """Thresholds of the verifier, tuned on the tuning half of tests/data/verifier_pairs.jsonl.

    A sentence is supported only when every threshold below is met and no hard check (numbers,
    negation, terms, comparatives, entities) failed. A grid search over the tuning half gave a
    flat optimum (F1 for "unsupported" 0.96); the values are taken from the middle of that
    plateau rather than its edge, so they do not hinge on one labelled pair. ``bench/verifier.py``
    reports the held-out half.
    """

    # Weight of lexical overlap in the combined score; the embedding gets the rest.
    lexical_weight: float = 0.5
    # Combined score (0..1) a sentence needs. Faithful paraphrases score 0.7-1.0; unrelated or
    # padded sentences fall below 0.65.
    min_score: float = 0.65
    # Share of the sentence's content words that must occur in the cited text.
    min_lexical: float = 0.5
    # Share each clause (with at least ``min_clause_words`` content words) must reach; catches
    # a supported sentence with an unsupported clause appended ("..., and none were fatal").
    min_clause_lexical: float = 0.3
    min_clause_words: int = 3
    # Cosine similarity to the best passage window, when an embedder is given (MiniLM puts
    # unrelated label sentences at 0.2-0.5).
    min_embedding: float = 0.5
    # A polarity cue scopes over this many distinctive content words after it; a sentence
    # repeating all of them without the cue contradicts the cited text.
    negation_head_words: int = 2
    # A sentence found verbatim in the cited text (at least this many words) skips the score
    # thresholds; the hard checks still apply (a quote can drop the "not" before it).
    verbatim_min_words: int = 4
    # Each hard failure multiplies the reported score by this factor.
    hard_failure_penalty: float = 0.5
    # Bound on cached embedding vectors (passage windows repeat across sentences).
    embedding_cache_size: int = 4096


@dataclass(frozen=True)
class SupportCheck:
    """The verdict on one sentence: supported or not, a 0..1 score and the reasons why not."""

    supported: bool
    score: float
    reasons: tuple[str, ...]


def _similarities(query: np.ndarray, candidates: np.ndarray) -> list[float]:
    """Cosine similarity of ``query`` to each row of ``candidates``, floored at 0."""
    norms = np.linalg.norm(candidates, axis=1) * np.linalg.norm(query)
    cosines = candidates @ query / np.where(norms == 0, 1.0, norms)
    return [max(0.0, float(c)) for c in cosines]


def _windows(units: list[str]) -> list[tuple[int, int]]:
    """Index ranges [start, end) of single passage sentences and adjacent pairs."""
    singles = [(i, i + 1) for i in range(len(units))]
    pairs = [(i, i + 2) for i in range(len(units) - 1)]
    return singles + pairs


_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")


def _quoting_window(sentence: str, window_texts: Sequence[str]) -> int | None:
    """The first window holding ``sentence`` verbatim as a whole sentence (starting where a
    sentence starts, ending on its full stop), if any: a cut that drops a leading "not" or
    a qualifier is no such quote."""
    quote = " ".join(sentence.split())
    if len(quote.split()) < 8 or not quote.endswith((".", "!", "?")):
        return None
    for i, text in enumerate(window_texts):
        flat = " ".join(text.split())
        at = flat.find(quote)
        while at >= 0:
            if _SENTENCE_START.search(flat[:at]):
                return i
            at = flat.find(quote, at + 1)
    return None


class SupportVerifier:
    """Decides whether a sentence is supported by the text of the chunk(s) it cites."""

    def __init__(self, embed: EmbedFn | None = None, config: SupportConfig | None = None) -> None:
        self._embed = embed
        self.config = config or SupportConfig()
        self._cache: dict[str, np.ndarray] = {}

    # -- embedding -------------------------------------------------------------------------

    def _vectors(self, embed: EmbedFn, texts: list[str]) -> np.ndarray:
        """Embed ``texts``, reusing cached vectors; one embedder call for all missing texts."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            if len(self._cache) + len(missing) > self.config.embedding_cache_size:
                # Full: start afresh, and so embed every text of this call, cached or not.
                self._cache.clear()
                missing = list(dict.fromkeys(texts))
            vectors = embed(missing)
            if len(vectors) != len(missing):
                raise ValueError(f"embedder returned {len(vectors)} vectors for {len(missing)}")
            for text, vector in zip(missing, vectors, strict=True):
                self._cache[text] = np.asarray(vector, dtype=np.float64)
        return np.stack([self._cache[t] for t in texts])

    def _window_similarities(
        self, sentence: str, stems: list[str], window_texts: list[str]
    ) -> tuple[list[float], float | None]:
        """Similarity of the sentence to each passage window, and the best embedding cosine.

        Without an embedder the windows are ranked by word overlap instead, which is enough to
        find the passage sentence to compare polarity with.
        """
        if self._embed is None:
            overlaps = [share_found(stems, frozenset(content_stems(t))) for t in window_texts]
            return overlaps, None
        if sentence in window_texts:
            # A quote of one whole window (the extractive provider's every sentence): that window
            # is the best, at cosine 1, whatever the others score; nothing to embed.
            return [1.0 if text == sentence else -1.0 for text in window_texts], 1.0
        quoting = _quoting_window(sentence, window_texts)
        if quoting is not None:
            # A whole sentence quoted from inside one window (a passage split into sentences
            # elsewhere than where the quote was cut): the same, for that window.
            return [1.0 if i == quoting else -1.0 for i in range(len(window_texts))], 1.0
        vectors = self._vectors(self._embed, [sentence, *window_texts])
        similarities = _similarities(vectors[0], vectors[1:])
        return similarities, max(similarities)

    # -- the check -------------------------------------------------------------------------

    def check(
        self, sentence: str, passages: Sequence[str], *, subject: Sequence[str] = ()
    ) -> SupportCheck:
        """Check ``sentence`` against ``passages``, the text of the chunk(s) it cites.

        ``subject`` names what the passages are about (their products): a chunk of a label
        need not repeat the product's name for a sentence to name it.
        """
        if isinstance(passages, str):  # one passage passed bare: not a sequence of characters
            passages = [passages]
        cited_text = "\n\n".join(p for p in passages if p and p.strip())
        if not sentence or not sentence.strip():
            return SupportCheck(False, 0.0, ("empty sentence",))
        units = split_sentences(cited_text)
        if not units:
            return SupportCheck(False, 0.0, ("no cited text to check the sentence against",))
        if looks_like_table_statement(sentence):
            # A table row stated with its caption and headers is a quote: supported exactly as
            # the cited table has it (nothing paraphrased, nothing to invert), else not at all;
            # a changed cell could otherwise borrow its number from another row.
            if any(is_table_statement_of(sentence.strip(), p) for p in passages):
                return SupportCheck(True, 1.0, ())
            return SupportCheck(False, 0.0, ("not a row of the cited table as the table has it",))

        claim = plain_claim(sentence, cited_text)
        named = "\n".join([cited_text, *subject])
        stems = content_stems(claim)
        windows = _windows(units)
        similarities, embedding = self._window_similarities(
            claim, stems, [" ".join(units[a:b]) for a, b in windows]
        )
        # Singles come first in ``windows``: the best single passage sentence is among them.
        best_single = max(range(len(units)), key=similarities.__getitem__)
        start, end = windows[max(range(len(windows)), key=similarities.__getitem__)]
        window = " ".join(units[start:end])
        # How much of each passage sentence the claim repeats.
        claim_stems = frozenset(stems)
        unit_stems = [frozenset(content_stems(u)) for u in units]
        repeated = [share_found(list(u), claim_stems) for u in unit_stems]
        # The passage sentence sharing most of the sentence's words: the one whose polarity a
        # restatement must keep, whichever window the embedding prefers.
        best_words = max(range(len(units)), key=repeated.__getitem__)

        # The passage sentence holding most of the claim's words, which the claim restates, with
        # any other it mostly repeats (a claim may join two): a swapped pole shows against these
        # even when the window pairs them with a sentence stating the claim's pole ("after the
        # first dose" beside "prior to initiation").
        main = max(
            range(len(units)), key=lambda i: (share_found(stems, unit_stems[i]), repeated[i])
        )
        restated = " ".join(u for i, u in enumerate(units) if i == main or repeated[i] >= 0.5)

        verbatim = is_verbatim(claim, cited_text, self.config.verbatim_min_words)
        if verbatim:  # a quote is as negated as its source, unless a "not" just before it
            negation = ["negation mismatch: the quote drops the 'not' before it"] * quote_negated(
                claim, cited_text
            )
        else:
            negation = negation_reasons(
                claim,
                " ".join(units[i] for i in sorted({best_single, best_words})),
                units[start:end],
                units,
                self.config.negation_head_words,
            )
        hard = [
            *number_reasons(claim, cited_text),
            *comparator_reasons(claim, cited_text),
            *binding_reasons(claim, units, subject),
            *negation,
            *(
                contrast_reasons(claim, window)
                or contrast_reasons(claim, restated)
                # A pole said in other words than the window's may be the next item's, which
                # the claim also restates ("150 mg ... with a moderate CYP3A inhibitor").
                or (anchored_reasons(claim, restated) and anchored_reasons(claim, window))
            ),
            *qualifier_reasons(claim, window),
            *hedge_reasons(claim, window),
            *(order_reasons(claim, restated) or order_reasons(claim, window)),
            *dropped_phrase_reasons(claim, window),
            *condition_reasons(
                claim, units[start:end], frozenset(content_stems(" ".join(subject)))
            ),
            *widening_reasons(claim, cited_text, window),
            *edit_reasons(claim, cited_text, subject),
            *exchanged_reasons(claim, cited_text),
            *comparative_reasons(claim, cited_text),
            *term_reasons(claim, named),
            *entity_reasons(claim, named),
        ]
        if verbatim:
            # Quoted from the cited text: only the hard checks (a dropped "not" before the
            # quote, a missing entity) can still reject it.
            base, soft = 1.0, []
        else:
            base, soft = self._score(stems, claim, named, embedding)
        score = base * self.config.hard_failure_penalty ** len(hard)
        reasons = tuple(hard + soft)
        return SupportCheck(not reasons, round(min(1.0, max(0.0, score)), 4), reasons)

    def _score(
        self, stems: list[str], sentence: str, cited_text: str, embedding: float | None
    ) -> tuple[float, list[str]]:
        """The combined 0..1 support score and the thresholds it fails (lexical, clause,
        embedding, combined)."""
        cfg = self.config
        vocabulary = frozenset(content_stems(cited_text))
        lexical = share_found(stems, vocabulary)
        clause_scores = [
            (clause, share_found(clause_stems, vocabulary))
            for clause in clauses(sentence)
            if len(set(clause_stems := content_stems(clause))) >= cfg.min_clause_words
        ]
        if embedding is None:
            base = lexical
        else:
            base = cfg.lexical_weight * lexical + (1 - cfg.lexical_weight) * embedding
        return base, self._soft_reasons(lexical, clause_scores, embedding, base)

    def _soft_reasons(
        self,
        lexical: float,
        clause_scores: list[tuple[str, float]],
        embedding: float | None,
        base: float,
    ) -> list[str]:
        """Threshold failures, worded for a reviewer."""
        cfg = self.config
        reasons = []
        if lexical < cfg.min_lexical:
            reasons.append(
                f"low word overlap: {lexical:.0%} of content words found in cited text "
                f"(needs {cfg.min_lexical:.0%})"
            )
        reasons.extend(
            f"clause not supported: {clause.strip()!r} ({share:.0%} of its words found)"
            for clause, share in clause_scores
            if share < cfg.min_clause_lexical
        )
        if embedding is not None and embedding < cfg.min_embedding:
            reasons.append(
                f"low semantic similarity to cited text: {embedding:.2f} "
                f"(needs {cfg.min_embedding:.2f})"
            )
        if not reasons and base < cfg.min_score:
            reasons.append(f"combined support score {base:.2f} below {cfg.min_score:.2f}")
        return reasons
