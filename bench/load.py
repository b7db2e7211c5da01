"""Load in server mode: concurrent reps, an MSL and an ingest against Chroma server + PostgreSQL.

    .venv/bin/python bench/load.py [--reps 4] [--msls 1] [--duration 60] [--max-requests 300]

Starts its own Chroma server (``chroma run``) and a throwaway PostgreSQL (fsync on), both on
127.0.0.1, ingests the bundled sample into them, then runs every simulated user as its own
process, i.e. its own app instance with its own connections, as behind a load balancer:

* reps alternate pre-call briefings (random HCP) and chat questions (one in six off-label);
* MSLs summarize the inquiry backlog and ask medical questions;
* one content job ingests a new version of a visual aid every ``--ingest-every`` seconds, so the
  others must follow new lexical generations while they serve.

Every loop stops at ``--duration`` seconds or ``--max-requests`` requests, whichever comes
first; a process that overruns its deadline by ``--grace`` seconds is killed and counted as an
error. Afterwards the audit chain is verified, and each user's requests are matched one to one
with its audit records (every returned audit id exactly once, no record without a request).
Writes ``bench/results/load.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.postgres and tests.chroma_server

TODAY = "2026-11-24"
VISUAL_AID = "tagrisso-core-visual-aid"
QUESTIONS = [
    "What is the recommended dose of TAGRISSO?",
    "What are the contraindications of RINVOQ?",
    "Which infections should be screened for before starting RINVOQ?",
    "What are the most common adverse reactions with NURTEC ODT?",
    "How is SOLIRIS administered?",
    "Can TAGRISSO be given to children with lung cancer?",  # off-label: refused, still audited
]
# Each user is a fresh interpreter (an app instance), not a fork of this one.
SPAWN = multiprocessing.get_context("spawn")
MSL_QUESTIONS = [
    "Is there data on RINVOQ in pregnancy or lactation?",
    "What is known about TAGRISSO in brain metastases?",
]


def _settings(config: dict[str, Any]) -> Any:
    from assistant.settings import Settings

    return Settings(_env_file=None, **config)  # type: ignore[call-arg]


def _user(
    name: str, kind: str, config: dict[str, Any], limits: dict[str, float], start: Any, out: str
) -> None:
    """One simulated user in its own process; writes its request log to ``out`` (JSON).

    One warm-up request (model loading, first connections) runs before the common start; it is
    audited like any other, so it is logged (op ``warmup``) and left out of the latencies only.
    """
    from assistant.services import open_services
    from assistant.workflows.briefing import build_briefing
    from assistant.workflows.chat import answer_question
    from assistant.workflows.inquiries import summarize_inquiries
    from knowledge_base.models import Role

    services = open_services(_settings(config))
    hcps = [h.hcp_id for h in services.kb.catalog.list_hcps()]
    rng = random.Random(name)

    def call(op: str) -> dict[str, Any]:
        started = time.perf_counter()
        record: dict[str, Any] = {"op": op, "user": name}
        try:
            if op in ("briefing", "warmup"):
                output = build_briefing(rng.choice(hcps), Role.REP, services, user=name)
            elif op == "chat":
                output = answer_question(rng.choice(QUESTIONS), Role.REP, services, user=name)
            elif op == "summary":
                output = summarize_inquiries(services, role=Role.MSL, user=name)
            else:
                output = answer_question(rng.choice(MSL_QUESTIONS), Role.MSL, services, user=name)
            record.update(ok=True, audit_id=output.audit_id)
        except Exception as error:  # counted and reported, never hidden
            record.update(ok=False, error=f"{type(error).__name__}: {error}"[:500])
        record["ms"] = round((time.perf_counter() - started) * 1000, 1)
        return record

    requests = [call("warmup")]
    start.wait()  # every user and the content job start together
    deadline = time.time() + limits["duration"]
    n = 0
    while time.time() < deadline and n < limits["max_requests"]:
        if kind == "rep":
            requests.append(call("briefing" if n % 2 == 0 else "chat"))
        else:
            requests.append(call("summary" if n % 3 == 0 else "chat_msl"))
        n += 1
    services.audit.close()
    Path(out).write_text(json.dumps(requests), encoding="utf-8")


def _ingester(
    name: str, config: dict[str, Any], limits: dict[str, float], start: Any, content: str, out: str
) -> None:
    """The one content job: a new version of the visual aid every ``ingest_every`` seconds."""
    from assistant.runtime import open_knowledge_base

    kb = open_knowledge_base(_settings(config))
    folder = Path(content)
    requests: list[dict[str, Any]] = []
    start.wait()
    deadline = time.time() + limits["duration"]
    version = 100
    while time.time() < deadline and len(requests) < limits["max_ingests"]:
        time.sleep(min(limits["ingest_every"], max(0.0, deadline - time.time())))
        if time.time() >= deadline:
            break
        version += 1
        path = _bump_visual_aid(folder, version)
        started = time.perf_counter()
        record: dict[str, Any] = {"op": "ingest", "user": name}
        try:
            report = kb.ingest([path])
            record.update(ok=report.ok and report.new_versions == [VISUAL_AID])
            if not record["ok"]:
                record["error"] = report.model_dump_json()[:500]
        except Exception as error:
            record.update(ok=False, error=f"{type(error).__name__}: {error}"[:500])
        record["ms"] = round((time.perf_counter() - started) * 1000, 1)
        requests.append(record)
    kb.catalog.close()
    Path(out).write_text(json.dumps(requests), encoding="utf-8")


def _bump_visual_aid(folder: Path, version: int) -> Path:
    """A changed file and a new version in the manifest: what MLR approval of an update gives."""
    manifest_path = folder / "manifest.yaml"
    manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    item = next(d for d in manifest["documents"] if d["doc_id"] == VISUAL_AID)
    item["version"] = str(version)
    path = folder / item["path"]
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n\nRevision {version} of this visual aid (fictional).\n")
    manifest_path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    return path


def _run_process(target: Any, args: tuple[Any, ...]) -> Any:
    process = SPAWN.Process(target=target, args=args, daemon=True)
    process.start()
    return process


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return {
        "p50_ms": round(float(p50), 1),
        "p95_ms": round(float(p95), 1),
        "p99_ms": round(float(p99), 1),
        "max_ms": round(max(values), 1),
    }


def _audit_check(audit_url: str, requests: list[dict[str, Any]]) -> dict[str, Any]:
    """The chain verifies, and each user's requests and audit records match one to one."""
    from assistant.audit import AuditLog

    users = {r["user"] for r in requests if r["op"] != "ingest"}
    with AuditLog.open(audit_url) as log:
        verdict = log.verify()
        records = [r for user in sorted(users) for r in log.iter_records(user=user)]
    ids = Counter(r.record_id for r in records)
    returned = [r["audit_id"] for r in requests if r["op"] != "ingest" and r.get("audit_id")]
    per_user_requests = Counter(r["user"] for r in requests if r["op"] != "ingest")
    per_user_records = Counter(r.user for r in records)
    one_each = (
        sorted(returned) == sorted(ids)
        and all(n == 1 for n in ids.values())
        and per_user_requests == per_user_records
    )
    return {
        "verify_ok": verdict.ok,
        "verify_checked": verdict.checked,
        "verify_problem": verdict.problem,
        "requests": sum(per_user_requests.values()),
        "records_for_those_users": len(records),
        "failed_requests_with_record": sum(1 for r in records if r.error),
        "one_record_per_request": one_each,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=4, help="simulated reps (processes)")
    parser.add_argument("--msls", type=int, default=1, help="simulated MSLs (processes)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--max-requests", type=int, default=300, help="per user, at most")
    parser.add_argument("--ingest-every", type=float, default=15.0, help="seconds between ingests")
    parser.add_argument("--max-ingests", type=int, default=4, help="0: no concurrent ingest")
    parser.add_argument("--grace", type=float, default=120.0, help="seconds past the deadline")
    parser.add_argument(
        "--lexical-refresh", type=float, default=2.0, help="MEDBRIEF_LEXICAL_REFRESH_S"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "load.json")
    args = parser.parse_args()

    from assistant.runtime import open_knowledge_base
    from knowledge_base.store import sample_path
    from tests.chroma_server import ChromaServer
    from tests.postgres import PostgresServer, find_bindir

    bindir = find_bindir()
    if bindir is None:
        print("PostgreSQL server binaries not found (.ci/start-postgres.sh installs them)")
        return 2
    work = Path(tempfile.mkdtemp(prefix="medbrief-load-"))
    chroma = ChromaServer(work / "chroma-data")
    chroma.start()
    postgres = PostgresServer(bindir, durable=True).start()
    try:
        config = {
            "home": str(work / "home"),
            "today": TODAY,
            "chroma_url": chroma.url,
            "catalog_url": postgres.url,
            "audit_url": postgres.url,
            "lexical_refresh_s": args.lexical_refresh,
        }
        content = work / "content"
        shutil.copytree(sample_path() / "content", content)
        started = time.perf_counter()
        kb = open_knowledge_base(_settings(config))
        report = kb.ingest([content, sample_path() / "crm"])
        kb.catalog.close()
        ingest_s = time.perf_counter() - started
        if not report.ok:
            print(f"sample ingest failed: {report.failures}")
            return 1
        print(
            f"sample ingested into the Chroma server + PostgreSQL in {ingest_s:.1f} s", flush=True
        )

        limits = {
            "duration": args.duration,
            "max_requests": args.max_requests,
            "ingest_every": args.ingest_every,
            "max_ingests": args.max_ingests,
        }
        users = [(f"rep-{i + 1}", "rep") for i in range(args.reps)]
        users += [(f"msl-{i + 1}", "msl") for i in range(args.msls)]
        jobs = 1 if args.max_ingests > 0 else 0
        # Processes that die before the start break the barrier (timeout) instead of hanging.
        start = SPAWN.Barrier(len(users) + jobs + 1, timeout=args.grace + 300)
        workers: list[tuple[str, Any, Path]] = []
        for name, kind in users:
            out = work / f"{name}.json"
            process = _run_process(_user, (name, kind, config, limits, start, str(out)))
            workers.append((name, process, out))
        if jobs:
            out = work / "ingest.json"
            process = _run_process(
                _ingester, ("content-job", config, limits, start, str(content), str(out))
            )
            workers.append(("content-job", process, out))
        start.wait()
        started_at = time.time()
        load_at_start = os.getloadavg()[0]  # other work on the host skews every figure
        requests: list[dict[str, Any]] = []
        stuck: list[str] = []
        end_by = started_at + args.duration + args.grace
        for name, process, out in workers:
            process.join(timeout=max(1.0, end_by - time.time()))
            if process.is_alive():
                process.kill()
                process.join(timeout=15)
                stuck.append(name)
            elif out.exists():
                requests += json.loads(out.read_text(encoding="utf-8"))
            else:
                stuck.append(f"{name} (exit {process.exitcode}, no results)")
        wall_s = time.time() - started_at
        result = _summarize(requests, args, wall_s, ingest_s, stuck)
        result["config"]["host_load_1m"] = [round(load_at_start, 1), round(os.getloadavg()[0], 1)]
        result["audit"] = _audit_check(postgres.url, requests)
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        chroma.stop()
        postgres.stop()
        shutil.rmtree(work, ignore_errors=True)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    _print(result)
    audit = result["audit"]
    healthy = audit["verify_ok"] and audit["one_record_per_request"] and not stuck
    return 0 if healthy else 1


def _summarize(
    requests: list[dict[str, Any]], args: Any, wall_s: float, ingest_s: float, stuck: list[str]
) -> dict[str, Any]:
    ops: dict[str, Any] = {}
    for op in sorted({r["op"] for r in requests} - {"warmup"}):
        mine = [r for r in requests if r["op"] == op]
        errors = [r for r in mine if not r["ok"]]
        ops[op] = {
            "requests": len(mine),
            "errors": len(errors),
            **_percentiles([r["ms"] for r in mine if r["ok"]]),
            "error_examples": sorted({r["error"] for r in errors})[:3],
        }
    served = [r for r in requests if r["op"] not in ("ingest", "warmup")]
    warmups = [r for r in requests if r["op"] == "warmup"]
    return {
        "config": {
            "reps": args.reps,
            "msls": args.msls,
            "duration_s": args.duration,
            "max_requests_per_user": args.max_requests,
            "ingest_every_s": args.ingest_every,
            "max_ingests": args.max_ingests,
            "lexical_refresh_s": args.lexical_refresh,
            "cpus": multiprocessing.cpu_count(),
        },
        "sample_ingest_s": round(ingest_s, 1),
        "wall_s": round(wall_s, 1),
        "requests": len(served),
        "errors": sum(1 for r in served if not r["ok"]),
        "throughput_rps": round(len(served) / wall_s, 2) if wall_s > 0 else 0.0,
        "warmup_requests": len(warmups),
        "warmup_errors": sum(1 for r in warmups if not r["ok"]),
        "stuck_processes": stuck,
        "operations": ops,
    }


def _print(result: dict[str, Any]) -> None:
    print(
        f"\n{result['requests']} requests in {result['wall_s']} s = "
        f"{result['throughput_rps']} req/s, {result['errors']} errors "
        f"({result['config']['reps']} reps, {result['config']['msls']} MSL, "
        f"{result['config']['cpus']} CPUs, host load {result['config']['host_load_1m']})\n"
    )
    print("| operation | requests | errors | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for op, row in result["operations"].items():
        print(
            f"| {op} | {row['requests']} | {row['errors']} | {row['p50_ms']} | "
            f"{row['p95_ms']} | {row['p99_ms']} | {row['max_ms']} |"
        )
    audit = result["audit"]
    print(
        f"\naudit: verify {'ok' if audit['verify_ok'] else 'FAILED'} "
        f"({audit['verify_checked']} records); {audit['records_for_those_users']} records for "
        f"{audit['requests']} requests; one record per request: "
        f"{'yes' if audit['one_record_per_request'] else 'NO'}"
    )
    if result["stuck_processes"]:
        print(f"killed past the deadline: {', '.join(result['stuck_processes'])}")


if __name__ == "__main__":
    sys.exit(main())
