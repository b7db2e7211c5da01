"""Who is affected, which product, and the cues that make an event word not a case."""

from __future__ import annotations

import re

from assistant.pharmacovigilance.vocabulary import DEFAULT_PRODUCTS, lines

# The sample's product names, longest first ("nurtec odt" before "nurtec").
_OURS = "|".join(sorted((re.escape(name) for name in DEFAULT_PRODUCTS), key=len, reverse=True))

# --- who, and which product --------------------------------------------------------------------

PATIENT = lines(
    r"""
    pts?|pt'?s|patients?|patient'?s|patients'
    pacientes?|patiente|patientin|pazient[ei]|doente|utente|pacjent(?:ka)?|pat(?=\.)
    # the person, in the notes' other languages (matched without accents): a pharmacy's
    # customer, a man or woman, a child, a relative
    clientes?|client(?:e|a)|kund(?:e|in)|se[nñ]ora?|senhora?|signora?|signore|madame|monsieur
    frau|herr|hombre|mujer|homme|femme|uomo|donna|mulher|homem|ni[nñ][oa]|enfant|bambin[oa]
    crian[cç]a|hij[oa]|fils|fille|figli[oa]|filh[oa]|sohn|tochter|madre|m[eè]re|m[aã]e|mutter
    padre|p[eè]re|vater|marido|mari|marito|esposa|esposo|moglie|ehemann|ehefrau|beb[eéê]
    neonat[oa]|nourrisson|s[aä]ugling
    she|he|her|his|him|hers|herself|himself
    wom[ae]n|m[ae]n|guy|lady|gentleman|girl|boy|child(?:ren)?|kids?|infant|baby|newborn
    son|daughter|mother|mom|mum|father|dad|wife|husband|teen(?:ager)?|adolescent|toddler
    elderly|case|subject|individual|person|someone|mr|mrs|ms|miss
    caregiver|family|folks|people|users?
    peds|pediatric|paediatric|neonates?
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
    r"|\b\d{1,3}\s?[MF]\b|\bmr\.|\bmrs\."
    # told about one person: "reports that a mother taking STELARA ..."
    r"|\b(?:reports?|reported|said|says|told (?:me|us)|mentioned|notes?|noted) (?:that )?"
    r"(?:a|an) (?:\w+ )?(?:patient|pt|mother|mom|woman|man|child|infant|boy|girl|father)\b",
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
    r"nobody|no one|no-one|neither|not a single|hasn'?t seen any|haven'?t seen any|"
    r"nil|zero|not any|sin|ni|sem|sans|ohne|keine?n?|pas de|pas d'|aucune?|nessun[oa]?|"
    r"nenhuma?|ning[uú]n|ninguna)\b",
    re.IGNORECASE,
)
# Negation after the event, to the end of the sentence: "side effects: none reported".
POST_NEGATION = re.compile(
    r"\W*(?:(?:was|were|is|are|has been|have been)\s+)?(?:ruled out|negative|none|nil|"
    r"not (?:reported|noted|seen|observed|present|found)|denied)\b"
    r"|[^.;]{0,40}?\s[-:\u2013]\s*(?:none|nothing|nil)\b",
    re.IGNORECASE,
)
# Lay words for an event that hold a "not" themselves ("has not been himself", "not sleeping",
# "not eating"): the event, not a negation of the words after it.
LAY_NOT = re.compile(
    r"\b(?:not|n'?t) (?:been |acting like |acting |feeling like |felt like )?"
    r"(?:him|her|them|my|your)sel(?:f|ves)\b|\bnot (?:sleeping|eating|waking up)\b"
    # "didn't know she was pregnant": the pregnancy is told, not denied
    r"|\b(?:did ?n[o'\u2019]?t|didnt|did not) (?:know|realize|realise) (?:that )?(?:she|he|they|pt)"
    r" (?:was|were)\b",
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
    r"how often|how long|how (?:is|are|should|do|does|to)|ask(?:s|ed)? how|incidence|frequency|"
    r"any reports?|any cases|"
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
# Weaker: a worry, or a population rather than a patient; hypothetical unless the clause also
# tells what happened ("worried about the rash she got", "2 patients with psoriasis had ...").
SOFT_HYPOTHETICAL = re.compile(
    r"\b(?:worr(?:y|ies|ying)(?: about| that)?|worried that|afraid|fears? (?:of|that|about)|"
    r"fearful|nervous about|anxious about|apprehensive|(?:might|may) (?:develop|get|experience|"
    r"cause|lead|occur|happen|become|trigger|induce|fall|be at risk)|"
    r"(?:in|for|among) (?:all |most |some |many |elderly |older |adult |pediatric )?(?:pts|"
    r"patients|people|adults|children|subjects|individuals|those) (?:with|who have|having))\b",
    re.IGNORECASE,
)
# "no liquid would come through" tells what happened; it is not a hypothetical "would".
NARRATIVE_WOULD = re.compile(
    r"\b(?:nothing|none|nobody|no one|no \w+)\s+(?:\w+\s+)?would\b"
    # "we could only withdraw 4 mL": what was possible, not a hypothetical
    r"|\bcould only\b",
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
    # "rates of nausea", not the infusion's rate ("slowed the rate", "rate-escalation table")
    r"(?<!heart )(?<!infusion )(?<!pump )(?<!flow )(?<!slowed the )(?<!slow the )"
    r"(?<!slowing the )(?<!reduced the )(?<!lowered the )(?<!slowed )(?<!slow )(?<!reduced )"
    r"(?<!lowered )rates?(?!-escalation| escalation| steps?\b| increases?\b)"
    r"|incidence|percentage|most common|placebo|"
    r"(?:any |the |outcomes? |safety )?data (?:on|for|from|in))\b"
    # a percentage, but not a product's strength ("minoxidil 5% foam")
    r"|\d\s?%(?!\s*(?:foam|solution|topical|cream|gel|ointment|lotion|spray|w/w|w/v)\b)",
    re.IGNORECASE,
)
OFF_LABEL = re.compile(r"\boff[- ]label\b", re.IGNORECASE)
# A patient's own reading in percent: "LVEF dropped from 62% to 48%", "A1c 9.1%", "SpO2 89%".
LAB_PERCENT = re.compile(
    r"\b(?:l?v?ef|ejection fraction|hba1c|a1c|spo2|o2 sats?|sats?|saturation|blasts?|hematocrit"
    r"|hct|fev1|bcr-?abl|international scale|fevg|fevi)\b[^.;%]{0,25}?\d+(?:\.\d+)?\s?%"
    r"(?:\s*(?:to|a|para|auf|->|\u2192)\s*\d+(?:\.\d+)?\s?%)?"
    # and the baseline it is compared with: "LVEF 48%, baseline was 62%"
    r"|\bbaseline (?:was |of |at )?:?\s*\d+(?:\.\d+)?\s?%",
    re.IGNORECASE,
)

PRE_EXISTING = re.compile(
    r"\b(?:history of|hx of|h/o|pmh|past medical history|pre-?existing|preexisting|underlying|"
    r"(?:chief|presenting|main|primary) complaint|being evaluated for|candidates? for|"
    r"\bcc:?\s(?=[a-z]{3})|newly diagnosed|new diagnosis|"
    r"pre-?dat(?:ing|es|ed)|(?<!from )(?<!than )(?<!as )"
    r"before (?:starting|start|initiating|treatment|therapy|any|the first)|"
    rf"before (?:{_OURS})|prior to|"
    # "same as baseline", "from baseline": a comparison on the drug, not a prior condition
    r"(?<!same as )(?<!from )(?<!vs )(?<!versus )(?<!over )(?<!above )(?<!below )(?<!near )"
    r"(?<!to )(?<!at )baseline(?! (?:was |of |at )?:?\s*\d)|"
    rf"years? ago|in the past|long before|previously(?! on (?:{_OURS}))|not yet started|"
    r"since childhood|lifelong|all (?:her|his|their) li(?:fe|ves)|already there|"
    r"not started|yet to start|(?:another|other|previous|prior|different) (?:biologics?|drugs?|"
    r"products?|therap(?:y|ies)|treatments?|agents?|s1p|pd-l1|medications?)|competitor|"
    r"known (?:history|case)|platinum|(?<![+&] )(?<![+&])(?<!with )(?<!plus )chemo(?:therapy)?"
    r"|first[- ]line|second[- ]line|anti-tnf|"
    r"older (?:drugs|therapies|agents)|"
    # "worse than before he started" compares, on the drug, with the time before it
    r"(?<!than )before (?:\w+ ){0,2}?(?:start(?:ed|ing|s)?|began|begin(?:ning|s)?|initiat\w+"
    r"|went on|go(?:es|ing)? on|got on|(?:was|were) (?:put |started )?on)|"
    r"(?:different|another|other|competitor'?s?) (?:brands?|manufacturers?|compan(?:y|ies)|"
    r"company'?s|makers?|version|class)|"
    rf"never (?:on |took |taken |used |received |tried |had )?(?:{_OURS}))\b",
    re.IGNORECASE,
)

# The product is only being considered ("the office may start TAGRISSO next month", "plans to
# switch him over to RINVOQ"): events in the sentence came before it. Checked against the text just
# before a product mention, so "had a rash on RINVOQ, will switch to X" still counts.
INTENT_BEFORE_PRODUCT = re.compile(
    r"(?:\b(?:consider(?:s|ed|ing)?|contemplat\w+|candidate for|thinking (?:about|of)|"
    r"plans? (?:on|for))\s+(?:\w+\s+){0,2}?|"
    r"\b(?:to|will|may|might|could|should|would|'ll|gonna)\s+(?:\w+\s+){0,2}?"
    r"(?=(?:start|try|begin|initiat|move|switch|put|transition|chang|add|escalat|go)))"
    r"(?:(?:start|try|begin|initiat|move|switch|put|transition|chang|add|escalat|go)\w*\s+"
    r"(?:\w+\s+){0,2}?(?:to\s+|on\s+|with\s+|onto\s+|over to\s+)?)?(?:a trial of\s+)?$",
    re.IGNORECASE,
)
# A company product the patient is (or was) already on, just before its mention.
ON_PRODUCT_BEFORE = re.compile(
    r"\b(?:on|taking|takes|took|using|receiving|received|started|starting|since|after|while on|"
    r"dose of|doses of|injections? of|infusions? of)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# The event is on some other drug: "his pt on adalimumab got pneumonia". Common drug-name
# stems (INN) and co-medications; names the caller counts as its own products are excluded.
# Brands that are not ours, named in notes about events on them.
_COMPETITORS = (
    r"xarelto|pradaxa|savaysa|coumadin|ozempic|wegovy|mounjaro|zepbound|trulicity|victoza"
    r"|jardiance|farxiga|invokana|leqvio|praluent|eylea|lucentis|vabysmo|imbruvica|calquence"
    r"|brukinsa|tecfidera|tysabri|aubagio|gilenya|mavenclad|briumvi|cimzia|simponi|enbrel"
    r"|orencia|actemra|kevzara|olumiant|sotyktu|otezla|taltz|tremfya|bimzelx|ilumya|zeposia"
    r"|hadlima|hyrimoz|amjevita|cyltezo|yusimry|idacio|hulio|yuflyma|simlandi|wezlana|selarsdi"
    r"|nubeqa|xtandi|verzenio|ibrance|kisqali|tecentriq|imfinzi|libtayo|tagraxofusp|eliquis generic"
    # brands of the same therapeutic areas as the sample's products, written bare ("an ocrevus pt
    # had a bad infusion rxn")
    r"|ocrevus|entyvio|skyrizi|remicade|inflectra|renflexis|avsola|cosentyx|dupixent|xeljanz"
    r"|aimovig|emgality|ajovy|vyepti|ubrelvy|qulipta|trodelvy|tukysa|kadcyla|perjeta|phesgo"
    r"|darzalex|kyprolis|pomalyst|ninlaro|tecvayli|elrexfio|carvykti|abecma|besponsa|kymriah"
    r"|zejula|rubraca|talzenna|lorbrena|alecensa|rybrevant|lumakras|krazati|ultomiris|empaveli"
    r"|fabhalta|evrysdi|zolgensma|kisunla|aduhelm|nexviazyme|pombiliti|plavix|brilinta|effient"
    r"|lipitor|crestor|zetia|nexletol|mobic|voltaren|toradol|cialis|levitra|stendra|kalydeco"
    r"|orkambi|symdeko|alyftrek|ilaris|arcalyst|uloric|zyloprim|imitrex|maxalt|reyvow|ocaliva"
)
# An event told with another drug after it: "got a bad inj site rxn w/ the skyrizi".
OTHER_DRUG_AFTER = re.compile(
    r"[^.;,]{0,25}?\b(?:w/|with|on|from|after|to)\s+(?:the |her |his |their )?"
    rf"(?:{_COMPETITORS})\b",
    re.IGNORECASE,
)
OTHER_DRUG = re.compile(
    r"\b(?:on|taking|takes|using|uses|while on|con|com|sous|unter|mit)\s+"
    r"(?:a |an |the |his |her |their )?"
    r"((?!(?:concept|except|accept|intercept|percept)\b)[a-z][a-z-]{2,}(?:mab|cept|tinib|nib|parib|ciclib|lisib|zomib|limus|prazole|statin|sartan|"
    r"pril|olol|dipine|triptan|gepant|imod|oxetine|afil|gliptin|gliflozin|glutide|vir|mycin|"
    r"cillin|floxacin|azole|asone|isone|olone|trexate|lamine|alazine|salazine|thioprine|sporine|"
    r"oquine|flunomide|zepam|profen|fenac)|methotrexate|mtx|mesalamine|mesalazine|steroids?|"
    r"prednisone|prednisolone|budesonide|azathioprine|metformin|insulin|warfarin|aspirin|"
    r"nsaids?|opioids?|botox|humira|stelara|remicade|entyvio|skyrizi|cosentyx|keytruda|opdivo|"
    r"ocrevus|aimovig|emgality|ajovy|xeljanz|rinvoq|dupixent)\b"
    # a competitor named before the event, with no verb ("a leqvio pt had bad joint pain")
    rf"|\b(?:{_COMPETITORS})\b",
    re.IGNORECASE,
)
# ...unless the clause also places something after the drug was started.
AFTER_DRUG = re.compile(
    r"\b(?:after|since) (?:starting|start|initiat\w+|the (?:first|second|third|\d+\w*|last|latest) "
    r"(?:dose|injection|infusion|shot|cycle)|(?:dose|cycle|infusion|injection) \d|"
    rf"\d+ (?:weeks?|wks?|months?|mos?|days?|yrs?|years?) on|cycle|(?:{_OURS}))|\bnew(?:ly)?\b|"
    r"\bdevelop(?:ed|s)\b|"
    r"\bworsen(?:ed|ing)?\b|\bwhile on\b|\bnow\b",
    re.IGNORECASE,
)

# A real case being told: overrides question / label / hypothetical cues when the patient is
# also a particular one ("my pt developed", "her patient had").
CASE_VERB = re.compile(
    r"\b(?:develop(?:ed|s)|had|has had|has been|got|experienced|presented|diagnosed|admitted|"
    r"hospitali[sz]ed|died|passed away|became|complained|c/o|reports|reported|now has|"
    r"is having|was given|received|took|went from|dropped|fell|rose|tripled|doubled|is back|"
    r"stopped working|stopped|discontinued|held|paused|interrupted|d/c'?d|went to|ended up|"
    r"needed|required|observed|occurred|noticed|has new|has a new|started having|"
    r"has fallen|fallen|has risen|has dropped|has gone (?:up|down)|"
    # "tiene", "teve", "a présenté", "a fait", "presenta", "hatte"
    r"tiene|tuvo|present[oó]|presenta|teve|apresentou|apresenta|a pr[ée]sent[ée]|pr[ée]sente|"
    r"a fait|a eu|ha avuto|ha presentato|hat|hatte|entwickelte|"
    r"a d[ée]velopp[ée]|desarroll[oó]|desenvolveu|ha sviluppato|ma|mia[łl]a?|"
    # what an image or a test found: "the MRI showed ARIA-E"; who stopped: "3 pts quit"
    r"showed|shows|revealed|demonstrated|quit|zeigt|zeigte)\b",
    re.IGNORECASE,
)

# "whether to restart in a patient who developed X": a question about a real case on the drug.
_WHO = r"\b(?:patient|pt)s? (?:who|that|whose) (?:\w+ )?"
_TOLD = (
    r"(?:developed|experienced|became|got|suffered|was (?:diagnosed|hospitali[sz]ed|admitted)"
    # a reading of the patient's: "in a patient whose ALT rose to 5x ULN"
    r"|rose|increased|dropped|fell|climbed|went up|came back|spiked|doubled)"
)
_HAD = r"(?:developed|experienced|got|had|has had|suffered|became)"
_ACT = (
    r"(?:restart|resume|continue|re-?challenge|re-?treat|discontinue|stop|hold|interrupt|switch|"
    r"keep)"
)
# A real person exposed now, even inside a question: "a mother currently breastfeeding her
# 3-month-old continues HUMIRA", "she is 8 weeks pregnant".
REAL_EXPOSURE = re.compile(
    r"\b(?:currently|now|still|exclusively) (?:breast-?feeding|nursing|pumping|pregnant)\b"
    r"|\bis (?:now |currently )?\d+ (?:weeks?|wks?|months?) pregnant\b"
    r"|\b(?:her|his|their) \d+[- ](?:month|week|day)[- ]old\b",
    re.IGNORECASE,
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
