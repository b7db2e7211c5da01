"""The layered redaction engine: Microsoft Presidio running our rules, the census name lists, the
learned name layer and the spaCy NER model as recognizers; whatever any layer finds is redacted.

Presidio's analyzer runs the recognizers over one NLP pass; its anonymizer writes the
``[KIND]`` tokens. Only our recognizers and spaCy's are registered (Presidio's predefined ones
would look up top-level domains on the network and duplicate our patterns). What the NER model
finds is kept when it is patient PHI: a PERSON that is not an HCP or a product, a DATE precise to
the day, a place smaller than a state. Built once per process (loading the model takes about a
second) and shared by every thread under a lock, because a spaCy pipeline is not documented as
thread-safe.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import cache, lru_cache

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig
from presidio_anonymizer.entities import RecognizerResult as AnonymizerResult
from spacy.lang.en.stop_words import STOP_WORDS
from wordfreq import zipf_frequency

from knowledge_base.products import product_aliases
from knowledge_base.recent import RecentValues
from knowledge_base.redaction.drugs import drug_name_words
from knowledge_base.redaction.name_model import (
    NameLexicon,
    NameModel,
    english_frequency,
    shipped_name_model,
)
from knowledge_base.redaction.names import (
    ACTS,
    ACTS_AFTER,
    NOT_NAMES,
    OWNED_RELATIVES,
    SHORTHAND,
    CensusNames,
    common_word,
    load_census_names,
    name_spans,
    surname_like,
)
from knowledge_base.redaction.ner import NerModel, load_ner_model
from knowledge_base.redaction.places import (
    INSTITUTION_WORDS,
    VENUES,
    Gazetteer,
    city_noun,
    is_suffixed_place,
    load_gazetteer,
    place_spans,
    suffixed_place_spans,
)
from knowledge_base.redaction.rules import (
    RELATIVES,
    US_STATE_NAMES,
    Candidate,
    PhiKind,
    RedactedSpan,
    hcp_mask,
    is_record_label,
    product_expiry,
    resolve,
    rule_candidates,
)

__all__ = ["LayeredRedactor", "layered_redactor", "name_lexicon"]

_RULES = "MEDBRIEF_RULES"
_SHORT_TEXT_WORDS = 3
#: Texts whose spans the redactor remembers (a few MB at most).
RECENT_TEXTS = 4096
_NAME_LIST = "MEDBRIEF_NAME_LIST"
_NAME_MODEL = "MEDBRIEF_NAME_MODEL"
# Zipf frequencies (wordfreq) at which a word is a word to the learned name layer, not a name.
_FREQUENT_WORD = 4.5
_WORD_NOT_NAME = 3.5
_FREQUENT_WORD_ELSEWHERE = 4.0
_COMMONEST_ELSEWHERE = 5.5
# Endings of international nonproprietary names that no person's name has.
_DRUG_NAME_STEM = re.compile(
    r"(?:mab|tinib|ciclib|parib|lisib|vedotin|dotin|tecan|tansine|micin|gliflozin|gliptin"
    r"|xaban|sartan|statin|prazole|cept)$"
)
_HCP_TITLES_LEAD = (
    r"dr|dra|doctor|prof|rn|np|pa|pa-c|pharmd|rph|nurse|pharmacist|md|educator|cde|fellow"
    r"|hospitalist|resident|pharm|pharmacy|hub"
)
# Layer priorities on equal length: rules first (their kinds are the most specific).
_NAME_LIST_PRIORITY = 1_000
# "pt [NAME] (ahmed el-sayed)", "mrs [NAME] (halina)", "pt '[NAME]' (michael dunleavy)",
# "[NAME] ('pinky')", "pt 'G.P.' = grace park-oduya": another name of the patient, in brackets
# or after "=", quoted or not, initials too ("j.m.").
_ALIAS_WORD = r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*"
_ALIAS_NAME = rf"(?:(?:[^\W\d_]\.){{2,3}}|{_ALIAS_WORD}(?: {_ALIAS_WORD}){{0,2}})"
_OPEN_QUOTE = "['\"\u2018\u201c]"
_CLOSE_QUOTE = "['\"\u2019\u201d]"
_ALIAS = re.compile(
    rf"{_CLOSE_QUOTE}?\s*(?:\(\s*{_OPEN_QUOTE}?({_ALIAS_NAME}){_CLOSE_QUOTE}?\s*[,?)]"
    rf"|\s=\s*{_OPEN_QUOTE}?({_ALIAS_NAME}){_CLOSE_QUOTE}?(?=\s*[,;.(]|\s+\d))"
)
# A name is also given away by the age and sex after it, in any case: "chidi okoro, 55M",
# "bao-tran le 31F", "ahmed al-rashidi, 71,".
_BEFORE_AGE = re.compile(
    r"(?<![\w'\u2019.-])([^\W\d_][\w'\u2019-]*(?: [^\W\d_][\w'\u2019-]*){1,2})"
    r"(?=(?:\s*\([^()\n]{1,30}\))?(?:,?\s*\d{1,3}\s?(?:[MF]\b|y/?o\b|yo\b|y\.o\.|y\b|yrs?\b)"
    r"|,\s*\d{1,3}\s*[,)])|\s*\((?:pt|patient)\b"
    # or before the patient's other identifiers: "abdirahman warsame, mrn 00734419"
    r"|,?\s*\(?\s*(?i:dob|d\.o\.b\b|mrn|ssn|date of birth|born \d)"
    r"|,?\s*(?i:cell|mobile|ph|phone|tel)[\s:#.]*[\d(+]"
    # or before the product they are on: "chiamaka nwosu on keytruda" (checked in code)
    r"|\s+(?:on|taking|started on|started|restarted on)\s+(?P<product>[^\W\d_][\w-]*))"
)
# A place right after a hospital's name is the hospital's ("Rush University Medical Center,
# Chicago, IL"; "Nationwide Children's Hospital (Columbus)"), and no place is itself one.
_AFTER_INSTITUTION = re.compile(
    r"(?:Hospital|Center|Centre|Institute|Clinic|University|Health|Medicine|Medical|Children's"
    r"|Colorado|System)\s*[,(]\s*$"
)
# A town right after a health system's name is the hospital's: "Kaiser Oakland", "Inova
# Fairfax", "VA Palo Alto", "Baylor Scott & White Temple", "UT Health San Antonio".
_HEALTH_SYSTEM_BEFORE = re.compile(
    r"\b(?:Kaiser(?: Permanente)?|Inova|VA|Baylor(?: Scott & White)?|Sutter|Atrium|Advocate"
    r"|Ascension|Banner|Intermountain|Geisinger|Ochsner|Sentara|Novant|Allina|Essentia|Sanford"
    r"|Mayo(?: Clinic)?|AdventHealth|Adventist|Dignity|Providence|Mercy|Children's Mercy"
    r"|Methodist|Baptist|Presbyterian|UT Health|UT Southwestern|UCSF|UCLA|UCSD|UC Davis|Sharp"
    r"|Scripps|Hackensack|Northwell|NYU Langone|Penn Medicine|Jefferson|Corewell|Beaumont"
    r"|Froedtert|Aurora|Texas Health|Cleveland Clinic|Consultants of|Associates of)\s+$"
)
_INSTITUTION_WORD = re.compile(rf"\b(?:{'|'.join(INSTITUTION_WORDS)})\b")
# "Minneapolis VA": the veterans' hospital, not a town in Virginia (which a ZIP would follow).
_VETERANS_AFFAIRS = re.compile(r",?\s+VA(?:MC)?\b(?!\s*,?\s*\d{5})")
# A list of patients after "pts:" / "pts on DUPIXENT 300mg ... :", to the end of the sentence.
_PATIENT_LIST = re.compile(r"(?i:\b(?:pts|patients)\b[^.:;\n]{0,60}:)\s*(?P<items>[^.\n]{3,200})")
_LIST_ITEM = re.compile(r"[^,;&\u2013\u2014]+?(?=\s*(?:[,;&\u2013\u2014]|\band\b|$))|\band\b")
_LIST_LEAD = frozenset({"and", "little", "young", "old", "baby", "(1)", "(2)", "(3)", "1)", "2)"})
_PARTICLES = frozenset(
    "de del della di da do dos das la las le los van von der den ter el al bin ibn".split()
)
# A place named in brackets after the patient's town or address: "westminster (little saigon)".
_PLACE_ALIAS = re.compile(r"\s*\(([a-z][a-z'-]+(?: [a-z][a-z'-]+){0,2})\)")
_ZIP_AFTER = re.compile(r",?\s*(\d{5})(?![\w-])")
_TOWN_AFTER = re.compile(r",\s*([^\W\d_]+(?:[ -][^\W\d_]+){0,2})")
# After a street address or a ZIP the town may follow a space alone: "15 Elm Pl Paterson",
# "ZIP 44107 Lakewood."
_TOWN_AFTER_ADDRESS = re.compile(r"(?:,\s*|[ \t]+)([^\W\d_]+(?:[ -][^\W\d_]+){0,2})")
# A field of its own after a patient's name: ", tucson," ", fall river;" (a clause of one to
# three words).
_TOWN_FIELD = re.compile(
    r"(?:,?\s*\d{1,3}\s?[MF]?)?,\s*([^\W\d_]+(?: [^\W\d_]+){0,2})(?=\s*(?:[,;.)\n]|$))"
)
# An age over 89 right after a patient's name: "[NAME] boateng-fry, 96.", "[NAME] 97, ...".
_AGE_AFTER_NAME = re.compile(r",?\s*\(?((?:9\d|1[01]\d))(?=\s*(?:[MF]\b|y/?o\b|yo\b|[,.;)!]|$))")
# A second name joined to a name: "[NAME] and Adaeze", "[NAME] & tomasz".
_JOINED_NAME = re.compile(r"\s+(?:and|&|\+)\s+([^\W\d_][\w'\u2019-]*)(?![\w'-])")
# A ZIP as its own field right after a patient's name: "pt [NAME], 48128, wants ...".
_ZIP_AFTER_NAME = re.compile(r",\s*(\d{5})(?=\s*[,;.)]|\s*$)")
# After a word, what shows it is used as a name: a possessive.
_WRITTEN_AS_NAME = re.compile(r"['\u2019]s\b")
# A field of the person's after a name found before: "faith cell 606-...", "Major born 10-31-52".
_FIELD_AFTER = re.compile(
    r"\s+(?i:cell|mobile|phone|ph|tel|home|work|email|e-mail|born|dob|d\.o\.b\.?|address)\b"
)
# A word after these is no one's name ("i hope", "we will", "the bill").
_PRONOUN_BEFORE = re.compile(r"(?i:\b(?:i|we|you|they|the|a|an|this|that|to)\s+)$")
# A name goes on after the alias inside it: "pt [NAME] (maria) wiśniewski", "[NAME] 'Nastya'
# Kovalenko-Marchuk", or after a nickname in quotes ("neighbor '[NAME]' wilson").
_PAST_ALIAS = re.compile(
    rf"\s*(?:\([^()\n]{{1,40}}\)|{_OPEN_QUOTE}[^'\"\u2019\u201d\n]{{1,30}}{_CLOSE_QUOTE}"
    rf"|{_CLOSE_QUOTE})"
    r"\s+([^\W\d_][\w'\u2019-]*)"
)
_PATIENT_BEFORE = re.compile(r"(?i:\b(?:pt|patient)\s*[:,]?\s*)$")
# The owner of a relative, in lower case ("ngozi's husband", "mohammed al-farsi's dad"), and the
# patient a rep saw ("saw okonkwo again").
_OWNER = re.compile(
    rf"((?:[^\W\d_][\w'-]*\s+){{0,2}}[^\W\d_][\w-]*)['\u2019]s\s+(?i:{OWNED_RELATIVES})\b"
)
_SEEN = re.compile(
    r"(?i:\b(?:saw|seeing|visited|checked on)\s+)([^\W\d_][\w-]{3,})"
    r"(?=\s+(?:again|today|yesterday|this|last|in clinic)\b|\s*[,.;])"
)
# A nickname in quotes then a surname, with no cue: "(3) 'tiny' tuiasosopo".
_NICKNAME_SURNAME = re.compile(
    rf"(?<![\w]){_OPEN_QUOTE}([^\W\d_][\w-]{{1,20}}){_CLOSE_QUOTE}\s+([^\W\d_][\w'\u2019-]*)"
)
_NER_PRIORITY = 2_000

# A date the NER model found is PHI only when it is precise to the day ("March 14th", "the 2nd of
# June", "3/14"), not "last week", "2019" or "March 2024" (a month and year is the patient's only
# after an event of theirs: "since 11/2024", which the rules find).
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY_PRECISE = re.compile(
    rf"(?i:\b{_MONTH}\s+(?:the\s+)?(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b(?!\s*(?:,\s*)?\d{{3}})"
    rf"|\b(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}"
    r"|\b\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b)"
)
# Places the NER model finds that safe harbor allows: states and countries.
_ALLOWED_PLACES = (
    frozenset(US_STATE_NAMES)
    | frozenset(
        "us usa u.s. u.s.a. america canada mexico uk england france germany spain italy "
        "china india japan korea brazil nigeria ethiopia vietnam philippines puerto rico".split()
    )
    | frozenset(
        (
            "united states",
            "the united states",
            "the us",
            "the u.s.",
            "united kingdom",
            "the uk",
            "south korea",
            "puerto rico",
            "district of columbia",
        )
    )
)
_INSTITUTION_AFTER = re.compile(
    r"^\s*(?:Hospital|Clinic|Medical|Health|Healthcare|Center|Centre|Cancer|University|College"
    r"|Neuro|Oncology|Infusion|Pharmacy|Memorial|General|Regional|Children's|Rheumatology"
    r"|Neurology|Cardiology|Dermatology|Specialty|Institute|Foundation|Associates|Group|Partners"
    r"|Health System|Medicine|infusion|clinic|hospital|Methodist|Baptist|Presbyterian"
    r"|Kettering|Allergy|Pediatrics|Urology|Gastroenterology|Pulmonology|Endocrinology"
    r"|Hematology|Nephrology|Orthopaedics|Orthopedics|Eye|Vision|Surgical|Surgery|Family Practice"
    r"|Internal Medicine|Specialists|Physicians|Care|Wellness|Dialysis|Imaging|Labs?)\b"
)
# A saint's name is a hospital's or a town's ("St. Luke's Duluth", "Mercy St. Louis").
_SAINTS_NAME = re.compile(r"^(?:St\.?|Saint)\s+[A-Z]|\bSt\.\s+[A-Z]")
# "Memorial Sloan Kettering", "Providence St. Vincent": a name after these is a hospital's.
_INSTITUTION_BEFORE = re.compile(r"\b(?:Memorial|St\.?|Saint|Mount|Mt\.?|Providence)\s+$")
# spaCy's labels as the analyzer sees them: the three we redact under Presidio's names, those
# that mask the name lists under their own; the rest are dropped (numbers, money, times).
_NER_LABELS = {
    "PERSON": "PERSON",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "DATE": "DATE_TIME",
    **{label: label for label in ("ORG", "FAC", "PRODUCT", "NORP", "EVENT", "LAW")},
}
_NER_IGNORED = [
    "CARDINAL",
    "ORDINAL",
    "QUANTITY",
    "MONEY",
    "PERCENT",
    "TIME",
    "LANGUAGE",
    "WORK_OF_ART",
]
# What the NER model calls these is not a person, whatever the name lists say ("Sinai-Grace
# Hospital"). Not ORG or NORP, which it gives to patients' names too often (4 of 180 names lost
# on the first blind set), nor WORK_OF_ART, which it gives to quoted names ('pt "Faith"').
_MASKING_LABELS = frozenset({"FAC", "PRODUCT", "EVENT", "LAW"})
_HAN = re.compile(r"[\u4e00-\u9fff]")


class _RulesRecognizer(EntityRecognizer):
    """Our patterns (``rules.py``) as a Presidio recognizer."""

    def __init__(self) -> None:
        super().__init__(supported_entities=[_RULES], name="medbrief-rules")

    def load(self) -> None:  # nothing to load
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        hcp = hcp_mask(text)
        return [
            RecognizerResult(
                _RULES, start, end, 1.0, recognition_metadata={"kind": kind, "priority": rank}
            )
            for start, end, rank, kind in rule_candidates(text, hcp)
        ]


class _NameListRecognizer(EntityRecognizer):
    """The census name lists (``names.py``), masked by the organisations the NER model found."""

    def __init__(
        self,
        census: CensusNames,
        common_words: frozenset[str],
        products: frozenset[str],
        proper_nouns: frozenset[str] = frozenset(),
    ) -> None:
        self._census = census
        self._common = common_words
        self._products = products
        self._proper = proper_nouns
        super().__init__(supported_entities=[_NAME_LIST], name="medbrief-name-list")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        masked = [
            (e.start_char, e.end_char)
            for e in (nlp_artifacts.entities if nlp_artifacts else ())
            if e.label_ in _MASKING_LABELS
        ]
        return [
            RecognizerResult(_NAME_LIST, start, end, 0.9)
            for start, end in name_spans(
                text, self._census, self._common, masked, self._products, self._proper
            )
        ]


def name_lexicon(model: NerModel, census: CensusNames) -> NameLexicon:
    """The word lists the name layers look words up in. Products: the knowledge base's own, and
    any drug a rep may name ("pt on Tremfya")."""
    products = frozenset(alias.lower() for alias in product_aliases()) | drug_name_words(census)
    return NameLexicon(
        census.first, census.last, model.common_words, products, model.noun_only_words
    )


# A word a few words after an HCP's title or "@"/"at" is the HCP's or the venue's name, unless a
# patient or a relative is named in between ("NP kenji abernathy-sato", "@ st joseph's", "Dr.
# Siobhán Ní Bhriain"; not "Dr. Ó Riordáin's pt Pádraig").
_HCP_OR_VENUE_LEAD = re.compile(
    rf"(?i:(?:\b(?:{_HCP_TITLES_LEAD})\b\.?|@|\bat\b)[\s(]+"
    rf"(?:(?!(?:pt|patient|{RELATIVES})\b)[^\W\d_][\w'\u2019.-]*[\s(]+){{0,3}})$"
)


class _NameModelRecognizer(EntityRecognizer):
    """The learned name layer (``name_model.py``), reading the NER model's labels of the note."""

    def __init__(self, model: NameModel) -> None:
        self._model = model
        super().__init__(supported_entities=[_NAME_MODEL], name="medbrief-name-model")

    def _may_be_name(self, word: str) -> bool:
        """Not a frequent English word ("will", "hope", "said": names that are also such words
        are the cue rules' to find), nor a less frequent one that is no first name ("rash",
        "handles"), nor a frequent word of another language notes come in ("años", "chez")."""
        lower = word.lower()
        lexicon = self._model.lexicon
        if re.split(r"['\u2019]", lower)[0] in SHORTHAND or _DRUG_NAME_STEM.search(lower):
            return False  # "ok'd"; a drug the dictionary lacks ("enfortumab vedotin")
        english = english_frequency(lower)
        if english >= _FREQUENT_WORD or (
            english >= _WORD_NOT_NAME
            and lower not in lexicon.first_names
            and common_word(lower, lexicon.common_words)
        ):
            return False
        if _frequent_in_another_language(lower, _COMMONEST_ELSEWHERE):  # "chez", "años"
            return False
        return (
            lower in lexicon.first_names
            or lower in lexicon.last_names
            or not _frequent_in_another_language(lower, _FREQUENT_WORD_ELSEWHERE)
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        labels = [
            (e.start_char, e.end_char, e.label_)
            for e in (nlp_artifacts.tokens.ents if nlp_artifacts else ())
        ]
        return [
            RecognizerResult(_NAME_MODEL, start, end, probability)
            for start, end, probability in self._model.name_spans(text, labels, self._may_be_name)
            if not _HCP_OR_VENUE_LEAD.search(text[max(0, start - 80) : start])
        ]


class LayeredRedactor:
    """Rules, name lists, the learned name layer and NER through Presidio; ``spans(text)`` is
    what to redact."""

    def __init__(
        self,
        model: NerModel,
        census: CensusNames,
        gazetteer: Gazetteer | None = None,
        name_model: NameModel | None = None,
    ) -> None:
        nlp_engine = SpacyNlpEngine(
            models=[{"lang_code": "en", "model_name": "preloaded"}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=_NER_LABELS,
                labels_to_ignore=_NER_IGNORED,
            ),
        )
        nlp_engine.nlp = {"en": model.nlp}  # loaded and checked by ner.py: never downloaded
        registry = RecognizerRegistry(supported_languages=["en"])
        self._rules = _RulesRecognizer()
        lexicon = name_lexicon(model, census)
        self._products = lexicon.products
        # A census name WordNet knows only as a noun is that name after a cue ("pt rosario",
        # "pt felicity"), not a word; "grace", "hope" and "will" are also verbs and stay words.
        proper = model.noun_only_words & census.first
        self._noun_only = model.noun_only_words
        self._name_list = _NameListRecognizer(census, model.common_words, self._products, proper)
        self._name_model = _NameModelRecognizer(name_model or shipped_name_model(lexicon))
        registry.add_recognizer(self._rules)
        registry.add_recognizer(self._name_list)
        registry.add_recognizer(self._name_model)
        registry.add_recognizer(
            SpacyRecognizer(supported_entities=["PERSON", "DATE_TIME", "LOCATION"])
        )
        self._nlp_engine = nlp_engine
        self._analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=nlp_engine, supported_languages=["en"]
        )
        self._anonymizer = AnonymizerEngine()
        self._census = census
        self._common = model.common_words
        self._gazetteer = gazetteer or Gazetteer(frozenset(), frozenset())
        self._lock = threading.Lock()
        # The spans of texts redacted lately: a chat records its whole conversation with every
        # answer, so each earlier turn comes back once per question (48 turns: 126 -> 557 ms).
        self._recent: RecentValues[str, tuple[RedactedSpan, ...]] = RecentValues(RECENT_TEXTS)

    def spans(self, text: str) -> list[RedactedSpan]:
        return self.spans_many([text])[0]

    def spans_many(self, texts: Sequence[str]) -> list[list[RedactedSpan]]:
        """``spans`` of many texts; the NER model reads the new ones as one batch (spaCy's
        pipe), each distinct text once; texts redacted lately are not read again."""
        with self._lock:
            known = self._recent.known(texts)
            new = [t for t in dict.fromkeys(texts) if t not in known]
            read = {t: tuple(spans) for t, spans in zip(new, self._read(new), strict=True)}
            self._recent.remember(read)
        known |= read
        return [list(known[text]) for text in texts]

    def _read(self, texts: Sequence[str]) -> list[list[RedactedSpan]]:
        """Each text read by the layers; called under the lock (the pipeline is shared)."""
        long = [i for i, t in enumerate(texts) if len(t.split()) > _SHORT_TEXT_WORDS]
        artifacts = dict(
            zip(
                long,
                (
                    a
                    for _, a in self._nlp_engine.process_batch(
                        [texts[i] for i in long], "en", batch_size=32
                    )
                ),
                strict=True,
            )
        )
        found = []
        for i, text in enumerate(texts):
            if not text.strip():
                found.append([])
            elif i in artifacts:
                found.append(
                    self._spans(
                        text,
                        self._analyzer.analyze(
                            text=text, language="en", nlp_artifacts=artifacts[i]
                        ),
                    )
                )
            else:
                # A cell of a few words ("Veeva CRM", "+1 555 0100"): no sentence for the
                # NER model to read; the rules and the name lists still do.
                results = [
                    *self._rules.analyze(text, []),
                    *self._name_list.analyze(text, []),
                    *self._name_model.analyze(text, []),
                ]
                found.append(self._spans(text, results))
        return found

    def _spans(self, text: str, results: list[RecognizerResult]) -> list[RedactedSpan]:
        hcp = hcp_mask(text)
        candidates: list[Candidate] = []
        for result in results:
            if result.entity_type in ("PERSON", _NAME_MODEL):
                result = self._trimmed(text, result)
                if result.start == result.end:
                    continue
            kind = self._kind(text, result, hcp)
            # a lot's expiry date is kept whichever layer found the date
            if kind is None or (kind is PhiKind.DATE and product_expiry(text, result.start)):
                continue
            if result.entity_type == _RULES:
                priority = result.recognition_metadata["priority"]
            elif result.entity_type in (_NAME_LIST, _NAME_MODEL):
                priority = _NAME_LIST_PRIORITY
            else:
                priority = _NER_PRIORITY
            start, end = result.start, result.end
            if (
                kind in (PhiKind.GEO, PhiKind.NAME)
                and (kind is PhiKind.GEO or " " not in text[start:end])
                # a name in Chinese characters is one token, and no institution's word
                and not _HAN.search(text, start, end)
                and (
                    _INSTITUTION_WORD.search(text, start, end)
                    or _AFTER_INSTITUTION.search(text[max(0, start - 40) : start])
                    or (
                        kind is PhiKind.GEO
                        and _HEALTH_SYSTEM_BEFORE.search(text[max(0, start - 40) : start])
                    )
                )
            ):
                continue
            # a hospital's name, capitalised ("pt Ana Ruiz infusion 3/4" stays redacted)
            after = _INSTITUTION_AFTER.match(text[end:])
            if kind is PhiKind.NAME and (
                (after and after.group().strip()[0].isupper())
                or _INSTITUTION_BEFORE.search(text[max(0, start - 12) : start])
                or _SAINTS_NAME.search(text[start : end + 3])
            ):
                continue
            if kind is PhiKind.NAME and not _HAN.search(text, start, end):
                start, end = self._whole_name(text, start, end)
            candidates.append((start, end, priority, kind))
        candidates += self._named_by_age(text, hcp)
        candidates += self._places(text, hcp)
        candidates += self._listed_patients(text, hcp)
        candidates += self._unlisted_places(text, hcp)
        candidates += self._first_and_last(text, hcp)
        candidates += self._nicknamed(text, hcp)
        candidates += self._owners_and_seen(text, hcp)
        spans = resolve(text, candidates)
        # an alias found may have its own alias ("pt 'bud' (harold lindgren)"): twice is enough
        for _ in range(2):
            again = (
                self._name_again(text, spans, hcp)
                + _place_again(text, spans, self._gazetteer)
                + self._fields_after_name(text, spans)
                + self._names_joined(text, spans)
            )
            if not again:
                break
            candidates += again
            spans = resolve(text, candidates)
        return spans

    def _places(self, text: str, hcp: bytearray) -> list[Candidate]:
        """The gazetteer's towns and neighbourhoods and those named by their kind
        (``places.py``), but not a hospital's name or the town right after one ("Evanston
        Hospital", "Rush, Chicago")."""
        listed = place_spans(
            text, self._gazetteer, self._common, self._census.first, hcp, self._noun_only
        )
        return [
            (start, end, _NAME_LIST_PRIORITY, PhiKind.GEO)
            for start, end in [*listed, *suffixed_place_spans(text, hcp)]
            if not _INSTITUTION_AFTER.match(text[end:])
            and not _VETERANS_AFFAIRS.match(text[end:])
            and not _AFTER_INSTITUTION.search(text[max(0, start - 40) : start])
            and not _HEALTH_SYSTEM_BEFORE.search(text[max(0, start - 40) : start])
            and text[start:end].lower() not in self._products
        ]

    def _unlisted_places(self, text: str, hcp: bytearray) -> list[Candidate]:
        """Where the patient is from, in a word no list holds and no language uses: "17M from
        utqiagvik,", "(pt, from iqaluit - moved here)"."""
        found: list[Candidate] = []
        for match in _FROM_PLACE.finditer(text):
            word = match.group("place")
            lower = word.lower()
            start, end = match.span("place")
            if (
                lower in self._products
                or lower in self._census
                or lower in self._gazetteer.towns
                or common_word(lower, self._common)
                or any(hcp[start:end])
                or not _rare_everywhere(lower)
            ):
                continue
            found.append((start, end, _NAME_LIST_PRIORITY, PhiKind.GEO))
        return found

    def _listed_patients(self, text: str, hcp: bytearray) -> list[Candidate]:
        """The names of a list of patients: "ENTYVIO pts: nadia el-amin, colby fairweather",
        "3 pts on DUPIXENT: jose luis guzman, maria de los angeles reyes and little mateo".
        Each item's leading words count when they read as a name (``_name_word``; particles
        such as "de los" inside)."""
        found: list[Candidate] = []
        for listing in _PATIENT_LIST.finditer(text):
            for item in _LIST_ITEM.finditer(listing.group("items")):
                words = list(re.finditer(r"[^\s,;]+", item.group()))
                while words and words[0].group().lower() in _LIST_LEAD:
                    words.pop(0)
                name: list[re.Match[str]] = []
                for word in words[:5]:
                    token = word.group().rstrip(".")
                    if self._name_word(token) or (name and token.lower() in _PARTICLES):
                        name.append(word)
                    else:
                        break
                while name and name[-1].group().lower() in _PARTICLES:
                    name.pop()
                if not name or (
                    len(name) == 1
                    and (
                        common_word(name[0].group().lower(), self._common)
                        or name[0].group().lower() in _PARTICLES
                    )
                ):
                    continue
                base = listing.start("items") + item.start()
                start, end = base + name[0].start(), base + name[-1].end()
                if not any(hcp[start:end]):
                    found.append((start, end, _NAME_LIST_PRIORITY, PhiKind.NAME))
        return found

    def _first_and_last(self, text: str, hcp: bytearray) -> list[Candidate]:
        """A first name and a surname typed in lower case with no cue before them ("said lamar
        jenkins is doing well", "sunita patel's son"): a census surname that is no English word
        after a census first name, or after a word that is neither English nor a census name
        (a first name the US lists lack: "sunita", "olena")."""
        found: list[Candidate] = []
        for match in _LOWER_PAIR.finditer(text):
            first, last = match.group(1), match.group(2)
            start, end = match.start(1), match.end(2)
            if any(hcp[start:end]) or _HCP_BEFORE.search(text[max(0, start - 20) : start]):
                continue
            if not (self._name_word(first) and self._name_word(last)):
                continue
            if _INSTITUTION_AFTER.match(text[end:]):
                continue
            if last not in self._census.last:
                # names the US lists lack, told as a person's ("olena bondarenko doing well",
                # "ayse yilmaz-demir called"): words no language we read uses
                if self._foreign_name(first, last) and _PERSON_AFTER.match(text, end):
                    found.append((start, end, _NAME_LIST_PRIORITY, PhiKind.NAME))
                continue
            # a place ("santa monica", "uc davis", "st vincent toledo") or a hospital's name
            pair = f"{first} {last}"
            if (
                pair in self._gazetteer.towns
                or pair in self._gazetteer.neighbourhoods
                or _NAMED_PLACE_BEFORE.search(text[max(0, start - 25) : start])
            ):
                continue
            first_common = common_word(first, self._common)
            # "samples": a plural the inflection rules miss is still a word
            last_common = common_word(last, self._common) or common_word(last[:-1], self._common)
            listed_first = first in self._census.first and not (first_common and last_common)
            foreign_first = (
                len(first) >= 4
                and not first_common
                and first not in self._census
                and not _DRUG_STEM.search(first)  # "betazumab samples"
                and _rare_everywhere(first)  # not a word of another language ("signalé chez")
            )
            if listed_first or (foreign_first and not last_common):
                found.append((start, end, _NAME_LIST_PRIORITY, PhiKind.NAME))
        return found

    def _foreign_name(self, first: str, last: str) -> bool:
        """Two words of four letters or more that neither English nor the languages notes come
        in use (``wordfreq``: below Zipf 2.6 in each), no drug's and no disease's."""
        return all(
            len(word) >= 4
            and surname_like(word, self._common)
            and word not in self._products
            and not _DISEASE_ENDING.search(word)
            and _rare_everywhere(word)
            for word in (first, last)
        )

    def _named_by_age(self, text: str, hcp: bytearray) -> list[Candidate]:
        """Words before an age and sex, another identifier or the product the patient is on
        that read as a name ("chidi okoro, 55M", "abdirahman warsame, mrn ...", "chiamaka nwosu
        on keytruda"): each a listed name or a word English does not use, none a product,
        shorthand or stop word."""
        found: list[Candidate] = []
        for match in _BEFORE_AGE.finditer(text):
            if match.group("product") and match.group("product").lower() not in self._products:
                continue
            words = self._name_run(match.group(1))
            if len(words) < 2:
                continue
            start = match.start(1) + words[0].start()
            end = match.start(1) + words[-1].end()
            # before a product with no cue, only words no English text uses ("rash better on
            # dupixent" is no name; "pt sunny autumn-rivers on soliris" is one)
            if (
                match.group("product")
                and not _PATIENT_BEFORE.search(text[max(0, start - 12) : start])
                and any(common_word(w.group().lower(), self._common) for w in words)
            ):
                continue
            # a listed name among them, or words no English text uses ("kateryna shevchenko")
            if not any(w.group().lower() in self._census for w in words) and not all(
                len(w.group()) >= 4 and not common_word(w.group().lower(), self._common)
                for w in words
            ):
                continue
            if not any(hcp[start:end]) and not _HCP_BEFORE.search(text[max(0, start - 20) : start]):
                found.append((start, end, _NAME_LIST_PRIORITY, PhiKind.NAME))
        return found

    def _name_run(self, phrase: str) -> list[re.Match[str]]:
        """The words of ``phrase`` from the first that reads as a name on, when every one of
        them does ("pt info on it: abdirahman warsame" -> the last two); else none."""
        words = list(re.finditer(r"\S+", phrase))
        while words and not self._name_word(words[0].group()):
            words.pop(0)
        return words if all(self._name_word(w.group()) for w in words) else []

    def _name_word(self, word: str) -> bool:
        lower = word.lower()
        return (
            word.replace("-", "").replace("'", "").replace("\u2019", "").isalpha()
            and lower not in NOT_NAMES
            and lower not in SHORTHAND
            and lower not in STOP_WORDS
            and lower not in self._products
            and not word.isupper()
            and (lower in self._census or not common_word(lower, self._common))
        )

    def _name_again(self, text: str, spans: list[RedactedSpan], hcp: bytearray) -> list[Candidate]:
        """A patient's name found once, found wherever else the note says it: "kwame's acct"
        after "pt kwame asante", an alias in brackets after it ("pt [NAME] (ahmed el-sayed)").
        A name that is also a word ("grace", "will") counts again only where it is written as a
        name: before "'s" or alone in brackets."""
        names = [s for s in spans if s.kind is PhiKind.NAME]
        found: list[Candidate] = []
        covered = bytearray(len(text))
        for span in spans:
            covered[span.start : span.end] = b"\x01" * (span.end - span.start)
        for span in names:
            alias = _ALIAS.match(text, span.end)
            group = alias and (1 if alias.group(1) else 2)
            if alias and not any(hcp[alias.start(group) : alias.end(group)]):
                words = alias.group(group).lower().split()
                start, end = alias.span(group)
                if not any(covered[start:end]) and not any(
                    w in NOT_NAMES or w in SHORTHAND or w in STOP_WORDS or w in self._products
                    for w in words
                ):
                    found.append((start, end, _NAME_LIST_PRIORITY, PhiKind.NAME))
        for span in names:
            past = _PAST_ALIAS.match(text, span.end)
            if past and self._surname(past.group(1)):
                start, end = past.span(1)
                if not any(covered[start:end]) and not any(hcp[start:end]):
                    found.append((start, end, _NAME_LIST_PRIORITY, PhiKind.NAME))
        tokens = {
            word.lower()
            for span in names
            for word in re.findall(r"[^\W\d_][\w'\u2019-]*", text[span.start : span.end])
            if len(word) >= 3
            and word.lower() not in NOT_NAMES
            and word.lower() not in SHORTHAND
            and word.lower() not in self._products
        }
        for token in tokens:
            word_too = common_word(token, self._common) or token in STOP_WORDS
            for match in re.finditer(rf"(?<![\w'-]){re.escape(token)}(?![\w-])", text, re.I):
                start, end = match.span()
                if any(covered[start:end]) or any(hcp[start:end]):
                    continue
                # "'s", alone in brackets, or doing what a person does ("hope is worried abt
                # cost"; not "i hope she stays on it")
                if (
                    word_too
                    and not _WRITTEN_AS_NAME.match(text, end)
                    and not _FIELD_AFTER.match(text, end)
                    and not (text[max(0, start - 1) : start] == "(" and text[end : end + 1] == ")")
                    and not (
                        ACTS_AFTER.match(text[end:]) and not _PRONOUN_BEFORE.search(text, 0, start)
                    )
                ):
                    continue
                found.append((start, end, _NAME_LIST_PRIORITY, PhiKind.NAME))
        return found

    def _names_joined(self, text: str, spans: list[RedactedSpan]) -> list[Candidate]:
        """A second person joined to a patient's or relative's name: "kids [NAME] and Adaeze",
        "[NAME] & tomasz": a word written as a name that no language uses, or a listed given
        name English does not use."""
        taken = {(span.start, span.end) for span in spans}
        found: list[Candidate] = []
        for span in spans:
            if span.kind is not PhiKind.NAME:
                continue
            joined = _JOINED_NAME.match(text, span.end)
            if joined is None or joined.span(1) in taken:
                continue
            word = joined.group(1)
            lower = word.lower()
            if not self._name_word(word) or common_word(lower, self._common):
                continue
            if lower in self._census.first or (
                word[0].isupper() and (lower in self._census.last or _rare_everywhere(lower))
            ):
                found.append((*joined.span(1), _NAME_LIST_PRIORITY, PhiKind.NAME))
        return found

    def _fields_after_name(self, text: str, spans: list[RedactedSpan]) -> list[Candidate]:
        """The patient's fields right after their name: a town the gazetteer knows or a
        neighbourhood named by its kind ("pt [NAME], tucson, medicaid id ...", "[NAME] 97,
        atlantic beach,", "pt [NAME], Borough Park, on ..."; a word English uses only when
        written as a name or when English has it only as a city's noun), a ZIP ("pt [NAME],
        48128, wants ...") and an age over 89 ("[NAME] boateng-fry, 96.", "(93!)")."""
        taken = {(span.start, span.end) for span in spans}
        found: list[Candidate] = []
        for span in spans:
            if span.kind is not PhiKind.NAME:
                continue
            after = _TOWN_FIELD.match(text, span.end)
            if (
                after is not None
                and after.span(1) not in taken
                and self._town_field(after.group(1))
            ):
                found.append((*after.span(1), _NAME_LIST_PRIORITY, PhiKind.GEO))
            zip_code = _ZIP_AFTER_NAME.match(text, span.end)
            if zip_code and zip_code.span(1) not in taken:
                found.append((*zip_code.span(1), _NAME_LIST_PRIORITY, PhiKind.ZIP))
            age = _AGE_AFTER_NAME.match(text, span.end)
            if age and age.span(1) not in taken:
                found.append((*age.span(1), _NAME_LIST_PRIORITY, PhiKind.AGE))
        return found

    def _town_field(self, name: str) -> bool:
        lower = name.lower()
        if is_suffixed_place(name):
            return True
        return (
            lower in self._gazetteer.towns
            and lower not in _STATE_NAMES
            and lower not in VENUES
            and lower not in self._products
            and (
                " " in name
                or name[0].isupper()
                or not common_word(lower, self._common)
                or city_noun(lower, self._noun_only)
            )
        )

    def _surname(self, word: str) -> bool:
        """A word that reads as a surname next to a nickname or an alias: one the census lists
        as a surname that English has at most as a noun ("wilson", not "rash") or one no list
        knows ("tuiasosopo", "Kovalenko-Marchuk")."""
        lower = word.lower()
        return (
            self._name_word(word)
            and len(lower) >= 3
            and (
                (
                    lower in self._census.last
                    and (lower in self._noun_only or not common_word(lower, self._common))
                )
                or surname_like(lower, self._common)
            )
        )

    def _nicknamed(self, text: str, hcp: bytearray) -> list[Candidate]:
        """A nickname in quotes and the surname after it: "(3) 'tiny' tuiasosopo"."""
        found: list[Candidate] = []
        for match in _NICKNAME_SURNAME.finditer(text):
            nickname, surname = match.group(1), match.group(2)
            if (
                self._surname(surname)
                and nickname.lower() not in self._products
                and nickname.lower() not in SHORTHAND
                and not any(hcp[match.start() : match.end()])
            ):
                found.append((match.start(1), match.end(1), _NAME_LIST_PRIORITY, PhiKind.NAME))
                found.append((match.start(2), match.end(2), _NAME_LIST_PRIORITY, PhiKind.NAME))
        return found

    def _owners_and_seen(self, text: str, hcp: bytearray) -> list[Candidate]:
        """ "ngozi's husband", "mohammed al-farsi's dad", "saw okonkwo again": the words that
        read as a name (the last a surname English does not use, or a listed first name that is
        no word), none an HCP's."""
        found: list[Candidate] = []
        for match in _OWNER.finditer(text):
            words = self._name_run(match.group(1))
            if not words:
                continue
            last = words[-1].group().lower()
            if not (
                self._surname(last)
                or (last in self._census.first and not common_word(last, self._common))
            ):
                continue
            start, end = match.start(1) + words[0].start(), match.start(1) + words[-1].end()
            if not any(hcp[start:end]) and not _HCP_BEFORE.search(text[max(0, start - 20) : start]):
                found.append((start, end, _NAME_LIST_PRIORITY, PhiKind.NAME))
        for match in _SEEN.finditer(text):
            word = match.group(1)
            if word.islower() and surname_like(word, self._common) and word not in self._products:
                found.append((match.start(1), match.end(1), _NAME_LIST_PRIORITY, PhiKind.NAME))
        return found

    def _whole_name(self, text: str, start: int, end: int) -> tuple[int, int]:
        """A name span grown over the capitalised words next to it that are no English word
        ("Olumide [NAME]" would leak the first name)."""
        while (before := re.search(r"([^\W\d_][\w'-]*) $", text[max(0, start - 40) : start])) and (
            self._name_like(before.group(1))
        ):
            start -= len(before.group(0))
        while (after := re.match(r" ([^\W\d_][\w'-]*)", text[end:])) and self._name_like(
            after.group(1)
        ):
            end += len(after.group(0))
        return start, end

    def _name_like(self, word: str) -> bool:
        lower = word.lower()
        return (
            word[:1].isupper()
            and not word.isupper()
            and lower not in NOT_NAMES
            and lower not in self._products
            and not common_word(lower, self._common)
            and not _HCP_START.match(word + " ")
        )

    def _trimmed(self, text: str, result: RecognizerResult) -> RecognizerResult:
        """A PERSON span without the note's words the model swept in ("Discussed Jablonski")."""
        words = list(re.finditer(r"\S+", text[result.start : result.end]))
        while words and self._not_a_name(words[0].group()):
            words.pop(0)
        while words and self._not_a_name(words[-1].group()):
            words.pop()
        if not words:
            return RecognizerResult("NONE", result.start, result.start, 0.0)
        start = result.start + words[0].start()
        end = result.start + words[-1].end()
        return RecognizerResult(result.entity_type, start, end, result.score)

    def _not_a_name(self, word: str) -> bool:
        lower = word.lower().strip(".,;:()'\"")
        if lower in NOT_NAMES or lower in STOP_WORDS:  # "In Study 2"
            return True
        return lower not in self._census and common_word(lower, self._common)

    def render(self, text: str, spans: list[RedactedSpan]) -> str:
        """The text with each span replaced by its ``[KIND]`` token (Presidio's anonymizer)."""
        if not spans:
            return text
        operators = {
            str(kind): OperatorConfig("replace", {"new_value": f"[{kind}]"})
            for kind in {span.kind for span in spans}
        }
        results = [AnonymizerResult(str(s.kind), s.start, s.end, 1.0) for s in spans]
        return self._anonymizer.anonymize(text, results, operators).text

    def _kind(self, text: str, result: RecognizerResult, hcp: bytearray) -> PhiKind | None:
        if result.entity_type == _RULES:
            return result.recognition_metadata["kind"]
        value = text[result.start : result.end]
        if any(hcp[result.start : result.end]) or _next_to_hcp_title(text, result):
            return None
        if _institution(text, result) or _eponym(text, result):
            return None
        if not any(c.isalpha() for c in value) or is_record_label(value):
            return None
        if value.lower() in self._products or any(
            word in self._products for word in re.findall(r"[\w-]+", value.lower())
        ):
            return None
        if result.entity_type in (_NAME_LIST, _NAME_MODEL, "PERSON"):
            if result.entity_type == "PERSON" and (
                re.fullmatch(r"[A-Z0-9-]+s?", value)  # an acronym ("ARIA-E", "KOLs")
                or re.search(r"\d", value)  # "Q3 2025"
                or value.islower()  # names in lower case are found after a cue, not here
            ):
                return None
            return PhiKind.NAME
        if result.entity_type == "DATE_TIME":
            return PhiKind.DATE if _DAY_PRECISE.search(value) else None
        if result.entity_type == "LOCATION":
            # "Ohio 43017": the state is allowed, its ZIP is redacted by the rules
            place = re.sub(r"^the\s+|[\s,]*\d{5}(?:-\d{4})?$", "", value.lower().strip(" .,"))
            if place in _ALLOWED_PLACES or not re.search(r"[A-Z][a-z]", value):
                return None  # a state or country, or an abbreviation ("MS" clinic)
            return PhiKind.GEO
        return None


@lru_cache(maxsize=100_000)
def _highest_frequency(word: str, languages: tuple[str, ...]) -> float:
    """The word's highest Zipf frequency in these languages' small word lists (words from Zipf
    3; rarer ones read 0). The small lists load in 0.1 s, the large ones took 1.1 s, once per
    process."""
    return max(zipf_frequency(word, language, wordlist="small") for language in languages)


def _rare_everywhere(word: str) -> bool:
    """A word absent from the small word lists of every language notes come in: a name's, not a
    word's (English words below Zipf 3, "syndromes", are WordNet's, which the callers check
    first)."""
    return _highest_frequency(word, _NOTE_LANGUAGES) < 2.6


def _frequent_in_another_language(word: str, bar: float) -> bool:
    """A word at least this frequent (Zipf) in one of the other languages notes come in: at 4,
    "signalé", "mamá" and names ("ruiz", "nowak", which the census lists hold); at 5.5 only
    words ("chez", "años")."""
    return _highest_frequency(word, _OTHER_NOTE_LANGUAGES) >= bar


def _next_to_hcp_title(text: str, result: RecognizerResult) -> bool:
    """Names written beside an HCP title ("PA Alvarez", "Beatriz Lima, RN") are HCP names."""
    before = text[max(0, result.start - 20) : result.start]
    value = text[result.start : result.end]
    after = text[result.end : result.end + 12]
    return bool(_HCP_BEFORE.search(before) or _HCP_START.match(value) or _HCP_AFTER.match(after))


def _eponym(text: str, result: RecognizerResult) -> bool:
    """A disease, test or vaccine named after people or a place, not a patient: "Stevens-Johnson
    syndrome", "Bacillus Calmette-Guerin (BCG) vaccine", "Cockcroft-Gault equation", "Crohn's
    disease", "Philadelphia chromosome", "Janus kinase", "36 degrees Fahrenheit"."""
    value = text[result.start : result.end]
    before = text[max(0, result.start - 12) : result.start]
    return bool(
        _BACILLUS.search(before)
        or _DEGREES_BEFORE.search(before)
        or (
            (_DOUBLE_NAME.fullmatch(value) or _EPONYM_WORD.fullmatch(value))
            and _MEDICAL_NOUN_AFTER.match(text[result.end :])
        )
    )


def _institution(text: str, result: RecognizerResult) -> bool:
    """A hospital or practice, not a person or a home town: "at Ochsner", "(Dana-Farber)",
    "Providence St. Vincent Medical Center"."""
    before = text[max(0, result.start - 30) : result.start]
    words = text[result.start : result.end].split()
    return bool(
        _INSTITUTION_AFTER.match(text[result.end :])
        or (words and _INSTITUTION_AFTER.match(words[-1]))
        or _AT.search(before)
        or _HCP_THEN_PAREN.search(before)
    )


# Words before a pair that make it a hospital's or a place's name ("northwell lenox hill",
# "city of hope", "hackensack meridian john theurer", "st vincent").
_NAMED_PLACE_BEFORE = re.compile(
    r"(?i:\b(?:st|saint|san|santa|uc|city of|northwell|meridian|health|medical|univ|university"
    r"|van|von|de|del|der|la|le)\.?\s+)$"
)
# International nonproprietary name stems: a drug the dictionary does not know yet.
_DRUG_STEM = re.compile(
    r"(?:mab|nib|tinib|ciclib|parib|lisib|tide|pril|sartan|statin|olol|azole|vir|cillin"
    r"|mycin|parin|xaban|gliptin|gliflozin|lukast|dronate|cept|ase|kin)$"
)
# Two lower-case words, the second possibly hyphenated ("akosua boateng-fry").
# (A lookahead, so that every pair of neighbours is read: "said lamar jenkins".)
# The languages field notes come in; a word common in any of them is no foreign name.
_NOTE_LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "nl", "pl")
_OTHER_NOTE_LANGUAGES = _NOTE_LANGUAGES[1:]
_DISEASE_ENDING = re.compile(r"(?:itis|osis|emia|aemia|oma|pathy|ectomy|algia|iasis|ase|ia|um|us)$")
# After a name, what shows it is a person's: a deed, an age, a bracket, a possessive, a dash,
# or an identifier field ("somchai rattanakosin, UHC member id ...").
_PERSON_AFTER = re.compile(
    rf"(?:\s+(?:doing|{ACTS})|\s*\(|['\u2019]s\b|\s+[-\u2013]\s|\s*,\s*\d"
    r"|\s*,[^,.;\n]{0,20}?\b(?i:member|id|dob|mrn|ph|phone|cell|ssn)\b)"
)
# A person's origin: "pt from", "she's from", "(from", "17M from", "lives in", "moved from".
_FROM_PLACE = re.compile(
    r"(?i:(?:\b(?:pt|patient|she|he|they|him|her|them|family|originally|is|are|y/?o|yo)"
    r"|(?<=\d)[MF]|['\u2019]s)\s+from\s+|[(,]\s*from\s+|\b(?:lives|living|resides) in\s+"
    r"|\bmoved (?:here )?from\s+)"
    r"(?P<place>[^\W\d_]{4,}(?:-[^\W\d_]{3,})?)(?![\w'-])"
)
_LOWER = r"[a-z\u00df-\u00f6\u00f8-\u00ff\u0101-\u017f]"
_LOWER_PAIR = re.compile(
    rf"(?<![\w'-])(?=({_LOWER}{{2,}})\s+({_LOWER}{{2,}}(?:-{_LOWER}{{2,}})?)(?![\w-]))"
)
_BACILLUS = re.compile(r"\bbacill(?:us|e)\s+$", re.I)
_EPONYM_WORD = re.compile(r"[A-Z][a-z\u00e0-\u00ff]+(?:['\u2019]s)?")
_DOUBLE_NAME = re.compile(r"[A-Z][a-z\u00e0-\u00ff]+(?:-[A-Z][a-z\u00e0-\u00ff]+)+")
_MEDICAL_NOUN_AFTER = re.compile(
    r"(?:['\u2019]s)?\s+(?:\([A-Z]{2,6}\)\s+)?(?:syndrome|disease|vaccines?|vaccination|test"
    r"|equation|formula|class|score|criteria|classification|reaction|phenomenon|encephalopathy"
    r"|chromosome|kinases?|palsy|sarcoma|lymphoma|procedure|maneuver|sign|scale)\b",
    re.I,
)
# A unit of temperature named after a person: "36 degrees Fahrenheit".
_DEGREES_BEFORE = re.compile(r"(?i:\bdegrees?\s+)$")
_HCP_TITLES = r"dr|dra|doctor|prof|rn|np|pa|pa-c|pharmd|nurse|pharmacist|md"
_HCP_BEFORE = re.compile(rf"(?i:\b(?:{_HCP_TITLES})\b\.?\s*)$")
_HCP_START = re.compile(rf"(?i:(?:{_HCP_TITLES})\b\.?\s)")
_HCP_AFTER = re.compile(r",?\s*(?:MD|M\.D\.|DO|NP|PA-C|PA|PharmD|RN|APRN|FNP|PhD)\b")
_HCP_END = re.compile(r"(?i:[\s,]+(?:md|do|np|pa-c|pharmd|rn|aprn|fnp|phd))$")
# "at Ochsner", "@ Baptist Health", "seen at", "infusion at": a place of care.
_AT = re.compile(r"(?:\bat|@|\bvia)\s+(?:the\s+)?$")
# "Dr. Fitzgerald (Dana-Farber)", "Dr. Ewa Zielinska (pediatric neurology, Lurie Children's)"
_HCP_THEN_PAREN = re.compile(
    r"(?i:\b(?:dr|dra|doctor|np|pa|rn)\b\.?\s+[\w.' -]+\((?:[a-z][\w ]*,\s*)?)$"
)


_STATE_NAMES = frozenset(place for place in _ALLOWED_PLACES if " " not in place)


def _town_after(
    text: str,
    end: int,
    gazetteer: Gazetteer,
    taken: set[tuple[int, int]],
    after_pattern: re.Pattern[str] = _TOWN_AFTER,
) -> list[Candidate]:
    """A town the gazetteer knows right after the patient's place and a comma."""
    after = after_pattern.match(text, end)
    if after is None:
        return []
    words = after.group(1).split()
    for n in range(len(words), 0, -1):
        name = " ".join(words[:n])
        if name.lower() in gazetteer.towns and name.lower() not in _STATE_NAMES:
            start = after.start(1)
            span = (start, start + len(name))
            return [] if span in taken else [(*span, _NAME_LIST_PRIORITY, PhiKind.GEO)]
    return []


def _place_again(
    text: str, spans: list[RedactedSpan], gazetteer: Gazetteer | None = None
) -> list[Candidate]:
    """Around the patient's town or address: a neighbourhood in brackets after it, a ZIP right
    after it ("westminster (little saigon)", "winston-salem 27104") and the town after a street
    address or a ZIP."""
    found: list[Candidate] = []
    taken = {(span.start, span.end) for span in spans}
    for span in spans:
        if span.kind not in (PhiKind.GEO, PhiKind.ADDRESS, PhiKind.ZIP):
            continue
        alias = _PLACE_ALIAS.match(text, span.end)
        if alias and alias.span(1) not in taken:
            found.append((*alias.span(1), _NAME_LIST_PRIORITY, PhiKind.GEO))
        if gazetteer is not None and span.kind is PhiKind.GEO:
            found += _town_after(text, span.end, gazetteer, taken)
        elif gazetteer is not None:  # "4410 W Cermak Rd, Cicero", "ZIP 44107 Lakewood"
            found += _town_after(text, span.end, gazetteer, taken, _TOWN_AFTER_ADDRESS)
        zip_code = _ZIP_AFTER.match(text, span.end)
        if span.kind is PhiKind.GEO and zip_code and zip_code.span(1) not in taken:
            found.append((*zip_code.span(1), _NAME_LIST_PRIORITY, PhiKind.ZIP))
    return found


@cache
def layered_redactor() -> LayeredRedactor:
    """The process's redactor (the model takes about a second to load; loaded on first use)."""
    return LayeredRedactor(load_ner_model(), load_census_names(), load_gazetteer())
