"""The bundled sample knowledge base, ingested once with the real offline embedder.

The ingest runs as a subprocess of the installed ``medbrief`` command inside a network namespace
with no interfaces (``unshare -rn``): the whole flow is proven to need no network. Tests then
open the same data directory in-process to check what was stored and what retrieval returns.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.runtime import access_scope, open_knowledge_base
from assistant.settings import Settings
from knowledge_base.manifest import load_manifest
from knowledge_base.models import Audience, Role, SectionKind, Status
from knowledge_base.retrieval import RetrievalMode
from knowledge_base.store import KnowledgeBase, sample_path
from tests.sample_home import SAMPLE_TODAY, ingest_report, sample_home_copy

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("sample_kb")]

TODAY = SAMPLE_TODAY
MEDBRIEF = Path(sys.executable).parent / "medbrief"
REPO = Path(__file__).resolve().parent.parent


@dataclass
class SampleKb:
    home: Path
    settings: Settings
    kb: KnowledgeBase
    ingest_report: dict
    offline: bool


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleKb]:
    # The shared ingest (tests/sample_home.py) is the real `medbrief ingest --sample --json`,
    # run under `unshare -rn` where permitted; this module checks what it stored and reported.
    report, offline = ingest_report(tmp_path_factory)
    home = sample_home_copy(tmp_path_factory, "sample-kb-home")
    settings = Settings(home=home, today=date.fromisoformat(TODAY))
    yield SampleKb(home, settings, open_knowledge_base(settings), report, offline)


def test_whole_flow_runs_without_network(sample: SampleKb) -> None:
    if not sample.offline:
        pytest.skip("unshare -rn is not permitted here: the ingest above ran with networking")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDBRIEF_", "HF_"))}
    env.update({"MEDBRIEF_HOME": str(sample.home), "MEDBRIEF_TODAY": TODAY})
    done = subprocess.run(
        ["unshare", "-rn", str(MEDBRIEF), "search", "boxed warning", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout)[0]["approval_code"]


def test_every_manifest_document_is_known_and_only_approved_ones_indexed(
    sample: SampleKb,
) -> None:
    report = sample.ingest_report
    assert report["failures"] == [] and report["skipped_files"] == []
    manifest = load_manifest(sample_path() / "content" / "manifest.yaml")
    known = {e.metadata.doc_id: e for e in sample.kb.catalog.list_documents()}
    assert set(known) == {d.doc_id for d in manifest.documents}
    for doc in manifest.documents:
        entry = known[doc.doc_id]
        assert entry.indexed == (doc.status is Status.APPROVED), doc.doc_id
        assert bool(sample.kb.index.chunk_ids(doc.doc_id)) == entry.indexed, doc.doc_id
    assert report["chunks_indexed"] == sample.kb.index.content_count()
    assert report["hcps"] >= 25 and report["notes"] + report["inquiries"] >= 200


def test_real_fda_label_is_retrievable_by_section(sample: SampleKb) -> None:
    retriever = sample.kb.retriever()
    scope = access_scope(sample.settings, Role.REP)
    hits = retriever.search("minoxidil foam use regrow hair on top of scalp", scope, k=5)
    real = [h for h in hits if "rogaine" in h.chunk.doc_id]
    assert real, [h.chunk.doc_id for h in hits]
    assert real[0].chunk.section_kind in {SectionKind.INDICATIONS, SectionKind.DIRECTIONS}
    warnings = retriever.search("Rogaine warnings when using this product", scope, k=5)
    assert any(
        h.chunk.section_kind is SectionKind.WARNINGS_PRECAUTIONS and "rogaine" in h.chunk.doc_id
        for h in warnings
    )


def test_sample_access_rules(sample: SampleKb) -> None:
    manifest = load_manifest(sample_path() / "content" / "manifest.yaml")
    medical = {d.doc_id for d in manifest.documents if d.audience is Audience.MEDICAL}
    day = date.fromisoformat(TODAY)
    never = {d.doc_id for d in manifest.documents if not d.is_groundable(day)}
    eu_only = {d.doc_id for d in manifest.documents if d.market == "EU"}
    assert medical and never and eu_only
    retriever = sample.kb.retriever()
    queries = [d.title for d in manifest.documents] + ["pregnancy", "pediatric", "dose"]
    for role in (Role.REP, Role.MSL):
        scope = access_scope(sample.settings, role)
        seen: set[str] = set()
        for mode in RetrievalMode:
            for query in queries:
                seen |= {e.chunk.doc_id for e in retriever.search(query, scope, k=10, mode=mode)}
        assert not seen & never, f"{role}: expired/withdrawn/draft content returned"
        assert not seen & eu_only, f"{role}: another market's content returned"
        if role is Role.REP:
            assert not seen & medical, "firewall breach: medical content returned to a rep"
        else:
            assert medical <= seen | never, "MSLs must reach approved medical content"


def test_stored_notes_and_inquiries_hold_no_sample_phi(sample: SampleKb) -> None:
    truth = [
        json.loads(line)
        for line in (REPO / "tests" / "data" / "sample_phi_truth.jsonl").read_text().splitlines()
        if line.strip()
    ]
    notes = {
        n.note_id: n.text
        for h in sample.kb.catalog.list_hcps()
        for n in sample.kb.catalog.notes_for_hcp(h.hcp_id)
    }
    inquiries = {q.inquiry_id: q.question for q in sample.kb.catalog.list_inquiries()}
    leaked = []
    for record in truth:
        stored = (notes if record["source"] == "notes" else inquiries)[record["id"]]
        leaked += [(record["id"], item["type"]) for item in record["phi"] if item["text"] in stored]
    total = sum(len(r["phi"]) for r in truth)
    caught = total - len(leaked)
    print(f"\nPHI in sample: {total} items, caught {caught}, missed {len(leaked)}: {leaked}")
    assert caught / total >= 0.95, leaked


def test_search_cli_json_shape_and_hcp_context(sample: SampleKb) -> None:
    with (sample_path() / "crm" / "hcps.csv").open(encoding="utf-8") as handle:
        hcp_id = next(csv.DictReader(handle))["hcp_id"]
    env = {"MEDBRIEF_HOME": str(sample.home), "MEDBRIEF_TODAY": TODAY}
    result = CliRunner().invoke(
        app,
        [
            "search",
            "boxed warning serious infections",
            "--role",
            "rep",
            "--hcp",
            hcp_id,
            "--k",
            "4",
            "--json",
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    evidence = [r for r in rows if r["kind"] == "approved_content"]
    context = [r for r in rows if r["kind"] == "hcp_context"]
    assert len(evidence) == 4
    for row in evidence:
        assert row["citable"] is True
        assert {"doc_id", "version", "approval_code", "section", "text", "score"} <= set(row)
    assert context and all(r["citable"] is False and r["hcp_id"] == hcp_id for r in context)
    assert [r["score"] for r in evidence] == sorted((r["score"] for r in evidence), reverse=True)


def test_every_sample_briefing_is_verified_balanced_and_firewalled(sample: SampleKb) -> None:
    from assistant.services import open_services
    from assistant.workflows.briefing import build_briefing

    services = open_services(sample.settings)
    manifest = load_manifest(sample_path() / "content" / "manifest.yaml")
    medical = {d.doc_id for d in manifest.documents if d.audience is Audience.MEDICAL}
    with (sample_path() / "crm" / "notes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    msl_notes = {r["note_id"] for r in rows if r["author_role"] == "msl"}
    notes_text = {
        n.note_id: n.text
        for h in services.kb.catalog.list_hcps()
        for n in services.kb.catalog.notes_for_hcp(h.hcp_id)
    }
    for hcp in services.kb.catalog.list_hcps():
        briefing = build_briefing(hcp.hcp_id, Role.REP, services, user="test")
        shown = [s for p in briefing.talking_points for s in p.sentences]
        assert shown, f"{hcp.hcp_id}: no talking point"
        shown += [s for b in briefing.safety for s in b.sentences]
        for sentence in shown:
            assert sentence.verdict.value == "supported" and sentence.citations
            assert not {c.doc_id for c in sentence.citations} & medical
        assert {p.product for p in briefing.talking_points} <= {b.product for b in briefing.safety}
        assert briefing.audit_id
        # Efficacy points are results with their figures, never the trial's design.
        for point in briefing.talking_points:
            if point.topic == "Headline results":
                for sentence in point.sentences:
                    row = sentence.text.split("): ", 1)[-1]
                    if sentence.text.startswith("Table ") and " | " in row:
                        # a value cell holds the figure (the label cell may hold a footnote)
                        assert any(re.search(r"\d", c) for c in row.split(" | ")[1:]), row
                    else:
                        assert re.search(r"\d", sentence.text), sentence.text
                        assert "stratified" not in sentence.text.lower()
        # The firewall holds in the history: an MSL interaction is a date, not its words.
        history = briefing.since_last_call
        assert history is not None
        for item in history.items:
            if item.source.source_id in msl_notes:
                assert item.text.startswith("Medical follow-up occurred")
        for item in briefing.open_items:
            assert item.text in notes_text[item.source.source_id]
        assert len({i.text for i in briefing.open_items}) == len(briefing.open_items)
    assert services.audit.verify().ok


def test_a_briefing_leads_with_the_labels_results_and_what_happened_since(
    sample: SampleKb,
) -> None:
    from assistant.services import open_services
    from assistant.workflows.briefing import build_briefing

    services = open_services(sample.settings)
    briefing = build_briefing("HCP-001", Role.REP, services, user="test")
    results = [p for p in briefing.talking_points if p.topic == "Headline results"]
    assert results and "TAGRISSO" in results[0].product
    stated = " ".join(s.text for s in results[0].sentences)
    assert "Hazard Ratio (95% CI)" in stated and "0.46 (0.37, 0.57)" in stated  # FLAURA's PFS
    assert all(s.shown and s.verdict.value == "supported" for s in results[0].sentences)
    history = briefing.since_last_call
    assert history is not None and str(history.last_call) == "2026-09-04"
    assert [i.source.source_id for i in history.items] == ["N-0195", "N-0170"]
    assert "C797S" not in briefing.model_dump_json()  # N-0195 is an MSL's note
    assert briefing.objective is not None
    assert "lunch with the whole team next month" in briefing.objective.objective.lower()
    assert "N-0170" in [r.source.source_id for r in briefing.objective.reasons]
    assert briefing.hcp.profile == {"Territory": "MW-CHI-01", "KOL tier": "1"}
    assert all(p.why for p in briefing.talking_points)


def test_the_backlog_summary_is_computed_once_until_the_catalog_changes(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Signing in again (or a second MSL) reads the summary already computed; a new inquiry
    makes the next one fresh."""
    from datetime import datetime

    from assistant.services import open_services
    from assistant.workflows.inquiries import backlog_summary
    from knowledge_base.models import Inquiry

    home = sample_home_copy(tmp_path_factory, "backlog-cache-home")  # this test adds an inquiry
    services = open_services(Settings(home=home, today=date.fromisoformat(TODAY)))
    assert services.kb.catalog.revision() > 0, "the ingest changed the catalog"
    since = datetime(2025, 1, 1)
    first = backlog_summary(services, since=since, user="msl-1")
    records = len(services.audit.list(workflow="inquiries"))
    again = backlog_summary(services, since=since, product=None, user="msl-2")
    assert again.audit_id == first.audit_id and again == first
    assert len(services.audit.list(workflow="inquiries")) == records, "nothing regenerated"
    # Another product is another summary.
    assert backlog_summary(services, since=since, product="TAGRISSO").audit_id != first.audit_id
    newest = max(q.received_at for q in services.kb.catalog.list_inquiries())
    services.kb.catalog.upsert_inquiries(
        [
            Inquiry(
                inquiry_id="INQ-NEW-1",
                hcp_id="HCP-001",
                received_at=newest,
                channel="email",
                product="TAGRISSO",
                question="Can TAGRISSO be dispersed in water for a patient who cannot swallow?",
                status="open",
                priority="normal",
            )
        ]
    )
    fresh = backlog_summary(services, since=since, user="msl-2")
    assert fresh.audit_id != first.audit_id
    assert fresh.total == first.total + 1


def test_the_product_filter_filters_the_pv_queue_too(sample: SampleKb) -> None:
    from datetime import datetime

    from assistant.services import open_services
    from assistant.workflows.inquiries import summarize_inquiries

    services = open_services(sample.settings)
    since = datetime(2025, 1, 1)
    every = summarize_inquiries(services, since=since, user="msl-1").safety_flags
    rinvoq = summarize_inquiries(services, since=since, product="RINVOQ", user="msl-1")
    assert 0 < len(rinvoq.safety_flags) < len(every)
    notes = {
        n.note_id: n
        for h in services.kb.catalog.list_hcps()
        for n in services.kb.catalog.notes_for_hcp(h.hcp_id)
    }
    for flag in rinvoq.safety_flags:
        about = flag.product or notes[flag.source_id].text
        assert "rinvoq" in about.casefold(), flag


def test_sample_inquiry_backlog_summary(sample: SampleKb) -> None:
    from datetime import datetime

    from assistant.services import open_services
    from assistant.workflows.inquiries import summarize_inquiries

    services = open_services(sample.settings)
    summary = summarize_inquiries(services, since=datetime(2025, 1, 1), user="msl-1")
    assert summary.total == 134
    # The sample's repeated questions (same HCP, same question) are grouped, not re-counted.
    assert summary.unique < summary.total
    assert sum(t.count for t in summary.themes) == summary.unique
    assert any(t.duplicates for t in summary.themes)
    assert max(t.count for t in summary.themes) >= 5, "themes should group by meaning"
    answered = [t for t in summary.themes if not t.content_gap]
    assert answered and all(
        s.verdict.value == "supported" and s.citations for t in answered for s in t.response
    )
    assert summary.content_gaps == [t.label for t in summary.themes if t.content_gap]
    # Every AE/PC the sample's truth file lists for inquiries is flagged, with its evidence.
    truth = [
        json.loads(line)
        for line in (REPO / "tests" / "data" / "sample_safety_truth.jsonl").read_text().splitlines()
        if line.strip()
    ]
    expected = {
        (t["id"], t["label"]) for t in truth if t["source"] == "inquiries" and t["label"] != "none"
    }
    flagged = {(f.source_id, f.kind) for f in summary.safety_flags if f.source_type == "inquiry"}
    assert expected <= flagged, expected - flagged
    assert all(f.evidence for f in summary.safety_flags)
    record = services.audit.get(summary.audit_id)
    assert record.workflow == "inquiries" and record.user == "msl-1"
