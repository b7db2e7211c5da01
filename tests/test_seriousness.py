"""Seriousness (ICH E2A) as the PV queue reads it: shapes written from the criteria, and the floor
of the blind set it was tuned on (first measurement: serious recall 0.721, death 0.800;
bench/seriousness.py prints the table)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.pharmacovigilance.seriousness import Seriousness, seriousness

DATA = Path(__file__).resolve().parent.parent / "bench" / "data"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("opdivo pt passed away last week after the pneumonitis came back", Seriousness.DEATH),
        ("his daughter called, he's gone, it was sunday", Seriousness.DEATH),
        ("El paciente falleció tras la tercera dosis.", Seriousness.DEATH),
        ("pt coded during the infusion and could not be revived", Seriousness.DEATH),
        ("anaphylaxis at the center, given epinephrine x2", Seriousness.LIFE_THREATENING),
        ("she nearly died, BP 60/30 when EMS arrived", Seriousness.LIFE_THREATENING),
        ("intubated in the ED for angioedema", Seriousness.LIFE_THREATENING),
        ("admitted overnight for obs after the syncope", Seriousness.HOSPITALISATION),
        ("ended up on the cardiac floor x 2d", Seriousness.HOSPITALISATION),
        ("Le patient a été hospitalisé pour une colite.", Seriousness.HOSPITALISATION),
        ("lost the vision in her left eye, not come back after 2 months", Seriousness.DISABILITY),
        (
            "baby born with a cleft palate after exposure in the first trimester",
            Seriousness.CONGENITAL_ANOMALY,
        ),
        # not the patient's, not told, or not serious
        ("her husband died last year; she has a mild rash", Seriousness.NON_SERIOUS),
        ("seen in the ER for hives and discharged home the same day", Seriousness.NON_SERIOUS),
        ("pt got a rash, not admitted", Seriousness.NON_SERIOUS),
        ("asked about the death rates in the trial", Seriousness.NON_SERIOUS),
        ("icu nurse asked about dosing; outpatient with a headache", Seriousness.NON_SERIOUS),
        ("afraid she might die if the bleeding starts again?", Seriousness.NON_SERIOUS),
        ("pas d'hospitalisation, quelques ecchymoses", Seriousness.NON_SERIOUS),
    ],
)
def test_the_criterion_each_text_reports(text: str, level: Seriousness) -> None:
    assert seriousness(text) is level


def test_the_tuned_blind_set_floor() -> None:
    rows = [
        json.loads(line)
        for line in (DATA / "seriousness_blind_v1.jsonl").read_text("utf-8").splitlines()
        if line
    ]
    read = [seriousness(r["text"]) for r in rows]
    serious = [r["seriousness"] != "non_serious" for r in rows]
    caught = sum(s and r.serious for s, r in zip(serious, read, strict=True))
    assert caught / sum(serious) >= 0.95
    assert caught / sum(r.serious for r in read) >= 0.95
