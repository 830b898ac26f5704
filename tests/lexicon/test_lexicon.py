"""lexicon/: the data files load, and a malformed row says which file and row."""

import shutil
from pathlib import Path

import pytest

from lexicon import LEXICON_DIR, load_lexicon


def test_the_lexicon_loads_its_files() -> None:
    lexicon = load_lexicon()
    assert lexicon.forms("带娃")[0] == "带娃" and "看护未成年子女" in lexicon.forms("带娃")
    assert "合法" in lexicon.framing and "国家" in lexicon.national
    assert lexicon.asked_fact("几号之前申请").kind == "date"
    assert "一次性社会保险补贴" in lexicon.terms


def test_a_malformed_synonym_row_is_reported_with_its_file(tmp_path: Path) -> None:
    for name in ("framing.txt", "national.txt", "asked_facts.tsv", "conversation.tsv"):
        shutil.copy(LEXICON_DIR / name, tmp_path / name)
    (tmp_path / "synonyms.tsv").write_text("带娃 看护未成年子女\n", encoding="utf-8")  # a space, not a tab
    with pytest.raises(ValueError, match="synonyms.tsv"):
        load_lexicon(tmp_path)
