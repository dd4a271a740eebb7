"""The front door for input: every body a block handler or a REST endpoint reads passes here first.

Pure Python (no Django), so it runs in any XBlock runtime. It refuses, with an `InputError` that
says which rule was broken and where, what would otherwise crash further in or be stored broken:

- a body larger than the caller's limit;
- bytes that are not UTF-8 (strict: encoded surrogates are refused too);
- JSON nested deeper than a small limit. Python's `json` recurses (a 20 KB body of 10,000 nested
  arrays raises RecursionError), so the depth is decided *before* parsing, in a few regex passes;
- numbers that are not finite (`NaN`, `Infinity`, `1e400`) or integers beyond 64 bits;
- text that is not valid Unicode for storage: lone surrogates (`"\\ud800"` is valid JSON but cannot
  be encoded as UTF-8, so it would break every later read of the stored value) and NUL. With
  `xml_safe`, also the other characters XML 1.0 forbids, for settings that go into OLX.

Callers turn an `InputError` into their own translated message (the XBlocks through their i18n
service, the REST API through Django's gettext): `code` says which message, `field` where.
"""
from __future__ import annotations

import json
import math
import re
from typing import Any

# How deep a request's JSON may nest. The deepest legitimate body (a worksheet's Studio settings:
# object → fields → field → options → option) is 5 levels; 32 leaves room and refuses abuse.
MAX_JSON_DEPTH = 32

# JSON strings (with their escapes) and then everything that is not a bracket: what is left is
# the nesting structure. The string pattern is the unrolled loop (linear, no backtracking).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")
# Decoded UTF-8 holds no surrogate, and JSON allows no raw control character in a string: an
# unstorable character can only come from a `\uXXXX` escape. Without one, the walk is skipped.
_RISKY_ESCAPE = re.compile(r"\\u(?:[dD][89abAB]|00[01])", re.I)

# Characters never stored: NUL and lone surrogates (which cannot be encoded at all).
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
# In XML 1.0 (OLX), also the other C0 controls (tab, newline and return aside), U+FFFE and U+FFFF.
_BAD_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Bounded integers from query strings and CSV cells: ASCII digits only (int() would also take
# "²" or "٣", and raise on some), never longer than this.
_ASCII_INT = re.compile(r"[+-]?[0-9]{1,18}")


class InputError(ValueError):
    """A body or value refused at the door.

    `code` is one of: too_large, not_utf8, not_json, too_deep, too_big (a number), not_object, bad_text.
    `field` is where the bad value sits (`answers.gap_statement`, `ops[3].title`), for bad_text.
    `limit` is the byte limit, for too_large.
    """

    def __init__(self, code: str, *, field: str = "", limit: int = 0):
        super().__init__(f"{code}{': ' + field if field else ''}")
        self.code = code
        self.field = field
        self.limit = limit


def deeper_than(text: str, limit: int) -> bool:
    """Whether `text` (JSON) nests arrays and objects more than `limit` deep, decided in at most
    `limit` + 1 passes of a regular expression over its brackets (each pass drops the innermost
    pairs), so a legitimate body costs a few passes and an attack no more than the limit's."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    for _ in range(limit):
        if not brackets:
            return False
        shorter = _INNERMOST.sub("", brackets)
        if shorter == brackets:
            return False  # unbalanced: not JSON, which the parser will say
        brackets = shorter
    return bool(_INNERMOST.search(brackets))


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is not a finite number")
    return value


# Integers a body may carry: what a 64-bit column holds. Bigger ones are no count, id or score of ours
# and would overflow wherever they meet a float or a database.
MAX_JSON_INT = 2**63 - 1


class _NumberTooLarge(ValueError):
    pass


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 19 or abs(value := int(text)) > MAX_JSON_INT:
        raise _NumberTooLarge(text[:20])
    return value


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def read_json(raw: bytes | str, *, max_bytes: int, max_depth: int = MAX_JSON_DEPTH,
              require_object: bool = True, xml_safe: bool = False) -> Any:
    """Parse a request body, or raise InputError. See the module's docstring for what is refused."""
    size = len(raw.encode("utf-8", "surrogatepass")) if isinstance(raw, str) else len(raw)
    if size > max_bytes:
        raise InputError("too_large", limit=max_bytes)
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("not_utf8") from None
    if deeper_than(raw, max_depth):
        raise InputError("too_deep")
    try:
        data = json.loads(raw, parse_constant=_refuse_constant, parse_float=_finite_float, parse_int=_bounded_int)
    except _NumberTooLarge:
        raise InputError("too_big") from None
    except (ValueError, RecursionError):
        raise InputError("not_json") from None
    if require_object and not isinstance(data, dict):
        raise InputError("not_object")
    if xml_safe or _RISKY_ESCAPE.search(raw):
        check_text(data, xml_safe=xml_safe)
    return data


def bad_text_field(data: Any, *, xml_safe: bool = False, root: str = "") -> str | None:
    """Where the first unstorable text in `data` sits (a key or a value), or None if there is none.

    Walks iteratively, so a structure of any depth is safe to check. The path itself is always
    storable text (a bad character in a key is shown as U+FFFD)."""
    bad = _BAD_XML_TEXT if xml_safe else _BAD_TEXT
    stack: list[tuple[str, Any]] = [(root, data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if bad.search(value):
                return path or "(body)"
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                key_text = str(key)
                # The path is shown back to the person: a bad character in a key is shown as U+FFFD.
                shown = bad.sub("\ufffd", key_text)
                child = f"{path}.{shown}" if path else shown
                if shown != key_text:
                    return child
                stack.append((child, item))
        elif isinstance(value, (list, tuple)):
            stack.extend((f"{path}[{index}]", item) for index, item in reversed(list(enumerate(value))))
    return None


def check_text(data: Any, *, xml_safe: bool = False, root: str = "") -> None:
    """Raise InputError("bad_text") naming the first field whose text cannot be stored."""
    field = bad_text_field(data, xml_safe=xml_safe, root=root)
    if field is not None:
        raise InputError("bad_text", field=field)


def parse_int(value: Any, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """An integer from a JSON number or a string of ASCII digits, within bounds; otherwise None.

    Booleans, floats with a fraction, "²", "٣", "1e3" and 5,000-digit strings are all None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e18:
        number = int(value)
    elif isinstance(value, str) and _ASCII_INT.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return None
    return number
