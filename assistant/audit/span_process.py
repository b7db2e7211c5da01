"""The second process of a long ``audit verify``: reads its span's request (JSON) on stdin,
walks the span and writes the ``VerifyResult`` (JSON) on stdout.

    python -m assistant.audit.span_process < request.json

Started by ``verify_chain``; the database URL travels on stdin so that no password is shown in
the process list.
"""

from __future__ import annotations

import json
import sys

from assistant.audit.verify import walk_span_apart


def main() -> None:
    result = walk_span_apart(json.loads(sys.stdin.read()))
    sys.stdout.write(result.model_dump_json())


if __name__ == "__main__":
    main()
