"""Word lists and patterns for the adverse-event / product-complaint detector.

Each vocabulary is a block of regular-expression sources, one alternative a line (read by
:func:`lines`), compiled case-insensitively (unless named ``_CS``) with word boundaries added by
:func:`alternation`. Event vocabularies are deliberately broad:
missing an adverse event is the costly error, so ambiguity is resolved towards flagging and the
negative cues (negation, hypotheticals, label reading, pre-existing conditions) do the pruning.
"""

from __future__ import annotations

import re

# The company's products (brand and non-proprietary names); callers may add more.
DEFAULT_PRODUCTS: dict[str, str] = {
    "zorvexa": "ZORVEXA",
    "zorvatinib": "ZORVEXA",
    "onquira": "ONQUIRA",
    "velostatumab": "ONQUIRA",
    "imrelza": "IMRELZA",
    "tradekimab": "IMRELZA",
    "colivant": "COLIVANT",
    "ostrafilimab": "COLIVANT",
    "neurevia": "NEUREVIA",
    "balmoterone": "NEUREVIA",
    "migralis": "MIGRALIS",
    "fremacept": "MIGRALIS",
    "hemoravix": "HEMORAVIX",
    "conavirsen": "HEMORAVIX",
}


def alternation(words: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One compiled pattern matching any of ``words`` (regex sources) as whole words."""
    return re.compile(r"(?<![\w/])(?:" + "|".join(words) + r")(?![\w])", flags)


def lines(block: str) -> list[str]:
    """The alternatives of a vocabulary block: one regex source a line, "#" lines are comments."""
    return [s for s in (line.strip() for line in block.splitlines()) if s and not s.startswith("#")]


# --- adverse events ----------------------------------------------------------------------------

SYMPTOMS = lines(
    r"""
    # general
    side[- ]effects?
    adverse (?:events?|effects?|reactions?|drug reactions?)
    aes?
    toxicit(?:y|ies)
    irae?s?
    reactions?(?! to (?:the |our )?(?:data|stud|present|slide|program|deck|news|pric|result))
    symptoms?
    sick
    unwell
    not feeling (?:well|good|right)
    feeling (?:off|bad|awful|terrible|faint)
    c/o
    complain(?:ed|s|ing)? of
    fatigue[d]?
    tired(?:ness)?
    exhausted|exhaustion
    weak(?:ness)?
    letharg(?:y|ic)
    malaise
    fevers?|febrile|pyrexia
    chills|rigou?rs
    night sweats
    weight (?:gain|loss)
    (?:gained|lost) (?:\d+ )?(?:kg|lbs?|pounds|weight)
    dehydrat(?:ed|ion)
    swell(?:ing|ed)?|swollen|o?edema|oedema|puffy
    # GI / liver
    nause(?:a|ous|ated)
    vomit(?:ing|ed|s)?|emesis|throwing up|threw up
    diarrh(?:o)?ea|loose stools?
    constipat(?:ed|ion)
    abdominal (?:pain|cramps?)
    stomach (?:pain|ache|upset)|stomachache
    cramp(?:s|ing)?
    (?<!ulcerative )colitis
    pancreatitis
    jaundice[d]?|yellow(?:ing)? (?:skin|eyes)
    hepatitis
    hepatotoxicity|liver (?:injury|damage|failure|toxicity|problems?)
    cirrhosis
    bleed(?:ing|s)?|blood in|bloody|nosebleeds?|epistaxis|haemorrhage|hemorrhage
    bruis(?:e|es|ing|ed)
    petechiae
    # skin / allergy / site
    rash(?:es)?
    hives|urticaria
    itch(?:y|ing)?|prurit(?:us|ic)
    welts?
    blistering|skin blisters?|blisters? on
    peeling skin
    flush(?:ed|ing)?
    hair (?:loss|thinning)
    alopecia
    anaphyla(?:xis|ctic)
    angioedema
    throat (?:tightness|closing|swelling)
    allerg(?:y|ic|ies)
    hypersensitivity
    abscess(?:es)?
    cellulitis
    injection[- ]site (?:reactions?|pain|redness|swelling|bruising|nodules?)
    infusion[- ]related reactions?
    infusion reactions?
    redness
    painful
    pains?(?! points?)
    ache[sd]?|aching|sore(?:ness)?
    # respiratory / infection
    cough(?:ing)?
    sob|shortness of breath|short of breath|dyspn(?:o)?ea|breathless(?:ness)?
    wheez(?:e|ing)
    pneumonitis
    ild|interstitial lung disease
    ground[- ]glass
    pneumonia
    infections?|infected
    sepsis|septic
    utis?
    shingles|zoster
    herpes|cold sores?
    thrush|candid(?:a|iasis)
    tb|tuberculosis
    covid(?:-19)?
    flu|influenza
    bronchitis
    sinusitis
    pml
    leukoencephalopathy
    tested positive
    positive (?:quantiferon|igra|ppd|tb test|covid|culture|test)
    meningitis
    opportunistic
    # cardio / neuro / eye
    chest pain
    palpitations?
    irregular heart ?beat|arrhythmias?|afib|a-fib
    brady(?:cardia|cardic|arrhythmia)?
    tachy(?:cardia|cardic)?
    heart block
    hypotensi(?:on|ve)
    hypertensi(?:on|ve)|high blood pressure
    raynaud'?s?
    (?:cold|white|blue|numb) (?:fingers|toes|hands|feet)
    qtc? prolong(?:ation|ed)|prolonged qtc?
    myocarditis
    heart attack|myocardial infarction
    heart failure|cardiomyopathy
    strokes?|tia|cerebrovascular
    dissection
    clots?|thrombos(?:is|es)|dvt|embolism
    fainted|faint(?:ing)?|syncop(?:e|al)|passed out
    falls?(?! (?:under|within|into|outside|short|behind|meeting|conference|program))
    fell(?! (?:through|behind|short|off|into|under|within|apart))
    fractur(?:e|ed|es)|broke (?:her|his|their|a) \w+
    hit (?:his|her) head
    dizz(?:y|iness)|lightheaded(?:ness)?|light-headed|vertigo
    headaches?
    seizures?|convulsions?
    confus(?:ed|ion)
    memory (?:loss|problems?)
    tingling|numbness|paresth(?:e|a)sias?|neuropath(?:y|ic)
    tremors?
    insomnia|can'?t sleep
    depress(?:ion|ed)
    suicidal(?: thoughts| ideation)?
    anxiety|anxious|panic attacks?
    mood (?:changes?|swings?)
    hallucinat(?:ions?|ing)
    blurr(?:y|ed)(?: vision)?|vision (?:loss|changes?|problems?)|visual disturbances?
    (?:vision|eyesight|sight) (?:\w+ ){0,3}?(?:worse|worsening|cloudy|dim|blurry|blurred|gone)
    double vision|diplopia
    flashes(?: of light)?|floaters
    night blindness
    macular (?:o)?edema
    eye pain
    uveitis
    # musculoskeletal / renal / endocrine / haem
    arthralgias?|joint pain|myalgias?|muscle (?:pain|aches?)|back pain
    proteinuria|hematuria|haematuria
    glomerulonephritis|nephritis
    kidney (?:injury|failure|damage|problems?)|renal (?:failure|toxicity|impairment)|aki
    thyroiditis|hypothyroid(?:ism)?|hyperthyroid(?:ism)?
    hypophysitis|adrenal insufficiency
    diabetes|dka|ketoacidosis|hyperglyc(?:a)?emia
    thrombocytopenia
    neutropenia|lymphopenia|an(?:a)?emia|pancytopenia
    low (?:platelets|counts?)
    (?:graft|transplant) (?:rejection|failure)|rejected the (?:graft|transplant|kidney)
    lymphoma|malignanc(?:y|ies)|new (?:cancer|tumou?r)
    dry (?:eyes?|mouth|skin)
    irritat(?:ion|ed)|burning|stinging|tightness
    (?:loss of|no|poor|decreased) appetite
    hair (?:falling out|fall)
    (?:mouth|oral) (?:sores|ulcers)|ulcers?|stomatitis|mucositis
    acne|eczema|dermatitis
    (?:difficulty|trouble) (?:breathing|swallowing|walking)
    dark urine|kidney stones?
    tinnitus|ringing in (?:the|her|his) ears|hearing loss
    drows(?:y|iness)|sleepy|somnolence|nightmares
    lupus|vasculitis|sarcoidosis
    stevens-johnson|sjs|toxic epidermal necrolysis
    ecg changes|abnormal (?:ecg|ekg|labs?|mri)
    new (?:lesions?|enhancing lesions?)
    lesions? on mri
    miscarri(?:age|ed)|stillbirth
    (?:birth|heart|neural tube|congenital|septal) defects?|congenital|born with|gave birth
    pre-?term (?:birth|delivery|labou?r)
"""
)

# Lab or vital sign named next to an abnormality (either order); "labs WNL" is not an event.
ANALYTES = (
    r"(?:alt|ast|lfts?|liver (?:enzymes|function(?: tests)?)|transaminases?|bilirubin|creatinine|"
    r"e?gfr|platelets?|platelet count|plt|lymphocytes?|lymphocyte count|alc|neutrophils?|anc|wbc|"
    r"h(?:a)?emoglobin|hgb|potassium|sodium|glucose|tsh|cortisol|lipase|amylase|qtc?|"
    r"qtc? interval|vitamin a|vit a|inr|troponin|ck|cpk|bp|blood pressure|hr|heart rate|pulse)"
)
ABNORMAL = (
    r"(?:elevat\w*|raised|high|increas\w*|up|rose|rising|spiked?|doubled|tripled|dropp?\w*|fell|"
    r"fallen|low|lower|decreas\w*|down|abnormal|prolong\w*|went from|\d+(?:\.\d+)?\s*x\s*uln|"
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

SERIOUS = lines(
    r"""
    hospitali[sz](?:ed|ation)|in (?:the )?hospital|admitted|admission
    icu|intensive care
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
    breast-?\s?fe(?:e|d)ding|breastfed|lactating|nursing (?:mother|mom|infant)
    overdos(?:e|ed|es|ing)
    (?:double|extra|too many) doses?|(?:double|twice|triple) the (?:dose|amount)
    took too much
    accidental(?:ly)?|by mistake|in error|inadvertent(?:ly)?
    wrong (?:dose|drug|medication|route|patient|product|strength|frequency)
    (?:medication|dosing|dose|calculation|dispensing|administration) errors?
    (?:took|taken|takes|received|given|administered)\b[^.;]{0,60}?\b(?:instead of|rather than)
    (?:injected|infused|dispensed|used)\b[^.;]{0,60}?\b(?:instead of|rather than)
    \d+\s?mg when \d+\s?mg
    (?:took|taken|used|given|injected|administered)\b[^.;]{0,30}?\bexpired
    expired\b[^.;]{0,30}?\b(?:took|taken|used|given|injected|administered)
    misuse|abuse
    drug[- ](?:drug )?interaction
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
    stopped working|no longer (?:working|responding|effective)
    (?:no|lack of|loss of|lost|poor|inadequate) (?:response|effect|efficacy|benefit|improvement)
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
"""
)

# --- who, and which product --------------------------------------------------------------------

PATIENT = lines(
    r"""
    pts?|pt'?s|patients?|patient'?s|patients'
    she|he|her|his|him|hers|herself|himself
    wom[ae]n|m[ae]n|guy|lady|gentleman|girl|boy|child(?:ren)?|kids?|infant|baby|newborn
    son|daughter|mother|mom|mum|father|dad|wife|husband|teen(?:ager)?|adolescent|toddler
    elderly|case|subject|individual|person|someone|mr|mrs|ms|miss
    caregiver|family
    mrn|mr#|medical record|dob|date of birth
    \d{1,3}\s?(?:yo|y/o|y\.o\.?|yrs? old|years? old|-?year-old|-?yr-old|yr old)
    aged? \d{1,3}
    in (?:his|her|their) (?:\d0|early \d0|late \d0)s
    \d0s
"""
)
PATIENT_CS = re.compile(r"\(?\b\d{1,3}\s?[MF]\b\)?")

# A particular patient (not "a patient" in general): overrides question/label/hypothetical cues.
SPECIFIC_PATIENT = re.compile(
    r"\b(?:my|her|his|our|their|this|that|the|one|mr|mrs|ms)\.?\s+(?:\w+\s+)?"
    r"(?:pts?|patients?|pt'?s|patient'?s|guy|lady|woman|man|kid|child|boy|girl|mom|infant)\b"
    r"|\bone of (?:my|her|his|our|their|the)\b|\b\d{1,3}\s?(?:yo|y/o|-?year-old|years? old)\b"
    r"|\b\d{1,3}\s?[MF]\b|\bmr\.|\bmrs\.",
    re.IGNORECASE,
)

IMPLIED_PRODUCT = lines(
    r"""
    on (?:it|this|that|them|the (?:drug|medication|med|medicine|treatment|therapy|product))
    on (?:treatment|therapy|tx|biologic)
    our (?:drug|product|medicine|medication|therapy)
    the (?:drug|medication|med|shots?|injections?|infusions?|capsules?|tablets?|pills?|product)
    (?:first|second|third|fourth|fifth) (?:doses?|injections?|infusions?|shots?|cycles?)
    (?:\d+(?:st|nd|rd|th)|last|latest|next) (?:doses?|injections?|infusions?|shots?|cycles?)
    (?:each|every|one|two|three|\d+) (?:doses?|injections?|infusions?|shots?|cycles?)
    (?:dose|cycle|infusion|injection|week|month) \d+
    since (?:starting|start|the start|initiation|beginning)
    after (?:starting|initiation)
    started (?:on )?(?:it|treatment|therapy)
    on (?:the )?(?:pen|shots|capsules|infusions)
"""
)

# --- negative cues -------------------------------------------------------------------------------

NEGATION = re.compile(
    r"\b(?:no|none|nor|never|without|denie[sd]|deny(?:ing)?|negative for|free of|absence of|"
    r"nil|zero|not any)\b",
    re.IGNORECASE,
)
# Only within a few words of the event ("did not have a rash").
NEGATION_SHORT = re.compile(
    r"\b(?:not|cannot|\w+n't|(?:is|was|are|were|did|does|do|has|have|had|ca|could|would|should|"
    r"wo)nt)\b",
    re.IGNORECASE,
)

HYPOTHETICAL = re.compile(
    r"\b(?:if|whether|in case|what (?:happens|to do|should|would|symptoms?|are|is)|"
    r"should (?:a |the )?(?:patients?|pts?)|would(?! ?n[o']?t)|could(?! ?n[o']?t)|"
    r"(?:does|do|can|could|would|will|may|might) \w+(?: \w+)? cause|known risk|risks?|"
    r"how often|how (?:is|are|should|do|does|to)|incidence|frequency|any reports?|any cases|"
    r"any data|is it safe|is there|planning|plans? to|hoping|hope|avoid|prevent|"
    r"wants? to know|wanted to know|concern(?:ed|s)? about|worried about|asked about|"
    r"questions? (?:about|on|re)|inquir(?:y|ies|ed) (?:about|on|regarding)|"
    r"info(?:rmation)? (?:on|about)|"
    r"management of|manag(?:e|ing) (?:it|them|this)|steps for|guidance (?:on|for)|"
    r"asked (?:whether|if|about the risk)|watch(?:ing)? for|"
    r"monitor(?:ed|ing)? for|screen(?:ing)? for|in general|generally|typically|"
    r"theoretical(?:ly)?|hypothetical(?:ly)?|suppose|imagine|(?:might|may|would|could) benefit|"
    r"benefit from|candidates?|good fit|eligib(?:le|ility)|target population)\b",
    re.IGNORECASE,
)
# "unclear if related" is a causality question about a real case, not a hypothetical.
CAUSALITY = re.compile(
    r"\b(?:if|whether)\s+(?:it'?s\s+|it is\s+|this (?:is|was)\s+|that (?:is|was)\s+|they are\s+)?"
    r"(?:(?:drug|treatment)[- ])?(?:related|due|caused|linked|connected|associated|attributable)",
    re.IGNORECASE,
)

INTERROGATIVE = re.compile(
    r"^\W*(?:what|which|how|is|are|does|do|did|can|could|should|would|will|may|might|has|have|"
    r"any|if|when|where|why|who|whether|in what)\b",
    re.IGNORECASE,
)

LABEL_READING = re.compile(
    r"\b(?:label(?:l?ing)?|(?:per|the|on) (?:pi|smpc|spc|prescribing information)|package insert|"
    r"boxed warning|black box|warnings? (?:section|and precautions)|"
    r"adverse reactions? (?:table|section)|faq|srd|in (?:the |clinical |pivotal )?(?:trials?|"
    r"studies|study)|trial data|phase (?:[1-4]|i{1,3}|iv)|clinical trials?|pivotal|case reports?|"
    r"literature|published|publication|journal|read about|read (?:a|an|that)|mechanism|"
    r"(?<!heart )rates?|incidence|percentage|most common|placebo|"
    r"(?:any |the |outcomes? |safety )?data (?:on|for|from|in))\b|\d\s?%",
    re.IGNORECASE,
)
OFF_LABEL = re.compile(r"\boff[- ]label\b", re.IGNORECASE)

PRE_EXISTING = re.compile(
    r"\b(?:history of|hx of|h/o|pmh|past medical history|pre-?existing|preexisting|underlying|"
    r"pre-?dat(?:ing|es|ed)|before (?:starting|start|initiating|treatment|therapy|any|the first)|"
    r"before (?:zorvexa|onquira|imrelza|colivant|neurevia|migralis|hemoravix)|prior to|"
    r"baseline|at baseline|years? ago|in the past|long before|previously|not yet started|"
    r"not started|yet to start|(?:another|other|previous|prior|different) (?:biologics?|drugs?|"
    r"products?|therap(?:y|ies)|treatments?|agents?|s1p|pd-l1|medications?)|competitor|"
    r"known (?:history|case)|platinum|chemo(?:therapy)?|first[- ]line|second[- ]line|anti-tnf|"
    r"older (?:drugs|therapies|agents))\b",
    re.IGNORECASE,
)
# ...unless the clause also places something after the drug was started.
AFTER_DRUG = re.compile(
    r"\b(?:after|since) (?:starting|start|initiat\w+|the (?:first|second|third|\d+\w*|last|latest) "
    r"(?:dose|injection|infusion|shot|cycle)|(?:dose|cycle|infusion|injection) \d|"
    r"\d+ (?:weeks?|wks?|months?|mos?|days?|yrs?|years?) on|cycle|(?:zorvexa|onquira|imrelza|"
    r"colivant|neurevia|migralis|hemoravix))|\bnew(?:ly)?\b|\bdevelop(?:ed|s)\b|"
    r"\bworsen(?:ed|ing)?\b|\bwhile on\b|\bnow\b",
    re.IGNORECASE,
)

# --- product complaints --------------------------------------------------------------------------

CONTAINER = alternation(
    lines(
        r"""
        pens?
        auto-?injectors?
        injectors?
        syringes?
        needles?
        caps?
        vials?
        bottles?
        cartons?
        box(?:es)?
        packs?|packages?|packaging|packet
        blisters?(?: packs?)?
        foil
        seals?
        stoppers?
        plungers?
        buttons?
        labels?|labell?ed
        leaflets?|inserts?|pil
        tablets?|tabs
        capsules?
        pills?
        solution|liquid|fluid|contents
        bags?
        shipments?|deliver(?:y|ies|ed)|order
        lots?|batch(?:es)?
        cold[- ]chain
        fridge|refrigerator|freezer|cooler
        containers?
        devices?
        kits?
        stock
        window
        guard
        imprint
        ampoules?
        cold packs?|ice packs?
"""
    )
)

PC_STRONG = lines(
    r"""
    counterfeit|fake|falsified|knock-?off|not genuine|bootleg
    spelling (?:errors?|mistakes?)
    bought[^.;]{0,40}?online|overseas pharmacy|internet pharmacy|online pharmacy
    (?:grey|gray) market|divert(?:ed)?|diversion|parallel import
    product complaints?
    defective|faulty|malfunction(?:ed|ing|s)?|misfire[sd]?
    particles?|particulates?|particulate matter|debris|foreign (?:matter|body|object|material)
    precipitat(?:e|es|ed|ion)
    discolou?r(?:ed|ation)?|turbid
    crumbl(?:ing|ed|es|y)|ice crystals
    tamper(?:ed|ing)
    (?:seal|box|carton|package|cap)s? (?:was |were |is |already )?(?:open(?:ed)?|broken|torn)
    mislabell?ed
    mislabell?ing
    label(?:ling)? (?:error|mix-?up|mismatch)
    wrong (?:label|labell?ing|packaging|carton|strength on)
    labell?ed in \w+ only|foreign[- ]language
    unreadable|illegible|smudged
    (?:label|sticker)s?[^.;]{0,15}?peel(?:ed|ing)(?: off)?
    (?:no|missing|without) (?:a )?(?:lot|batch|expiry|expiration)(?: number| date)?
    (?:expiry|expiration) (?:date )?(?:is |was )?missing
    \d+ (?:tabs|tablets|capsules|caps|pills|pens|syringes|vials|doses) instead of \d+
    empty (?:pockets?|blisters?|vials?|syringes?|pens?|bottles?|cartons?|box)
    (?:leaflet|insert|label|pil|instructions|ifu|needle|cap)s? (?:is |was |were )?missing
    missing (?:leaflet|label|insert|cap|needle|tablets?|capsules?|pens?|vials?|doses?)
    temp(?:erature)? excursion|excursion|cold[- ]chain (?:break|breach|failure|issue)
    (?:fridge|refrigerator) (?:failure|failed|outage|broke|died|malfunction\w*|was off|went off)
    (?:freezer|cooler) (?:failure|failed|outage|broke|died|malfunction\w*|was off|went off)
    (?:power) (?:failure|failed|outage|broke|died|malfunction\w*|was off|went off)
    unrefrigerated|out of (?:the )?fridge
    left (?:out|in the (?:car|sun|heat))
    in the (?:sun|heat)
    heat exposure
    (?:cold|ice) packs? (?:had )?melted
    data logger|temp(?:erature)? logger
    indicator\b[^.;]{0,30}?\b(?:turned|changed|red|triggered|alarmed)
    at \d+\s?°?\s?[cf]\b[^.;]{0,25}?\bfor|\d+\s?°\s?[cf] for
    (?:worried|concerns?|concerned) about (?:stability|potency|the product)
    already (?:discharged|deployed|activated|fired|used|triggered|expelled)
    (?:did ?n[o']?t|didnt) (?:fire|activate|click|deploy|retract|dispense|release|inject)
    (?:failed to|won'?t) (?:fire|activate|click|deploy|retract|dispense|release|inject)
    (?:wouldn'?t|does ?n[o']?t) (?:fire|activate|click|deploy|retract|dispense|release|inject)
    (?:only|just) (?:part|half|some) of the dose
    partial (?:dose|injection)
    incomplete (?:dose|injection)
    no (?:medicine|medication|drug|liquid|fluid) (?:came out|was delivered|delivered|dispensed)
    no (?:solution|dose) (?:came out|was delivered|delivered|dispensed)
    nothing came out
    (?:could ?n[o']?t|could not) be (?:used|depressed|injected|removed|opened|activated|pushed)
    (?:cannot|can'?t) be (?:used|depressed|injected|removed|opened|activated|pushed)
    (?:different|wrong) (?:colou?r|shape|size|imprint|smell|odou?r|taste|appearance|markings?)
    (?:strange|odd) (?:colou?r|shape|size|imprint|smell|odou?r|taste|appearance|markings?)
    (?:unusual) (?:colou?r|shape|size|imprint|smell|odou?r|taste|appearance|markings?)
    (?:looks?|looked|look) (?:different|off|strange)
    (?:lighter|darker) colou?r
    (?:arrived) (?:warm|hot|frozen|thawed|damaged|broken|open(?:ed)?|crushed|late and warm)
    (?:delivered) (?:warm|hot|frozen|thawed|damaged|broken|open(?:ed)?|crushed|late and warm)
    (?:received) (?:warm|hot|frozen|thawed|damaged|broken|open(?:ed)?|crushed|late and warm)
    (?:came) (?:warm|hot|frozen|thawed|damaged|broken|open(?:ed)?|crushed|late and warm)
"""
)
# Need a container/device word in the same clause: "broke her wrist" is not a complaint.
PC_WEAK = lines(
    r"""
    broken|broke|cracked|cracks?|chipped|shattered
    leak(?:ing|ed|s|age|y)?
    defects?
    damaged?|crushed|dented|torn|ripped|punctured|bent|snapped
    stuck|jammed
    loose
    cloudy|hazy|yellowish|brownish|pinkish|tint(?:ed)?
    powder(?:y)?|chalky|sticky|clump(?:ed|ing|s)?|lumps?|melted|stain(?:ed|s)?|mou?ld(?:y)?
    condensation|moisture|wet
    smell(?:s|y)?|odou?r
    frozen|froze|thawed|warm|hot
    (?:for) (?:a |the )?(?:different) (?:medicine|medication|drug|product|patient|strength|dose)
    (?:for) (?:a |the )?(?:another) (?:medicine|medication|drug|product|patient|strength|dose)
    (?:for) (?:a |the )?(?:wrong) (?:medicine|medication|drug|product|patient|strength|dose)
    (?:of) (?:a |the )?(?:different) (?:medicine|medication|drug|product|patient|strength|dose)
    (?:of) (?:a |the )?(?:another) (?:medicine|medication|drug|product|patient|strength|dose)
    (?:of) (?:a |the )?(?:wrong) (?:medicine|medication|drug|product|patient|strength|dose)
    (?:did ?n[o']?t|does ?n[o']?t|didnt|doesnt) match|mismatch(?:ed|es)?|inconsistent
    missing|underfill(?:ed)?|overfill(?:ed)?
    wet injection
    (?:did ?n[o']?t|didnt|does ?n[o']?t|won'?t) work
    complaints?
    dropped
"""
)

# A real case being told: overrides question / label / hypothetical cues when the patient is
# also a particular one ("my pt developed", "her patient had").
CASE_VERB = re.compile(
    r"\b(?:develop(?:ed|s)|had|has had|has been|got|experienced|presented|diagnosed|admitted|"
    r"hospitali[sz]ed|died|passed away|became|complained|c/o|reports|reported|now has|"
    r"is having|was given|received|took|went from|dropped|fell|rose|tripled|doubled|is back|"
    r"stopped working|stopped|discontinued|held|paused|interrupted|d/c'?d|went to|ended up|"
    r"needed|required|observed|occurred)\b",
    re.IGNORECASE,
)

# "whether to restart in a patient who developed X": a question about a real case on the drug.
_WHO = r"\b(?:patient|pt)s? (?:who|that|whose) (?:\w+ )?"
_TOLD = r"(?:developed|experienced|became|got|suffered|was (?:diagnosed|hospitali[sz]ed|admitted))"
_HAD = r"(?:developed|experienced|got|had|has had|suffered|became)"
_ACT = (
    r"(?:restart|resume|continue|re-?challenge|re-?treat|discontinue|stop|hold|interrupt|switch|"
    r"keep)"
)
TOLD_CASE_QUESTION = re.compile(
    r"\b(?:observed|seen|occurr(?:ed|ing)|noted) in (?:a|one|my|her|his|our|their|this) "
    rf"(?:patient|pt)\b|{_WHO}{_TOLD}\b|{_WHO}{_HAD}\b.*\b{_ACT}|\b{_ACT}\b.*{_WHO}{_HAD}\b",
    re.IGNORECASE,
)

# "the office wonders if it is counterfeit": a suspicion about a real unit, not a hypothetical.
SUSPICION = re.compile(
    r"\b(?:wonder(?:s|ed|ing)?|suspects?|suspected|suspicious|thinks?|thought|believes?|fears?|"
    r"worried|concerned|unsure|not sure|unclear|questions?|questioning)\s+(?:if|whether)\b",
    re.IGNORECASE,
)

# Phrases that look like events but are not, blanked (same length) before events are matched.
NOT_EVENT = re.compile(
    r"\b(?:in|this|next|last|early|late|the) (?:the )?fall\b|\bpains? points?\b",
    re.IGNORECASE,
)
