"""The layers of PHI redaction: the pinned NER model is checked against the official one, each
layer finds what the others miss, and what is not patient PHI (HCP names, office lines, lot and
NDC codes, product expiry) is kept. The blind floors live in test_redaction_blind.py."""

from __future__ import annotations

import copy

import pytest

from knowledge_base.redaction import PhiKind, redact
from knowledge_base.redaction.engine import layered_redactor
from knowledge_base.redaction.names import load_census_names, name_spans
from knowledge_base.redaction.ner import check_meta, expected_model, load_ner_model


def test_the_installed_model_is_the_official_one() -> None:
    model = load_ner_model()
    assert check_meta(model.meta, expected_model()) == []
    assert model.nlp.pipe_names == ["ner"]  # only NER runs
    assert {"grace", "bill", "young"} <= model.common_words


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("version", "3.7.1"),
        ("spacy_git_version", "0000000"),
        ("performance.ents_f", 0.5),
    ],
)
def test_a_different_model_is_named_field_by_field(field: str, value: object) -> None:
    meta = copy.deepcopy(load_ner_model().meta)
    target = meta
    *parents, leaf = field.split(".")
    for part in parents:
        target = target[part]
    target[leaf] = value
    (problem,) = check_meta(meta, expected_model())
    assert problem.startswith(f"{field}: expected ")
    assert repr(value) in problem


def test_census_layer_reads_cues_in_any_case_and_keeps_common_words_without_one() -> None:
    census = load_census_names()
    common = load_ner_model().common_words

    def found(text: str) -> list[str]:
        return [text[a:b] for a, b in name_spans(text, census, common)]

    assert found("his wife rose called twice") == ["rose"]
    assert found("pt mark brown, 58, on trikafta") == ["mark brown"]
    assert found("Will follow up next week with the team") == []
    assert found("the patient brochure was left") == []
    assert found("Okafor still tolerating it") == ["Okafor"]
    assert found("spoke w/ NP Alvarez about Mary Jones") == ["Mary Jones"]


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        # found by the NER model only: no cue, names the lists do not hold
        ("Yesterday Chinonso Eze called about the rash.", "Chinonso Eze", PhiKind.NAME),
        # a name the model finds in part is grown over its other unlisted words
        ("Olumide Bankole said the rash came back.", "Olumide Bankole", PhiKind.NAME),
        ("seen again on the 2nd of June for labs", "the 2nd of June", PhiKind.DATE),
        # found by the name lists only: lower case after a relative cue
        ("pt on eliquis; her husband bill does the refills", "bill", PhiKind.NAME),
        # found by the rules only
        ("MRN 00293847 on the form", "00293847", PhiKind.MRN),
        ("UHC member 9981234501 changed plans", "9981234501", PhiKind.ID),
        ("pt lives in Hamtramck now", "Hamtramck", PhiKind.GEO),
        ("hematuria 10/8, urology consult", "10/8", PhiKind.DATE),
        # rep shorthand in lower case: addresses, towns and ZIPs after a cue
        (
            "her email on file, addr 1422 w belmont ave apt 3. f/u",
            "1422 w belmont ave",
            PhiKind.ADDRESS,
        ),
        ("daughter lives w/ him at 17 cedar ln, skokie. dob", "skokie", PhiKind.ADDRESS),
        ("pt from cicero. next cycle thurs", "cicero", PhiKind.GEO),
        ("nursing home in evanston, fell on ELIQUIS", "evanston", PhiKind.GEO),
        ("HUMIRA site rxn. lives in 60614, dr martinez", "60614", PhiKind.ZIP),
        # ids a patient program gives
        ("REMS pt auth # 44871902, specialty pharm pt # BRX-009127", "44871902", PhiKind.ID),
        ("specialty pharm pt # BRX-009127", "BRX-009127", PhiKind.ID),
        ("pt's portal login omar.k1990 & mrn on file", "omar.k1990", PhiKind.ID),
        # names: after "mrs." any word, a word-name before a surname, a name then its alias
        ("re pt mrs. lakshmi venkataraman, 93, CELEBREX", "lakshmi venkataraman", PhiKind.NAME),
        ("pt will ostrowski, 67, plans to start RINVOQ", "will ostrowski", PhiKind.NAME),
        ("pt grace, 91 y/o, on ARTHROTEC; dtr hope calls weekly", "hope", PhiKind.NAME),
        ("pt rosario dimaculangan on KRYSTEXXA", "rosario dimaculangan", PhiKind.NAME),
        # the shapes fresh batch v6 showed: mixed case, unit numbers, "@", towns after a street
        ("lives at 2201 W Fullerton ave apt 5B, chicago 60647", "Fullerton ave", PhiKind.ADDRESS),
        ("addr 4410 N Kedzie #2R Chicago IL 60625. dr feinberg", "4410 N Kedzie", PhiKind.ADDRESS),
        ("assisted living @ 40 harbor view rd, scituate.", "40 harbor view rd", PhiKind.ADDRESS),
        ("pt lives on maple ave in dorchester. wife cb", "dorchester", PhiKind.GEO),
        ("pt dmytro, 58, from brighton beach brooklyn, copay issue", "brooklyn", PhiKind.GEO),
        ("lives in carson, 90745. brother cb", "90745", PhiKind.ZIP),
        ("their patient Ingrid Solberg, age 90. Office phone", "90", PhiKind.AGE),
        ("mom = soon-ja lee, 90+ now", "90+", PhiKind.AGE),
        ("next cycle mar 5", "mar 5", PhiKind.DATE),
        ("infusion #4 on 2-Mar for pt", "2-Mar", PhiKind.DATE),
        ("last infusion 01.20.26", "01.20.26", PhiKind.DATE),
        ("hub HB-7731902. f/u", "HB-7731902", PhiKind.ID),
        ("spec pharm pt # BRX-4410927. dr volkov", "BRX-4410927", PhiKind.ID),
        ("Patient Brendan Kavanagh, CDL number D4471920, resides", "D4471920", PhiKind.ID),
        # a given name that is also a word, as the subject of what a person did or says
        ("hope called again re nausea on mounjaro", "hope", PhiKind.NAME),
        ("Rose called back. still on Nurtec", "Rose", PhiKind.NAME),
        ("bill (DOB 1/9/40) INR 3.8 on warfarin", "bill", PhiKind.NAME),
        ("VM: hi this is grace from the, uh, calling about my mother", "grace", PhiKind.NAME),
        ("caregiver (aunt) mercy. fu 10 days", "mercy", PhiKind.NAME),
        # names no US list holds, told as a person's
        ("dr hoang said olena bondarenko doing well on VERZENIO", "olena bondarenko", PhiKind.NAME),
        ("ayse yilmaz-demir called the medinfo line", "ayse yilmaz-demir", PhiKind.NAME),
        # towns English has only as a city's noun, neighbourhoods named by their kind
        ("one pt mention: mr. jones from quincy had pneumonitis", "quincy", PhiKind.GEO),
        ("pt maria lopez, tucson, medicaid id 1234", "tucson", PhiKind.GEO),
        ("pt lives w daughter in the sunset district. daughter", "sunset district", PhiKind.GEO),
        ("pt ana 92yo, Borough Park, on Eliquis", "Borough Park", PhiKind.GEO),
        ("they live in Edison, off Oak Tree Rd. pt's cell", "Oak Tree Rd", PhiKind.ADDRESS),
        ("lives way up caney fork rd near pikeville.", "caney fork rd", PhiKind.ADDRESS),
        # "1/3" as notes use it, and an age over 89 after the name
        ("headache + confusion 1/3. MRI: ARIA-E", "1/3", PhiKind.DATE),
        ("lmp 1/3. partner emre", "1/3", PhiKind.DATE),
        ("& Ruth Cole 97, atlantic beach, both dx", "97", PhiKind.AGE),
        ("pt Ana 17M from utqiagvik, flies in for visits", "utqiagvik", PhiKind.GEO),
        ("one (J.K., 67M) had gr2 ILD", "J.K.", PhiKind.NAME),
        ("pt j.k. (seen 3/2/25) - hypothyroid", "j.k.", PhiKind.NAME),
        ("AE form: Patient name: Sunday Adewale. Sex: M.", "Sunday Adewale", PhiKind.NAME),
        # v15's shapes: a rural box address, a two-digit-year dotted date, an age after the birth
        # date, an insurer's member id, a programme number bare or second of a pair, a visit day
        ("she lives at HC 61 Box 1183, Shiprock NM", "HC 61 Box 1183", PhiKind.ADDRESS),
        ("relapse noted 10.10.24. wife asking", "10.10.24", PhiKind.DATE),
        ("My grandma (DOB 01/02/1929) is 96 and gets Entyvio", "96", PhiKind.AGE),
        ("insurance card Aetna W283749201. office holding it", "W283749201", PhiKind.ID),
        ("case 2231-77, PSP-221905. they live nearby", "PSP-221905", PhiKind.ID),
        ("PAP IDs 4410987 & 3310458, both on Eliquis", "3310458", PhiKind.ID),
        ("9. f/u visit planned the 21st", "21st", PhiKind.DATE),
        # v16's: a form's "Pt:" field in capitals, a callback number given to the office, a
        # Medicare id in its own shape and a second insurer's
        (
            "pasted from EMR:\nPt: OLUWASEUN ADE-BELLO   DOB: 3/4/51",
            "OLUWASEUN ADE-BELLO",
            PhiKind.NAME,
        ),
        (
            "son and grandson called office, cb 312-555-0147, she is on Eliquis",
            "312-555-0147",
            PhiKind.PHONE,
        ),
        ("Primary ins: Medicare, ID 7KQ2-HW4-MN61; secondary", "7KQ2-HW4-MN61", PhiKind.ID),
        ("secondary AARP AARP-044172093\nRx: Opsumit", "AARP-044172093", PhiKind.ID),
        # v19's (12-07): a name that is a word, again before the person's field; days of the
        # month; a town that is a rare word after "past"
        ("caregiver hope (niece) called. hope cell 606-555-0100", "hope cell", PhiKind.NAME),
        ("pt Will Amos, dad. Will born 3-4-1950", "Will born", PhiKind.NAME),
        ("infusions only the 2nd or 16th of the month, she works", "2nd or 16th", PhiKind.DATE),
        ("she lives out past hazard, drives in", "hazard", PhiKind.GEO),
        ("her sister drives him from Chilchinbeto. next visit", "Chilchinbeto", PhiKind.GEO),
    ],
)
def test_each_layer_redacts_what_it_finds(text: str, value: str, kind: PhiKind) -> None:
    result = redact(text)
    assert value not in result.text
    start = text.index(value)
    assert any(s.kind is kind and s.start <= start and s.end >= start for s in result.spans)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("spoke w/ PA Alvarez at Lakeshore Rheumatology", ["Alvarez", "Lakeshore Rheumatology"]),
        ("nurse (Beatriz Lima, RN) called", ["Beatriz Lima"]),
        ("dr. abernathy asked about dosing", ["abernathy"]),
        ("office 312-555-0148, lot 2K4417B exp 08/2026", ["312-555-0148", "2K4417B", "08/2026"]),
        ("NDC 0003-3772-11, NPI 1952408817, KEYNOTE-522", ["0003-3772-11", "1952408817"]),
        ("The MS clinic sees 40 patients a week.", ["The MS clinic"]),
        ("lot KX23B017, expiring 2025-08-31; pt will start in May", ["2025-08-31", "will start"]),
        ("pt from clinic 4 said labs were fine; seen 2 wks ct showed nothing", ["clinic", "ct"]),
        ("lives at 5 Oak St Dr. Lee says; NURTEC ODT 75 mg may 5 times", ["Dr. Lee", "may 5"]),
        ("3/4 of patients responded; grade 3/4 neutropenia; 24/7 line", ["3/4 of", "24/7"]),
        ("reduce by 1/3. take 1/2 tab. NYHA 2/3, pain 3/4 today", ["1/3", "1/2", "2/3", "3/4"]),
        # words doing what a person does, but no one's name
        ("i hope she stays on it; conception is estimated at wk 2", ["hope", "conception"]),
        ("pa carla munoz at summit ortho. carla asked abt CALDOLOR", ["carla munoz"]),
        ("What data are available on RINVOQ for hidradenitis suppurativa?", ["suppurativa"]),
        ("Il farmacista riferisce che un cliente ha comprato Viagra", ["riferisce che"]),
        ("Aucun effet indésirable signalé chez ses patients", ["signalé chez"]),
        ("median time to onset? pt came from rehab; in a different district.", ["onset"]),
        ("AML pt passed away last wk from neutropenic sepsis; pt p.o. ok", ["neutropenic", "p.o."]),
        ("pt switched from ozempic to mounjaro", ["ozempic"]),
        ("eGFR 45 cr 1.4, wt 58kg; 1 route 66 mug", ["45 cr 1.4"]),
        # plurals of English words are words ("syndromes", "brochures"), no foreign name
        ("REVLIMID for myelodysplastic syndromes (MDS) weekly", ["myelodysplastic syndromes"]),
        ("she asked for pt brochures. A caller states that", ["brochures", "states"]),
        ("lives in a different district. she is from Highland Park Hospital", ["Highland Park"]),
        ("i hope cell counts recover; 1st or 2nd line; past week", ["hope cell", "2nd", "week"]),
    ],
)
def test_what_is_not_patient_phi_is_kept(text: str, kept: list[str]) -> None:
    redacted = redact(text).text
    assert [k for k in kept if k not in redacted] == []


def test_a_patients_phone_goes_an_offices_stays() -> None:
    redacted = redact("pt cell 773-555-0161; Dr. Khoury's office 773-555-0100").text
    assert "773-555-0161" not in redacted and "773-555-0100" in redacted


def test_the_redactor_is_built_once_per_process() -> None:
    assert layered_redactor() is layered_redactor()


def test_a_name_found_once_is_found_wherever_the_note_repeats_it() -> None:
    """An alias in brackets, and the name again as a possessive further on."""
    text = "pt kwame asante (kwame a.) on LUMIZYME, infusion at home. kwame's acct with the co."
    redacted = redact(text).text
    assert "kwame" not in redacted and "asante" not in redacted
    grace = redact(
        "pt grace okafor-bell, 71, on ELIQUIS. grace's cell is on file; by grace of god"
    ).text
    assert "grace's" not in grace and "grace of god" in grace  # a word stays a word


def test_drug_names_are_read_from_the_shipped_dictionary_and_census_names_stay_names() -> None:
    from knowledge_base.redaction.drugs import _dictionary_words, drug_name_words
    from knowledge_base.redaction.names import load_census_names

    census = load_census_names()
    drugs = drug_name_words(census)
    assert {"tremfya", "biktarvy", "otezla", "pembrolizumab"} <= drugs
    # "Camila" is a drug's name in the dictionary and a first name in the census: a name.
    assert "camila" in _dictionary_words() and "camila" in census.first
    assert "camila" not in drugs
