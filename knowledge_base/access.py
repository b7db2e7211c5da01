"""Who may see what: the access rules of retrieval, defined once.

The same scope yields the Chroma ``where`` filter (applied inside the vector query) and the
predicate used as the lexical index's mask, so the two retrievers cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from knowledge_base.models import Audience, NoteAuthorRole, Role, Status

__all__ = ["GLOBAL_MARKET", "AccessScope", "ContentFilter", "date_ordinal", "product_key"]

#: A document whose market is GLOBAL is visible in every market.
GLOBAL_MARKET = "GLOBAL"

_AUDIENCES: dict[Role, tuple[Audience, ...]] = {
    # The commercial-medical firewall: reps never get medical-only content.
    Role.REP: (Audience.COMMERCIAL,),
    Role.MSL: (Audience.COMMERCIAL, Audience.MEDICAL),
    Role.MLR: (Audience.COMMERCIAL, Audience.MEDICAL),
    Role.ADMIN: (Audience.COMMERCIAL, Audience.MEDICAL),
}

_NOTE_AUTHORS: dict[Role, tuple[NoteAuthorRole, ...]] = {
    # MSL notes record medical exchanges: they stay on the medical side of the firewall.
    Role.REP: (NoteAuthorRole.REP,),
    Role.MSL: (NoteAuthorRole.REP, NoteAuthorRole.MSL),
    Role.MLR: (NoteAuthorRole.REP, NoteAuthorRole.MSL),
    Role.ADMIN: (NoteAuthorRole.REP, NoteAuthorRole.MSL),
}


def product_key(product: str) -> str:
    """The metadata key marking a chunk as about ``product`` (Chroma has no list membership)."""
    return "product:" + re.sub(r"[^a-z0-9]+", "-", product.lower()).strip("-")


def date_ordinal(day: date) -> int:
    """Dates as YYYYMMDD integers: Chroma filters compare numbers, not dates."""
    return day.year * 10_000 + day.month * 100 + day.day


@dataclass(frozen=True)
class AccessScope:
    """The reader of a retrieval: role, the day expiry is judged on, and market.

    ``market=None`` means every market (an MLR reviewer auditing all content).
    """

    role: Role
    today: date
    market: str | None = "US"

    @property
    def audiences(self) -> tuple[Audience, ...]:
        return _AUDIENCES[self.role]

    @property
    def note_authors(self) -> tuple[NoteAuthorRole, ...]:
        return _NOTE_AUTHORS[self.role]

    def _markets(self) -> list[str] | None:
        return None if self.market is None else [self.market.upper(), GLOBAL_MARKET]

    def content_where(self, extra: Sequence[dict[str, object]] = ()) -> dict[str, object]:
        """Chroma filter: approved, unexpired, audience the role may see, market (+ ``extra``)."""
        clauses: list[dict[str, object]] = [
            {"status": Status.APPROVED.value},
            {"expires_on": {"$gte": date_ordinal(self.today)}},
            {"audience": {"$in": [a.value for a in self.audiences]}},
        ]
        markets = self._markets()
        if markets is not None:
            clauses.append({"market": {"$in": markets}})
        return {"$and": [*clauses, *extra]}

    def allows(self, metadata: Mapping[str, object]) -> bool:
        """The same rule as ``content_where``, for one chunk's metadata."""
        markets = self._markets()
        expires_on = metadata.get("expires_on")
        return (
            metadata.get("status") == Status.APPROVED.value
            and isinstance(expires_on, int)
            and expires_on >= date_ordinal(self.today)
            and metadata.get("audience") in {a.value for a in self.audiences}
            and (markets is None or metadata.get("market") in markets)
        )

    def notes_where(self, hcp_id: str) -> dict[str, object]:
        return {
            "$and": [
                {"hcp_id": hcp_id},
                {"author_role": {"$in": [r.value for r in self.note_authors]}},
            ]
        }


@dataclass(frozen=True)
class ContentFilter:
    """Narrowing a query to products and section kinds (e.g. a product's boxed warning).

    Not an access rule: it is combined with the scope's rules, never replaces them.
    """

    products: tuple[str, ...] = ()
    section_kinds: tuple[str, ...] = ()
    without_section_kinds: tuple[str, ...] = ()

    def where_clauses(self) -> list[dict[str, object]]:
        clauses: list[dict[str, object]] = []
        if self.products:
            keys = [{product_key(p): True} for p in self.products]
            clauses.append(keys[0] if len(keys) == 1 else {"$or": keys})
        if self.section_kinds:
            clauses.append({"section_kind": {"$in": list(self.section_kinds)}})
        if self.without_section_kinds:
            clauses.append({"section_kind": {"$nin": list(self.without_section_kinds)}})
        return clauses

    def allows(self, metadata: Mapping[str, object]) -> bool:
        return (
            (not self.products or any(metadata.get(product_key(p)) is True for p in self.products))
            and (not self.section_kinds or metadata.get("section_kind") in self.section_kinds)
            and metadata.get("section_kind") not in self.without_section_kinds
        )
