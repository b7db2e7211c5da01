"""How well the PV queue's seriousness reading (ICH E2A) does on a blind set.

    .venv/bin/python bench/seriousness.py [--set bench/data/seriousness_blind_v1.jsonl] [--errors]

The set was written by a helper who never saw the code: possible-AE texts labelled death,
life_threatening, hospitalisation, disability, congenital_anomaly or non_serious. Prints the
recall and precision of "serious" (any criterion) and of death, which the queue puts first, the
share read at exactly the labelled level, and the confusion matrix.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from assistant.pharmacovigilance.seriousness import Seriousness, seriousness

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SET = REPO / "bench" / "data" / "seriousness_blind_v1.jsonl"
LEVELS = {
    "death": Seriousness.DEATH,
    "life_threatening": Seriousness.LIFE_THREATENING,
    "hospitalisation": Seriousness.HOSPITALISATION,
    "disability": Seriousness.DISABILITY,
    "congenital_anomaly": Seriousness.CONGENITAL_ANOMALY,
    "non_serious": Seriousness.NON_SERIOUS,
}


def _rate(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits}/{total})" if total else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.set.read_text("utf-8").splitlines() if line]
    pairs = [(LEVELS[r["seriousness"]], seriousness(r["text"]), r) for r in rows]
    serious_tp = sum(t.serious and p.serious for t, p, _ in pairs)
    death_tp = sum(t is p is Seriousness.DEATH for t, p, _ in pairs)
    print(f"== {args.set.name}: {len(rows)} texts")
    print(
        "serious (any criterion): recall "
        f"{_rate(serious_tp, sum(t.serious for t, _, _ in pairs))}, precision "
        f"{_rate(serious_tp, sum(p.serious for _, p, _ in pairs))}"
    )
    print(
        f"death: recall {_rate(death_tp, sum(t is Seriousness.DEATH for t, _, _ in pairs))}, "
        f"precision {_rate(death_tp, sum(p is Seriousness.DEATH for _, p, _ in pairs))}"
    )
    print(f"read at the labelled level: {_rate(sum(t is p for t, p, _ in pairs), len(pairs))}")
    confusion = Counter((t.name, p.name) for t, p, _ in pairs)
    names = [s.name for s in Seriousness]
    print("label \\ read".ljust(20) + "".join(n[:6].rjust(8) for n in names))
    for t in names:
        print(t.ljust(20) + "".join(str(confusion[(t, p)]).rjust(8) for p in names))
    if args.errors:
        for t, p, r in pairs:
            if t is not p:
                print(f"\n{r['id']} labelled {t.name}, read {p.name}\n  {r['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
