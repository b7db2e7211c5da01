# ruff: noqa: E501  (label text reads as it would in a label: one paragraph per line)
"""A small knowledge base for generation tests: one fictional label, one medical SRD, one HCP."""

from __future__ import annotations

from pathlib import Path

from tests.test_ingest import entry, write_folder

LABEL = """# ALPHAMAB (fictional) prescribing information

## BOXED WARNING: SERIOUS INFECTIONS

Alphamab increases the risk of serious infections that may lead to hospitalization. Screen all patients for tuberculosis before starting alphamab.

## 1 INDICATIONS AND USAGE

Alphamab is indicated for the treatment of moderate to severe plaque psoriasis in adults who are candidates for systemic therapy.

## 2 DOSAGE AND ADMINISTRATION

The recommended dose of alphamab is 100 mg by subcutaneous injection at week 0 and week 4, then every 8 weeks.

## 8 USE IN SPECIFIC POPULATIONS

The safety and effectiveness of alphamab in pediatric patients have not been established.

## 14 CLINICAL STUDIES

In the ALPHA-PSO-1 trial, 71% of patients treated with alphamab achieved PASI 90 at week 16 compared with 3% of patients on placebo. The trial enrolled 600 adults with plaque psoriasis; the median age was 45 years.
"""

SRD = """# Alphamab in pregnancy (fictional standard response)

## Question

Can alphamab be used during pregnancy?

## Response

Limited data exist on alphamab use in pregnant women; the medical team discusses risks and benefits case by case.
"""

HCPS = (
    "hcp_id,name,specialty,subspecialty,institution,patient_mix,consent_email,consent_visit,"
    "consent_phone,preferred_channel\n"
    "HCP-1,Dr. Ana Ruiz,Dermatology,Psoriasis clinic,City Skin Center,"
    "moderate to severe plaque psoriasis on systemic therapy,yes,yes,no,phone\n"
)

NOTES = (
    "note_id,hcp_id,author_role,date,text\n"
    "N-1,HCP-1,rep,2026-10-01,Discussed alphamab dosing for plaque psoriasis. She asked about "
    "PASI 90 results. Patient John Carter (DOB 03/14/1962) called 555-123-4567.\n"
    "N-2,HCP-1,rep,2026-10-20,She asked whether alphamab can be used in children with "
    "psoriasis.\n"
    "N-3,HCP-1,rep,2026-09-15,Her patient on alphamab developed pneumonia after the second "
    "injection and was hospitalized.\n"
)


def make_generation_kb(root: Path) -> list[Path]:
    content = write_folder(
        root / "content",
        [
            entry(
                "label.md",
                "alphamab-label",
                document_type="label",
                indications=["moderate to severe plaque psoriasis in adults"],
            ),
            entry("srd.md", "alphamab-pregnancy-srd", audience="medical"),
        ],
        {"label.md": LABEL, "srd.md": SRD},
    )
    crm = root / "crm"
    crm.mkdir()
    (crm / "hcps.csv").write_text(HCPS, encoding="utf-8")
    (crm / "notes.csv").write_text(NOTES, encoding="utf-8")
    return [content, crm]
