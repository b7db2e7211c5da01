"""Therapies a question combines with one of our products, and whether the label allows them.

Combination partners are named by class ("a JAK inhibitor") so that a label allowing
"methotrexate" covers "MTX" too. A partner only counts as combined when the question says so
("plus", "added to") or links it to the product with "with"; "compared with" does not combine.
"""

from __future__ import annotations

import re

from assistant.grounding.offlabel.labels import ProductLabel, name_pattern, product_regex

__all__ = ["combinations_asked", "partner_listed"]

_I = re.IGNORECASE

_PARTNERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (topic, re.compile(pattern, _I))
    for topic, pattern in (
        (
            "chemotherapy",
            r"\bchemo(?:therapy)?\b|\bplatinum\b|\bcarboplatin\b|\bcisplatin\b|\bpemetrexed\b"
            r"|\bdocetaxel\b|\bpaclitaxel\b|\bgemcitabine\b"
            r"|\b7\s?\+\s?3\b|\bintensive (?:induction )?chemo\w*|\b(?:dauno|ida)rubicin\b",
        ),
        (
            "immunotherapy",
            r"\bimmunotherapy\b|\bcheckpoint inhibitors?\b|\b(?:anti-)?PD-?L?1\b"
            r"|\b(?:pembro|nivo|atezo|durva|ipili|ave)\w*mab\b",
        ),
        (
            "an antibody-drug conjugate",
            r"\benfortumab\b|\bsacituzumab\b|\bantibody[- ]drug conjugate",
        ),
        ("radiation", r"\bradiation\b|\bradiotherapy\b|\bstereotactic\b|\bwhole[- ]brain\b"),
        ("another kinase inhibitor", r"\bosimertinib\b|\b(?:EGFR|ALK|MET) inhibitors?\b"),
        (
            "a TNF blocker",
            r"\bTNF(?:-alpha|\u03b1)? (?:blockers?|inhibitors?)|\banti-TNF\b"
            r"|\b(?:adalimumab|infliximab|etanercept|certolizumab|golimumab)\b"
            r"|\b(?:enbrel|remicade|cimzia|simponi|inflectra|renflexis)\b",
        ),
        (
            "a JAK inhibitor",
            r"\bJAK inhibitors?\b|\b(?:tofa|upada|bari|filgo)citinib\b|\bfilgotinib\b",
        ),
        (
            "another biologic",
            r"\b(?:other |another |second )?biologics?\b|\b(?:vedoli|usteki|secuki|ixeki|risanki"
            r"|guselk|dupil)\w*mab\b|\bapremilast\b",
        ),
        (
            "a cDMARD",
            r"\bmethotrexate\b|(?-i:\bMTX\b)|\bc?s?DMARDs?\b|\bleflunomide\b|\bsulfasalazine\b",
        ),
        (
            "another MS therapy",
            r"\b(?:ocrelizumab|natalizumab|alemtuzumab|ofatumumab|interferon|glatiramer"
            r"|teriflunomide|cladribine|fingolimod|siponimod|ozanimod|ponesimod)\b"
            r"|\bdimethyl fumarate\b|\bDMTs?\b",
        ),
        (
            "another migraine preventive",
            r"\bonabotulinumtoxinA\b|\bbotox\b|\bbotulinum\b|\banti-CGRP\b"
            r"|\b(?:erenumab|galcanezumab|fremanezumab|eptinezumab|atogepant|rimegepant)\b",
        ),
        (
            "a TTR stabilizer or silencer",
            r"\bTTR (?:stabili[sz]ers?|silencers?)\b|\b(?:tafamidis|diflunisal|acoramidis"
            r"|patisiran|vutrisiran|inotersen|eplontersen)\b",
        ),
        (
            "an oral urate-lowering therapy",
            r"\ballopurinol\b|\bfebuxostat\b|\bzyloprim\b|\buloric\b|\bprobenecid\b"
            r"|\boral urate[- ]lowering\b|\bxanthine oxidase inhibitors?\b",
        ),
        (
            "another hair-loss treatment",
            r"\bfinasteride\b|\bdutasteride\b|\boral minoxidil\b|\bplatelet[- ]rich plasma\b"
            r"|\bother (?:hair|scalp) (?:products?|treatments?|medicines?)\b",
        ),
    )
)
# Any other drug, by its international nonproprietary name's stem ("enzalutamide",
# "carfilzomib"): a partner the classes above do not name is judged by its own name.
_ANY_DRUG = "another drug"
_INN_STEM = re.compile(
    r"\b[a-z]{3,}(?:mab|tinib|ciclib|parib|lisib|lutamide|terone|platin|taxel|rubicin|mustine"
    r"|citabine|trexed|fosfamide|zomib|lidomide|toclax|tecan|citinib|kinra|cept)\b",
    _I,
)
_COMBO_CUE = re.compile(
    r"\bplus\b|\bcombin\w*|\btogether with\b|\balongside\b"
    r"|\badd(?:ed|ing|s)?(?: [\w-]+){0,2}?(?: on)? to\b"
    r"|\badd-on\b|\bon top(?: of)?\b|\bconcurrent\w*|\bco-?administ\w+"
    r"|\bwhile (?:on|taking|receiving|getting|starting)\b|\bstay\w* on\b"
    r"|\bkeep\w* (?:\w+ ){0,3}(?:on|going)\b"
    r"|\bdual therapy\b|\s\+\s",
    _I,
)


# Words saying a patient cannot have a therapy, in a question ("unfit for intensive
# induction") or in an indication ("comorbidities that preclude use of intensive induction
# chemotherapy"): what follows them is no partner.
_UNFIT_FOR = (
    r"preclud\w*|(?:in|not )eligible for|unfit for|not (?:a )?candidates? for"
    r"|unable to (?:have|get|take|tolerate|receive)"
)
# A therapy the patient is not getting is no partner: "so no intensive chemo", "can't
# tolerate methotrexate", "unfit for intensive induction".
_DENIED_BEFORE = re.compile(
    r"\b(?:no|not|without|never|can'?t (?:have|get|take|tolerate|do)|cannot (?:have|get|take"
    rf"|tolerate)|intolerant (?:of|to)|{_UNFIT_FOR})\s+(?:\w+\s+)?$",
    _I,
)


def combinations_asked(
    text: str, mentions: list[tuple[int, ProductLabel]]
) -> list[tuple[str, str]]:
    """(partner topic, matched text) for each therapy combined with a mentioned product."""
    names = "|".join(product_regex(label).pattern for _, label in mentions)
    own = [m.span() for _, label in mentions for m in product_regex(label).finditer(text)]
    # (the product named by its own generic name is no partner: "ofatumumab" for KESIMPTA)
    partners = [
        (topic, m)
        for topic, pattern in _PARTNERS
        for m in [pattern.search(text)]
        if m
        and not any(start <= m.start() < end for start, end in own)
        and not _DENIED_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
    ]
    named = {m.group(0).lower() for _, m in partners}
    partners += [
        (_ANY_DRUG, m)
        for m in _INN_STEM.finditer(text)
        if m.group(0).lower() not in named
        and not any(start <= m.start() < end for start, end in own)
        and not any(p.search(m.group(0)) for _, p in _PARTNERS)
        and not _DENIED_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
    ]
    if len(mentions) > 1:
        partners += [
            (label.name, m)
            for _, label in mentions[1:]
            for m in [product_regex(label).search(text)]
            if m
        ]
    if not partners or not names:
        return []
    if _COMBO_CUE.search(text):
        return [(topic, m.group(0)) for topic, m in partners]
    combined = []
    for topic, m in partners:
        partner = re.escape(m.group(0))
        with_ = r"\W+(?:\w+\W+){0,3}?(?<!compared )(?<!comparison )with\W+(?:\w+\W+){0,3}?"
        link = rf"(?:{names}){with_}{partner}|{partner}{with_}(?:{names})"
        if re.search(link, text, _I):
            combined.append((topic, m.group(0)))
    return combined


# What an indication's patients cannot have, to the end of its clause.
_RULED_OUT = re.compile(rf"\b(?:{_UNFIT_FOR})[^,;.]*", _I)


def partner_listed(topic: str, phrase: str, label: ProductLabel) -> bool:
    """Whether the label allows combining with this partner (its class, or the name as written)."""
    patterns = [p for t, p in _PARTNERS if t == topic and topic != _ANY_DRUG] or [
        re.compile(name_pattern(phrase), _I)
    ]
    combos = [_RULED_OUT.sub(" ", combo) for combo in label.combinations]
    if topic == _ANY_DRUG:
        # a drug the dosing section doses the product with ("VENCLEXTA in combination with
        # rituximab") is a partner the label allows, wherever its indications name it
        combos += label.dosing_statements
    return any(p.search(combo) for p in patterns for combo in combos)
