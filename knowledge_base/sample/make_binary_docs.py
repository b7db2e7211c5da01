"""Regenerate the binary documents (PDF, DOCX) of the bundled sample knowledge base.

All products, trials, numbers and references in these documents are fictional sample content
written for Medbrief; none of it describes a real medicine.

Run with the project's virtual environment (fpdf2 and python-docx are needed)::

    .venv/bin/python knowledge_base/sample/make_binary_docs.py

The output is deterministic: fixed PDF creation dates, fixed DOCX core properties and fixed
timestamps inside the DOCX zip, so re-running it does not change the files' bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.shared import Pt
from fpdf import FPDF
from fpdf.fonts import FontFace

CONTENT = Path(__file__).resolve().parent / "content"
FIXED_DATETIME = datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC)
ZIP_DATE_TIME = (2026, 1, 1, 0, 0, 0)
AUTHOR = "Medbrief sample content (fictional)"

# A document is a list of blocks: (kind, payload).
#   ("title", str) ("subtitle", str) ("h1", str) ("h2", str) ("p", str)
#   ("bullets", [str, ...]) ("table", [[header...], [row...], ...])
Block = tuple[str, object]


# ---------------------------------------------------------------------------------------------
# 1. COLIVANT (ostrafilimab) prescribing information (PDF)
# ---------------------------------------------------------------------------------------------

COLIVANT_LABEL: list[Block] = [
    ("title", "COLIVANT (ostrafilimab) - FULL PRESCRIBING INFORMATION (fictional)"),
    (
        "subtitle",
        "COLIVANT (ostrafilimab) for injection, for intravenous use. COLIVANT (ostrafilimab) "
        "injection, for subcutaneous use. Initial U.S. Approval: 2026. Revised: 05/2026. "
        "Fictional prescribing information written for Medbrief sample content; COLIVANT is "
        "not a real medicine.",
    ),
    ("h1", "1 INDICATIONS AND USAGE"),
    (
        "p",
        "COLIVANT is an integrin receptor antagonist indicated for the treatment of adult patients "
        "with moderately to severely active ulcerative colitis (UC).",
    ),
    (
        "p",
        "Limitations of Use: COLIVANT has not been studied in combination with other biologic "
        "immunomodulators or with Janus kinase (JAK) inhibitors. Use in combination is not "
        "recommended.",
    ),
    ("h1", "2 DOSAGE AND ADMINISTRATION"),
    ("h2", "2.1 Recommended Evaluations Before Initiating COLIVANT"),
    (
        "bullets",
        [
            "Evaluate patients for tuberculosis (TB) infection "
            "[see Warnings and Precautions (5.1)].",
            "Obtain liver enzymes and bilirubin levels [see Warnings and Precautions (5.3)].",
            "Complete all age-appropriate vaccinations according to current immunization "
            "guidelines [see Warnings and Precautions (5.4)].",
        ],
    ),
    ("h2", "2.2 Recommended Dosage"),
    (
        "p",
        "Induction: 300 mg administered by intravenous infusion over at least 30 minutes at "
        "Week 0, Week 2 and Week 6.",
    ),
    (
        "p",
        "Maintenance: 108 mg administered by subcutaneous injection every 2 weeks, beginning at "
        "Week 10. Discontinue COLIVANT in patients who show no evidence of therapeutic benefit "
        "by Week 14.",
    ),
    ("h2", "2.3 Preparation and Administration of the Intravenous Infusion"),
    (
        "p",
        "Reconstitute the 300 mg vial with 4.8 mL of Sterile Water for Injection, USP, and swirl "
        "gently; do not shake. Withdraw 5 mL of the reconstituted solution (60 mg/mL) and add it "
        "to a 250 mL infusion bag of 0.9% Sodium Chloride Injection, USP. Infuse over at least "
        "30 minutes. Do not administer as an intravenous push or bolus. Use the diluted "
        "solution within 4 hours at room temperature or 24 hours refrigerated at 2 C to 8 C. "
        "Observe patients during the infusion and until it is complete for signs of "
        "hypersensitivity.",
    ),
    ("h2", "2.4 Subcutaneous Administration"),
    (
        "p",
        "COLIVANT 108 mg/0.68 mL prefilled pen and prefilled syringe are for subcutaneous use "
        "only. Allow the pen or syringe to reach room temperature for 30 minutes before "
        "injecting. Inject into the abdomen, thigh or back of the upper arm, rotating sites. "
        "After proper training, patients may self-inject. If a dose is missed, administer it as "
        "soon as possible, then resume every 2 weeks from that date.",
    ),
    ("h1", "3 DOSAGE FORMS AND STRENGTHS"),
    (
        "bullets",
        [
            "For injection: 300 mg of ostrafilimab as a white to off-white lyophilized powder in "
            "a single-dose vial for reconstitution.",
            "Injection: 108 mg/0.68 mL clear to opalescent, colorless to slightly yellow solution "
            "in a single-dose prefilled pen or prefilled syringe.",
        ],
    ),
    ("h1", "4 CONTRAINDICATIONS"),
    (
        "p",
        "COLIVANT is contraindicated in patients with a history of serious hypersensitivity "
        "reaction, including anaphylaxis, to ostrafilimab or to any of the excipients.",
    ),
    ("h1", "5 WARNINGS AND PRECAUTIONS"),
    ("h2", "5.1 Serious Infections"),
    (
        "p",
        "COLIVANT may increase the risk of infection. In the controlled clinical studies, serious "
        "infections occurred in 1.9% of patients treated with COLIVANT and 1.4% of patients "
        "treated with placebo; they included pneumonia, cellulitis and gastroenteritis. Do not "
        "initiate COLIVANT in patients with a clinically important active infection until the "
        "infection resolves or is adequately treated. Instruct patients to seek medical advice "
        "if signs or symptoms of infection occur, and if a serious infection develops, withhold "
        "COLIVANT until the infection resolves.",
    ),
    (
        "p",
        "Evaluate patients for TB infection before starting COLIVANT. Do not administer COLIVANT "
        "to patients with active TB. Initiate treatment of latent TB before starting COLIVANT and "
        "monitor patients for signs and symptoms of active TB during and after treatment.",
    ),
    ("h2", "5.2 Hypersensitivity Reactions"),
    (
        "p",
        "Serious hypersensitivity reactions, including anaphylaxis (0.1%), have been reported "
        "with COLIVANT. Infusion-related reactions occurred in 1.2% of patients during "
        "intravenous induction. If a serious hypersensitivity reaction occurs, discontinue "
        "COLIVANT immediately and initiate appropriate treatment.",
    ),
    ("h2", "5.3 Liver Enzyme Elevations"),
    (
        "p",
        "Elevations of ALT or AST greater than 3 times the upper limit of normal (ULN) occurred "
        "in 2.6% of patients treated with COLIVANT and 1.0% of patients treated with placebo; "
        "most were asymptomatic and resolved with continued treatment or interruption. Evaluate "
        "liver enzymes and bilirubin at baseline, before each induction infusion and "
        "periodically during maintenance. If drug-induced liver injury is suspected, interrupt "
        "COLIVANT until this diagnosis is excluded.",
    ),
    ("h2", "5.4 Immunizations"),
    (
        "p",
        "Avoid use of live vaccines in patients treated with COLIVANT. Complete all "
        "age-appropriate vaccinations before initiating treatment.",
    ),
    ("h1", "6 ADVERSE REACTIONS"),
    ("h2", "6.1 Clinical Trials Experience"),
    (
        "p",
        "Because clinical trials are conducted under widely varying conditions, adverse reaction "
        "rates observed in the clinical trials of a drug cannot be directly compared to rates in "
        "the clinical trials of another drug. The data below reflect exposure to COLIVANT in "
        "the induction study COLUMBA-1 (COLIVANT 300 mg IV, N=642; placebo, N=321) and the "
        "maintenance study COLUMBA-2 (COLIVANT 108 mg SC every 2 weeks, N=298; placebo, "
        "N=149). Table 1 lists adverse reactions reported in at least 2% of patients treated "
        "with COLIVANT and at a higher rate than placebo.",
    ),
    (
        "table",
        [
            [
                "Adverse reaction",
                "Induction: COLIVANT",
                "Induction: placebo",
                "Maintenance: COLIVANT",
                "Maintenance: placebo",
            ],
            ["Nasopharyngitis", "4.2%", "3.1%", "8.1%", "5.4%"],
            ["Headache", "4.8%", "3.4%", "4.7%", "3.4%"],
            ["Arthralgia", "3.1%", "2.2%", "5.7%", "4.0%"],
            ["Upper respiratory tract infection", "2.5%", "1.9%", "5.4%", "4.7%"],
            ["Fatigue", "2.7%", "1.6%", "2.3%", "2.0%"],
            ["Rash", "2.2%", "0.9%", "2.0%", "1.3%"],
            ["Injection site reactions", "-", "-", "6.4%", "2.0%"],
            ["Elevated liver enzymes", "2.6%", "1.0%", "2.7%", "0.7%"],
        ],
    ),
    ("h2", "6.2 Immunogenicity"),
    (
        "p",
        "Through Week 52, 4.1% of patients treated with COLIVANT developed anti-drug antibodies "
        "and 1.0% had neutralizing antibodies. No clinically significant effect of anti-drug "
        "antibodies on the pharmacokinetics, efficacy or safety of COLIVANT was identified.",
    ),
    ("h1", "7 DRUG INTERACTIONS"),
    (
        "p",
        "Live vaccines: avoid concurrent use [see Warnings and Precautions (5.4)]. No formal "
        "drug interaction studies have been conducted with COLIVANT.",
    ),
    ("h1", "8 USE IN SPECIFIC POPULATIONS"),
    ("h2", "8.1 Pregnancy"),
    (
        "p",
        "Available data on COLIVANT use in pregnant women are insufficient to evaluate a "
        "drug-associated risk of major birth defects, miscarriage or other adverse maternal or "
        "fetal outcomes. Human IgG is known to cross the placental barrier, increasingly in the "
        "third trimester. In an enhanced pre- and postnatal development study in cynomolgus "
        "monkeys, no adverse developmental effects were observed at exposures up to 20 times "
        "the exposure at the maximum recommended human dose.",
    ),
    ("h2", "8.2 Lactation"),
    (
        "p",
        "There are no data on the presence of ostrafilimab in human milk, the effects on the "
        "breastfed infant, or the effects on milk production. Maternal IgG is known to be "
        "present in human milk. Consider the developmental and health benefits of breastfeeding "
        "along with the mother's clinical need for COLIVANT.",
    ),
    ("h2", "8.4 Pediatric Use"),
    (
        "p",
        "The safety and effectiveness of COLIVANT have not been established in pediatric patients.",
    ),
    ("h2", "8.5 Geriatric Use"),
    (
        "p",
        "Of the 1,105 patients treated with COLIVANT in clinical studies, 84 (7.6%) were 65 "
        "years of age and older. These numbers are insufficient to determine whether they "
        "respond differently from younger adults.",
    ),
    ("h1", "12 CLINICAL PHARMACOLOGY"),
    (
        "p",
        "Mechanism of Action: ostrafilimab is a humanized IgG1 monoclonal antibody that binds "
        "specifically to the alpha4beta7 integrin and blocks its interaction with mucosal "
        "addressin cell adhesion molecule-1 (MAdCAM-1), inhibiting the migration of memory "
        "T-lymphocytes into inflamed gastrointestinal tissue. Pharmacokinetics: the absolute "
        "bioavailability of "
        "the 108 mg subcutaneous dose is approximately 72%; the mean terminal half-life is "
        "approximately 26 days, and steady state is reached by Week 16 of maintenance.",
    ),
    ("h1", "14 CLINICAL STUDIES"),
    ("h2", "14.1 Ulcerative Colitis"),
    (
        "p",
        "COLUMBA-1 (induction) enrolled 963 adults with moderately to severely active UC "
        "(modified Mayo score 5 to 9 with an endoscopic subscore of 2 or 3) and an inadequate "
        "response, loss of response or intolerance to conventional therapy or a biologic. "
        "Patients were randomized 2:1 to COLIVANT 300 mg IV or placebo at Weeks 0, 2 and 6. "
        "The primary endpoint was clinical remission at Week 10.",
    ),
    (
        "p",
        "COLUMBA-2 (maintenance) re-randomized 447 patients who achieved clinical response to "
        "COLIVANT induction 2:1 to COLIVANT 108 mg SC every 2 weeks or placebo for 42 weeks. "
        "The primary endpoint was clinical remission at Week 52.",
    ),
    (
        "table",
        [
            ["Endpoint", "COLIVANT", "Placebo", "Treatment difference (95% CI)"],
            ["Clinical remission, Week 10 (COLUMBA-1)", "24.5%", "8.7%", "15.8% (11.4, 20.2)"],
            ["Clinical response, Week 10 (COLUMBA-1)", "58.3%", "31.2%", "27.1% (20.8, 33.4)"],
            ["Endoscopic improvement, Week 10 (COLUMBA-1)", "35.2%", "15.6%", "19.6% (14.2, 25.0)"],
            ["Clinical remission, Week 52 (COLUMBA-2)", "43.6%", "21.5%", "22.1% (13.4, 30.8)"],
            ["Endoscopic improvement, Week 52 (COLUMBA-2)", "50.0%", "26.2%", "23.8% (14.7, 32.9)"],
            [
                "Corticosteroid-free remission, Week 52 (COLUMBA-2)",
                "39.9%",
                "18.8%",
                "21.1% (12.6, 29.6)",
            ],
        ],
    ),
    (
        "p",
        "All primary and listed secondary endpoints were statistically significant (p<0.001), "
        "tested in a prespecified hierarchical order.",
    ),
    ("h1", "16 HOW SUPPLIED/STORAGE AND HANDLING"),
    (
        "p",
        "COLIVANT is supplied as a 300 mg single-dose vial (carton of 1) and as a 108 mg/0.68 mL "
        "single-dose prefilled pen or prefilled syringe (carton of 2). Store refrigerated at "
        "2 C to 8 C in the original carton to protect from light. Do not freeze. Do not shake.",
    ),
    ("h1", "17 PATIENT COUNSELING INFORMATION"),
    (
        "p",
        "Advise patients to report signs of infection, symptoms of a hypersensitivity reaction, "
        "and symptoms of liver injury (unexplained rash, nausea, vomiting, abdominal pain, "
        "fatigue, dark urine or jaundice). Train patients on subcutaneous injection technique "
        "before self-injection.",
    ),
]


# ---------------------------------------------------------------------------------------------
# 9. NEUREVIA switching standard response document (PDF, medical)
# ---------------------------------------------------------------------------------------------

NEUREVIA_SWITCHING_SRD: list[Block] = [
    (
        "title",
        "NEUREVIA (balmoterone): Switching from Other MS Therapies - Standard Response "
        "Document (fictional)",
    ),
    (
        "subtitle",
        "Medical Information response for healthcare professionals, provided in reply to an "
        "unsolicited request. Not for promotional use. This response may include information "
        "that is not in the approved Prescribing Information. Fictional sample content written "
        "for Medbrief; NEUREVIA is not a real medicine.",
    ),
    ("h1", "1 Question"),
    (
        "p",
        "What data and recommendations are available for switching patients with relapsing "
        "multiple sclerosis (MS) to NEUREVIA (balmoterone) from other disease-modifying "
        "therapies (DMTs), and what washout, if any, is needed?",
    ),
    ("h1", "2 Summary"),
    (
        "bullets",
        [
            "The NEUREVIA Prescribing Information does not specify washout periods for switching "
            "from individual DMTs. When switching from drugs with prolonged immune effects (for "
            "example alemtuzumab, ocrelizumab or natalizumab), it advises considering their "
            "half-life and mode of action to avoid unintended additive immunosuppressive "
            "effects. Initiating NEUREVIA after alemtuzumab is not recommended.",
            "No randomized controlled trial has compared switching strategies to NEUREVIA. The "
            "information below comes from the prior-therapy rules of the phase 3 trial "
            "BALM-MS-1 and from the open-label SWITCH-NV study (fictional).",
            "Whatever the prior therapy, patients starting NEUREVIA need the label's "
            "pre-treatment assessments (including a recent CBC and a brain MRI within 3 months), "
            "the 7-day titration to 0.92 mg, and first-dose heart-rate monitoring where the "
            "label recommends it.",
            "Switching from natalizumab needs particular care because of the boxed warning for "
            "progressive multifocal leukoencephalopathy (PML) with NEUREVIA and the PML risk "
            "associated with prior natalizumab exposure.",
        ],
    ),
    ("h1", "3 Background"),
    (
        "p",
        "NEUREVIA is a sphingosine 1-phosphate (S1P) receptor modulator indicated for relapsing "
        "forms of MS in adults. It reduces peripheral blood lymphocyte counts to approximately "
        "45% of baseline at 3 months through reversible retention of lymphocytes in lymphoid "
        "tissues. After discontinuation, lymphocyte counts return to the normal range within 30 "
        "days in 80% of patients and within 3 months in 90%. The label lists the following "
        "assessments before the first dose: a recent complete blood count (CBC) including "
        "lymphocyte count (within the last 6 months or after discontinuation of prior MS "
        "therapy), an electrocardiogram (ECG), recent liver function tests, a fundus "
        "examination in patients with a history of uveitis or macular edema or with diabetes "
        "mellitus, a baseline brain MRI within 3 months, and varicella zoster virus (VZV) "
        "antibody testing where immunity is not documented. The dose is titrated as 0.23 mg on "
        "Days 1 to 4 and 0.46 mg on Days 5 to 7, followed by 0.92 mg once daily from Day 8.",
    ),
    ("h1", "4 Available Data"),
    ("h2", "4.1 Prior Therapy in BALM-MS-1"),
    (
        "p",
        "In BALM-MS-1, the 24-month phase 3 trial of NEUREVIA versus interferon beta-1a, 29% of "
        "randomized patients had received a prior DMT. The protocol (data on file, fictional) "
        "required the following minimum intervals between the last dose of prior therapy and "
        "randomization: interferon beta or glatiramer acetate, none; dimethyl fumarate, 1 month "
        "with a lymphocyte count within normal limits; fingolimod, 2 months; natalizumab, 3 "
        "months; teriflunomide, completion of an accelerated elimination procedure; anti-CD20 "
        "antibodies, 12 months with B-cell counts within normal limits. Patients who had ever "
        "received alemtuzumab were excluded. Subgroup analyses of annualized relapse rate by "
        "prior DMT use were consistent with the overall population.",
    ),
    ("h2", "4.2 SWITCH-NV Open-Label Study (fictional)"),
    (
        "p",
        "SWITCH-NV was a 48-week, single-arm, open-label study of 312 adults who switched to "
        "NEUREVIA from interferon beta or glatiramer acetate (n=164, no washout), dimethyl "
        "fumarate (n=88, switch once the lymphocyte count was at least 800 cells/\u00b5L) or "
        "fingolimod (n=60, 4- to 8-week washout). The primary endpoint, the proportion of "
        "patients without adverse events leading to discontinuation at Week 48, was 94.2%. "
        "Symptomatic bradycardia occurred in 2 patients (0.6%), both during titration; both "
        "resolved without treatment. Lymphocyte counts below 200 cells/\u00b5L occurred in 2.9% "
        "of patients and were more frequent after dimethyl fumarate (5.7%). No cases of PML "
        "were reported. Two patients switching from fingolimod (3.3%) had a relapse during the "
        "washout period. The annualized relapse rate during the study was 0.14; because the "
        "study was uncontrolled, no conclusion on comparative efficacy can be drawn.",
    ),
    ("h2", "4.3 Considerations by Prior Therapy"),
    (
        "table",
        [
            ["Prior therapy", "Considerations reported in the data above"],
            ["Interferon beta, glatiramer acetate", "Immediate switch studied (SWITCH-NV)."],
            ["Dimethyl fumarate", "Confirm lymphocyte recovery before starting."],
            [
                "Fingolimod or another S1P modulator",
                "Washout of 4 to 8 weeks studied; monitor for disease reactivation.",
            ],
            [
                "Natalizumab",
                "3-month interval in BALM-MS-1 only; exclude PML with a brain MRI before starting.",
            ],
            ["Teriflunomide", "Accelerated elimination procedure before starting."],
            [
                "Anti-CD20 antibodies (e.g. ocrelizumab)",
                "Consider half-life and mode of action; no switching data.",
            ],
            ["Alemtuzumab", "Initiating NEUREVIA after alemtuzumab is not recommended."],
        ],
    ),
    ("h2", "4.4 Safety Considerations Common to All Switches"),
    (
        "p",
        "First-dose monitoring is recommended for patients with a resting heart rate below 55 "
        "bpm, first- or second-degree (Mobitz type I) AV block, or a history of myocardial "
        "infarction or heart failure more than 6 months before initiation: hourly pulse and "
        "blood pressure for 6 hours after the first dose, with an ECG before dosing and at the "
        "end of the observation period. If a dose is missed during the first 2 weeks of "
        "treatment, NEUREVIA is reinitiated with the titration regimen. Healthcare "
        "professionals should report suspected adverse events, including any new neurological "
        "symptoms suggestive of PML, to the company's pharmacovigilance department or to the "
        "FDA.",
    ),
    ("h1", "5 References"),
    (
        "bullets",
        [
            "NEUREVIA (balmoterone) capsules Prescribing Information (fictional). Medbrief "
            "Sample Pharma; 2025.",
            "Data on file (fictional). BALM-MS-1 clinical study protocol and prior-therapy "
            "subgroup analysis. Medbrief Sample Pharma; 2024.",
            "Moreau C, Brandt K, Ishikawa T, et al. Switching to balmoterone from injectable or "
            "oral therapies: 48-week results of the SWITCH-NV study (fictional). Fict Mult "
            "Scler J. 2025;8:77-89.",
        ],
    ),
]


# ---------------------------------------------------------------------------------------------
# 3. MIGRALIS dosing and administration guide (DOCX, commercial)
# ---------------------------------------------------------------------------------------------

MIGRALIS_DOSING_GUIDE: list[Block] = [
    (
        "title",
        "MIGRALIS (fremacept) Dosing and Administration Guide for Healthcare "
        "Professionals (fictional)",
    ),
    (
        "subtitle",
        "For use by US sales representatives with healthcare professionals. Fictional sample "
        "content written for Medbrief; MIGRALIS is not a real medicine. Please see the full "
        "Prescribing Information for MIGRALIS.",
    ),
    ("h1", "Indication"),
    (
        "p",
        "MIGRALIS (fremacept) injection is a calcitonin gene-related peptide (CGRP) pathway "
        "antagonist indicated for the preventive treatment of migraine in adults.",
    ),
    ("h1", "Recommended Dosage"),
    (
        "p",
        "Two subcutaneous dosing options of MIGRALIS are available for the preventive treatment "
        "of migraine. Both use the same 225 mg/1.5 mL single-dose prefilled syringe or "
        "prefilled autoinjector.",
    ),
    ("h2", "Monthly dosing option"),
    (
        "p",
        "225 mg once every month, administered as one subcutaneous injection of 225 mg/1.5 mL.",
    ),
    ("h2", "Quarterly dosing option"),
    (
        "p",
        "675 mg once every 3 months (quarterly), administered as three consecutive subcutaneous "
        "injections of 225 mg each, given at different injection sites. A carton of 3 "
        "autoinjectors is available for quarterly dosing.",
    ),
    (
        "table",
        [
            ["Dosing option", "Dose", "225 mg/1.5 mL injections per dose", "Dosing interval"],
            ["Monthly", "225 mg", "1", "Once every month"],
            [
                "Quarterly",
                "675 mg",
                "3, consecutively, at different injection sites",
                "Once every 3 months",
            ],
        ],
    ),
    ("h2", "Switching between dosing options"),
    (
        "p",
        "When switching between dosing options, administer the first dose of the new regimen on "
        "the next scheduled dosing date of the prior regimen.",
    ),
    ("h2", "Missed doses"),
    (
        "p",
        "If a dose is missed, administer MIGRALIS as soon as possible. Thereafter, MIGRALIS can "
        "be scheduled monthly or quarterly from the date of the last dose.",
    ),
    ("h1", "Administration"),
    ("h2", "Training and self-administration"),
    (
        "p",
        "MIGRALIS is for subcutaneous use only and is intended for patient self-administration. "
        "Before use, provide proper training to patients and/or caregivers on how to prepare and "
        "administer MIGRALIS with the prefilled syringe or prefilled autoinjector, including "
        "aseptic technique, and refer them to the Instructions for Use.",
    ),
    ("h2", "Before the injection"),
    (
        "bullets",
        [
            "Remove MIGRALIS from the refrigerator and allow it to sit at room temperature for "
            "30 minutes, protected from direct sunlight.",
            "Do not warm it with a heat source such as hot water or a microwave.",
            "Inspect visually: the solution is clear to slightly opalescent and colorless to "
            "slightly yellow. Do not use it if it is cloudy, discolored or contains particles.",
        ],
    ),
    ("h2", "Injection sites"),
    (
        "p",
        "Administer MIGRALIS subcutaneously in the abdomen, thigh or upper arm. Do not inject "
        "into areas where the skin is tender, bruised, red or hard. For the quarterly dose, use "
        "a different injection site for each of the three injections. MIGRALIS and other "
        "injectable drugs should be injected at different injection sites.",
    ),
    ("h1", "Storage and Handling"),
    (
        "bullets",
        [
            "Store refrigerated at 2 C to 8 C (36 F to 46 F) in the original carton to protect "
            "from light. Do not freeze. Do not shake.",
            "If necessary, MIGRALIS may be stored at room temperature up to 30 C (86 F) in the "
            "original carton for a maximum of 7 days. Discard it if it has been left at room "
            "temperature for more than 7 days.",
            "Presentations: prefilled syringe (carton of 1), prefilled autoinjector (carton of "
            "1) and prefilled autoinjector (carton of 3, for quarterly dosing).",
        ],
    ),
    ("h1", "Use in Specific Populations"),
    ("h2", "Pediatric patients"),
    (
        "p",
        "Safety and effectiveness of MIGRALIS in pediatric patients have not been established. "
        "Questions about use in children or adolescents should be referred to Medical "
        "Information through a medical information request.",
    ),
    ("h2", "Geriatric patients"),
    (
        "p",
        "Clinical studies did not include sufficient numbers of patients 65 years of age and "
        "older to determine whether they respond differently from younger patients. No dose "
        "adjustment is recommended based on age.",
    ),
    ("h2", "Pregnancy and lactation"),
    (
        "p",
        "There are no adequate data on the developmental risk associated with the use of "
        "MIGRALIS in pregnant women, and no data on the presence of fremacept in human milk. "
        "See section 8 of the Prescribing Information.",
    ),
    ("h1", "Important Safety Information"),
    (
        "p",
        "Contraindication: MIGRALIS is contraindicated in patients with serious hypersensitivity "
        "to fremacept or to any of the excipients. Reactions have included anaphylaxis and "
        "angioedema.",
    ),
    (
        "p",
        "Hypersensitivity reactions: hypersensitivity reactions, including rash, pruritus, "
        "urticaria and angioedema, have been reported; cases of anaphylaxis have been reported. "
        "Reactions can occur from hours to one month after administration. If a serious or "
        "severe hypersensitivity reaction occurs, discontinue MIGRALIS and initiate appropriate "
        "therapy.",
    ),
    (
        "p",
        "Hypertension: development of hypertension and worsening of pre-existing hypertension "
        "have been reported following the use of CGRP antagonists, including MIGRALIS. Monitor "
        "patients for new-onset or worsening hypertension.",
    ),
    (
        "p",
        "Raynaud's phenomenon: development, recurrence or worsening of Raynaud's phenomenon has "
        "been reported. Discontinue MIGRALIS if signs or symptoms develop.",
    ),
    (
        "p",
        "Adverse reactions: the most common adverse reactions (incidence at least 5% and "
        "greater than placebo) were injection site reactions.",
    ),
    ("h1", "References"),
    (
        "bullets",
        [
            "MIGRALIS (fremacept) injection Prescribing Information (fictional). Medbrief Sample "
            "Pharma; 2025.",
            "MIGRALIS Instructions for Use (fictional). Medbrief Sample Pharma; 2025.",
        ],
    ),
]


# ---------------------------------------------------------------------------------------------
# 6. IMRELZA pregnancy and lactation standard response document (DOCX, medical)
# ---------------------------------------------------------------------------------------------

IMRELZA_PREGNANCY_SRD: list[Block] = [
    (
        "title",
        "IMRELZA (tradekimab): Use in Pregnancy and Lactation - Standard Response "
        "Document (fictional)",
    ),
    (
        "subtitle",
        "Medical Information response for healthcare professionals, provided in reply to an "
        "unsolicited request. Not for promotional use. Fictional sample content written for "
        "Medbrief; IMRELZA is not a real medicine.",
    ),
    ("h1", "Question"),
    (
        "p",
        "What data are available on the use of IMRELZA (tradekimab) during pregnancy and "
        "breastfeeding, and what should be considered for infants exposed in utero?",
    ),
    ("h1", "Summary"),
    (
        "bullets",
        [
            "Available human data on IMRELZA use in pregnancy are limited and insufficient to "
            "establish a drug-associated risk of major birth defects, miscarriage or adverse "
            "maternal or fetal outcomes.",
            "Tradekimab is a humanized IgG1 lambda monoclonal antibody that binds the p19 "
            "subunit of "
            "interleukin-23. IgG antibodies cross the placenta, "
            "increasingly during the third trimester, so fetal exposure is expected if IMRELZA "
            "is given late in pregnancy.",
            "An enhanced pre- and postnatal development study in cynomolgus monkeys at doses up to "
            "25 times the maximum recommended human dose (MRHD) showed no adverse developmental "
            "effects in infants.",
            "There are no data on the presence of tradekimab in human milk, the effects on the "
            "breastfed infant or on milk production; tradekimab was detected in the milk of "
            "lactating cynomolgus monkeys.",
            "For infants exposed in utero, the risks and benefits of live vaccines should be "
            "weighed; the decision on timing is a matter of clinical judgement.",
        ],
    ),
    ("h1", "Background"),
    (
        "p",
        "IMRELZA is an interleukin-23 (IL-23) antagonist indicated for the treatment of "
        "moderate-to-severe plaque psoriasis in adults who are candidates for systemic therapy or "
        "phototherapy, and of adults with active psoriatic arthritis. The recommended dose is "
        "100 mg by subcutaneous injection at Week 0, Week 4 "
        "and every 8 weeks thereafter. The label carries a boxed warning for serious infections, "
        "including tuberculosis (TB). The mean terminal half-life of tradekimab is approximately "
        "17 days, so measurable serum concentrations may persist for about 12 weeks after the "
        "last dose.",
    ),
    ("h1", "Available Data"),
    ("h2", "Nonclinical data"),
    (
        "p",
        "In an enhanced pre- and postnatal development study, pregnant cynomolgus monkeys "
        "received tradekimab subcutaneously from the beginning of organogenesis through "
        "parturition at doses up to 25 times the MRHD. No maternal "
        "toxicity, embryo-fetal loss, malformations or effects on infant growth, immune "
        "function or development through 6 months of age were observed. Tradekimab was "
        "detected in infant serum at birth at concentrations similar to maternal "
        "concentrations.",
    ),
    ("h2", "Pregnancies in clinical studies"),
    (
        "p",
        "Pregnancy was an exclusion criterion and contraception was required in the phase 3 "
        "trials TRAD-PSO-1 and TRAD-PsA-1. As of the data cut-off of 31 March 2025 "
        "(fictional), 46 pregnancies with "
        "maternal exposure to IMRELZA had been reported from clinical studies, all with exposure "
        "in the first trimester followed by discontinuation. Outcomes were known for 38: 29 "
        "live births, 6 spontaneous abortions and 3 elective terminations. One congenital "
        "anomaly (ventricular septal defect) was reported among the live births. The observed "
        "rates are within the background ranges reported for the general population; the small "
        "numbers do not allow conclusions about risk.",
    ),
    ("h2", "Postmarketing data and pregnancy registry"),
    (
        "p",
        "A prospective pregnancy exposure registry (IMRELZA Pregnancy Registry, fictional) is "
        "ongoing. As of the same cut-off, 21 prospectively enrolled pregnancies had known "
        "outcomes, with no pattern of congenital anomalies identified. Healthcare professionals "
        "are encouraged to enroll patients exposed to IMRELZA during pregnancy.",
    ),
    ("h2", "Lactation"),
    (
        "p",
        "No lactation studies have been conducted in women. Tradekimab was detected in the milk "
        "of lactating cynomolgus monkeys. Human IgG is known to be present in breast "
        "milk at low concentrations, and exposure of the breastfed infant via the gastrointestinal "
        "tract is expected to be limited. The developmental and health benefits of breastfeeding "
        "should be considered along with the mother's clinical need for IMRELZA and any "
        "potential adverse effects on the breastfed infant.",
    ),
    ("h2", "Infants exposed in utero"),
    (
        "p",
        "Because tradekimab may be present in the infant's circulation for several months after "
        "birth following third-trimester exposure, the safety of administering live or live "
        "attenuated vaccines to these infants is unknown. Non-live vaccines may be given "
        "according to the standard schedule.",
    ),
    ("h1", "References"),
    (
        "bullets",
        [
            "IMRELZA (tradekimab) injection Prescribing Information, version 3 (fictional). "
            "Medbrief Sample Pharma; 2025.",
            "Data on file (fictional). IMRELZA cumulative pregnancy outcomes report, data "
            "cut-off 31 March 2025.",
            "Ferreira L, Nakamura H, Oduya B, et al. Pre- and postnatal development study of "
            "tradekimab in cynomolgus monkeys (fictional). Fict Reprod Toxicol. 2023;5:112-121.",
            "IMRELZA Pregnancy Registry interim report (fictional). 2025.",
        ],
    ),
]


# ---------------------------------------------------------------------------------------------
# Renderers
# ---------------------------------------------------------------------------------------------

_LATIN1_FIXES = {
    "\u2014": "-",
    "\u2013": "-",
    "\u2019": "'",
    "\u2018": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2265": ">=",
    "\u2264": "<=",
    "\u2022": "-",
}


def _pdf_text(text: str) -> str:
    """The core PDF fonts only cover Latin-1; replace the few other characters we might use."""
    for bad, good in _LATIN1_FIXES.items():
        text = text.replace(bad, good)
    text.encode("latin-1")  # fail loudly rather than write a broken glyph
    return text


def write_pdf(blocks: list[Block], path: Path, *, title: str) -> None:
    pdf = FPDF(orientation="P", unit="mm", format="Letter")
    pdf.set_creation_date(FIXED_DATETIME)
    pdf.set_title(_pdf_text(title))
    pdf.set_author(AUTHOR)
    pdf.set_subject("Fictional sample content written for Medbrief")
    pdf.set_creator("knowledge_base/sample/make_binary_docs.py")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(18, 16, 18)
    pdf.add_page()
    for kind, payload in blocks:
        if kind == "title":
            pdf.set_font("Helvetica", "B", 14)
            pdf.multi_cell(0, 7, _pdf_text(str(payload)), align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif kind == "subtitle":
            pdf.set_font("Helvetica", "I", 9)
            pdf.multi_cell(
                0, 4.5, _pdf_text(str(payload)), align="L", new_x="LMARGIN", new_y="NEXT"
            )
            pdf.ln(2)
        elif kind in ("h1", "h2"):
            if pdf.get_y() > pdf.h - 40:  # keep a heading with the text that follows it
                pdf.add_page()
            pdf.ln(3 if kind == "h1" else 1.5)
            pdf.set_font("Helvetica", "B", 12 if kind == "h1" else 10.5)
            pdf.multi_cell(0, 6, _pdf_text(str(payload)), align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(0.5)
        elif kind == "p":
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(0, 5, _pdf_text(str(payload)), align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        elif kind == "bullets":
            pdf.set_font("Helvetica", "", 10)
            for item in payload:  # type: ignore[union-attr]
                pdf.set_x(pdf.l_margin + 3)
                pdf.multi_cell(
                    0, 5, _pdf_text(f"- {item}"), align="L", new_x="LMARGIN", new_y="NEXT"
                )
                pdf.ln(0.8)
            pdf.ln(1)
        elif kind == "table":
            pdf.set_font("Helvetica", "", 8.5)
            columns = len(payload[0])  # type: ignore[index]
            with pdf.table(
                # the row label gets the room, so that rows do not wrap
                col_widths=(1, 2) if columns == 2 else (2.5,) + (1,) * (columns - 1),
                line_height=4.5,
                text_align="LEFT",
                first_row_as_headings=True,
                headings_style=FontFace(emphasis="BOLD"),
            ) as table:
                for row_values in payload:  # type: ignore[union-attr]
                    row = table.row()
                    for value in row_values:
                        row.cell(_pdf_text(value))
            pdf.ln(2)
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))


def write_docx(blocks: list[Block], path: Path, *, title: str, subject: str) -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    props = doc.core_properties
    props.title = title
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.subject = subject
    props.comments = "Fictional sample content written for Medbrief"
    props.created = FIXED_DATETIME.replace(tzinfo=None)
    props.modified = FIXED_DATETIME.replace(tzinfo=None)
    props.last_printed = FIXED_DATETIME.replace(tzinfo=None)
    props.revision = 1
    for kind, payload in blocks:
        if kind == "title":
            doc.add_heading(str(payload), level=0)
        elif kind == "subtitle":
            paragraph = doc.add_paragraph()
            paragraph.add_run(str(payload)).italic = True
        elif kind == "h1":
            doc.add_heading(str(payload), level=1)
        elif kind == "h2":
            doc.add_heading(str(payload), level=2)
        elif kind == "p":
            doc.add_paragraph(str(payload))
        elif kind == "bullets":
            for item in payload:  # type: ignore[union-attr]
                doc.add_paragraph(str(item), style="List Bullet")
        elif kind == "table":
            rows = payload  # type: ignore[assignment]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[arg-type]
            table.style = "Table Grid"
            for r, row_values in enumerate(rows):  # type: ignore[arg-type]
                for c, value in enumerate(row_values):
                    cell = table.cell(r, c)
                    cell.text = str(value)
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    buffer = io.BytesIO()
    doc.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_normalize_zip(buffer.getvalue()))


def _normalize_zip(data: bytes) -> bytes:
    """Rewrite a DOCX zip with fixed member timestamps so the bytes do not depend on the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main() -> None:
    write_pdf(
        COLIVANT_LABEL,
        CONTENT / "labels" / "colivant-ostrafilimab-label.pdf",
        title="COLIVANT (ostrafilimab) Prescribing Information (fictional)",
    )
    write_pdf(
        NEUREVIA_SWITCHING_SRD,
        CONTENT / "srd" / "neurevia-switching-srd.pdf",
        title="NEUREVIA (balmoterone): Switching from Other MS Therapies - Standard Response "
        "Document (fictional)",
    )
    write_docx(
        MIGRALIS_DOSING_GUIDE,
        CONTENT / "guides" / "migralis-dosing-guide.docx",
        title="MIGRALIS (fremacept) Dosing and Administration Guide for Healthcare Professionals "
        "(fictional)",
        subject="HCP dosing and administration guide",
    )
    write_docx(
        IMRELZA_PREGNANCY_SRD,
        CONTENT / "srd" / "imrelza-pregnancy-lactation-srd.docx",
        title="IMRELZA (tradekimab): Use in Pregnancy and Lactation - Standard Response "
        "Document (fictional)",
        subject="Standard response document (medical)",
    )
    for name in (
        "labels/colivant-ostrafilimab-label.pdf",
        "srd/neurevia-switching-srd.pdf",
        "guides/migralis-dosing-guide.docx",
        "srd/imrelza-pregnancy-lactation-srd.docx",
    ):
        print(f"wrote {CONTENT / name}")


if __name__ == "__main__":
    main()
