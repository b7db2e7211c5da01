"""The performance limits the product is held to (issue 19), and how a bench states a figure
against its limit: ``value / limit`` for a time (at most 1 meets it), ``value / limit`` for a
share or rate that must reach the limit (at least 1 meets it)."""

from __future__ import annotations

#: seconds unless the name says otherwise
LIMITS = {
    "ingest share of the embedder's own rate": 0.9,  # at least
    "hybrid p95 over dense p95": 1.5,
    "hybrid p95 at 2,000 documents (ms)": 50.0,
    "brief p95 warm (ms)": 1000.0,
    "ask p95 warm (ms)": 1000.0,
    "MSL backlog page, summary cached": 2.0,
    "summary of 10,000 inquiries": 45.0,
    "audit verify 100,000 records, SQLite": 3.0,
    "audit verify 100,000 records, PostgreSQL": 5.0,
    "all shipped eval suites, idle": 30.0,
}
AT_LEAST = {"ingest share of the embedder's own rate"}


def against_limit(name: str, value: float) -> str:
    """``"<name>: 812.3 = 0.81 of the limit 1,000 (met)"``; the limit is looked up by name."""
    limit = LIMITS[name]
    ratio = value / limit
    met = ratio >= 1 if name in AT_LEAST else ratio <= 1
    bound = "at least" if name in AT_LEAST else "at most"
    return (
        f"{name}: {value:,.2f} = {ratio:.2f} of the limit ({bound} {limit:,.2f}: "
        f"{'met' if met else 'NOT met'})"
    )
