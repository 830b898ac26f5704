"""What the public may type: control and invisible characters stripped, empty and over-long questions refused.

Shared by the API and the in-process UI client so both refuse the same inputs with the same messages.
"""

from __future__ import annotations

import functools
import sys
import unicodedata
from collections.abc import Iterable

from query.models import Turn
from retrieval.models import SearchFilters

MAX_TURN_CHARS = 8000  # one earlier turn of a conversation; a longer one is cut, not refused
MAX_FILTER_CHARS = 200

# Zero-width and bidi-control characters are format (Cf) characters; we strip them all, because a
# 文号 with a zero-width space inside no longer matches the index and a bidi override can disguise text.
# Private-use (Co) and unassigned (Cn) characters stay: GB 18030 maps rare Han characters to private use,
# and a character newer than Python's Unicode tables (a CJK extension) is unassigned here but not to a user.
_KEEP_CONTROLS = {"\n", "\t"}
_INVISIBLE = ("Cc", "Cf", "Cs")


def _is_blank(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in _INVISIBLE


@functools.cache  # a scan of every code point: 0.3 s, once, when the API's spec is first built
def visible_character_pattern() -> str:
    """A regular expression that finds one character a question keeps after cleaning: the OpenAPI ``pattern`` of
    a question, so that the spec says exactly which questions are empty. Surrogates are left out of it: they
    cannot stand alone in a UTF-8 string, so no client can send one."""
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF or not _is_blank(chr(code)):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))

    def char(code: int) -> str:
        return f"\\u{code:04x}" if code <= 0xFFFF else chr(code)  # astral: the character itself

    return "[^" + "".join(char(a) if a == b else f"{char(a)}-{char(b)}" for a, b in ranges) + "]"



class InputError(ValueError):
    """A question the assistant refuses to process; the message is shown to the user as is."""

    def __init__(self, message: str, *, too_long: bool = False) -> None:
        super().__init__(message)
        self.too_long = too_long


def strip_invisible(text: str) -> str:
    """Remove control characters (except newline and tab), zero-width and other format characters."""
    text = unicodedata.normalize("NFC", text)
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in _KEEP_CONTROLS:
            kept.append(ch)
        elif category in _INVISIBLE:
            continue
        elif category in ("Zl", "Zp"):
            kept.append("\n")
        else:
            kept.append(ch)
    return "".join(kept)


def clean_question(text: str, max_chars: int) -> str:
    """The question as the assistant will see it, or ``InputError`` with a message a user can act on.

    The limit counts the characters as sent (the spec's ``maxLength``), invisible ones included."""
    if len(text) > max_chars:
        raise InputError(
            f"问题过长：{len(text)} 个字符，上限为 {max_chars} 个字符 "
            f"(the question has {len(text)} characters; the limit is {max_chars})",
            too_long=True,
        )
    cleaned = strip_invisible(text).strip()
    if not cleaned:
        raise InputError(
            "问题不能为空 (the question is empty or contains only whitespace/invisible characters)"
        )
    return cleaned


def clean_text(text: str, max_chars: int) -> str:
    """Earlier turns and filter values: stripped of invisible characters and cut to a bound, never refused."""
    return strip_invisible(text).strip()[:max_chars]


def clean_turns(turns: Iterable[Turn]) -> list[Turn]:
    """Earlier turns as the assistant will see them: each stripped and cut to ``MAX_TURN_CHARS``."""
    return [Turn(role=t.role, content=clean_text(t.content, MAX_TURN_CHARS)) for t in turns]


def clean_filters(filters: SearchFilters | None) -> SearchFilters | None:
    """Filters with their free-text values stripped and cut; ``None`` when nothing is left to filter on."""
    if filters is None:
        return None
    cleaned = filters.model_copy(
        update={
            "region": clean_text(filters.region, MAX_FILTER_CHARS) or None if filters.region else None,
            "issuer": clean_text(filters.issuer, MAX_FILTER_CHARS) or None if filters.issuer else None,
        }
    )
    return None if cleaned.is_empty() else cleaned
