"""A small content folder (five labels) and CRM export, and an update of them, for fault tests."""

from __future__ import annotations

from pathlib import Path

from tests.test_ingest import entry, write_folder

__all__ = ["write_corpus"]

HCPS = (
    "hcp_id,name,specialty,consent_email,consent_visit,consent_phone,preferred_channel\n"
    "HCP-1,Dr. Ana Ruiz,Dermatology,yes,yes,no,email\n"
    "HCP-2,Dr. Li Wen,Neurology,no,yes,yes,phone\n"
)


def _notes(changed: bool) -> str:
    last = "Asked for the updated dosing card." if changed else "Asked about dosing."
    return (
        "note_id,hcp_id,author_role,date,text\n"
        "N-1,HCP-1,rep,2026-10-01,Discussed the indication and the boxed warning.\n"
        "N-2,HCP-2,msl,2026-10-02,Scientific exchange on the trial design.\n"
        f"N-3,HCP-1,rep,2026-10-03,{last}\n"
    )


def _document(i: int, version: int) -> str:
    drug = f"Drugamab{i}"
    extra = f" Version {version} adds a dosing table for renal impairment." if version > 1 else ""
    return (
        f"# {drug.upper()} (fictional) prescribing information\n\n"
        "## BOXED WARNING: SERIOUS INFECTIONS\n\n"
        + " ".join(f"{drug} may cause serious infection type {j}." for j in range(12))
        + "\n\n## 1 INDICATIONS AND USAGE\n\n"
        + " ".join(f"{drug} is indicated for condition {j} in adults." for j in range(25))
        + "\n\n## 2 DOSAGE AND ADMINISTRATION\n\n"
        + " ".join(f"Give {10 * j} mg of {drug} on day {j}." for j in range(25))
        + extra
        + "\n"
    )


def write_corpus(root: Path, *, update: bool) -> list[Path]:
    """Five labels (+ HCPs and notes); ``update``: two new versions, one withdrawn, a note."""
    entries, files = [], {}
    for i in range(5):
        version = 2 if update and i in (1, 3) else 1
        status = "withdrawn" if update and i == 4 else "approved"
        name = f"label{i}.md"
        files[name] = _document(i, version)
        entries.append(
            entry(name, f"drugamab{i}-label", version=str(version), status=status,
                  approval_code=f"IMM-US-2026-{1000 + i}", products=[f"DRUGAMAB{i}"])
        )  # fmt: skip
    content = write_folder(root / "content", entries, files)
    crm = root / "crm"
    crm.mkdir(parents=True)
    (crm / "hcps.csv").write_text(HCPS, encoding="utf-8")
    (crm / "notes.csv").write_text(_notes(changed=update), encoding="utf-8")
    return [content, crm]
