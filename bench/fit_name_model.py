"""Fit PHI redaction's learned name layer on the blind PHI sets, and estimate what it gains on
text it was not fitted on by holding each set out in turn.

    .venv/bin/python bench/fit_name_model.py            # held-out table only
    .venv/bin/python bench/fit_name_model.py --write    # then fit on every set, write weights

Each word of each note is an example: a name when it lies inside one of the note's listed NAME
identifiers (patients and their relatives), not one otherwise (HCP names included). The held-out
figures run the product's own redactor (every layer) on the set left out, with weights fitted on
the other sets, against the same redactor without the learned layer; an identifier counts as
removed as in ``bench/redaction.py``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.redaction import outcomes  # noqa: E402
from knowledge_base.redaction.engine import LayeredRedactor, name_lexicon  # noqa: E402
from knowledge_base.redaction.name_model import (  # noqa: E402
    DIMENSIONS,
    WEIGHTS_FILE,
    FeatureReader,
    NameModel,
    fingerprints,
    fit_name_model,
    note_features,
    save_name_model,
)
from knowledge_base.redaction.names import load_census_names  # noqa: E402
from knowledge_base.redaction.ner import load_ner_model  # noqa: E402
from knowledge_base.redaction.places import load_gazetteer  # noqa: E402

DATA = REPO / "bench" / "data"
#: The sets the shipped weights are fitted on: every PHI set measured before 2026-12-06's sixth
#: session (v16 and v17 joined then, each after its one fresh measurement). A set written later
#: is measured fresh before it joins.
TUNING_SETS = tuple(DATA / f"phi_blind_v{n}.jsonl" for n in range(1, 18))
THRESHOLDS = (0.5, 0.7, 0.8, 0.9)


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _examples(rows: list[dict], nlp, reader: FeatureReader) -> tuple[list[list[int]], list[int]]:
    features: list[list[int]] = []
    labels: list[int] = []
    for row in rows:
        text = row["text"]
        name = bytearray(len(text))
        for item in row["phi"]:
            if item["type"].upper() == "NAME":
                for match in re.finditer(re.escape(item["text"]), text):
                    name[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
        entities = [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]
        words, found = note_features(reader, text, entities)
        features += found
        labels += [int(any(name[start:end])) for start, end in words]
    return features, labels


def _measure(redactor: LayeredRedactor, rows: list[dict]) -> tuple[int, int, int, int, int, int]:
    """Removed and all identifiers, names removed and all names, look-alikes kept and all, as
    ``bench/redaction.py`` counts them."""
    removed, kept, _, _ = outcomes(rows, lambda text: redactor.render(text, redactor.spans(text)))
    every = [x for found in removed.values() for x in found]
    looks = [x for found in kept.values() for x in found]
    names = removed["NAME"]
    return sum(every), len(every), sum(names), len(names), sum(looks), len(looks)


def _line(label: str, m: np.ndarray) -> str:
    return (
        f"{label:<22} removed {m[0] / m[1]:.3f} ({int(m[0])}/{int(m[1])})  names {m[2] / m[3]:.3f}"
        f" ({int(m[2])}/{int(m[3])})  look-alikes kept {m[4] / m[5]:.3f} ({int(m[4])}/{int(m[5])})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", type=Path, nargs="*", default=list(TUNING_SETS))
    parser.add_argument("--write", action="store_true", help="fit on every set, write weights")
    args = parser.parse_args(argv)
    ner = load_ner_model()
    census = load_census_names()
    gazetteer = load_gazetteer()
    lexicon = name_lexicon(ner, census)
    reader = FeatureReader(lexicon)
    rows = {path: _rows(path) for path in args.sets}
    examples = {path: _examples(found, ner.nlp, reader) for path, found in rows.items()}
    without = NameModel(np.zeros(DIMENSIONS, dtype=np.float32), {}, lexicon)
    base_total = np.zeros(6)
    totals = {t: np.zeros(6) for t in THRESHOLDS}
    for held in args.sets:
        train = [p for p in args.sets if p != held]
        features = [f for p in train for f in examples[p][0]]
        labels = [y for p in train for y in examples[p][1]]
        fitted = fit_name_model(features, labels, lexicon, {})
        base = np.array(_measure(LayeredRedactor(ner, census, gazetteer, without), rows[held]))
        base_total += base
        line = f"{held.stem:<16} without: names {int(base[2])}/{int(base[3])} kept {int(base[4])}"
        for t in THRESHOLDS:
            model = NameModel(fitted.weights, {}, lexicon, threshold=t)
            found = np.array(_measure(LayeredRedactor(ner, census, gazetteer, model), rows[held]))
            totals[t] += found
            line += f" | {t}: {int(found[2])}, kept {int(found[4])}"
        print(line, flush=True)
    print("\nheld out in turn, every set:")
    print(_line("without the layer", base_total))
    for t in THRESHOLDS:
        print(_line(f"with it, threshold {t}", totals[t]))
    if args.write:
        features = [f for p in args.sets for f in examples[p][0]]
        labels = [y for p in args.sets for y in examples[p][1]]
        model = fit_name_model(features, labels, lexicon, fingerprints(args.sets))
        target = REPO / "knowledge_base" / "redaction" / WEIGHTS_FILE
        save_name_model(model, target)
        print(f"wrote {target.relative_to(REPO)} (fitted on {len(args.sets)} sets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
