"""What the public may type (serve/inputs.py), and the spec's statement of it: the question's ``pattern`` finds
a character exactly when cleaning keeps one, so the spec and the server agree on every empty question."""

from __future__ import annotations

import re
import sys

import pytest

from serve.inputs import InputError, clean_question, visible_character_pattern


def _kept(text: str) -> bool:
    try:
        clean_question(text, 10)
    except InputError:
        return False
    return True


def test_the_spec_s_pattern_finds_a_character_exactly_when_cleaning_keeps_one() -> None:
    pattern = re.compile(visible_character_pattern())
    disagree = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF and (pattern.search(chr(code)) is not None) != _kept(chr(code))
    ]
    assert disagree == []


@pytest.mark.parametrize("blank", ["", "   ", "\u3000\n\t", "\u200b\u200e\ufeff", "\x00\x1f\u202e"])
def test_whitespace_and_invisible_characters_alone_are_an_empty_question(blank: str) -> None:
    assert not _kept(blank)
    assert re.search(visible_character_pattern(), blank) is None


def test_private_use_and_characters_newer_than_python_s_tables_are_kept() -> None:
    assert clean_question("\ue000", 10) == "\ue000"  # GB 18030 puts rare Han characters here
    assert clean_question("\U00031350", 10) == "\U00031350"  # CJK Extension H: unassigned in Unicode 14


def test_the_limit_counts_characters_as_sent_as_the_spec_s_max_length_does() -> None:
    with pytest.raises(InputError) as over:
        clean_question("工" * 9 + "\u200b" * 2, 10)
    assert over.value.too_long
    assert clean_question("工" * 9 + "\u200b", 10) == "工" * 9
