"""Compliance guardrails on generated text, and prompt-injection screening of inputs.

``sentence_flags`` checks one generated sentence for what promotional rules forbid: superlatives,
unsupported comparisons, guarantees, PHI, and products the cited sources are not about. A
superlative or comparison is allowed when the cited approved text states it (a label's trial
result "compared with placebo"); a guarantee never is, unless negated ("is not a cure").

``injection_flags`` screens retrieved text, field notes and user questions for attempts to steer
the model ("ignore previous instructions", "reveal the notes", base64-wrapped instructions).

Both are pure and deterministic: rules only, no model calls.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Collection, Iterable

from assistant.outputs import GuardrailFlag
from knowledge_base.redaction import PhiKind, redact

__all__ = [
    "COMPARATIVE_PATTERNS",
    "GUARANTEE_PHRASES",
    "INJECTION_PATTERNS",
    "SUPERLATIVE_PHRASES",
    "context_injection_flags",
    "injection_flags",
    "sentence_flags",
]

_I = re.IGNORECASE

SUPERLATIVE_PHRASES: tuple[str, ...] = (
    "best",
    "best-in-class",
    "first-in-class",
    "safest",
    "most effective",
    "most efficacious",
    "most potent",
    "most powerful",
    "most advanced",
    "most trusted",
    "most prescribed",
    "most convenient",
    "most tolerable",
    "most well-tolerated",
    "best tolerated",
    "strongest",
    "fastest",
    "greatest",
    "unmatched",
    "unparalleled",
    "unprecedented",
    "unrivaled",
    "unrivalled",
    "unsurpassed",
    "revolutionary",
    "breakthrough",
    "game-changer",
    "game-changing",
    "miracle",
    "wonder drug",
    "gold standard",
    "number one",
    "#1",
    "no. 1",
    "world-class",
    "cutting-edge",
    "state-of-the-art",
    "ideal",
    "perfect",
    "leading",
    "the only treatment",
    "the only therapy",
    "the only option",
    "the only drug",
    "the only medicine",
)
# Phrases that contain a superlative word without being a claim.
_SUPERLATIVE_EXCEPTIONS = re.compile(
    r"\bbest supportive care\b|\bat best\b|\bleading (?:to|cause)\b|\bbest[- ]corrected\b"
    r"|\bbreakthrough (?:disease|activity|relapses?|pain|bleeding|infections?|seizures?)\b",
    _I,
)

_OBJ = r"(?P<obj>(?:[\w%.-]+\s+){0,3}?[\w%.-]*[\w%])"
# (kind, pattern): "neutral" comparisons pass when the cited text compares with the same
# comparator; "evaluative" ones need the same wording in the cited text; "numeric" ones need
# the same number there.
COMPARATIVE_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "evaluative",
        r"\b(?:better|safer|stronger|faster|more (?:effective|efficacious|potent|convenient"
        r"|tolerable)|better tolerated|less toxic)\s+than\s+" + _OBJ,
    ),
    ("evaluative", r"\b(?:superior|non-?inferior|preferable)\s+(?:to|over)\s+" + _OBJ),
    ("evaluative", r"\boutperform\w*\s+" + _OBJ),
    ("evaluative", r"(?<!heart )\bbeats?\s+(?!per\b)" + _OBJ),
    (
        "evaluative",
        r"\bfewer (?:side effects|adverse (?:events|reactions)|discontinuations|injections)"
        r"\s+than\s+" + _OBJ,
    ),
    ("evaluative", r"\bunlike\s+" + _OBJ),
    ("evaluative", r"\bsuperiority\b|\bsuperior\b(?!\s+(?:to|over)\b)"),
    ("evaluative", r"\bcompetitors?\b|\bthe competition\b"),
    ("evaluative", r"\b(?:more|less) (?:effective|efficacious|potent|toxic)\b(?!\s+than\b)"),
    (
        "neutral",
        r"\b(?:compared (?:with|to)|in comparison (?:with|to)|relative to|versus|vs\.?"
        r"|head[- ]to[- ]head(?: with| against)?)\s+" + _OBJ,
    ),
    (
        "numeric",
        r"\b\d+(?:\.\d+)?\s*%\s+(?:more|greater|higher|lower|less|fewer|better|reduction"
        r"|improvement|increase|decrease)\b",
    ),
    ("numeric", r"\b\d+(?:\.\d+)?[- ]fold\b"),
    (
        "numeric",
        r"\b(?:twice|three times|two times|\d+ times)\s+(?:as|more|greater|higher|better|faster"
        r"|stronger|longer|lower|less|fewer)\b",
    ),
)

GUARANTEE_PHRASES: tuple[str, ...] = (
    "cure",
    "cures",
    "cured",
    "curative",
    "guarantee",
    "guarantees",
    "guaranteed",
    "always works",
    "works for everyone",
    "works for every patient",
    "works for all patients",
    "never fails",
    "100%",
    "completely safe",
    "totally safe",
    "perfectly safe",
    "entirely safe",
    "absolutely safe",
    "100% safe",
    "no side effects",
    "without side effects",
    "without any side effects",
    "free of side effects",
    "side-effect-free",
    "risk-free",
    "no risk",
    "zero risk",
    "permanent cure",
    "permanent results",
)
_NEGATED = re.compile(
    r"\b(?:not|never|no|cannot|can't|isn't|doesn't|don't|won't|without|nor)\b(?:\W+\w+){0,2}\W*$",
    _I,
)

INJECTION_PATTERNS: tuple[str, ...] = (
    r"\b(?:ignore|disregard|forget|override|bypass|skip)\b(?:\s+(?:all|any|every|the|your|these"
    r"|those|my|of|previous|prior|above|earlier|preceding|foregoing|original|existing|system"
    r"|safety|compliance|other))*\s+(?:instructions?|prompts?|rules|guidelines|directions"
    r"|guardrails|polic(?:y|ies)|constraints|restrictions|filters?|context|messages?)\b",
    r"\bforget (?:everything|all)\b(?: (?:above|before|you (?:were|have been) told))?",
    r"\byou are now (?:an?|the|my|in|acting|free|no longer|DAN|unrestricted)\b",
    r"\bfrom now on,? you (?:are|will|must|should)\b",
    r"\bnew (?:role|persona|instructions?)\s*:",
    r"\bpretend (?:to be|you are|that you)\b|\brole-?play as\b",
    r"\bact as (?:if|though|my\b|an? (?:unrestricted|unfiltered|different|new|jailbroken)"
    r"|the (?:system|admin|developer))",
    r"\bact as\b(?=[^.\n]{0,40}\b(?:assistant|AI|model|chatbot|bot|GPT|DAN|developer|admin"
    r"|without (?:restrictions|rules|limits)))",
    r"\bsystem prompt\b|\bsystem message\b|\bdeveloper (?:mode|message|instructions)\b"
    r"|\bhidden (?:instructions|prompt)\b|\binitial instructions\b",
    r"\b(?:reveal|leak|dump|expose|exfiltrate|disclose)\b[^.\n]{0,60}\b(?:notes|prompt|instructions"
    r"|confidential|internal|medical-only|records?|PHI|patient (?:names|data|details))\b",
    r"\b(?:show|print|display|output|repeat|tell me|give me|list)\b[^.\n]{0,40}\b(?:system prompt"
    r"|your (?:instructions|rules|prompt)|hidden|confidential notes|medical-only|MSL notes"
    r"|other reps?'? notes)",
    r"\bcite\b[^.\n]{0,60}\b(?:unapproved|non-?approved|draft|withdrawn|expired|medical-only"
    r"|off-label|unverified|internal)\b",
    r"\b(?:use|quote|include|reference)\b[^.\n]{0,30}\b(?:draft|withdrawn|expired|unapproved)"
    r" (?:deck|content|material|slides?|claims?|documents?)\b",
    r"\bjailbreak\w*|\bDAN mode\b|\bdo anything now\b",
    r"<\s*/?\s*(?:system|assistant|instructions?)\s*>|\[/?INST\]|<\|im_(?:start|end)\|>"
    r"|(?m:^\s*#{2,}\s*(?:system|instructions?)\b)|(?m:^\s*(?:system|assistant)\s*:)",
    r"\b(?:do not|don't|never|stop)\s+(?:mention|include|show|add|disclose|display|say)\w*\b"
    r"[^.\n]{0,20}\b(?:safety|boxed warning|side effects|adverse|risks?|ISI|fair balance"
    r"|warnings?|citations?|sources?)\b",
    r"\b(?:answer|respond|reply|write|say)\b[^.\n]{0,30}\bwithout (?:any )?(?:citations?|sources"
    r"|disclaimers?|safety information|restrictions|filters?|guardrails|the ISI)\b",
    r"\b(?:override|bypass|disable) (?:the )?(?:safety|compliance|guardrails?|filters?|firewall"
    r"|restrictions)\b",
    r"\b(?:decode|base64)\b[^.\n]{0,40}\b(?:instructions?|execute|follow|run)\b",
)


def _phrase_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    parts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        body = re.escape(phrase).replace(r"\ ", r"\s+").replace(r"\-", r"[\s-]")
        parts.append(rf"(?<![\w#]){body}(?![\w])" if phrase[-1].isalnum() else rf"(?<![\w#]){body}")
    return re.compile("|".join(parts), _I)


_SUPERLATIVE = _phrase_regex(SUPERLATIVE_PHRASES)
_GUARANTEE = _phrase_regex(GUARANTEE_PHRASES)
_COMPARATIVES = tuple((kind, re.compile(pattern, _I)) for kind, pattern in COMPARATIVE_PATTERNS)
_INJECTIONS = tuple(re.compile(pattern, _I) for pattern in INJECTION_PATTERNS)
_COMPARISON_CUE = re.compile(
    r"\bcompared\b|\bversus\b|\bvs\b|\bplacebo\b|\brandomi[sz]ed\b|\bthan\b|\brelative to\b", _I
)
_TOKEN = re.compile(rf"\[(?:{'|'.join(kind.value for kind in PhiKind)})\]")
_STOPWORDS = frozenset(
    "the a an those these patients patient treated with in on of and or arm group who were".split()
)
_BLOB = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{32,}={0,2}(?![A-Za-z0-9+/=])")


def _words(form: str) -> re.Pattern[str]:
    """A case-insensitive regex for ``form`` as whole words, any spacing."""
    body = re.escape(form).replace("\\ ", r"\s+")
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", _I)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("\u2019", "'")).strip()


def _states(cited: str, phrase: str) -> bool:
    """Does the cited text contain ``phrase`` as words (case- and spacing-insensitive)?"""
    body = re.escape(_norm(phrase)).replace(r"\ ", r"\s+")
    return re.search(rf"(?<![\w#]){body}(?!\w)", cited) is not None


def _supported(kind: str, match: re.Match[str], cited: str) -> bool:
    if _states(cited, match.group(0)):
        return True
    obj = match.groupdict().get("obj")
    content = [w for w in re.findall(r"[\w%-]+", _norm(obj or "")) if w not in _STOPWORDS]
    mentions_obj = not content or any(_states(cited, word) for word in content)
    if kind == "numeric":
        number = re.match(r"[\d.]+", _norm(match.group(0)))
        stated = number and re.search(rf"(?<![\d.]){re.escape(number.group(0))}(?!\d)", cited)
        return bool(stated) and bool(_COMPARISON_CUE.search(cited))
    if kind == "neutral":
        return mentions_obj and bool(_COMPARISON_CUE.search(cited))
    trigger = match.group(0)[: match.start("obj") - match.start()] if obj else match.group(0)
    return _states(cited, trigger) and mentions_obj


def _name_forms(product: str) -> set[str]:
    """'TAGRISSO (osimertinib)' -> {'tagrisso (osimertinib)', 'tagrisso', 'osimertinib'}."""
    forms = {_norm(product)}
    match = re.fullmatch(r"\s*([^()]+?)\s*(?:\(([^()]+)\))?\s*", product)
    if match:
        forms |= {_norm(part) for part in match.groups() if part}
    return {form for form in forms if form}


def _superlatives(sentence: str, cited: str) -> list[GuardrailFlag]:
    masked = _SUPERLATIVE_EXCEPTIONS.sub(lambda m: " " * len(m.group(0)), sentence)
    return [
        GuardrailFlag(kind="superlative", detail=m.group(0))
        for m in _SUPERLATIVE.finditer(masked)
        if not _states(cited, m.group(0))
    ]


def _comparatives(sentence: str, cited: str) -> list[GuardrailFlag]:
    flags, taken = [], bytearray(len(sentence))
    for kind, pattern in _COMPARATIVES:
        for m in pattern.finditer(sentence):
            if any(taken[m.start() : m.end()]) or _supported(kind, m, cited):
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            flags.append(GuardrailFlag(kind="comparative", detail=m.group(0)))
    return flags


def _guarantees(sentence: str, cited: str) -> list[GuardrailFlag]:
    flags = []
    for m in _GUARANTEE.finditer(sentence):
        phrase = m.group(0)
        if _NEGATED.search(sentence[: m.start()]) and not phrase.lower().startswith(
            ("no ", "without")
        ):
            continue
        if phrase == "100%" and _states(cited, phrase):
            continue
        flags.append(GuardrailFlag(kind="guarantee", detail=phrase))
    return flags


def _phi(sentence: str, cited: str) -> list[GuardrailFlag]:
    # A sentence the approved source states word for word holds nothing the source does not:
    # no PHI to find, and no NER pass to pay for.
    quoted = _norm(sentence).strip(" .") in cited
    kinds = [
        str(span.kind)
        for span in ([] if quoted else redact(sentence).spans)
        if _norm(sentence[span.start : span.end]) not in cited  # approved content is not PHI
    ]
    kinds += [token.strip("[]") for token in _TOKEN.findall(sentence)]
    if not kinds:
        return []
    return [GuardrailFlag(kind="phi_leak", detail=", ".join(sorted(set(kinds))))]


def _unknown_products(
    sentence: str, cited: str, source_products: Collection[str], known_products: Collection[str]
) -> list[GuardrailFlag]:
    """Products the sentence names that its sources are not about, unless the cited text names
    them too (a label's interaction section names other products)."""
    text = _norm(sentence)
    sourced = set().union(*(_name_forms(p) for p in source_products)) if source_products else set()
    flags = []
    for product in known_products:
        forms = _name_forms(product)
        mentioned = [form for form in forms if _words(form).search(text)]
        named_by_source = any(_words(form).search(cited) for form in mentioned)
        if mentioned and not forms & sourced and not named_by_source:
            flags.append(GuardrailFlag(kind="unknown_product", detail=product))
    return flags


def sentence_flags(
    sentence: str,
    *,
    cited_text: str,
    source_products: Collection[str],
    known_products: Collection[str],
) -> list[GuardrailFlag]:
    """Compliance flags for one generated sentence, given the text of the chunks it cites."""
    cited = _norm(cited_text)
    return [
        *_superlatives(sentence, cited),
        *_comparatives(sentence, cited),
        *_guarantees(sentence, cited),
        *_phi(sentence, cited),
        *_unknown_products(sentence, cited, source_products, known_products),
    ]


def _decoded_blobs(text: str) -> list[str]:
    """Base64-looking runs that decode to readable text."""
    found = []
    for blob in _BLOB.findall(text):
        try:
            decoded = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        printable = sum(ch.isprintable() or ch.isspace() for ch in decoded) / max(len(decoded), 1)
        if printable > 0.95 and len(re.findall(r"[A-Za-z]{2,}", decoded)) >= 3:
            found.append(decoded)
    return found


def injection_flags(text: str) -> list[GuardrailFlag]:
    """Prompt-injection attempts in retrieved text, notes or a user's question."""
    flags: dict[str, GuardrailFlag] = {}
    for pattern in _INJECTIONS:
        for m in pattern.finditer(text):
            detail = re.sub(r"\s+", " ", m.group(0)).strip()[:80]
            flags.setdefault(detail.lower(), GuardrailFlag(kind="prompt_injection", detail=detail))
    for decoded in _decoded_blobs(text):
        inner = [flag.detail for flag in injection_flags(decoded)]
        detail = f"base64 blob decoding to text{': ' + inner[0] if inner else ''}"[:80]
        flags.setdefault(detail.lower(), GuardrailFlag(kind="prompt_injection", detail=detail))
    return list(flags.values())


def context_injection_flags(items: Iterable[tuple[str, str]]) -> list[GuardrailFlag]:
    """Injection attempts in what a prompt carries as data: ``(label, text)`` pairs such as
    ("source [3] alphamab-faq@1", chunk text) or ("note N-9", note text).

    Screening them is how an attempt is *flagged* even when nothing obeyed it (the verifier
    withholds a sentence that repeats one); each detail names where the attempt was found."""
    flags: dict[str, GuardrailFlag] = {}
    for label, text in items:
        for flag in injection_flags(text):
            detail = f"in {label}: {flag.detail}"
            flags.setdefault(detail.lower(), GuardrailFlag(kind="prompt_injection", detail=detail))
    return list(flags.values())
