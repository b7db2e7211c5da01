"""Event words (symptoms and diagnoses) for the adverse-event detector."""

from __future__ import annotations

from assistant.pharmacovigilance.vocabulary import lines

SYMPTOMS = lines(
    r"""
    # speech and writing in lay words: "word-finding difficulty", "handwriting has gotten messy"
    word[- ]finding (?:difficult\w*|problems?|issues?|trouble)
    (?:can'?t|cannot|couldn'?t|could not|unable to) (?:find|get out) (?:\w+ )?words
    (?:trouble|difficulty|struggl\w*) (?:to )?(?:find|finding|get out|getting out) (?:\w+ )?words
    (?:handwriting|(?:his|her|their) writing) (?:\w+ ){0,3}(?:messy|worse|sloppy|shaky|changed)
    (?:handwriting|(?:his|her|their) writing) (?:\w+ ){0,3}(?:deteriorat\w*|illegible)
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
    # vague malaise, in any register
    (?:feel|feels|feeling|felt)\s+(?:\w+\s+){0,2}?(?:crummy|lousy|crappy|rotten|rough|horrible)
    (?:feel|feels|feeling|felt)\s+(?:\w+\s+){0,2}?(?:awful|terrible|ill|poorly|miserable|yucky)
    (?:feel|feels|feeling|felt)\s+(?:\w+\s+){0,2}?(?:icky|blah|sick|unwell|off|drained|wiped)
    (?:feel|feels|feeling|felt)\s+(?:\w+\s+){0,2}?(?:washed out|worn out|run[- ]down)
    (?:feel|feels|feeling|felt)\s+(?:\w+\s+){0,2}?like (?:garbage|crap|death|hell)
    under the weather|out of sorts|run[- ]down|wiped out|worn out|washed out|knocked out
    (?:no|low|lack of|zero) energy|sluggish|achy|achiness|body aches?|aches and pains
    flu[- ]?like(?: symptoms| illness| reaction)?
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
    # fever and rigors in lay words: "gets the shakes and runs hot"
    (?:the )?shakes|shaking|shivering|shivers
    flushing|flushed|inf(?:usion)? rxns?|rxns?
    (?:developed|new-onset|new onset|paradoxical) psoriasis
    # injuries from a device: "the needle caught his thumb", "small cut"
    needle ?sticks?|needle (?:caught|stuck|jabbed|poked|went into|nicked)
    (?:small |minor )?cuts? (?:on|to) (?:his|her|the)
    small cut|minor cut|lacerations?
    cut (?:her|his|their|my|a) (?:finger|thumb|hand|palm)s?|(?:weaker|getting weak) (?:on|in|at)
    head pounding|pounding head(?:aches?)?|splitting head(?:aches?)?
    runs? (?:a )?hot|running (?:a )?(?:hot|temp)|burning up
    spik(?:ing|ed|es) (?:a )?(?:fever|temps?)
    # destruction of red cells, as labels name it (a boxed warning of pegloticase)
    h(?:a)?emoly(?:sis|tic)|meth(?:a)?emoglobin(?:a)?emia|rhabdomyolysis
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
    (?:hair|scalp) (?:shedding|coming out|breakage)|(?:thinning|shedding|losing) (?:\w+ )?hair
    bald(?:ing|ness| patches| spots)?
    anaphyla(?:xis|ctic)
    angioedema
    throat (?:tightness|closing|swelling)
    throat (?:feels|felt|gets|got) (?:\w+ )?(?:tight|closed|swollen)
    lips? (?:\w+ )?(?:puff|swell|swollen|puffy)\w*
    aria(?:-[eh])?|(?:flair )?hyperintensit(?:y|ies)|microh(?:a)?emorrhages? (?:new|on)
    allerg(?:y|ic|ies)
    hypersensitivity
    abscess(?:es)?
    cellulitis
    injection[- ]site (?:reactions?|pain|redness|swelling|bruising|nodules?)
    \bisrs?\b
    infusion[- ]related reactions?
    infusion reactions?
    (?:inf(?:usion)?|inj(?:ection)?|allergic) rxns?
    tumou?r lysis(?: syndrome)?|\btls\b
    priapism|(?:\d+|hours?|prolonged|painful)[- ](?:hr |hour |hours? )?(?:long )?erections?
    # immune reactions
    cytokine (?:release syndrome|release|storm)|crs
    serum sickness(?:-like)?(?: reactions?)?
    immune[- ](?:mediated|related) \w+|immune reactions?|autoimmun\w*
    (?:anti-?drug|neutrali[sz]ing) antibod(?:y|ies)
    ha?emophagocytic \w+|hlh|macrophage activation(?: syndrome)?
    icans|immune effector cell\S* neurotoxicity
    tumou?r lysis(?: syndrome)?
    dress(?: syndrome)?(?= syndrome|\b.{0,20}eosinophil)|drug reaction with eosinophilia
    eosinophilia|drug fever
    myositis|encephalitis|guillain[- ]barr[eé]|myasthenia(?: gravis)?
    transfus(?:ion|ions|ed)
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
    insomnia|can'?t sleep|not sleeping|(?:trouble|difficulty) sleeping
    (?:has ?n[o']?t|not) (?:been |acting like |acting )?(?:him|her|them)sel(?:f|ves)
    not eating|stopped eating
    depress(?:ion|ed)
    suicidal(?: thoughts| ideation)?
    anxiety|anxious|panic attacks?
    mood (?:changes?|swings?)
    hallucinat(?:ions?|ing)
    blurr(?:y|ed)(?: vision)?|vision (?:loss|changes?|problems?)|visual disturbances?
    (?:vision|eyesight|sight) (?:\w+ ){0,3}?(?:worse|worsening|cloudy|dim|blurry|blurred|gone)
    double vision|diplopia
    (?:loss|lost) of (?:vision|sight)|(?:sudden|suddenly) (?:\w+ )?(?:blind|lost (?:\w+ )?vision)
    perda (?:\w+ )?(?:da )?vis[ãa]o|p[ée]rdida (?:\w+ )?de (?:la )?visi[óo]n
    perte (?:\w+ )?de (?:la )?vision
    perdita (?:\w+ )?della vista|sehverlust|verlust (?:\w+ )?(?:des )?sehverm[öo]gens
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
    hair (?:falling out|fall)|hair (?:has been |is |keeps |kept |started )?(?:falling|coming) out
    (?:lens |corneal )?opacit(?:y|ies)|cataracts?
    (?:looked|looks|seeing|saw|tinged?) (?:\w+ )?blue(?:-?ish)?|blue (?:tinge|vision)|cyanopsia
    (?:mouth|oral) (?:sores|ulcers)|ulcers?|stomatitis|mucositis
    acne|eczema|dermatitis
    (?:difficulty|trouble) (?:breathing|swallowing|walking)
    dark urine|kidney stones?
    tinnitus|ringing in (?:the|her|his) ears|hearing loss
    drows(?:y|iness)|sleepy|somnolence|nightmares
    lupus|vasculitis|sarcoidosis
    stevens-johnson|sjs|toxic epidermal necrolysis
    ecg changes|abnormal (?:ecg|ekg|labs?|mri)
    new (?:[\w-]+ ){0,2}lesions?
    lesions? on mri
    miscarri(?:age|ed)|stillbirth
    (?:birth|heart|neural tube|congenital|septal) defects?|congenital|born with|gave birth
    pre-?term (?:birth|delivery|labou?r)
    # the same events as written in Spanish, Portuguese, French, Italian and German notes
    sangrado|sangramento|saignement|sanguinamento|blutung|hemorragia|h[ée]morragie|emorragia
    hinchaz[oó]n|incha[çc]o|gonflement|gonfiore|schwellung|edema|(?:oe|œ|o)d[eè]me
    (?:presi[oó]n|press[aã]o|pression|pressione) (?:alta|elevada|art[ée]rielle [ée]lev[ée]e)
    hipertensi[oó]n|hipertens[aã]o
    trombos[ei]s?|thrombose|trombo(?:sis)? venosa|tvp|embolia|embolie
    tuberculos[ei]s?|tuberculose|tubercolosi|tuberkulose
    diarr?(?:ea|eia|h[ée]e)|durchfall
    paron(?:i|y)chia|paronychie|paron[íi]quia
    fiebre|febre|fi[èe]vre|febbre|fieber
    v[oó]mitos?|vomissements?|vomito|erbrechen
    n[áa]useas?|naus[ée]es?|nausea|[üu]belkeit
    erupci[oó]n|[ée]ruption|eruzione|erup[çc][aã]o|ausschlag|exantema
    mareos?|tonturas?|vertiges?|vertigini|schwindel
    dolor(?:es)?|dor(?:es)?|douleurs?|dolore|schmerz(?:en)?
    picaz[oó]n|prurito|d[ée]mangeaisons?|juckreiz
    ca[íi]da del (?:cabello|pelo)|queda de cabelo|perte de cheveux|caduta dei capelli|haarausfall
    muri[oó]|falleci[oó]|fallecid[oa]|morreu|faleceu|d[ée]c[ée]d[ée]e?|[èe] mort[oa]?|verstorben
    hospitali[sz]ad[oa]|hospitalis[ée]e?|internad[oa]|ricoverat[oa]|stationär aufgenommen
    convulsi[oó]n|convuls[aã]o|convulsions?|crise d'[ée]pilepsie|krampfanfall
    neumon[íi]a|pneumonia|pneumonie|lungenentz[üu]ndung
    zona|herp[eè]s z[oó]ster|g[üu]rtelrose|fuoco di sant'antonio|culebrilla|cobreiro
    kolitis|colite|hepatite|pneumonite|pneumonitis|nefritis|n[ée]phrite
    diab[eè]te|acidoc[ée]tose|cetoacidosis|ketoazidose|diabetische
    husten|atemnot|toux|tos|dyspn[ée]e|disnea|dispneia|essoufflement
    # more of the commonest events in those languages (matched without accents): fainting,
    # headache, tiredness, palpitations, allergy, hives, infection, jaundice, kidney failure,
    # stroke, infarction, constipation, insomnia, depression, confusion, tremor, weakness,
    # anaemia, a fall, bruises, a flare or worsening, blurred vision
    svenut[oa]|svenimento|desmay\w*|desmai\w*|evanoui\w*|perdu connaissance|ohnmacht\w*
    bewusstlos|sincope|syncope|perdi[oó] (?:el )?conocimiento|perdeu (?:a )?consci[eê]ncia
    dolor de cabeza|cefalea|cefaleia|mal (?:de|a la) t[eê]te|c[eé]phal[eé]es?|mal di testa
    dor de cabe[cç]a|kopfschmerz\w*
    cansancio|fatiga|stanchezza|cansa[cç]o|m[uü]digkeit|epuisement|spossatezza
    palpitaci\w+|palpitazioni|palpita[cç][oõ]es|herzklopfen|herzrasen|taquicardia|tachycardie
    reacci[oó]n al[eé]rgica|r[eé]action allergique|reazione allergica|rea[cç][aã]o al[eé]rgica
    allergische reaktion|anafilaxi\w*|anaphylaxie|anafilassi|anaphylaktisch\w*
    urticaria|urticaire|orticaria|nesselsucht|quaddeln
    infecci[oó]n|infezione|infec[cç][aã]o|infektion
    ictericia|ict[eè]re|ittero|icter[ií]cia|gelbsucht
    insuficiencia renal|insuffisance r[eé]nale|insufficienza renale|insufici[eê]ncia renal
    nierenversagen|niereninsuffizienz|fallo renal
    ictus|accidente cerebrovascular|avc|schlaganfall|derrame cerebral
    infarto|infarctus|herzinfarkt
    estre[nñ]imiento|stitichezza|costipazione|pris[aã]o de ventre|verstopfung
    insomnio|insomnie|insonnia|ins[oô]nia|schlaflosigkeit|schlafst[oö]rung\w*
    depresi[oó]n|d[eé]pression|depressione|depress[aã]o
    confusi[oó]n|confusione|confus[aã]o|verwirrt\w*|verwirrung
    temblor(?:es)?|tremblements?|tremore|tremores?|zittern
    debilidad|faiblesse|debolezza|fraqueza|schw[aä]che
    anemia|an[eé]mie|an[aä]mie
    se cay[oó]|cay[oó]|est tomb[eé]e?|[eè] cadut[oa]|caiu|gest[uü]rzt|sturz
    moretones|hematomas?|ecchymoses?|bleus|lividi|hematomas|blaue flecken|h[aä]matom\w*
    exacerbaci[oó]n|exacerba[cç][aã]o|exacerbation|riacutizzazione|esacerbazione|brote
    pouss[eé]e|empeoramiento|empeor[oó]|aggravation|peggioramento|peggiorat[oa]|piora
    verschlechter\w*|schub
    visi[oó]n borrosa|vision floue|visione offuscata|vis[aã]o turva|verschwommen\w*
    # Polish: shingles, rash, fever, bleeding, diarrhoea, nausea, vomiting, dyspnoea, cough
    p[óo][łl]pa[śs]\w*|wysypk\w*|gor[ąa]czk\w*|krwawie\w*|biegunk\w*|nudno[śs]c\w*|wymiot\w*
    duszno[śs]\w*|kasz(?:el|l\w*)
"""
)
