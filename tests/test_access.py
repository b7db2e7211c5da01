from __future__ import annotations

import itertools
from datetime import date

import pytest

from knowledge_base.access import AccessScope, date_ordinal
from knowledge_base.models import Audience, NoteAuthorRole, Role, Status

TODAY = date(2026, 11, 24)


def meta(status: str, expires: date, audience: str, market: str) -> dict:
    return {
        "status": status,
        "expires_on": date_ordinal(expires),
        "audience": audience,
        "market": market,
    }


def test_rep_sees_only_commercial_and_no_msl_notes() -> None:
    scope = AccessScope(Role.REP, TODAY)
    assert scope.audiences == (Audience.COMMERCIAL,)
    assert scope.note_authors == (NoteAuthorRole.REP,)
    assert not scope.allows(meta("approved", date(2027, 1, 1), "medical", "US"))
    assert scope.allows(meta("approved", date(2027, 1, 1), "commercial", "US"))


@pytest.mark.parametrize("role", [Role.MSL, Role.MLR, Role.ADMIN])
def test_medical_roles_see_both_audiences(role: Role) -> None:
    scope = AccessScope(role, TODAY)
    assert scope.allows(meta("approved", date(2027, 1, 1), "medical", "US"))
    assert scope.allows(meta("approved", date(2027, 1, 1), "commercial", "US"))


def test_expiry_is_inclusive_of_today_and_status_must_be_approved() -> None:
    scope = AccessScope(Role.MLR, TODAY)
    assert scope.allows(meta("approved", TODAY, "commercial", "US"))
    assert not scope.allows(meta("approved", date(2026, 11, 23), "commercial", "US"))
    for status in Status:
        if status is not Status.APPROVED:
            assert not scope.allows(meta(status.value, date(2027, 1, 1), "commercial", "US"))


def test_market_filter() -> None:
    us = AccessScope(Role.MSL, TODAY, market="US")
    assert us.allows(meta("approved", date(2027, 1, 1), "commercial", "GLOBAL"))
    assert not us.allows(meta("approved", date(2027, 1, 1), "commercial", "EU"))
    everywhere = AccessScope(Role.MLR, TODAY, market=None)
    assert everywhere.allows(meta("approved", date(2027, 1, 1), "commercial", "EU"))


def test_where_filter_states_the_same_rule() -> None:
    """Evaluate the Chroma filter by hand over every combination: it must agree with allows()."""

    def matches(where: dict, m: dict) -> bool:
        if "$and" in where:
            return all(matches(clause, m) for clause in where["$and"])
        ((key, condition),) = where.items()
        if isinstance(condition, dict):
            ((op, value),) = condition.items()
            return {"$in": lambda: m[key] in value, "$gte": lambda: m[key] >= value}[op]()
        return m[key] == condition

    combos = list(
        itertools.product(
            [s.value for s in Status],
            [date(2026, 1, 1), TODAY, date(2028, 1, 1)],
            [a.value for a in Audience],
            ["US", "EU", "GLOBAL"],
        )
    )
    for role, market in itertools.product(Role, ["US", "EU", None]):
        scope = AccessScope(role, TODAY, market=market)
        for combo in combos:
            m = meta(*combo)
            assert matches(scope.content_where(), m) == scope.allows(m), (role, market, combo)
