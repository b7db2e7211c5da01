"""The catalog's revision grows with every change and only then: the backlog summary is cached
by it, so a change it missed would show a stale summary."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from knowledge_base.catalog import Catalog
from knowledge_base.models import HcpProfile, Inquiry
from knowledge_base.screening import ScreenedFlag

pytest_plugins = ["tests.postgres"]


@pytest.fixture(params=["sqlite", "postgresql"])
def catalog(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'catalog.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    catalog = Catalog.open(url)
    yield catalog
    catalog.close()


def _inquiry(status: str = "open") -> Inquiry:
    return Inquiry(
        inquiry_id="INQ-1",
        hcp_id="HCP-001",
        received_at=datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
        channel="email",
        product="TAGRISSO",
        question="What is the recommended dose?",
        status=status,
        priority="normal",
    )


def test_every_change_raises_the_revision_and_a_no_op_does_not(catalog: Catalog) -> None:
    seen = [catalog.revision()]

    def changed() -> bool:
        seen.append(catalog.revision())
        return seen[-1] > seen[-2]

    assert seen == [0]  # a new catalog
    catalog.upsert_inquiries([_inquiry()])
    assert changed()
    catalog.upsert_inquiries([_inquiry()])  # the same record again: nothing changed
    assert not changed()
    catalog.upsert_inquiries([_inquiry(status="closed")])  # the same id, a new status
    assert changed()
    hcp = HcpProfile(
        hcp_id="HCP-001",
        name="Dr. A",
        specialty="oncology",
        subspecialty="",
        institution="General Hospital",
        patient_mix="",
        consent_email=True,
        consent_visit=True,
        consent_phone=False,
        preferred_channel="visit",
    )
    catalog.upsert_hcps([hcp])
    assert changed()
    catalog.record_withdrawal("tagrisso-label", "3", reason="superseded", by="mlr")
    assert changed()
    flag = ScreenedFlag(
        source_type="inquiry",
        source_id="INQ-1",
        source_file="inquiries.csv",
        row=2,
        kind="PC",
        evidence="several syringes arrived with cracked plungers",
    )
    assert catalog.add_safety_flags([flag]) == 1
    assert changed()
    assert catalog.add_safety_flags([flag]) == 0  # stored already
    assert not changed()
    # Another process (another app instance) sees the same revision.
    other = Catalog(catalog.engine)
    assert other.revision() == seen[-1]
