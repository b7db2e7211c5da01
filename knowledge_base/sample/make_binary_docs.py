"""Regenerate the binary documents (PDF, DOCX) of the bundled sample knowledge base.

These are sample documents written for Medbrief about real medicines. Every statement they make
about a product is taken from that product's US Prescribing Information (the label file named in
each document's references, under content/labels/); they are not material from the
manufacturers.

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
AUTHOR = "Medbrief sample content"
DESCRIPTION = "Sample document written for Medbrief from the US Prescribing Information"

# A document is a list of blocks: (kind, payload).
#   ("title", str) ("subtitle", str) ("h1", str) ("h2", str) ("p", str)
#   ("bullets", [str, ...]) ("table", [[header...], [row...], ...])
Block = tuple[str, object]


# ---------------------------------------------------------------------------------------------
# 1. KESIMPTA switching standard response document (PDF, medical)
#    Source: labels/6a8a3f53-2062-48ff-9dbe-b939df133ca3.json (kesimpta-label)
# ---------------------------------------------------------------------------------------------

KESIMPTA_SWITCHING_SRD: list[Block] = [
    (
        "title",
        "KESIMPTA (ofatumumab) - Switching from other MS therapies: Standard Response "
        "Document (sample document)",
    ),
    (
        "subtitle",
        "Sample document for Medbrief, built from the US Prescribing Information for KESIMPTA "
        "(ofatumumab); it is not material from the manufacturer. Medical Information response "
        "for healthcare professionals, provided in reply to an unsolicited request. Not for "
        "promotional use.",
    ),
    ("h1", "1 Question"),
    (
        "p",
        "What information is available for switching patients with relapsing multiple sclerosis "
        "(MS) to KESIMPTA (ofatumumab) from other disease-modifying therapies, and what washout, "
        "if any, is needed (for example, after natalizumab)?",
    ),
    ("h1", "2 Summary"),
    (
        "bullets",
        [
            "The KESIMPTA Prescribing Information does not specify washout periods for switching "
            "from individual MS therapies, and it does not name natalizumab or any other specific "
            "prior therapy. When switching from therapies with immune effects, the duration and "
            "mechanism of action of these therapies should be taken into account because of "
            "potential additive immunosuppressive effects when initiating KESIMPTA.",
            "KESIMPTA has not been studied in combination with other MS therapies.",
            "In the two pivotal trials, Study 1 and Study 2, 60% and 61% of patients had been "
            "treated with a non-steroid therapy for MS. A similar effect of KESIMPTA on the key "
            "efficacy results compared to teriflunomide was observed across exploratory "
            "subgroups, including subgroups defined by prior non-steroid MS therapy.",
            "Whatever the prior therapy, patients starting KESIMPTA need the label's assessments "
            "before the first dose: hepatitis B virus (HBV) screening, quantitative serum "
            "immunoglobulins, and immunizations completed at least 4 weeks before the first dose "
            "for live or live-attenuated vaccines and, whenever possible, at least 2 weeks before "
            "for inactivated vaccines. Delay KESIMPTA in patients with an active infection until "
            "the infection is resolved.",
        ],
    ),
    ("h1", "3 Background"),
    (
        "p",
        "KESIMPTA is a CD20-directed cytolytic antibody indicated for the treatment of relapsing "
        "forms of MS, to include clinically isolated syndrome, relapsing-remitting disease, and "
        "active secondary progressive disease, in adults. The recommended dosage is 20 mg by "
        "subcutaneous injection at Weeks 0, 1 and 2, followed by 20 mg once monthly starting at "
        "Week 4. In Study 1 and Study 2, KESIMPTA reduced CD19+ B-cells to below the lower limit "
        "of normal (LLN) in 77.0% and 78.8% of patients one week after treatment initiation, and "
        "in 95.0% and 95.8% two weeks after initiation; at Week 12, 99.3% to 99.5% of patients "
        "had CD19+ B-cell counts below LLN. The median time to B-cell recovery to LLN or "
        "baseline was 24.6 weeks after treatment discontinuation. The half-life at steady state "
        "is approximately 16 days.",
    ),
    ("h1", "4 Available Data"),
    ("h2", "4.1 Prior Therapy in Study 1 and Study 2"),
    (
        "p",
        "Study 1 (927 patients) and Study 2 (955 patients) were randomized, double-blind, "
        "double-dummy trials comparing KESIMPTA with teriflunomide 14 mg once daily in patients "
        "with relapsing forms of MS. At baseline, 60% of patients in Study 1 and 61% in Study 2 "
        "had been treated with a non-steroid therapy for MS. A similar effect of KESIMPTA on the "
        "key efficacy results compared to teriflunomide was observed across the two studies in "
        "exploratory subgroups defined by sex, age, body weight, prior non-steroid MS therapy, "
        "and baseline disability and disease activity. The Prescribing Information does not "
        "report which prior therapies were used, the intervals required between prior therapy "
        "and randomization, or results for individual prior therapies.",
    ),
    ("h2", "4.2 Label Recommendations That Apply When Switching"),
    (
        "table",
        [
            ["Situation", "What the Prescribing Information says"],
            [
                "Prior immunosuppressive or immune-modulating therapy",
                "Consider the potential for increased immunosuppressive effects; take the "
                "duration and mechanism of action of the prior therapy into account.",
            ],
            [
                "Concomitant immunosuppressants, including systemic corticosteroids",
                "May increase the risk of infection; consider the risk of additive immune "
                "system effects.",
            ],
            ["Combination with other MS therapies", "Not studied."],
            ["Active infection", "Delay KESIMPTA until the infection is resolved."],
            [
                "Hepatitis B virus",
                "Screen before the first dose (at a minimum HBsAg and HBcAb); contraindicated "
                "in active HBV infection.",
            ],
            [
                "Low serum immunoglobulins",
                "Consult immunology experts before initiating KESIMPTA.",
            ],
            [
                "Vaccinations",
                "Live or live-attenuated vaccines at least 4 weeks before the first dose; "
                "inactivated vaccines, whenever possible, at least 2 weeks before.",
            ],
            [
                "Natalizumab, fingolimod or other named prior therapies",
                "Not addressed; no washout interval is given.",
            ],
        ],
    ),
    ("h2", "4.3 Progressive Multifocal Leukoencephalopathy"),
    (
        "p",
        "No cases of progressive multifocal leukoencephalopathy (PML) have been reported for "
        "KESIMPTA in the relapsing MS clinical studies. PML resulting in death has occurred in "
        "patients treated with ofatumumab for chronic lymphocytic leukemia (at substantially "
        "higher intravenous doses than the recommended dose in MS but for a shorter duration of "
        "treatment), and JC virus infection resulting in PML has also been observed in patients "
        "treated with other anti-CD20 antibodies and other MS therapies. Magnetic resonance "
        "imaging (MRI) findings may be apparent before clinical signs or symptoms. At the first "
        "sign or symptom suggestive of PML, withhold KESIMPTA and perform an appropriate "
        "diagnostic evaluation; if PML is confirmed, discontinue KESIMPTA.",
    ),
    ("h2", "4.4 Switching from KESIMPTA to Another Therapy"),
    (
        "p",
        "When initiating an immunosuppressive therapy after KESIMPTA, consider the potential for "
        "increased immunosuppressive effects. Data from Studies 1 and 2 indicate a median time "
        "to B-cell recovery to either LLN or baseline value of 24.6 weeks after treatment "
        "discontinuation; pharmacokinetic and pharmacodynamic modeling predicts a median time to "
        "B-cell recovery to LLN of 23 weeks. Vaccination with live or live-attenuated vaccines is "
        "not recommended after discontinuation until B-cell repletion, and serum immunoglobulins "
        "should be monitored after discontinuation until B-cell repletion.",
    ),
    ("h2", "4.5 Safety Considerations Common to All Switches"),
    (
        "p",
        "The first injection of KESIMPTA should be performed under the guidance of an "
        "appropriately trained healthcare professional. Systemic injection-related reactions "
        "were most frequent with the first injection (14.4%), decreasing with subsequent "
        "injections (4.4% with the second, less than 3% with the third). Decreased immunoglobulin "
        "M was reported in 7.7% of patients treated with KESIMPTA compared to 3.1% with "
        "teriflunomide. Healthcare professionals should report suspected adverse events, "
        "including any new neurological symptoms suggestive of PML, to the company's "
        "pharmacovigilance department or to the FDA.",
    ),
    ("h1", "5 References"),
    (
        "bullets",
        [
            "KESIMPTA (ofatumumab) injection, for subcutaneous use. US Prescribing Information, "
            "version 6 (effective 2023-08-02), sections 1, 2, 5.1, 5.2, 5.3, 7.1, 12.2, 12.3 and "
            "14. Novartis Pharmaceuticals Corporation. In this knowledge base: kesimpta-label.",
        ],
    ),
]


# ---------------------------------------------------------------------------------------------
# 2. NURTEC ODT dosing and administration guide (DOCX, commercial)
#    Source: labels/9ef08e09-1098-35cc-e053-2a95a90a3e1d.json (nurtec-odt-label)
# ---------------------------------------------------------------------------------------------

NURTEC_ODT_DOSING_GUIDE: list[Block] = [
    (
        "title",
        "NURTEC ODT (rimegepant) Dosing and Administration Guide for Healthcare "
        "Professionals (sample document)",
    ),
    (
        "subtitle",
        "Sample document for Medbrief, built from the US Prescribing Information for NURTEC ODT "
        "(rimegepant); it is not material from the manufacturer. For use by US sales "
        "representatives with healthcare professionals. Please see the full Prescribing "
        "Information for NURTEC ODT.",
    ),
    ("h1", "Indication"),
    (
        "p",
        "NURTEC ODT (rimegepant) orally disintegrating tablets is a calcitonin gene-related "
        "peptide receptor antagonist indicated for the acute treatment of migraine with or "
        "without aura in adults, and for the preventive treatment of episodic migraine in adults.",
    ),
    ("h1", "Recommended Dosage"),
    (
        "p",
        "The same NURTEC ODT 75 mg orally disintegrating tablet is used for both indications; "
        "the dosing schedule differs.",
    ),
    ("h2", "Acute treatment of migraine"),
    (
        "p",
        "75 mg taken orally, as needed. The maximum dose in a 24-hour period is 75 mg. The safety "
        "of using more than 18 doses in a 30-day period has not been established.",
    ),
    ("h2", "Preventive treatment of episodic migraine"),
    ("p", "75 mg taken orally every other day."),
    (
        "table",
        [
            ["Indication", "Dose", "Schedule", "Limits"],
            [
                "Acute treatment of migraine",
                "75 mg",
                "As needed",
                "Maximum 75 mg in 24 hours; safety of more than 18 doses in 30 days not "
                "established",
            ],
            ["Preventive treatment of episodic migraine", "75 mg", "Every other day", "-"],
        ],
    ),
    ("h2", "Concomitant medications that change dosing"),
    (
        "bullets",
        [
            "Strong CYP3A4 inhibitors: avoid concomitant administration.",
            "Moderate CYP3A4 inhibitors: avoid another dose of NURTEC ODT within 48 hours.",
            "Strong or moderate CYP3A inducers: avoid concomitant administration, which may lead "
            "to loss of efficacy.",
            "Potent inhibitors of P-gp: avoid another dose of NURTEC ODT within 48 hours.",
        ],
    ),
    ("h1", "Administration"),
    ("h2", "Opening the blister and taking the tablet"),
    (
        "bullets",
        [
            "Use dry hands when opening the blister pack.",
            "Peel back the foil covering of one blister and gently remove the orally "
            "disintegrating tablet (ODT). Do not push the ODT through the foil.",
            "As soon as the blister is opened, remove the ODT and place it on the tongue; "
            "alternatively, it may be placed under the tongue.",
            "The ODT disintegrates in saliva so that it can be swallowed without additional "
            "liquid.",
            "Take the ODT immediately after opening the blister pack. Do not store the ODT "
            "outside the blister pack for future use.",
        ],
    ),
    ("h2", "Food"),
    (
        "p",
        "NURTEC ODT was administered without regard to food in clinical safety and efficacy "
        "studies. A high-fat meal reduced Cmax by 42 to 53% and AUC by 32 to 38%; the impact of "
        "this reduction in exposure on efficacy is unknown.",
    ),
    ("h1", "Storage and Handling"),
    (
        "bullets",
        [
            "Store at controlled room temperature, 20 C to 25 C (68 F to 77 F); excursions "
            "permitted between 15 C and 30 C (59 F and 86 F).",
            "Presentation: cartons containing a blister pack of 8 orally disintegrating tablets, "
            "each containing 75 mg rimegepant.",
        ],
    ),
    ("h1", "Use in Specific Populations"),
    ("h2", "Pediatric patients"),
    (
        "p",
        "Safety and effectiveness in pediatric patients have not been established. Questions "
        "about use in children or adolescents should be referred to Medical Information through "
        "a medical information request.",
    ),
    ("h2", "Geriatric patients"),
    (
        "p",
        "Clinical studies of NURTEC ODT did not include sufficient numbers of patients aged 65 "
        "and over to determine whether they respond differently from younger patients.",
    ),
    ("h2", "Pregnancy and lactation"),
    (
        "p",
        "There are no adequate data on the developmental risk associated with the use of NURTEC "
        "ODT in pregnant women; a pregnancy exposure registry monitors pregnancy outcomes in "
        "women exposed to NURTEC ODT during pregnancy. A lactation study established a relative "
        "infant dose of less than 1% of the maternal weight-adjusted dose and a milk-to-plasma "
        "ratio of 0.20. See section 8 of the Prescribing Information.",
    ),
    ("h2", "Hepatic and renal impairment"),
    (
        "p",
        "No dosage adjustment is required in mild (Child-Pugh A) or moderate (Child-Pugh B) "
        "hepatic impairment; avoid use in severe hepatic impairment (Child-Pugh C). No dosage "
        "adjustment is required in mild, moderate, or severe renal impairment; avoid use in "
        "end-stage renal disease (CLcr less than 15 mL/min).",
    ),
    ("h1", "Important Safety Information"),
    (
        "p",
        "Contraindication: NURTEC ODT is contraindicated in patients with a history of "
        "hypersensitivity reaction to rimegepant, NURTEC ODT, or any of its components. Delayed "
        "serious hypersensitivity has occurred.",
    ),
    (
        "p",
        "Hypersensitivity reactions: hypersensitivity reactions, including dyspnea and rash, have "
        "occurred with NURTEC ODT in clinical studies. Hypersensitivity reactions can occur days "
        "after administration. If a hypersensitivity reaction occurs, discontinue NURTEC ODT and "
        "initiate appropriate therapy.",
    ),
    (
        "p",
        "Adverse reactions: in the acute treatment study, the most common adverse reaction was "
        "nausea (2% with NURTEC ODT compared to 0.4% with placebo). In the preventive treatment "
        "study, the most common adverse reactions were nausea (2.7% compared with 0.8%) and "
        "abdominal pain/dyspepsia (2.4% compared with 0.8%).",
    ),
    ("h1", "References"),
    (
        "bullets",
        [
            "NURTEC ODT (rimegepant) orally disintegrating tablets, for sublingual or oral use. "
            "US Prescribing Information, version 20 (effective 2023-04-20). Pfizer Laboratories "
            "Div Pfizer Inc. In this knowledge base: nurtec-odt-label.",
        ],
    ),
]


# ---------------------------------------------------------------------------------------------
# 3. RINVOQ pregnancy and lactation standard response document (DOCX, medical)
#    Source: labels/2966aec7-2ef0-923c-d8ff-fe1a957bf095.json (rinvoq-label)
# ---------------------------------------------------------------------------------------------

RINVOQ_PREGNANCY_SRD: list[Block] = [
    (
        "title",
        "RINVOQ (upadacitinib) - Pregnancy and lactation: Standard Response Document "
        "(sample document)",
    ),
    (
        "subtitle",
        "Sample document for Medbrief, built from the US Prescribing Information for RINVOQ "
        "(upadacitinib); it is not material from the manufacturer. Medical Information response "
        "for healthcare professionals, provided in reply to an unsolicited request. Not for "
        "promotional use.",
    ),
    ("h1", "Question"),
    (
        "p",
        "What data are available on the use of RINVOQ (upadacitinib) during pregnancy and "
        "breastfeeding, and what is recommended for females of reproductive potential?",
    ),
    ("h1", "Summary"),
    (
        "bullets",
        [
            "Available data from the pharmacovigilance safety database and postmarketing case "
            "reports on use of RINVOQ in pregnant women are not sufficient to evaluate a "
            "drug-associated risk for major birth defects or miscarriage.",
            "Based on findings in animal studies, RINVOQ may cause fetal harm when administered "
            "to a pregnant woman: administration of upadacitinib to rats and rabbits during "
            "organogenesis caused increases in fetal malformations.",
            "Verify the pregnancy status of females of reproductive potential prior to starting "
            "treatment, and advise them to use effective contraception during treatment with "
            "RINVOQ and for 4 weeks after the final dose.",
            "There are no data on the presence of upadacitinib in human milk. Breastfeeding is "
            "not recommended during treatment with RINVOQ and for 6 days (approximately 10 "
            "half-lives) after the last dose.",
            "A pregnancy surveillance program monitors pregnancy outcomes in women exposed to "
            "RINVOQ; a pregnancy that occurs during RINVOQ exposure should be reported by calling "
            "1-800-633-9110.",
        ],
    ),
    ("h1", "Background"),
    (
        "p",
        "RINVOQ is a Janus kinase (JAK) inhibitor indicated for rheumatoid arthritis, psoriatic "
        "arthritis, atopic dermatitis, ulcerative colitis, Crohn's disease, ankylosing "
        "spondylitis and non-radiographic axial spondyloarthritis in the populations described "
        "in the label. The recommended dosage is 15 mg once daily in rheumatoid arthritis and "
        "psoriatic arthritis; the maximum recommended human dose (MRHD) is 45 mg, the induction "
        "dosage in ulcerative colitis and Crohn's disease. The label carries a boxed warning for "
        "serious infections, mortality, malignancy, major adverse cardiovascular events and "
        "thrombosis. The mean terminal elimination half-life of upadacitinib ranged from 8 to "
        "14 hours.",
    ),
    ("h1", "Available Data"),
    ("h2", "Nonclinical data"),
    (
        "p",
        "In animal embryo-fetal development studies, oral upadacitinib given to pregnant rats "
        "and rabbits at exposures equal to or greater than approximately 1.6 and 15 times the "
        "15 mg dose, 0.8 and 7.6 times the 30 mg dose, and 0.6 and 5.6 times the MRHD (on an AUC "
        "basis) resulted in dose-related increases in skeletal malformations (rats only), an "
        "increased incidence of cardiovascular malformations (rabbits only), increased "
        "post-implantation loss (rabbits only), and decreased fetal body weights in both "
        "species. No developmental toxicity was observed at exposures approximately 0.29 and 2.2 "
        "times the 15 mg dose. In a pre- and post-natal development study in rats, exposures "
        "approximately 3 times the 15 mg dose resulted in no maternal or developmental toxicity.",
    ),
    ("h2", "Human data"),
    (
        "p",
        "Available data from the pharmacovigilance safety database and postmarketing case "
        "reports are not sufficient to evaluate a drug-associated risk for major birth defects "
        "or miscarriage. The Prescribing Information does not report the number or outcomes of "
        "pregnancies that occurred in the clinical trials. In the U.S. general population, the "
        "estimated background risk of major birth defects and miscarriages is 2-4% and 15-20%, "
        "respectively; the background risks for the indicated populations are unknown.",
    ),
    ("h2", "Disease-associated maternal and embryo/fetal risk"),
    (
        "p",
        "Published data suggest that increased disease activity is associated with the risk of "
        "developing adverse pregnancy outcomes in women with rheumatoid arthritis or "
        "inflammatory bowel disease. Adverse pregnancy outcomes include preterm delivery (before "
        "37 weeks of gestation), low birth weight (less than 2500 g) infants, and small for "
        "gestational age at birth.",
    ),
    ("h2", "Pregnancy surveillance program"),
    (
        "p",
        "There is a pregnancy surveillance program for RINVOQ that monitors pregnancy outcomes "
        "in women exposed to RINVOQ. If RINVOQ exposure occurs during pregnancy, healthcare "
        "providers or patients should report the pregnancy by calling 1-800-633-9110.",
    ),
    ("h2", "Lactation"),
    (
        "p",
        "There are no data on the presence of upadacitinib in human milk, the effects on the "
        "breastfed infant, or the effects on milk production. After a single oral dose of "
        "radiolabeled upadacitinib to lactating rats, drug exposure was approximately 30-fold "
        "greater in milk than in maternal plasma, and approximately 97% of drug-related "
        "material in milk was parent drug. Because of the potential for serious adverse "
        "reactions in the breastfed infant, breastfeeding is not recommended during treatment "
        "with RINVOQ and for 6 days (approximately 10 half-lives) after the last dose.",
    ),
    ("h2", "Females of reproductive potential"),
    (
        "p",
        "Verify the pregnancy status of females of reproductive potential prior to starting "
        "treatment with RINVOQ. Advise female patients of reproductive potential to use "
        "effective contraception during treatment with RINVOQ and for 4 weeks after the final "
        "dose.",
    ),
    ("h2", "Infants exposed in utero"),
    (
        "p",
        "The Prescribing Information does not address infants exposed to RINVOQ in utero, "
        "including the timing of their vaccinations.",
    ),
    ("h1", "References"),
    (
        "bullets",
        [
            "RINVOQ (upadacitinib) extended-release tablets, for oral use. US Prescribing "
            "Information, version 84 (effective 2023-11-14), sections 5.9, 8.1, 8.2, 8.3 and "
            "12.3. AbbVie Inc. In this knowledge base: rinvoq-label.",
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
    pdf.set_subject(DESCRIPTION)
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
    props.comments = DESCRIPTION
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
        KESIMPTA_SWITCHING_SRD,
        CONTENT / "srd" / "kesimpta-switching-srd.pdf",
        title="KESIMPTA (ofatumumab) - Switching from other MS therapies: Standard Response "
        "Document (sample document)",
    )
    write_docx(
        NURTEC_ODT_DOSING_GUIDE,
        CONTENT / "guides" / "nurtec-odt-dosing-guide.docx",
        title="NURTEC ODT (rimegepant) Dosing and Administration Guide for Healthcare "
        "Professionals (sample document)",
        subject="HCP dosing and administration guide",
    )
    write_docx(
        RINVOQ_PREGNANCY_SRD,
        CONTENT / "srd" / "rinvoq-pregnancy-lactation-srd.docx",
        title="RINVOQ (upadacitinib) - Pregnancy and lactation: Standard Response Document "
        "(sample document)",
        subject="Standard response document (medical)",
    )
    for name in (
        "srd/kesimpta-switching-srd.pdf",
        "guides/nurtec-odt-dosing-guide.docx",
        "srd/rinvoq-pregnancy-lactation-srd.docx",
    ):
        print(f"wrote {CONTENT / name}")


if __name__ == "__main__":
    main()
