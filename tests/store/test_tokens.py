"""store/tokens.py: the BM25 token cache gives the tokens jieba gives, and tokenizes only what is new."""

from __future__ import annotations

from pathlib import Path

from lexicon import load_lexicon
from lexicon.places import load_gazetteer
from query.question import QuestionReader
from store.tokens import ChineseTokenizer, cached_tokens, tokenizer_digest

TEXTS = {"a": "京人社劳字〔2020〕11号 隔离期间工资照发", "b": "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同"}


class CountingTokenizer:
    """Builds the real tokenizer and counts the texts it is asked to cut."""

    def __init__(self, cache_dir: Path) -> None:
        self.inner = ChineseTokenizer(cache_dir=cache_dir)
        self.cut: list[str] = []

    def tokenize(self, text: str) -> list[str]:
        self.cut.append(text)
        return self.inner.tokenize(text)


def test_cached_tokens_are_jiebas_and_only_new_texts_are_tokenized(tmp_path: Path) -> None:
    tokenizer = CountingTokenizer(tmp_path / "jieba")
    cache = tmp_path / "tokens.json"
    first = cached_tokens(TEXTS, cache, lambda: tokenizer)  # type: ignore[arg-type,return-value]
    assert first == {i: ChineseTokenizer(cache_dir=tmp_path / "jieba").tokenize(t) for i, t in TEXTS.items()}
    assert sorted(tokenizer.cut) == sorted(TEXTS.values())
    changed = {**TEXTS, "b": TEXTS["b"] + "的"}
    again = cached_tokens(changed, cache, lambda: tokenizer)  # type: ignore[arg-type,return-value]
    assert tokenizer.cut[2:] == [changed["b"]] and again["a"] == first["a"]


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "tokens.json"
    cache.write_text("{not json", encoding="utf-8")
    tokens = cached_tokens(TEXTS, cache, lambda: ChineseTokenizer(cache_dir=tmp_path / "jieba"))
    assert tokens["a"][0] == "京人社劳字〔2020〕11号"


def test_bm25_and_the_concept_reader_cut_with_one_loaded_dictionary(tmp_path) -> None:
    # each jieba dictionary with the user words costs ~0.5 s and tens of MB: the question reader cuts with the one the
    # BM25 tokenizer loaded (the retriever hands it over), and reads what it reads with its own
    first = ChineseTokenizer(cache_dir=tmp_path / "jieba")
    reader = QuestionReader(load_lexicon(), load_gazetteer(), words=first.words)
    assert reader._concepts._tagger.tokenizer is first.words
    assert reader.concepts("我阳了在家躺了一个多礼拜") == QuestionReader(load_lexicon(), load_gazetteer()).concepts("我阳了在家躺了一个多礼拜")


def test_the_stop_words_are_the_lexicons_file_and_its_changes_reach_the_cache(tmp_path: Path) -> None:
    stop_list = tmp_path / "stopwords.txt"
    stop_list.write_text("# noise\n的\n", encoding="utf-8")
    text = "隔离期间的工资"
    assert "的" not in ChineseTokenizer(cache_dir=tmp_path / "jieba", stop_list=stop_list).tokenize(text)
    stop_list.write_text("# noise\n工资\n", encoding="utf-8")
    tokens = ChineseTokenizer(cache_dir=tmp_path / "jieba", stop_list=stop_list).tokenize(text)
    assert "工资" not in tokens and "的" in tokens
    # the shipped list is the lexicon's file, and the token cache is keyed on it: a changed list re-tokenizes
    assert "的" not in ChineseTokenizer(cache_dir=tmp_path / "jieba").tokenize(text)
    assert tokenizer_digest(stop_list=stop_list) != tokenizer_digest()
