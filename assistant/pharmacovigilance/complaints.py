"""Product-complaint vocabulary: containers and devices, strong and weak complaint words."""

from __future__ import annotations

import re

from assistant.pharmacovigilance.vocabulary import alternation, lines

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
        parts?|components?|pieces?|accessor(?:y|ies)|trays?|rods?|shields?|lids?|dials?
        triggers?|mechanisms?|filters?|tubing|adapters?|diluent
"""
    )
)

# Slots shared by the complaint patterns below, filled in by :func:`_fill`.
_SLOTS = {
    "_LEAFLET": r"(?:leaflets?|package inserts?|inserts?|pil|ifu|booklets?|medication guides?)",
    "_OTHER": r"(?:a |an |the )?(?:\w+ )?(?:different|wrong|another|other|unrelated)",
    "_PART": r"(?:plungers?|buttons?|pens?|mechanisms?|triggers?|dials?|auto-?injectors?|"
    r"injectors?|syringes?|needle shields?|caps?|rods?|springs?)",
    "_MOVE": r"(?:budge|move|press|depress|push|go down|turn|click|come off|retract|"
    r"be (?:pushed|pressed|depressed|removed|turned))",
    "_GUARD": r"(?:needle caps?|caps?|needle shields?|shields?|seals?|safety guards?|guards?|"
    r"lids?|stoppers?)",
    "_GONE": r"(?:off|missing|detached|loose|not attached|absent|gone|broken off)",
    "_UNIT": r"(?:tablets?|capsules?|pens?|doses?|vials?|syringes?|pills?|by \d+)",
    "_WHERE": r"(?:room temp(?:erature)?|ambient|unrefrigerated|out of (?:the )?(?:fridge|"
    r"refrigerator)|on the (?:\w+ )?(?:counter|table|shelf|bench|desk|dashboard|windowsill)|"
    r"in (?:(?:a|the|her|his|their|my|\w+'s) )*(?:hot |parked )?(?:car|trunk|vehicle|van)\b|"
    r"in the (?:freezer|sun))",
    # above the 2-8 °C of a fridge: "hit 17°C"
    "_WARMED": r"(?:hit|reached|read|rose to|went up to|climbed to)\s+"
    r"(?:9|[1-9]\d)(?:\.\d)?\s?°\s?c\b",
    "_ABOUT": r"(?:about |around |~)?",
    # broken, cracked or damaged in Portuguese, Spanish, French, Italian and German
    "_SMASHED": r"(?:\w+ ){0,3}(?:quebrad|rot|partid|brise|cass|rott|zerbroch|danificad"
    r"|danad|rachad|agrietad|fissur|fel|abim|endommag)\w*",
    "_BROKEN": r"(?:broken|breached|interrupted|compromised|lost|not maintained)",
    "_WHAT": r"(?:medicine|medication|drug|product|patient|strength|dose)",
    "_FIRED": r"(?:fired|discharged|activated|went off|clicked and fired|deployed|triggered"
    r"|released)",
    "_PLACED": r"(?:touched|was|had|placed|positioned|pressed)",
    "_UNCAPPING": r"(?:pulling|removing|taking|took|pulled|removed)",
    "_COVER": r"(?:cap|cover|shield)",
    "_NOT": r"(?:did ?n[o']?t|didnt|won'?t|wouldn'?t|wont|wouldnt|failed to|does ?n[o']?t|not)",
    "_DEVICE": r"(?:infusor|device|pump|injector|reader|meter|pen|kit)",
    "_DARK": r"(?:white|black|dark|brown|grey|gray)",
    "_TINT": r"(?:yellow|brown|yellow-brown|pink|green|orange|amber|cloudy|milky|hazy|murky)",
    "_EXPIRED": r"(?:expired|out of date|past (?:the |its |their )?exp(?:iry|iration)?\.?"
    r"(?: date)?)",
    "_PAST_EXPIRY": r"past (?:the |its |their )?exp(?:iry|iration)?\.?(?: date)?",
    # an expiry date already behind us: "exp date last month", "expiration from last year"
    "_EXP_LAST": r"exp(?:ir\w*|\.)? (?:date )?(?:(?:from|of|in|was|is) )?"
    r"(?:last (?:week|month|year)|the past)",
    "_ARRIVED": r"(?:arrived|delivered|received|shipped|came|shipment|carry|carried|sent|got)",
    "_GUIDE": r"(?:med(?:ication)? guides?|medguide|leaflets?|package inserts?|inserts?|pil|ifu"
    r"|labels?|instructions)",
    "_HAD": r"(?:had|contained|containing|with|held)",
    "_LIGHT": r"(?:light|screen|display|indicator|device|infusor)",
    "_CANT": r"(?:could ?n[o']?t|couldnt|can'?t)",
    "_COUNTED": r"(?:tabs?|tablets?|caps?|capsules?|pills?|pens?|syringes?|vials?)",
    "_LOOKS_ODD": r"(?:divers[ao]|diferente|diff[ée]rente|anders|stran[ao]|extra[ñn][ao]"
    r"|estranh[ao])\b",
    "_EXPIRY_WORD": r"(?:caducidad|validade|scadenza|p[ée]remption|verfall\w*)",
}


def _fill(alternatives: list[str]) -> list[str]:
    filled = []
    for source in alternatives:
        for slot, pattern in _SLOTS.items():
            source = source.replace(slot, pattern)
        filled.append(source)
    return filled


PC_STRONG = _fill(
    lines(
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
    # a container labelled with one strength holding another: "bottle labeled 100mg had 400mg"
    label(?:l)?ed \d+\s?(?:mg|mcg) (?:\w+ ){0,3}?(?:had|contained|held|with) \d+\s?(?:mg|mcg)
    # an aerosol or pump that does not work
    (?:stopped|stops|stop|stopping|quit) dispensing
    (?:won'?t|wont|doesn'?t|does not) dispense|only air|air (?:hisses|comes|came)
    nozzle (?:is |was )?(?:clogged|blocked|broken|stuck|cracked|missing|sprays?\w*)
    (?:sprays?|spraying|sprayed) (?:sideways|everywhere|liquid|crooked|in all directions)
    (?:does ?n[o']?t|doesnt|won'?t|wont|did ?n[o']?t|didnt|stopped) (?:foam|foaming|spray|pump)
    (?:lost|losing|loses|no) (?:its |all )?pressure
    smells? (?:\w+ )?(?:like|of) (?:nail polish|acetone|chemicals?|vinegar|gas(?:oline)?|solvent)
    smells? (?:\w+ )?(?:like|of) (?:paint|bleach)
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
    # a device that fires before it is placed, does not lock or does not power on
    _FIRED\b[^.;]{0,40}?\b(?:early|prematurely|on its own|by itself|as soon as)
    _FIRED\b[^.;]{0,40}?\bbefore (?:it|she|he|they|i|the (?:pen|needle|device)) _PLACED
    _FIRED\b[^.;]{0,40}?\bbefore (?:the )?(?:pt|patient|she|he|they|i|nurse) (?:was|were) ready
    # a can that does not foam, a vial that holds less than its label
    (?:do ?n[o']?t|doesn'?t|won'?t|wont|dont|no longer) foam|sputter(?:s|ing|ed)?
    (?:could|can|were able to) only (?:withdraw|draw(?: up)?|get|pull(?: up)?|aspirate) _ABOUT\d
    (?:short|under-?filled|underfilled) (?:vial|syringe|pen|bottle|fill)
    # a bent needle in the notes' languages: "la aguja doblada", "agulha torta"
    aguja (?:doblada|torcida|rota)|agulha (?:torta|dobrada|quebrada)|aiguille tordue|ago piegato
    # broken dose units in the notes' languages (accents folded): "as capsulas vieram quebradas"
    (?:capsulas?|comprimidos?|tabletas?|pastillas?|gelules?|comprimes?|compresse) _SMASHED
    (?:capsule|kapseln|tabletten|frascos?|viales?|flacons?|fiale|ampollas?|ampoules?) _SMASHED
    (?:seringas?|jeringas?|seringues?|siringhe|spritzen) _SMASHED
    # a broken seal or a leak in the notes' languages: "beschädigtem Siegel", "sello roto"
    besch[äa]digte[mnrs]? (?:siegel|verpackung|packung|durchstechflasche|spritze)
    siegel (?:war |ist )?(?:besch[äa]digt|gebrochen|offen|ge[öo]ffnet)
    # "ausgelaufen" is also an expired contract: a leak only of a container
    (?:spritze|flasche|pen|packung|beutel|ampulle)\w* (?:\w+ ){0,2}(?:ausgelaufen|undicht)
    fl[üu]ssigkeit (?:im|in der) (?:umkarton|karton|verpackung|packung)
    (?:sello|precinto) (?:roto|da[ñn]ado|abierto)|selo (?:rompido|violado|danificado|aberto)
    sigillo (?:rotto|danneggiato|aperto)|scell[ée] (?:bris[ée]|endommag[ée]|ouvert)
    (?:vazando|vazamento|goteando|perdita di liquido|fuite de liquide)
    # a crimp cap come loose and the vial leaked: "lockeren Bördelverschluss, Inhalt ausgelaufen"
    locker\w* (?:\w+ )?(?:b[öo]rdel\w*|verschluss\w*|kappe\w*|deckel\w*)
    inhalt (?:\w+ ){0,2}ausgelaufen
    (?:tappo|ghiera) (?:\w+ )?allentat[oa]
    (?:tapa|c[áa]psula|capuch[óo]n) (?:\w+ )?(?:suelt|floj)[oa]
    # a pack that looks wrong or lacks its hologram: "confezione che sembra diversa"
    (?:nessun|senza|sin|sans|kein\w*|no|without|sem) (?:\w+ )?(?:ologramma|holograma|hologrammes?)
    (?:no|without|missing) (?:the |a )?holograms?
    (?:confezion|scatol|envase|caja|embalagem|emballage|bo[îi]te)\w* (?:\w+ ){0,3}_LOOKS_ODD
    (?:verpackung|packung)\w* (?:\w+ ){0,3}_LOOKS_ODD
    # stock received expired, in the notes' languages: "fecha de caducidad vencida"
    _EXPIRY_WORD (?:\w+ ){0,2}(?:vencid|expirad|pasad|scadut)[ao]
    _EXPIRY_WORD (?:\w+ ){0,2}(?:d[ée]pass[ée]e|abgelaufen|[üu]berschritten)
    # the same in the notes' languages: "não disparou", "no se disparó", "botão ficou travado"
    n[ãa]o dispar(?:ou|a)|no (?:se )?dispar[óo]|ne s'est pas d[ée]clench[ée]|nicht ausgel[öo]st
    l[öo]ste nicht aus|non (?:ha |si [èe] )?(?:scattat|attivat)[oa]|bot[ãa]o (?:ficou )?travado
    bot[óo]n (?:se )?(?:qued[óo] )?trabado
    # a shield that did not lock, a needle left bare: "no se bloqueó", "la aguja quedó expuesta"
    no (?:se )?bloque[óo]|n[ãa]o (?:se )?travou|ne s'est pas verrouill[ée]e?|nicht eingerastet
    (?:aguja|agulha|aiguille|nadel|ago) (?:\w+ )?(?:expuest|expost|expos[ée]|freiliegend|scopert)
    _FIRED (?:as|while|when) (?:\w+ ){0,3}_UNCAPPING (?:off )?(?:the |her |his )?_COVER
    (?:early|premature|accidental|spontaneous) (?:firing|activation|discharge|deployment)
    _NOT (?:lock|stay locked|click into place|retract|cover the needle)
    needle (?:was |remained |left |stayed )?(?:exposed|sticking out|uncovered)
    _NOT (?:turn on|power on|power up|switch on|light up)
    _LIGHT (?:\w+ )?never (?:came on|lit up|turned on|powered on|started)
    no power at all|_CANT (?:start|turn on|power on) (?:it|the (?:device|infusor|pump|pen))
    tast(?:ed|es|ing) (?:\w+ )?(?:bitter|metall?ic|strange|odd|off|weird|different|funny|chemical)
    # storage that ran warm: "a fridge that hit 17°C overnight"
    (?:fridge|refrigerator|freezer|cooler|storage|shipment|tote)[^.;]{0,30}?\b_WARMED
    (?:bitter|metall?ic|chemical) (?:taste|aftertaste)[^.;]{0,30}?(?:than usual|worse|different|new)
    _DEVICE\b[^.;]{0,15}?\b(?:dead|no lights?|no power|blank screen)
    # what is seen in the liquid or on a tablet
    flecks?|specks?|speckles?|speckled|floaters|glass-?like|shards?|fibers? in|fibres? in
    _DARK (?:spots|dots|specks|flecks|bits) on (?:the )?(?:coating|tablets?|tabs|pills?)
    _TINT(?:ish)? (?:instead of|rather than|not) (?:clear|colou?rless|white)
    (?:full of|lots of|excess(?:ive)?|more than (?:the )?usual) (?:foam|bubbles)
    foam(?:ed|ing|y)\b
    crystals? (?:on|in|inside|formed|visible)
    # stock that was already expired when it came
    _EXPIRED\b[^.;]{0,30}?\b(?:on arrival|at (?:the time of )?delivery)
    _EXPIRED\b[^.;]{0,30}?\bwhen (?:it |they )?(?:was |were )?(?:received|delivered|arrived)
    _ARRIVED\b[^.;]{0,60}?\b(?:already (?:expired|past)|_PAST_EXPIRY)
    _ARRIVED\b[^.;]{0,60}?\bexpir\w+ (?:date )?that had (?:already )?passed
    _ARRIVED\b[^.;]{0,80}?\b_EXP_LAST
    _EXP_LAST[^.;]{0,80}?\b_ARRIVED
    expired \d+ (?:yrs?|years?|months?|mos?|weeks?|wks?) ago
    (?:were|was|already) expired before (?:\w+ ){0,3}(?:dropped|delivered|received|handed|left)
    (?:were|was|already) expired before (?:\w+ ){0,3}(?:arrived|gave)
    # a device that jams and gives part of the dose, in French, Spanish, German
    s'est bloqu[ée]e?|demi-dose|media dosis|halbe dosis|se (?:trab[oó]|atasc[oó])|klemmt
    # torn or caked packs: "sachets déchirés", "la poudre formait des grumeaux"
    d[ée]chir[ée]e?s?|grumeaux|rasgad[oa]s?|zerrissen|verklumpt|apelmazad[oa]
    already (?:expired|past (?:the |its )?exp\w*)(?: on arrival| when received)?
    # the same in other languages: "trouble", "jaunâtre", "turbio", "partículas", "verfärbt"
    trouble|jaun[âa]tre|brun[âa]tre|particules?|turbi[oa]|part[íi]culas|descolorid[oa]|tr[üu]b
    verf[äa]rbt|schwebeteilchen|torbid[oa]|particelle|precipitado|d[ée]p[ôo]t
    # missing or wrong-language leaflet, misprints
    (?:without|w/o|no) (?:the |a )?_GUIDE(?! (?:is|was) needed)
    _GUIDE (?:was |were |is )?only in (?:\w+)
    printed (?:crooked|wrong|off-?center|incorrectly|upside down)
    (?:cut|cropped) off|misprint(?:ed|s)?
    # count or strength in the container
    _HAD (?:only )?\d+ (?:\w+ )?(?:_COUNTED)?\s?(?:instead of|not|rather than) \d+
    labell?ed (?:as )?\d+\s?(?:mg|_COUNTED|count)\b[^.;]{0,40}?\b(?:had only|contained|had \d+)
    \d+[- ]?(?:ct|count)\b[^.;]{0,30}?\b(?:counted (?:out )?(?:at|to)|only had|had only) \d+
    (?:a )?mix(?:ture)? of (?:\d+\s?(?:mg)?|two strengths)(?: and \d+\s?(?:mg)?)?
    \d+\s?mg (?:_COUNTED) (?:in it |inside )?instead of (?:the )?\d+\s?mg
    contained \d+\s?mg (?:_COUNTED)
    # wrong or missing leaflet / package insert
    wrong (?:\w+ )?(?:leaflets?|inserts?|package inserts?|pil|ifu|booklets?|medication guides?)
    _LEAFLET (?:\w+ ){0,5}?(?:is |was |were )?(?:for|from|of|belongs to) _OTHER
    (?:no |without (?:a |an |the |any )?)(?:patient )?_LEAFLET
    _LEAFLET (?:is |was |were |are )?(?:not (?:included|enclosed|in)|absent)
    # stuck or jammed mechanism
    _PART (?:\w+ ){0,3}?(?:stuck|jam(?:med|s)?|seized(?: up)?|locked(?: up)?|froze (?:up|halfway))
    _PART (?:\w+ ){0,3}?(?:would ?n[o']?t|wouldn'?t|won'?t|did ?n[o']?t|didn'?t) _MOVE
    _PART (?:\w+ ){0,3}?(?:could ?n[o']?t|couldn'?t|cannot|can'?t|hard to|impossible to) _MOVE
    (?:stuck|jammed|seized|frozen|locked) (?:\w+ )?_PART
    # missing or detached parts
    _GUARD (?:\w+ ){0,2}?(?:was|were|is|are|had been|has been|came|fell) (?:already )?_GONE
    _GUARD (?:\w+ ){0,2}?already (?:been )?(?:_GONE|removed|off)
    (?:no |without (?:a |an |the |its |any )?)(?:needle caps?|needle shields?|plunger rods?|diluent)
    without (?:a |the |its )?needles?(?! ?(?:phobia|fear|stick))
    needles? (?:was |were |is |are )?(?:missing|not (?:included|attached))
    missing (?:the |a |its )?(?:needle|plunger|rod|parts?|components?|pieces?|diluent|adapter)
    (?:packs?|box|carton|bottle|blister|kit|shipment)s? (?:\w+ ){0,2}?short (?:\w+ )?_UNIT
    # stored outside the labelled temperature
    (?:sat|sitting|left|kept|stored|stood|shipped|transported)\b[^.;]{0,40}?\b_WHERE
    (?:at|to|in) room temp(?:erature)? (?:for|overnight|over|all|since)(?! up to)
    (?:put|placed|stored|kept|left|ended up|went) (?:\w+ ){0,3}?in (?:the |a )?freezer
    cold[- ]chain (?:was |were |got |had been |has been )?_BROKEN
    (?:not|never|was ?n[o']?t|were ?n[o']?t) (?:been )?(?:refrigerated|kept cold|kept in the fridge)
    without refrigeration|outside (?:the )?(?:labell?ed |recommended |storage |temperature )+range
    below freezing
"""
    )
)
# Need a container/device word in the same clause: "broke her wrist" is not a complaint.
PC_WEAK = _fill(
    lines(
        r"""
    # a tablet that tastes wrong ("new box of nurtec tabs taste bitter"), not a taste disorder
    taste (?:\w+ )?(?:bitter|metall?ic|strange|odd|off|weird|different|funny|chemical)
    (?:strange|odd|weird|funny|unusual|different) (?:metall?ic |bitter |chemical |sour )?taste
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
    frozen|froze|thawed|warm|hot|warmed|overheated|heated
    (?:for|of|from) (?:a |an |the )?(?:\w+ )?(?:different|another|wrong|other|unrelated) _WHAT
    (?:did ?n[o']?t|does ?n[o']?t|didnt|doesnt) match|mismatch(?:ed|es)?|inconsistent
    missing|underfill(?:ed)?|overfill(?:ed)?
    wet injection
    (?:did ?n[o']?t|didnt|does ?n[o']?t|won'?t) work
    complaints?
    dropped
"""
    )
)

# Storage guidance ("may be kept at room temperature for up to 6 weeks"), not an excursion.
STORAGE_GUIDANCE = re.compile(
    r"\b(?:can|may|should|must|could|is to|are to|ok to|okay to|fine to)\s+(?:\w+\s+)?"
    r"(?:be\s+(?:kept|stored|left|held|used|refrigerated|frozen|warmed)|stay|remain|sit|last)\b|"
    r"\bstable (?:at|for|up to)\b|\bhow long\b|"
    # warming the pen before the injection, as the instructions say
    r"\b(?:let|allow|allowed|letting)\b[^.;]{0,60}?\b(?:\d+\s?min\w*|half an hour|"
    r"before (?:inject\w*|use|using|the (?:dose|injection|shot)))",
    re.IGNORECASE,
)
