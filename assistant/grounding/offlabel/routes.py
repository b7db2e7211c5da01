"""Routes of administration: those a label states and those a question asks about.

A question asking for an intravenous or oral form of a subcutaneous product is off-label, but
"IV" or "tablets" alone is not a request, so a route only counts when it is tied to the product
or to an administration word ("given IV", "an oral form").
"""

from __future__ import annotations

import re

from assistant.grounding.offlabel.labels import ProductLabel, product_regex

__all__ = ["LABEL_ROUTE_WORDS", "ROUTES", "routes_asked"]

_I = re.IGNORECASE

ROUTES: tuple[tuple[str, str], ...] = (
    ("intravenous", r"intravenous(?:ly)?|(?-i:IV)|infusions?|infused"),
    ("subcutaneous", r"subcutaneous(?:ly)?|(?-i:SC)|sub-?Q"),
    ("intramuscular", r"intramuscular(?:ly)?|(?-i:IM)"),
    ("oral", r"oral(?:ly)?(?! supplement)|by mouth|pills?|tablets?|capsules?"),
    ("topical", r"topical(?:ly)?|creams?|ointments?|gels?|foams?|(?:eye )?drops"),
    ("intrathecal", r"intrathecal(?:ly)?"),
    ("inhaled", r"inhal\w+|nebuli[sz]\w+"),
    ("intraocular", r"intraocular(?:ly)?|intracameral(?:ly)?|(?:ocular )?irrigati(?:on|ng)"),
)
LABEL_ROUTE_WORDS = {"topical": r"\bapply\b|\btopical"}
_ADMIN_VERB = (
    r"(?:given|administered|used|dosed|delivered|taken|injected|infused|applied|give|administer"
    r"|take)"
)
_ROUTE_NOUN = (
    r"(?:form|formulation|version|administration|route|dosing|dose|use|push|bolus|option"
    r"|injections?|shots?)"
)


def routes_asked(text: str, mentions: list[tuple[int, ProductLabel]]) -> list[str]:
    """Routes the question asks about for the product ("administered IV", "an oral form")."""
    names = "|".join(product_regex(label).pattern for _, label in mentions)
    asked = []
    for route, words in ROUTES:
        tied = (
            rf"\b{_ADMIN_VERB}\s+(?:it\s+)?(?:as\s+an?\s+|by\s+|via\s+|through\s+(?:an?\s+)?)?(?:{words})\b"
            rf"|\b(?:{words})\s+{_ROUTE_NOUN}\b|\b(?:{words})\s+(?:{names})|(?:{names})\s+(?:{words})\b"
            # "as an at-home subq injection": a word or two may stand before the route
            rf"|\bas\s+(?:an?\s+)?(?:[\w-]+\s+){{0,2}}?(?:{words})\b"
        )
        if re.search(tied, text, _I):
            asked.append(route)
    return asked
