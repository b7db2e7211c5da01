"""Off-label detection for a rep's question, before anything is retrieved or generated.

Reps must not promote off-label use: a question about an indication, population, dose, schedule
or combination outside the approved label is refused and routed to medical information. The check
is rule based and deliberately errs towards flagging (a missed off-label question is the costly
error; a false alarm only costs a medical information request).

Pregnancy and lactation questions are *not* off-label by themselves (every label has a pregnancy
section); questions about children for an adult-only product are, even when asked as "is it
approved for pediatric use?", because the answer belongs to medical information.

Besides its vocabulary, the check reads each label's own words: the youngest age each
indication approves, the biomarker status and mutation variants it requires, the line of
therapy it names, the dose and schedule each indication is given, the longest course the dosing
section states, the regimens it allows only for a while, and the sentences in which the label
says a use is not established, not recommended or not indicated.

The package is split by concept: ``vocabulary`` (conditions), ``indications``, ``population``,
``ages``, ``biomarkers``, ``lines``, ``doses``, ``regimens``, ``durations``, ``limitations``,
``routes``, ``combinations``, ``temporary``, ``labels`` (``ProductLabel``), ``documents``
(labels from the knowledge base) and ``check`` (the check itself).
"""

from __future__ import annotations

from assistant.grounding.offlabel.check import (
    OffLabelCheck,
    check_question,
    extract_off_label_topics,
)
from assistant.grounding.offlabel.documents import label_from_document, labels_from_manifest
from assistant.grounding.offlabel.labels import ProductLabel, merge_labels
from assistant.grounding.offlabel.vocabulary import CONDITIONS

__all__ = [
    "CONDITIONS",
    "OffLabelCheck",
    "ProductLabel",
    "check_question",
    "extract_off_label_topics",
    "label_from_document",
    "labels_from_manifest",
    "merge_labels",
]
