"""Labs and vital signs, serious outcomes, special situations and lack of efficacy."""

from __future__ import annotations

import re

from assistant.pharmacovigilance.vocabulary import lines

# Lab or vital sign named next to an abnormality (either order); "labs WNL" is not an event.
ANALYTES = (
    r"(?:alt|ast|lfts?|liver (?:enzymes|function(?: tests)?)|transaminases?|bilirubin|creatinine|"
    r"creat|scr|serum creatinine|"
    r"e?gfr|platelets?|platelet count|plt|lymphocytes?|lymphocyte count|alc|neutrophils?|anc|wbc|"
    r"h(?:a)?emoglobin|hgb|potassium|sodium|glucose|tsh|cortisol|lipase|amylase|qtc?|"
    r"qtc? interval|vitamin a|vit a|inr|troponin|ck|cpk|bp|blood pressure|hr|heart rate|pulse|"
    r"l?v?ef|ejection fraction|ldl(?:-c)?|hba1c|a1c|s?ua|uric acid|lipids?|lipid panel|"
    r"cholesterol|triglycerides?|creatine kinase|bcr-?abl|urine protein|proteinuria"
    r"|(?:dipstick|urinary) protein)"
)
ABNORMAL = (
    r"(?:elevat\w*|raised|high|increas\w*|up|rose|rising|spiked?|doubled|tripled|dropp?\w*|fell|"
    r"fallen|low|lower|decreas\w*|down|abnormal|prolong\w*|went from|\d+(?:\.\d+)?\s*x\s*uln|"
    r"through the roof|sky-?high|skyrocket\w*|off the charts|climb\w*|jump\w*|shot up|"
    r"out of range|critical(?:ly)?|above (?:normal|range|the upper)|from \d|"
    # a dipstick grade: "urine protein 2+"
    r"[1-4]\+|"
    # a change written as an arrow: "LDL 110->168"
    r"\d+(?:\.\d+)?\s*(?:-+>|\u2192|=>)\s*\d|"
    r"(?:of|is|was|are|were|now|at|to|around|about)\s+\d)"
)
LAB_PATTERNS = [
    re.compile(rf"\b{ANALYTES}\b(?:\W+\w+){{0,4}}?\W+{ABNORMAL}", re.IGNORECASE),
    re.compile(
        rf"\b(?:elevated|high|low|abnormal|raised|increased|decreased|prolonged)\s+"
        rf"(?:\w+\s+){{0,2}}{ANALYTES}\b",
        re.IGNORECASE,
    ),
]

# The same in the notes' other languages (accents folded): "baisse de la FEVG de 62% a 45%",
# "as enzimas do figado (ALT) subiram para 5 vezes o limite superior", "Kreatinin gestiegen".
_ANALYTES_ABROAD = (
    r"(?:transaminas[ae]s?|transaminasi|transaminasen|enzimas? (?:hepatic[ao]s|do figado|del "
    r"higado)|enzymes? hepatiques?|enzimi epatici|leber(?:werte|enzyme)|creatinin[ae]|kreatinin|"
    r"plaquetas|plaquettes|piastrine|thrombozyten|neutrofil[oi]s?|neutrophiles?|hemoglobina|"
    r"hemoglobine|emoglobina|hamoglobin|potasio|potassio|kalium|glucemia|glicemia|glicose|"
    r"glycemie|blutzucker|fevg|fevi|fraccion de eyeccion|fracao de ejecao|fraction d'ejection|"
    r"frazione di eiezione|(?:ejektions|auswurf)fraktion|acido urico|acide urique|harnsaure|"
    r"bilirrubina|bilirubine)"
)
_ABNORMAL_ABROAD = (
    r"(?:elevad[oa]s?|aument(?:o|a|an|ou|aram|aron|ado|ada|ados|adas|ati|ata|e|ee|es|ees)|"
    r"augmentation|subi(?:o|u|eron|ram|do|da)|bajo|bajaron|baja|disminu\w+|descend\w+|"
    r"cay(?:o|eron)|caiu|cairam|baix(?:ou|aram|a|o)|queda|elevees?|eleves?|hausse|baisse|"
    r"chute|elevat[oiae]|salit[oiae]|calat[oiae]|ridott[oiae]|erhoht|(?:an)?gestiegen|"
    r"gesunken|abgefallen|abfall|anstieg)"
)
_ULN_ABROAD = (
    r"\b\d+(?:[.,]\d+)?\s*(?:x|veces|vezes|fois|volte|mal|fach)\s*(?:(?:o|el|la|le|il|den|die|"
    r"das)\s+)?(?:lsn|limite superior|limite superieur|limite normale superiore|obere "
    r"(?:grenze|normgrenze)|uln)"
)
LAB_PATTERNS += [
    re.compile(
        rf"\b(?:{ANALYTES}|{_ANALYTES_ABROAD})\b(?:\W+\w+){{0,4}}?\W+{_ABNORMAL_ABROAD}\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_ABNORMAL_ABROAD}\s+(?:\w+\W+){{0,2}}?(?:{ANALYTES}|{_ANALYTES_ABROAD})\b",
        re.IGNORECASE,
    ),
    re.compile(_ULN_ABROAD, re.IGNORECASE),
]

# A value that is abnormal on its own, with no event word: "AST 4x ULN", "QTc 492 ms", "BP
# 158/96", "platelets 45k", "ANC 0.7", "Hgb 7.8", "HR 38 bpm". Thresholds are the usual grade 1-2
# cut-offs; a value named with no abnormality word elsewhere is left to the patterns above.
_IS = (
    r"(?:\s*(?:of|de|is|was|were|are|now|at|down to|dropped to|fell to|up to|to|=|:|~|came back"
    r"|came back at|back at"
    r"|(?:has|have|had) (?:fallen|dropped|fell|risen|gone (?:up|down)|climbed)(?: to)?)\s*)*\s*"
)
# A goal or threshold ("target BP under 140/90"), not a reading.
_NOT_GOAL = r"(?<!under )(?<!below )(?<!<)(?<!< )(?<!than )(?<!goal )(?<!target )(?<!of <)"
LAB_VALUES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # multiples of the upper limit of normal, with or without an analyte
        r"\b\d+(?:\.\d+)?\s*(?:x|\u00d7|times)\s*(?:the\s+)?"
        r"(?:uln|upper limit(?: of normal)?|normal)\b",
        r"\b(?:alt|ast|lfts?|transaminases?|bilirubin|ggt|alp)\s*(?:>|\u2265)?\s*\d+(?:\.\d+)?\s*"
        r"(?:x|\u00d7)(?!\w)",
        rf"\b(?:alt|ast|sgpt|sgot)\b{_IS}(?:1[2-9]\d|[2-9]\d\d|\d{{4}})(?!\d|[.,]\d)",
        r"\bgrade\s*[2-4]\s+(?:\w+\s+)?(?:elevation|increase|alt|ast|transaminase|bilirubin|"
        r"creatinine|lab|liver|hepatic|neutrophil|platelet|anemia|qtc?)",
        # ECG, vital signs
        rf"\bqtc?[fb]?\b(?:\s+interval)?{_IS}(?:4[7-9]\d|[5-7]\d\d)\b",
        rf"{_NOT_GOAL}(?<![\d/.])(?:1[4-9]\d|2[0-6]\d)\s?/\s?(?:[4-9]\d|1[0-4]\d)(?![\d/])",
        rf"{_NOT_GOAL}(?<![\d/.])(?:1[0-3]\d)\s?/\s?(?:9\d|1[0-4]\d)(?![\d/])",
        rf"\b(?:bp|blood pressure)\b{_IS}(?:[5-8]\d)\s?/\s?(?:[2-5]\d)(?![\d/])",
        rf"\b(?:heart rate|pulse|hr)\b{_IS}(?:[2-4]\d|1[3-9]\d|2[0-4]\d)\s*(?:bpm|beats)",
        rf"\b(?:heart rate|pulse)\b{_IS}(?:[2-4]\d|1[3-9]\d|2[0-4]\d)\b",
        # a fever by its reading: "pt spiked 39.2 that night", "temp 101.8"
        r"\b(?:spiked?|spiking|temp(?:erature)?s?|t ?max|febrile (?:to|at))\b"
        r"(?:\s+(?:of|to|at|was|is|up to))*\s*(?:3[89](?:\.\d)?|4[01](?:\.\d)?|10[0-5]\.\d)"
        r"(?!\d|[.,]\d)\s*(?:°\s*[cf]\b|c\b|f\b)?",
        # blood counts
        rf"\b(?:platelets?|platelet count|plts?)\b{_IS}(?<![\d.,])[1-9]\d?(?:[.,]\d+)?\s*"
        r"(?:k\b|,?000\b|x\s?10|/|\b)(?!\d|[.,]\d)",
        rf"\b(?:anc|neutrophils?|neutrophil count|absolute neutrophils?)\b{_IS}"
        r"(?:0?\.\d+|0|1(?:\.[0-4]\d*)?|[1-9]\d{2}|1[0-4]\d{2})(?!\d|[.,]\d)",
        rf"\b(?:h(?:a)?emoglobin|hgb|hb)\b{_IS}(?:[3-8](?:\.\d+)?|9\.\d+)(?!\d|[.,]\d)",
        # kidney function
        rf"\b(?:e?gfr)\b{_IS}(?:[1-9]|[1-3]\d)(?!\d|[.,]\d)",
        rf"\bcreatinine\b{_IS}(?:[2-9](?:\.\d+)?|1\.[6-9]\d*)(?!\d|[.,]\d)\s*(?:mg)?",
        # thyroid: TSH above 10 or suppressed below 0.1
        rf"\btsh\b{_IS}(?:1\d|[2-9]\d|\d{{3}}|0?\.0\d)(?:\.\d+)?(?!\d|[.,]\d)",
        # muscle: CK above about 2.5x the upper limit
        rf"\b(?:ck|cpk|creatine kinase)\b{_IS}(?:[5-9]\d\d|\d{{4,5}}|\d{{1,2}},\d{{3}})"
        r"(?!\d|[.,]\d)",
    )
]

SERIOUS = lines(
    r"""
    hospitali[sz](?:ed|ation)|in (?:the )?hospital|admitted|admission
    icu|picu|nicu|micu|sicu|ccu|intensive care|critical care
    er (?:visit|trip)|to the (?:er|ed)|emergency(?: room| department)?|urgent care
    intubated|ventilat(?:ed|or)
    died|dead|death|deaths|passed away|deceased|fatal(?:ity)?|mortality
    life[- ]threatening
    disabilit(?:y|ies)|disabled
"""
)
SERIOUS_CS = re.compile(r"\b(?:ER|ED|ICU|A&E)\b")

SPECIAL = lines(
    r"""
    pregnan(?:t|cy|cies)
    conceived
    breast-?\s?fe(?:e|d)ding|breastfeedin|breastfed|lactating|nursing (?:mother|mom|infant)
    conceived (?:while|whilst|on|during)|(?:got|became|is|was) pregnant (?:while|on|during)
    (?:pt|patient|she|mom|mother) (?:is |was |has been )?(?:nursing|breastfeeding|pumping)
    (?:currently|now|still|exclusively) (?:breastfeeding|nursing|pumping)
    # taking more than prescribed on purpose: "mixing 3 packets for a 'stronger' effect"
    (?:for|to get) (?:a )?['"\u2018\u201c]?stronger['"\u2019\u201d]? (?:effect|dose|kick|hit)
    to make it (?:work )?(?:stronger|faster)
    (?:is|are|was|were|been) (?:\w+ )?(?:breastfeeding|nursing|pumping)\b(?! (?:home|staff|care))
    pos(?:itive)? (?:preg(?:nancy)?|hcg|beta) test
    preg(?:nancy)? test (?:was |came back )?pos(?:itive)?
    overdos(?:e|ed|es|ing)
    in error
    misuse|abuse
    drug[- ](?:drug )?interaction
"""
)

# Medication errors are reportable even without symptoms, and tell an occurrence themselves.
_GIVE = (
    r"(?:give|gives|giving|take|taking|inject|injecting|added|put|"
    r"took|taken|takes|received|given|gave|administered|injected|infused|dispensed|used|"
    r"diluted|reconstituted|mixed|prepared|drawn up|made up|pushed|self-injected|dosed)"
)
_EXPIRY = r"(?:its|the|their) (?:expiry|expiration|use-by)"
_PREPARED = r"(?:prepared|mixed|reconstituted|diluted|infused|given)"
_COMPONENT = r"(?:stabili[sz]er|diluent|filter|premedication|pre-?meds?)"
_MEANT = r"(?:prescribed|intended|ordered)"
_SUPPLIED = r"(?:filled|dispensed|gave|sent|subbed|substituted|supplied|shipped)"
_INSTEAD = r"(?:instead of|rather than|in place of|for)"
_DRUG_WORD = r"[a-z]+(?:ex|ec|ol|in|ab|ib|is)"  # "celebrex", "olaparib": a drug's name
_MG = r"\d+(?:\.\d+)?\s?mg"
_ON_DOSE = rf"(?:rx'?d|prescribed|on|ordered) {_MG}"
_GOT = r"(?:got|dispensed|received|sent|given|took|taking|filled with)"
_GIVEN = r"(?:got|given|received|infused|administered|dosed)"
_UNITS = r"(?:pens|injections|syringes|doses|tablets|tabs|pills|caps|capsules)"
_BEYOND = r"(?:past|over|above|exceed(?:ed|ing)?|more than)"
_COUNT = r"(?:\d+|two|three|four|five|six)"
_ONE = r"(?:one|a single|the same|1|a)"
_TOOK = r"(?:took|taking|used|using)"
_SOMEONE = (
    r"(?:friend|husband|wife|sister|brother|mother|father|mom|dad|neighbou?r|roommate|coworker)"
)
_DIRECTIONS = r"(?:directions|instructions|sig|dosing)"
_HERS = r"(?:her|his|their|some of (?:her|his|their))"
_SKIN = (
    r"(?:his|her|their|my|the) (?:arm|skin|hand|face|eyes?|leg|thigh|belly|stomach|shirt|clothes)"
)
MED_ERROR = lines(
    rf"""
    (?:double|extra|too many|duplicate) doses?|(?:double|twice|triple) the (?:dose|amount)
    (?:double|twice the|triple|half the) concentration
    double[- ]dos(?:ed|ing)|took too much
    accidental(?:ly)?|by mistake|inadvertent(?:ly)?
    {_GIVE}\b[^.;]{{0,50}}?\btwice\b(?! (?:daily|a day|a week|weekly|per|monthly|a month))
    (?:same|the) dose (?:was |got )?(?:given|taken|injected|repeated|administered) (?:again|twice)
    (?:two|2|three|3) doses (?:on|in|within) (?:the same|one|a single) (?:day|week)
    wrong (?:dose|drug|medication|route|patient|product|strength|frequency|diluent|solvent)
    wrong (?:dilution|concentration|volume|infusion rate|rate|site|vial|pen|syringe)
    wrong (?:formulation|fluid|bag|person)
    incorrect(?:ly)? (?:dose|dosed|drug|route|diluent|diluted|reconstituted|strength|rate|volume)
    (?:medication|dosing|dose|calculation|dispensing|administration|dilution) errors?
    {_GIVE}\b[^.;]{{0,60}}?\b(?:instead of|rather than|in place of)
    (?:meant|intended|prescribed) for (?:another|a different|the wrong|someone else)
    \d+\s?mg when \d+\s?mg
    \d+\s?(?:x|times|fold) (?:the |too |higher than |more than )(?:\w+ )?(?:dose|intended)
    (?:infused|given|pushed|administered|injected) (?:way |much )?too (?:fast|quickly|rapidly|soon)
    {_GIVE}\b[^.;]{{0,40}}?\b(?:expired|out[- ]of[- ]date|past {_EXPIRY})
    (?:expired|out[- ]of[- ]date|past {_EXPIRY})\b[^.;]{{0,40}}?\b{_GIVE}
    mix-?up (?:of|with|between) (?:the )?(?:patients?|drugs?|doses?|vials?|pens?|products?)
    mixed up (?:\w+ )?(?:charts|patients|doses|vials|pens|syringes|orders|bags)
    {_GIVE}\b[^.;]{{0,40}}?\b(?:a|one|two|\d+) (?:days?|weeks?|wks?) (?:too )?(?:early|late)
    {_GIVE}\b[^.;]{{0,40}}?\b(?:a|one|two|\d+) (?:months?|mos?) (?:too )?(?:early|late)
    {_SUPPLIED}\b[^.;]{{0,40}}?\b{_INSTEAD}\b[^.;]{{0,25}}?(?:\b{_DRUG_WORD}\b|\d+\s?mg)
    (?:subbed|substituted)\b
    {_ON_DOSE}\b[^.;]{{0,50}}?\b{_GOT} (?:the )?{_MG}
    (?:was |were )?dispensed {_MG} (?:tabs|tablets|caps|capsules)?\b
    programmed (?:at|with|to) (?:the |a )?wrong
    # pumps and rates: "the pump rate was keyed in wrong", "the 48-hour bag emptied in 12"
    (?:keyed|programmed|entered|typed|set) (?:in |up )?(?:wrong|incorrectly|wrongly)
    (?:bag|infusion|pump)\b[^.;]{{0,40}}?\b(?:emptied|ran out|finished) (?:in )?(?:about )?\d+
    (?:bag|infusion|pump)\b[^.;]{{0,40}}?\b(?:emptied|ran out|finished) (?:in )?only \d+
    (?:nobody|no one|never) (?:reduced|adjusted|lowered|decreased|changed) the (?:\w+ )?dose
    (?:the |an? )?error was (?:caught|found|discovered|noticed|made)
    {_PREPARED} without (?:the )?(?:\w+ ){{0,3}}{_COMPONENT}
    (?:lower|higher|smaller|larger|wrong|half the|double the) dose than {_MEANT}
    {_GIVEN} (?:\w+ ){{0,3}}twice in (?:the same|one|a single) (?:day|week|wk|cycle|visit)
    (?:2|two|both|3|three) (?:\w+ )?{_UNITS} (?:on |in )?(?:the )?same (?:day|time)
    thinking it was (?:a |the )?(?:loading|missed|extra|double|new)
    (?:thought|thinking|assumed) it was (?:a |an |the )?(?:\w+ )?(?:pill|dose|med|tablet|drug|one)
    {_GIVE}\b[^.;]{{0,40}}?\bundiluted|iv push undiluted|without (?:being )?diluted
    thinking (?:more|higher|a bigger dose) (?:=|is|was|would be) better|more (?:=|is) better
    (?:way |much |far )?more than (?:rx'?d|prescribed|directed|recommended)
    (?:on|over) (?:consecutive|back-to-back|two straight|2 straight) days
    (?:cat|dog|puppy|kitten|pet)\b[^.;]{{0,40}}?\b(?:ate|eaten|chewed|swallowed|licked|got into)
    {_BEYOND} the (?:max(?:imum)?|daily (?:max(?:imum)?|limit|dose)|recommended (?:max\w*|dose))
    \b{_COUNT} (?:\w+ ){{0,2}}(?:(?:times|{_UNITS}) )?in {_ONE} (?:day|24 ?h(?:ours?|rs)?|night)
    {_TOOK} (?:\w+ ){{0,2}}(?:{_UNITS} )?(?:\w+ )?(?:meant|prescribed|intended) for (?:his|her|a)
    (?:using|took|taking|borrowed) (?:a |her |his |their )?{_SOMEONE}'s
    (?:sharing|shared|gave|giving|gives) {_HERS} \w+ (?:\w+ )?(?:with|w/|to) (?:her|his|a)
    snort(?:ing|ed|s)?|crush(?:ing|ed)? (?:\w+ )?(?:and|\+|&) (?:snort|inject|smok)\w*
    swallowed|ingested|chewed (?:on )?(?:a|one|some|the)
    got into (?:her|his|the) (?:pills|tablets|meds|medication|bottle)
    splash(?:ed)? (?:\w+ )?(?:on|in|onto|into)|needle-?stick
    stuck (?:him|her|them|my)sel(?:f|ves)|(?:self|accidental)[- ]injection
    stuck (?:her|his|their|my) (?:own )?(?:finger|thumb|hand|palm|arm)
    # a dose lost to the product, an underdose: "sprayed on his arm, didnt re-dose that month"
    (?:did ?n[o']?t|didnt|never|could ?n[o']?t|couldnt) re-?dose
    (?:did ?n[o']?t|didnt|never|could ?n[o']?t|couldnt) get (?:the|his|her) (?:full|whole) dose
    (?:sprayed|squirted|leaked|spilled) (?:out )?(?:on|onto|into|over|down) {_SKIN}
    (?:went|goes|gone) without (?:the|a|his|her|their) (?:\w+ )?dose
    (?:dose|medicine) (?:was )?(?:lost|wasted)
    # a device that gave part of the dose: "only part of the dose went in", "medicine dripping
    # down arm", "window never turned yellow" (an autoinjector's end-of-dose window)
    (?:only |just )?(?:part|half|some) of the (?:\w+ )?(?:dose|medicine|medication|drug)
    (?:partial|incomplete) (?:dose|injection|delivery)|wet injection|stopped halfway
    (?:medicine|medication|drug|liquid|fluid|solution) (?:was )?(?:dripping|leaking|squirting)
    (?:medicine|medication|drug|liquid|fluid|solution) (?:ran|came|leaked|squirted) (?:out|down)
    window (?:never|not|did ?n[o'\u2019]?t|didnt|wasn'?t|was not) (?:\w+ )?(?:turn\w*|go|fully)
    # a child or a pet that got into someone's medicine: "his toddler got into it"
    (?:toddler|child|kid|son|daughter|grand(?:son|daughter|child|kid)|baby|infant) got into
    # the wrong product given: "administered Enhertu to a patient who was scheduled for Kadcyla"
    {_GIVE}\b[^.;]{{0,60}}?\bwho was (?:scheduled|meant|supposed|booked|ordered) (?:to get |for )\w+
    # a titration pack taken out of order: "took wk 3 and wk 4 tablets together"
    took (?:the )?(?:wk|week) ?\d+ and (?:wk|week) ?\d+
    confused by the (?:starting|starter|titration)
    # the directions printed wrong and followed: "printed the old capsule directions on the bottle"
    printed (?:the )?(?:old|wrong|incorrect|previous) (?:\w+ ){{0,2}}{_DIRECTIONS}
    (?:wrong|old|incorrect) (?:\w+ )?{_DIRECTIONS} (?:were |was )?(?:printed|on the)
    # a capsule opened by someone who should not handle it: "opening his Revlimid capsules"
    (?:opening|opened|crushing|crushed|split(?:ting)?) (?:his|her|their|the) (?:\w+ )?caps(?:ules)?
    (?:crushing|crushed|chewing|chewed) (?:his|her|their|the) (?:\w+ )?(?:tablets|tabs|pills)
"""
)

EFFICACY = lines(
    r"""
    (?:n[o']?t|no longer) (?:work(?:ing|ed|s)?|help(?:ing|ed|s)?|effective|respond(?:ing|ed)?)
    (?:stopped|isn'?t) (?:work(?:ing|ed|s)?|help(?:ing|ed|s)?|effective|respond(?:ing|ed)?)
    (?:wasn'?t|didn'?t) (?:work(?:ing|ed|s)?|help(?:ing|ed|s)?|effective|respond(?:ing|ed)?)
    (?:doesn'?t|hasn'?t) (?:work(?:ing|ed|s)?|help(?:ing|ed|s)?|effective|respond(?:ing|ed)?)
    (?:never) (?:work(?:ing|ed|s)?|help(?:ing|ed|s)?|effective|respond(?:ing|ed)?)
    did nothing|does nothing|doing nothing|not doing anything|useless|no benefit
    # the disease back on the drug: "flaring again by wk 6 every cycle", "wearing off early"
    flar(?:ing|ed|es) (?:up )?again|flare-?ups? (?:again|are back)|wear(?:ing|s)? off
    stopped working|no longer (?:working|responding|effective)
    (?:no|lack of|loss of|lost|poor|inadequate|minimal|little) (?:\w+ )?(?:response|effect)
    (?:no|lack of|loss of|lost|poor|inadequate|minimal|little) (?:\w+ )?(?:efficacy|benefit)
    (?:no|lack of|loss of|lost|poor|inadequate|minimal|little) (?:\w+ )?improvement
    non-?respon(?:se|der|ding)|not respond\w*
    (?:not|hasn'?t|has not|didn'?t|did not) (?:improve|decrease|drop)d?\b
    (?:not|hasn'?t|has not|didn'?t|did not) (?:come down|go down|budge)d?\b
    not doing (?:much|a lot|anything)|(?:doesn'?t|does not|didn'?t|did not) do (?:much|anything)
    still (?:\w+ ){0,2}(?:\d+|high|elevated|uncontrolled) (?:\w+ ){0,3}?after \d+ (?:wks?|weeks?)
    still (?:\w+ ){0,2}(?:\d+|high|elevated|uncontrolled) (?:\w+ ){0,3}?after \d+ (?:mos?|months?)
    still (?:\w+ ){0,2}(?:active|flaring|bad) (?:\w+ ){0,3}?after \d+ (?:wks?|weeks?|mos?|months?)
    still (?:flaring|progressing|uncontrolled|seizing|spiking|breaking through)
    ineffective|non-?responder|refractory|treatment failure
    progress(?:ed|ing)|(?<!at )(?<!until )(?<!upon )(?<!before )progression
    wors(?:e|ening|ened|en)
    flare(?:[sd]|-up| up)?
    relapse[sd]?(?!\s+(?:have |has )?(?:stopped|ceased|decreased|reduced))
    (?:psoriasis|migraines?) (?:is |are |has |have )?(?:back|returned|came back|recurred)
    (?:headaches?|symptoms?) (?:is |are |has |have )?(?:back|returned|came back|recurred)
    (?:disease|plaques?|seizures?) (?:is |are |has |have )?(?:back|returned|came back|recurred)
    (?:colitis|uc|pain) (?:is |are |has |have )?(?:back|returned|came back|recurred)
    back to \d+\s?%
    recurr(?:ence|ed)|recurrent
    not better|no better
    (?:isn'?t|is not|not|wasn'?t|stopped) touching
    (?:doesn'?t|does not|doesnt|didn'?t|didnt|no longer) (?:even |really )?touch(?:es|ing)?
    (?:zero|no|little|any) relief|didn'?t budge|not budging|has ?n[o']?t budged|hasnt budged
    (?:basically |essentially |virtually )?unchanged (?:after|from (?:before|baseline|pre))
    (?:ldl|a1c|hba1c|uric acid|sua|pasi|das28|scores?|numbers|labs?) (?:\w+ ){0,2}unchanged
    (?:no|zero|minimal|barely any|not much|little) (?:hair )?regrowth|no new hair
    despite (?:good |full |perfect |excellent )?(?:adherence|compliance)
    # a function that keeps falling on the drug, antibodies that block it
    declin(?:ing|ed|es|e in) (?:\w+ ){0,2}(?:function|strength|mobility|walking|fev1|vision|scores?)
    (?:high|rising|elevated|increasing) (?:\w+ )?(?:antibody |inhibitory )?tit(?:er|re)s?
    (?:high|rising|elevated|increasing) (?:\w+ )?neutrali[sz]ing (?:antibody )?tit(?:er|re)s?
    lost (?:(?:major|complete) )?(?:molecular|cytogenetic|hematologic|clinical) response
    no le hace nada|no hace nada|no funciona|sin efecto|sem efeito|n'agit pas|aucun effet
    wirkt nicht|keine wirkung|non funziona|nessun effetto
    # slang for no effect: "rimegepant 'does zilch' now", "just isn't doing it anymore"
    does (?:zilch|nada|squat|jack|diddly)
    (?:is ?n[o']?t|isnt|not) doing (?:it|anything|much) any ?more
    # "did nothing for her" in the notes' languages (accents folded)
    non (?:le |gli |mi |ci )?(?:ha|hanno) fatto (?:niente|nulla)|non ha funzionato
    no (?:le |me |nos )?(?:hizo|hace|ha hecho) nada|no (?:le )?(?:ha )?funcion(?:o|ado)
    nao (?:lhe |me )?(?:fez|faz) nada|nao funcionou|nao (?:fez|faz) efeito
    ne (?:lui |m'|leur )?(?:a|fait) rien fait|n'a (?:rien fait|pas marche|pas fonctionne)
    hat nichts gebracht|hat nicht (?:geholfen|gewirkt)|bringt nichts
"""
)


# Phrases that look like events but are not, blanked (same length) before events are matched.
NOT_EVENT = re.compile(
    r"\b(?:in|this|next|last|early|late|the) (?:the )?fall\b|\bpains? points?\b|"
    r"\b(?:fridge|refrigerator|freezer|cooler|battery|batteries|phone|power|generator|compressor|"
    r"printer|computer|laptop|car|logger)s? (?:\w+ )?(?:died|dead|failed|failure)\b",
    re.IGNORECASE,
)
