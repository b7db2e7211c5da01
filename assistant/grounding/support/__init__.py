"""Offline check that a generated sentence is supported by the approved text it cites.

No entailment model is trustworthy offline (docs/offline-models.md), so the verifier combines
cheap, explainable signals and is measured against labelled pairs (bench/verifier.py):

1. lexical overlap: the share of the sentence's content words (stemmed) found in the cited text,
   for the whole sentence and for each clause, so an added, unsupported clause is caught;
2. embedding similarity between the sentence and its best-matching passage window (a passage
   sentence or two adjacent ones), when an embedder is given;
3. exact agreement of numbers with their units (doses, percentages, durations, ranges);
4. negation / polarity agreement with the best-matching passage sentence;
5. words the cited text never uses: comparatives and superlatives; key clinical terms in any
   synonym (populations such as pediatric, pregnant, elderly, women; route; food; dosing
   frequency; severity; organ; trial design); and named entities (drug names, genes, enzymes,
   trial codes, disease names);
6. a pole swapped for its opposite (increase/decrease, before/after, renal/hepatic, continue/
   stop), read against the passage sentence the sentence restates;
7. scope: a restrictor ("severe") or a whole condition ("if ...", "in combination with ...",
   "in patients with ...") dropped, or the claim widened ("for any indication");
8. each number bound to the statement, and the item of a list, the source gives it for.
9. edits: a near-copy of one passage sentence (or bulleted list) that swaps a term inside it
   ("IgG" for "IgM", "precursors" for "sequelae") or drops a qualifier from it.

Signals 3-9 are hard failures: in a regulated briefing a wrong dose or a dropped "not" must be
rejected however similar the wording is. Every failure yields a human-readable reason that the
MLR reviewer sees. Everything here is pure and deterministic; the only state is a bounded cache
of embedding vectors so the same passage is not embedded twice.

The package is split by signal: ``lexical`` (1), ``quantities`` (3), ``polarity`` (4), ``terms``
(5), ``contrast`` (6), ``scope`` and ``conditions`` (7), ``binding`` (8), ``edits`` (9), with
``text`` (normalisation, sentence units) and ``wording`` (attributions, acronyms) below them and
``verifier`` (signal 2 and the combined check) above.
"""

from __future__ import annotations

from assistant.grounding.support.lexical import content_stems
from assistant.grounding.support.polarity import negation_cues
from assistant.grounding.support.quantities import Quantity, extract_quantities
from assistant.grounding.support.text import split_sentences
from assistant.grounding.support.verifier import (
    EmbedFn,
    SupportCheck,
    SupportConfig,
    SupportVerifier,
)

__all__ = [
    "EmbedFn",
    "Quantity",
    "SupportCheck",
    "SupportConfig",
    "SupportVerifier",
    "content_stems",
    "extract_quantities",
    "negation_cues",
    "split_sentences",
]
