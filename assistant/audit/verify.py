"""Walk the hash chain in seq order, streaming, and name the first broken link.

Detected: an edited field (the row's hash no longer matches its content), a deleted row (a gap in
seq), reordered or swapped rows (a prev_hash that is not the previous record's hash), a truncated
tail or an edited head (the ``audit_chain_head`` row, written with every record, disagrees with
the last record) and edits to the citation index (its rows no longer match the record).

Writers may append while this runs: the head is read first, and everything up to it is checked.

A long chain is walked in two spans at once, the second in a process of its own (hashing is
Python work, one core per process): the first span from seq 1, the second from the seq after it,
starting from the stored hash before it, to the end. Each span checks its own links; both clean
means the chain is. Anything else is walked again from seq 1 in one process, so that a broken
chain is always reported the same way, naming its first broken link.

Someone able to rewrite the whole database can recompute every hash; keep the printed head hash
somewhere else (a ticket, a signed e-mail) to anchor the chain.

How 100,000 records take seconds: records arrive as plain rows, and a record's canonical JSON is
one template fill (``values_json``). The citation index is checked with one string per record:
the database renders the record's index rows as JSON text and joins them (``_DIGEST_SQL``), and
the record's ``sentences`` and ``retrieved`` are rewritten into the same text (``_index_key``),
but only when they are the canonical JSON the log writes. Equal strings prove the rows match.
Otherwise (an altered index, an older or hand-made record) the record's rows are read and compared
one by one, as they always were, and that comparison names the problem.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring as _encode_str
from typing import Any, NamedTuple

import sqlalchemy as sa

from assistant.audit.canonical import VALUES_COLUMNS, values_json
from assistant.audit.models import VerifyResult
from assistant.audit.schema import GENESIS_HASH, HEAD_ID, chain_head, citations, records
from knowledge_base.database import create_engine

__all__ = ["verify_chain"]

# Records as plain rows: the columns values_json takes, then the stored hash.
_COLUMNS = (*VALUES_COLUMNS, "record_hash")
_RECORDS = sa.select(*(records.c[name] for name in _COLUMNS)).order_by(records.c.seq)
_SEQ, _RECORD_ID, _PREV_HASH, _HASH, _SENTENCES, _RETRIEVED = map(
    _COLUMNS.index, ("seq", "record_id", "prev_hash", "record_hash", "sentences", "retrieved")
)

_CITATION_KEYS = ("kind", "sentence", "chunk_id", "doc_id", "version", "approval_code", "section")
_CITATION_ROWS = sa.select(
    citations.c.seq, *(citations.c[key] for key in _CITATION_KEYS), citations.c.record_id
).order_by(citations.c.seq, citations.c.ordinal)
_CITED_KEYS = ("chunk_id", "doc_id", "version", "approval_code", "section")


#: Chains this long are walked in two processes: below it, starting one (about 0.5 s to import
#: this module) costs more than it saves.
PARALLEL_FROM = 40_000
# The first span runs at once, the second once its process has started: the first takes more.
FIRST_SPAN_SHARE = 0.55

_log = logging.getLogger(__name__)


class _Head(NamedTuple):
    seq: int
    record_id: str | None
    record_hash: str


def verify_chain(
    engine: sa.Engine, *, batch: int = 1000, parallel_from: int = PARALLEL_FROM
) -> VerifyResult:
    with engine.connect() as conn:
        row = conn.execute(sa.select(chain_head).where(chain_head.c.id == HEAD_ID)).first()
        if row is None:
            return VerifyResult(ok=False, checked=0, problem="the audit_chain_head row is missing")
        head = _Head(row.seq, row.record_id, row.record_hash)
        result = None
        if head.seq >= max(parallel_from, 2) and _shared_by_processes(engine):
            result = _walk_in_two(engine, conn, head, batch)
        if result is None:  # short, in memory, or not clean: one walk names the first problem
            result = _walk_span(conn, head, 1, None, batch)
        if not result.ok:
            return result
        return _check_head_again(conn, result)


def _shared_by_processes(engine: sa.Engine) -> bool:
    """Whether another process reaches the same database: a server, or a SQLite file."""
    return engine.dialect.name != "sqlite" or engine.url.database not in (None, "", ":memory:")


def _walk_in_two(
    engine: sa.Engine, conn: sa.Connection, head: _Head, batch: int
) -> VerifyResult | None:
    """Both spans walked at once; the result when both are clean, else None."""
    split = min(head.seq - 1, max(1, int(head.seq * FIRST_SPAN_SHARE)))
    request = {
        "url": engine.url.render_as_string(hide_password=False),  # on stdin, never in argv
        "head": head._asdict(),
        "first": split + 1,
        "batch": batch,
    }
    # A plain interpreter, not multiprocessing: spawning would re-run the caller's __main__
    # script, and forking is unsafe under the app's threads.
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant.audit.span_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        with process:
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(json.dumps(request))
            process.stdin.close()  # the request is read to its end, then the walk starts
            try:
                first = _walk_span(conn, head, 1, split, batch)
            except BaseException:
                process.kill()  # no one will read its result
                raise
            out = process.stdout.read()
    except OSError as error:  # no second interpreter here: one process walks it all
        _log.warning("audit verify: walking in one process, a second failed to run: %s", error)
        return None
    if process.returncode != 0:  # its traceback went to stderr; one process walks it all
        _log.warning("audit verify: the second process failed (exit %s)", process.returncode)
        return None
    other = VerifyResult.model_validate_json(out)
    if not (first.ok and other.ok):
        return None
    return other.model_copy(update={"checked": first.checked + other.checked, "processes": 2})


def walk_span_apart(request: dict[str, Any]) -> VerifyResult:
    """The span from seq ``request["first"]`` to the end, in the process this runs in."""
    engine = create_engine(request["url"])
    try:
        with engine.connect() as conn:
            head = _Head(**request["head"])
            return _walk_span(conn, head, request["first"], None, request["batch"])
    finally:
        engine.dispose()


def _walk_span(
    conn: sa.Connection, head: _Head, first: int, last: int | None, batch: int
) -> VerifyResult:
    """Records ``first``..``last`` (None: to the end), from the stored hash before ``first``."""
    query = _RECORDS
    prev_hash = GENESIS_HASH
    if first > 1:
        query = query.where(records.c.seq >= first)
        before = sa.select(records.c.record_hash).where(records.c.seq == first - 1)
        prev_hash = conn.execute(before).scalar_one_or_none()
        if prev_hash is None:
            return VerifyResult(ok=False, checked=0, problem=f"seq {first - 1} missing")
    if last is not None:
        query = query.where(records.c.seq <= last)
    streaming = conn.execution_options(stream_results=True, yield_per=batch)
    upto = head.seq if last is None else min(head.seq, last)
    with streaming.execute(query) as rows, _Index(streaming, first, upto) as index:
        return _walk(iter(rows), index, head, first, prev_hash, last)


def _check_head_again(conn: sa.Connection, result: VerifyResult) -> VerifyResult:
    """Records appended while walking are fine, records beyond the head (as read now) are not."""
    head = conn.execute(sa.select(chain_head).where(chain_head.c.id == HEAD_ID)).first()
    last = result.checked  # a gap-free walk from seq 1
    if head is None:
        problem = "the audit_chain_head row is missing"
        return result.model_copy(update={"ok": False, "problem": problem})
    if head.seq == last and head.seq != result.head_seq:  # moved on to a record walked above
        at_head = conn.execute(
            sa.select(records.c.record_id, records.c.record_hash).where(records.c.seq == head.seq)
        ).one()
        if tuple(at_head) != (head.record_id, head.record_hash):
            return result.model_copy(
                update={
                    "ok": False,
                    "first_bad_record_id": at_head.record_id,
                    "first_bad_seq": head.seq,
                    "problem": "audit_chain_head disagrees with this record: head edited",
                }
            )
    if head.seq >= last:
        return result
    beyond = conn.execute(
        sa.select(records.c.record_id).where(records.c.seq == head.seq + 1)
    ).scalar_one_or_none()
    return result.model_copy(
        update={
            "ok": False,
            "first_bad_record_id": beyond,
            "first_bad_seq": head.seq + 1,
            "problem": f"records after seq {head.seq} are not covered by audit_chain_head: "
            "head edited or records written outside the log",
        }
    )


def _walk(
    rows: Iterator[Sequence[Any]],
    index: _Index,
    head: _Head,
    first: int,
    prev_hash: str,
    last: int | None,
) -> VerifyResult:
    """The span's links; ``last`` None is the span to the end, whose tail meets the head."""
    known = {"head_seq": head.seq, "head_hash": head.record_hash}

    def bad(row: Sequence[Any] | None, seq: int | None, problem: str) -> VerifyResult:
        record_id = None if row is None else row[_RECORD_ID]
        return VerifyResult(
            ok=False,
            checked=checked,
            first_bad_record_id=record_id,
            first_bad_seq=seq,
            problem=problem,
            **known,
        )

    checked = 0
    expected_seq = first
    head_seen = head.seq == 0 and head.record_hash == GENESIS_HASH and head.record_id is None
    # The head lies in another span, which checks it.
    head_seen |= head.seq < first if first > 1 else last is not None and head.seq > last
    for row in rows:
        checked += 1
        seq = row[_SEQ]
        if seq != expected_seq:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}..{seq - 1}"
            return bad(row, seq, f"seq {missing} missing before seq {seq}: record(s) deleted")
        if row[_PREV_HASH] != prev_hash:
            return bad(
                row,
                seq,
                f"prev_hash does not match the hash of seq {seq - 1}: "
                "records reordered, replaced or re-hashed",
            )
        try:
            computed = hashlib.sha256(values_json(row).encode("utf-8")).hexdigest()
        except (TypeError, ValueError) as error:
            return bad(row, seq, f"record cannot be read: {error}")
        if computed != row[_HASH]:
            return bad(row, seq, "content does not match record_hash: record edited")
        if seq <= head.seq and (problem := index.check(row)):
            return bad(row, seq, problem)
        if seq == head.seq:
            if (row[_HASH], row[_RECORD_ID]) != (head.record_hash, head.record_id):
                return bad(row, seq, "audit_chain_head disagrees with this record: head edited")
            head_seen = True
        prev_hash = row[_HASH]
        expected_seq += 1
    walked = expected_seq - 1
    if last is not None and walked != last:
        return bad(None, None, f"seq {walked + 1}..{last} missing")
    if last is None and walked < head.seq:
        return VerifyResult(
            ok=False,
            checked=checked,
            first_bad_record_id=head.record_id,
            first_bad_seq=head.seq,
            problem=f"chain head names seq {head.seq} but the last record is seq {walked}: "
            f"seq {walked + 1}..{head.seq} missing (tail truncated)",
            **known,
        )
    if not head_seen:
        return bad(None, None, "audit_chain_head disagrees with the records: head edited")
    return VerifyResult(ok=True, checked=checked, **known)


# The citation index ----------------------------------------------------------------------------


class _Index:
    """The citation index up to the head, checked record by record in seq order."""

    def __init__(self, streaming: sa.Connection, first: int, upto: int) -> None:
        self._conn = streaming
        self._digests: Iterator[Any] | None = None  # None: compare every record row by row
        self._pending: Any = None
        # Any failure of the digests only means the slow way: row by row.
        self._errors = (sa.exc.SQLAlchemyError, streaming.dialect.loaded_dbapi.Error)
        self._closing: list[Any] = []
        if (sql := _DIGEST_SQL.get(streaming.dialect.name)) is None:
            return
        # Rows before seq 1 belong to no record: they count against the first.
        after = first - 1 if first > 1 else -(2**63)
        query, params = sa.text(sql), {"after": after, "upto": upto}
        try:
            if streaming.dialect.driver == "psycopg":
                self._digests = self._streamed(streaming.engine, query, params)
            else:
                result = streaming.execute(query, params)
                self._closing.append(result)
                self._digests = iter(result)
        except self._errors:  # e.g. a SQLite built without JSON functions
            return
        self._advance()

    def _streamed(self, engine: sa.Engine, query: sa.TextClause, params: dict[str, Any]) -> Any:
        """PostgreSQL: the rows streamed on a connection of their own, so that its server
        process renders them while this one hashes (a cursor's FETCH waits for each batch)."""
        conn = engine.connect()
        self._closing.append(conn)
        compiled = query.compile(dialect=engine.dialect)
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        rows = cursor.stream(str(compiled), compiled.construct_params(params), size=1000)
        self._closing.insert(0, rows)  # closed first: cancels the query if it is still running
        return rows

    def _advance(self) -> None:
        assert self._digests is not None
        try:
            self._pending = next(self._digests, None)
        except self._errors:  # SQLite: a blob in the index, which JSON cannot hold
            self._digests = self._pending = None

    def __enter__(self) -> _Index:
        return self

    def __exit__(self, *exc: object) -> None:
        for resource in self._closing:
            resource.close()

    def check(self, row: Sequence[Any]) -> str | None:
        """The problem with the record's index rows, or None when they match the record."""
        seq = row[_SEQ]
        digests = []  # (seq, its rows rendered), up to this record
        while self._pending is not None and self._pending[0] <= seq:
            digests.append(tuple(self._pending))
            self._advance()
        if self._digests is not None:
            key = _index_key(row[_RECORD_ID], row[_SENTENCES], row[_RETRIEVED])
            if key is not None and digests == ([(seq, key)] if key else []):
                return None
        return self._compare_rows(row)

    def _compare_rows(self, row: Sequence[Any]) -> str | None:
        """Each stored row against what the record says: the full check, and its message."""
        seq = row[_SEQ]
        query = _CITATION_ROWS.where(citations.c.seq <= seq)
        if seq > 1:  # rows before seq 1 belong to no record: they count against the first
            query = query.where(citations.c.seq > seq - 1)
        stored = [tuple(cite) for cite in self._conn.execute(query)]
        try:
            expected = [
                (seq, *cite, row[_RECORD_ID])
                for cite in _expected_citations(row[_SENTENCES], row[_RETRIEVED])
            ]
        except (KeyError, TypeError, ValueError) as error:
            return f"record cannot be read: {error}"
        if stored != expected:
            return "audit_citations rows do not match the record: index edited"
        return None


def _expected_citations(sentences: str, retrieved: str) -> list[tuple[Any, ...]]:
    expected: list[tuple[Any, ...]] = []
    if sentences != "[]":
        for index, sentence in enumerate(json.loads(sentences)):
            cited = sentence["citations"]
            expected += [("cited", index, *(c[key] for key in _CITED_KEYS)) for c in cited]
    if retrieved != "[]":
        expected += [
            ("retrieved", None, c["chunk_id"], c["doc_id"], c["version"], c["approval_code"], None)
            for c in json.loads(retrieved)
        ]
    return expected


# A record's index rows as one string, rendered by the database: per row [kind,sentence,
# record_id], then the passage as the record's JSON spells a citation, e.g. ["cited",0,"0195..."]
# {"approval_code":"A","chunk_id":"C","doc_id":"D","section":"S","version":"3"}; in ordinal
# order, joined by commas.
_PASSAGE_KEYS = ("approval_code", "chunk_id", "doc_id", "section", "version")
_SQLITE_ROW = "json_array(kind, sentence, record_id) || json_object({})".format(
    ", ".join(f"'{key}', {key}" for key in _PASSAGE_KEYS)
)
# PostgreSQL: JSON-quoted by escaping \ and " (to_json() costs half as much again); a control
# character is left as it is, and never matches (record keys hold none: see _VALUE).
_PG_QUOTE = (
    r"""coalesce('"' || replace(replace({0}, E'\\', E'\\\\'), '"', E'\\"') || '"', 'null')"""
)
_PG_ROW = " || ".join(
    [
        f"'[' || {_PG_QUOTE.format('kind')} || ',' || coalesce(sentence::text, 'null')",
        f"',' || {_PG_QUOTE.format('record_id')} || ']'",
        *(
            f"""'{"," if n else "{"}"{key}":' || {_PG_QUOTE.format(key)}"""
            for n, key in enumerate(_PASSAGE_KEYS)
        ),
        "'}'",
    ]
)
_DIGEST_SQL = {
    # Both hand the aggregate each seq's rows in ordinal order, read off the primary key's
    # index; were it ever otherwise, the strings differ and the rows are compared one by one.
    "sqlite": f"""
        SELECT seq, group_concat({_SQLITE_ROW}, ',')
        FROM audit_citations WHERE seq > :after AND seq <= :upto GROUP BY seq ORDER BY seq""",
    # An ORDER BY inside string_agg would sort each seq's rows again (PostgreSQL 15).
    "postgresql": f"""
        SELECT seq, string_agg(rendered, ',') FROM (
            SELECT seq, {_PG_ROW} AS rendered
            FROM audit_citations WHERE seq > :after AND seq <= :upto ORDER BY seq, ordinal
        ) AS index_rows GROUP BY seq ORDER BY seq""",
}

# The canonical JSON the log writes for ``sentences`` and ``retrieved``, as patterns. Passage
# values must be JSON strings without escapes (their text is their value, and the database
# quotes them the same); other strings may hold any escape json.loads accepts.
_VALUE = r'"[^"\\\x00-\x1f]*"'
_STRING = r'"[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*"'
# json.loads refuses integers of over 4,300 digits: at most 100 here.
_NUMBER = r"-?(?:0|[1-9][0-9]{0,99})(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"


def _members(**values: str) -> str:
    """A canonical JSON object's members (keys in sorted order) as a pattern."""
    return ",".join(f'"{key}":{value}' for key, value in values.items())


def _items(item: str) -> str:
    """A JSON array's items, without its brackets, as a pattern."""
    return f"(?:{item}(?:,{item})*)?"


_CITED_JSON = r"\{" + _members(**dict.fromkeys(_PASSAGE_KEYS, _VALUE)) + r"\}"
_RETRIEVED_JSON = (
    r"\{"
    + _members(approval_code=_VALUE, chunk_id=_VALUE, doc_id=_VALUE, score=_NUMBER, version=_VALUE)
    + r"\}"
)
# One sentence, its citations captured: re.split() then returns each sentence's citations
# between the text around the sentences ("[", ",", ..., "]").
_SENTENCE = re.compile(
    r'\{"citations":\[('
    + _items(_CITED_JSON)
    + r")\],"
    + _members(shown="(?:true|false)", text=_STRING, verdict=_STRING)
    + rf'(?:,"withheld_because":(?:null|{_STRING}))?'  # older records lack it
    + r"\}"
)
_CANONICAL_RETRIEVED = re.compile(r"\[" + _items(_RETRIEVED_JSON) + r"\]")
_SCORE = re.compile(rf',"score":{_NUMBER},')
_PASSAGE = '{"approval_code":'


def _index_key(record_id: Any, sentences: Any, retrieved: Any) -> str | None:
    """The record's citations as the database renders its index rows (``_DIGEST_SQL``), or
    None when the record's JSON is not in the canonical shape.

    Sound because every text replaced here holds a '"': in JSON that matched the patterns above
    whole it is structure, never part of a value."""
    if type(record_id) is not str or type(sentences) is not str or type(retrieved) is not str:
        return None
    record_id = _encode_str(record_id)
    parts = _SENTENCE.split(sentences)
    cited, around = parts[1::2], parts[0::2]
    if around != (["[", *[","] * (len(cited) - 1), "]"] if cited else ["[]"]):
        return None
    if not _CANONICAL_RETRIEVED.fullmatch(retrieved):
        return None
    rows = [
        passages.replace(_PASSAGE, f'["cited",{index},{record_id}]{_PASSAGE}')
        for index, passages in enumerate(cited)
        if passages
    ]
    if retrieved != "[]":
        passages = _SCORE.sub(',"section":null,', retrieved[1:-1])  # its rows' section: null
        rows.append(passages.replace(_PASSAGE, f'["retrieved",null,{record_id}]{_PASSAGE}'))
    return ",".join(rows)
