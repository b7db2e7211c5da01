"""Cell values as text: how any value an export can hold is shown, compared and quoted.

It exists because CSV, JSON and Excel hand us different Python types for the same cell
(strings, numbers, dates, nested JSON, NaN), and headers, extra columns, problem messages and
the row parsers must all agree on one text form: stripped, with missing values (empty,
``None``/``null``, NaN) as ``''`` and never the text "None".
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, time, timedelta

__all__ = ["cell_text", "json_type", "shorten"]

# Text an export writes for "no value": treated as empty, never kept as text.
_MISSING_TEXT = {"none", "null", "nan", "nat", "#n/a"}


def cell_text(value: object) -> str:
    """A cell as stripped text; missing values are ''."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        return "" if text.lower() in _MISSING_TEXT else text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters (ending in "…") for quoting in a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_type(value: object) -> str:
    """What a JSON value is, in words, for messages ("an array", "null", "a string", ...)."""
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, str):
        return "a string"
    return "a number" if isinstance(value, int | float) else type(value).__name__
