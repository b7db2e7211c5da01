"""Product scoping: a question about one product is answered from that product's sources only.

Which products a question is about: those it names by brand or generic name, in any case, also
misspelled by one letter ("tagriso", "keytrudda"), or shortened as clinicians do ("pembro"
for pembrolizumab); a follow-up that names none ("and in renal
impairment?") inherits the products of the conversation's latest turn that named one.

Enforced twice, whatever the provider: retrieval is narrowed to the products' documents before
anything is generated, and afterwards a sentence is withheld when its citations are all to
other products' documents or when it names other products and not the asked one (a class
statement that names the asked product, "PD-1 blockers, including KEYTRUDA", stays usable).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence

from assistant.outputs import GuardrailFlag, Sentence
from knowledge_base.products import brand_first_word, split_product_name

__all__ = ["asked_products", "names_in", "withhold_other_products"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_MIN_FUZZY_LENGTH = 5  # shorter names ("ODT") must be spelled right
_MIN_SHORTHAND_TARGET = 9  # "pembro" stands for pembrolizumab; "stela" is no name for STELARA
# Clinicians' names too short for the prefix rule ("ven/aza", "nivo + ipi", "T-DXd"), each
# tied to the generic name it stands for.
_SHORT_NAMES = {
    "ven": "venetoclax",
    "nivo": "nivolumab",
    "t-dxd": "fam-trastuzumab deruxtecan-nxki",
}
# A product named as the patient's history, not as what is asked about: "progressed on
# trastuzumab", "first line before osimertinib", "switching from HUMIRA" ("X vs Y" asks both).
_CONTEXT_BEFORE = re.compile(
    r"\b(?:progress\w*|failed|failure|fail\w*|refractory|intoleran\w*|resistant|relapsed)"
    r"(?: \w+)? (?:on|to|of|with|after)\s+(?:\w+\s+)?$"
    r"|\b(?:before|after|following|instead of|rather than"
    r"|switch\w* (?:from|off)|coming off|previously (?:on|treated with)|prior)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)


_BIOLOGIC_AFFIXES = re.compile(r"^[a-z]{3}-(?=[a-z]{4})|-[a-z]{4}$")


def _names(product: str) -> tuple[str, ...]:
    """'NURTEC ODT (rimegepant)' -> ('NURTEC ODT', 'rimegepant', 'NURTEC'); "MEN'S ROGAINE"
    adds ROGAINE."""
    brand, generic = split_product_name(product)
    names = [brand]
    if generic:
        names += [g.strip() for g in re.split(r",\s*(?:and\s+)?|\s+and\s+", generic) if g.strip()]
        # A biologic's name without the FDA's prefix and four-letter suffix, as people say it:
        # "trastuzumab deruxtecan" for "fam-trastuzumab deruxtecan-nxki".
        names += [
            core
            for g in names[1:]
            if (core := _BIOLOGIC_AFFIXES.sub("", g)) != g and len(core) >= _MIN_FUZZY_LENGTH
        ]
    if brand.upper().startswith("MEN'S "):
        names.append(brand[6:].strip())
    elif first := brand_first_word(brand):
        names.append(first)  # "Nurtec" for NURTEC ODT
    return tuple(names)


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def _name_matches(name: str, words: Sequence[str], lowered: str) -> bool:
    parts = name.lower().split()
    if len(parts) > 1 or not parts:
        return re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", lowered) is not None
    target = parts[0]
    for word in words:
        if word == target:
            return True
        if min(len(target), len(word)) >= _MIN_FUZZY_LENGTH and (
            (word[0] == target[0] and _one_edit_apart(word, target))
            # clinicians' shorthand for a long name: "pembro", "osimert"
            or (len(target) >= _MIN_SHORTHAND_TARGET and target.startswith(word))
        ):
            return True
    return False


def names_in(text: str, products: Iterable[str]) -> list[str]:
    """The products (as the catalog names them) that ``text`` names, in catalog order.

    Longer names are read first and a name of several words is blanked once found: "trastuzumab
    deruxtecan" is ENHERTU's, and the "trastuzumab" inside it does not name HERCEPTIN."""
    products = list(products)
    lowered = _with_short_names(text.lower().replace("\u2019", "'"))
    named_by = sorted(
        ((name, product) for product in products for name in _names(product)),
        key=lambda pair: -len(pair[0]),
    )
    found: set[str] = set()
    words = _words(lowered)
    for name, product in named_by:
        if product in found or not _name_matches(name, words, lowered):
            continue
        found.add(product)
        if " " in name.strip():
            pattern = rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])"
            lowered = re.sub(pattern, lambda m: " " * len(m.group(0)), lowered)
            words = _words(lowered)
    return [p for p in products if p in found]


def _words(lowered: str) -> list[str]:
    # "pembrolizumab's half-life" names pembrolizumab.
    return [re.sub(r"'s$", "", w.lower()).strip("'-") for w in _WORD.findall(lowered)]


def _with_short_names(lowered: str) -> str:
    for short, generic in _SHORT_NAMES.items():
        lowered = re.sub(rf"(?<![\w-]){re.escape(short)}(?![\w-])", generic, lowered)
    return lowered


def _named_as_context(text: str, product: str) -> bool:
    """Whether every mention of ``product`` in ``text`` is the patient's history ("progressed
    on trastuzumab", "before osimertinib") rather than the subject."""
    lowered = _with_short_names(text.lower().replace("\u2019", "'"))
    starts = [
        m.start()
        for name in _names(product)
        for m in re.finditer(rf"(?<![\w-]){re.escape(name.lower())}", lowered)
    ]
    return bool(starts) and all(_CONTEXT_BEFORE.search(lowered[:start]) for start in starts)


def _subjects(text: str, named: list[str]) -> list[str]:
    """``named`` without the products ``text`` names only as history, unless that would leave
    none."""
    subjects = [p for p in named if not _named_as_context(text, p)]
    return subjects or named


def asked_products(
    question: str, history: Sequence[tuple[str, str]], products: Collection[str]
) -> list[str]:
    """The products a question is about: named in it, or else in the latest earlier turn
    (``(role, text)``, oldest first) that names one. [] when the conversation names none."""
    named = names_in(question, products)
    if named:
        return _subjects(question, named)
    for _, text in reversed(history):
        named = names_in(text, products)
        if named:
            return _subjects(text, named)
    return []


def withhold_other_products(
    sentences: Sequence[Sentence],
    asked: Collection[str],
    products: Collection[str],
    document_products: Mapping[str, Collection[str]],
) -> list[Sentence]:
    """``sentences`` with every one that is about another product than ``asked`` withheld."""
    if not asked:
        return list(sentences)
    asked_set = set(asked)
    others = [p for p in products if p not in asked_set]
    checked: list[Sentence] = []
    for sentence in sentences:
        cited = [set(document_products.get(c.doc_id, ())) for c in sentence.citations]
        wrong_source = bool(cited) and all(not (docs & asked_set) for docs in cited)
        named_others = names_in(sentence.text, others)
        wrong_subject = bool(named_others) and not names_in(sentence.text, asked)
        if sentence.shown and (wrong_source or wrong_subject):
            about = ", ".join(named_others) or "another product's document"
            sentence = sentence.model_copy(
                update={
                    "shown": False,
                    "reasons": [
                        *sentence.reasons,
                        f"about {about}, not {', '.join(asked)} as asked",
                    ],
                    "flags": [
                        *sentence.flags,
                        GuardrailFlag(kind="other_product", detail=about),
                    ],
                }
            )
        checked.append(sentence)
    return checked
