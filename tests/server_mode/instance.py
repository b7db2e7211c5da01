"""Another app instance, in its own process: answers searches read as JSON lines on stdin.

    python -m tests.server_mode.instance   (settings from MEDBRIEF_* in the environment)

Each input line ``{"query": ..., "role": "rep", "mode": "lexical", "k": 10}`` gets one output
line ``{"generation": ..., "hits": [[doc_id, version], ...]}``: the lexical generation this
instance's retriever serves now, and what it found. The process lives across content changes
made by other instances, which is the point: it must follow them without a restart.
"""

from __future__ import annotations

import json
import sys

from assistant.runtime import access_scope, open_knowledge_base
from assistant.settings import Settings
from knowledge_base.models import Role
from knowledge_base.retrieval import RetrievalMode


def main() -> None:
    settings = Settings()
    kb = open_knowledge_base(settings)
    retriever = kb.retriever()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        hits = retriever.search(
            request["query"],
            access_scope(settings, Role(request.get("role", "rep"))),
            k=request.get("k", 10),
            mode=RetrievalMode(request.get("mode", "hybrid")),
        )
        print(
            json.dumps(
                {
                    "generation": retriever.lexical_generation,
                    "hits": [[e.chunk.doc_id, e.chunk.version] for e in hits],
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
