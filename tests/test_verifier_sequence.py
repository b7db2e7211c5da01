"""Signal 10: two steps a restatement orders the other way round from the label are withheld;
the same order in other words, and "before or after", are not an order."""

from __future__ import annotations

import pytest

from assistant.grounding.support.sequence import order_reasons

ROGAINE = "Using fingers, massage into the scalp, then wash hands well."
BLINCYTO = (
    "A single cycle of BLINCYTO consists of 28 days of continuous intravenous infusion "
    "followed by a 14-day treatment-free interval (total 42 days)."
)
OPDIVO = "With ipilimumab: administer OPDIVO first followed by ipilimumab on the same day."


@pytest.mark.parametrize(
    ("sentence", "passage"),
    [
        ("Wash hands well before massaging the foam into the scalp with fingers.", ROGAINE),
        ("Wash hands well first, then massage the foam into the scalp.", ROGAINE),
        (
            "A cycle consists of a 14-day treatment-free interval followed by 28 days of "
            "continuous intravenous infusion.",
            BLINCYTO,
        ),
        (
            "With ipilimumab, administer ipilimumab first followed by OPDIVO on the same day.",
            OPDIVO,
        ),
    ],
)
def test_steps_in_the_other_order_are_reported(sentence: str, passage: str) -> None:
    (reason,) = order_reasons(sentence, passage)
    assert reason.startswith("time order differs from source: the sentence puts ")


@pytest.mark.parametrize(
    ("sentence", "passage"),
    [
        ("Massage the foam into the scalp with fingers, then wash hands well.", ROGAINE),
        ("After massaging it into the scalp with fingers, wash hands well.", ROGAINE),
        (
            "Each cycle is 28 days of continuous infusion followed by a 14-day treatment-free "
            "interval.",
            BLINCYTO,
        ),
        (
            "Take each dose immediately before or after a meal with fat.",
            "Administer immediately before or after ingestion of fat-containing food.",
        ),
        (
            "Count the days before and after the interruption.",
            "Continue to a total of 28 days inclusive of days before and after the interruption.",
        ),
    ],
)
def test_the_same_order_or_no_order_is_no_reason(sentence: str, passage: str) -> None:
    assert order_reasons(sentence, passage) == []
