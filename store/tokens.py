"""Chinese tokens for BM25: jieba with the lexicon's user dictionary, 文号 kept whole
(the 文号 grammar itself is ``lexicon.grammar``)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import jieba

from lexicon import USER_DICT
from lexicon.grammar import DOC_NUMBER_RE, ref_from_match

# Function words that only add noise to BM25 scores.
_STOPWORDS = frozenset(
    {
        "的", "了", "在", "是", "和", "与", "或", "及", "等", "对", "由", "按", "为", "将", "被", "把", "从", "向", "以",
        "之", "其", "这", "那", "有", "也", "都", "就", "要", "我", "你", "他", "吗", "呢", "吧", "啊", "什么", "怎么",
        "怎么办", "如何", "哪些", "是否", "可以", "能", "会", "还", "没有", "不",
    }
)
_PUNCT_RE = re.compile(r"^[\W_]+$")


class ChineseTokenizer:
    """jieba search-mode tokens over a private ``jieba.Tokenizer`` (never the global one)."""

    def __init__(self, cache_dir: Path | None = None, user_dict: Path = USER_DICT) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            self._jieba.tmp_dir = str(cache_dir)
        self._jieba.load_userdict(str(user_dict))

    def tokenize(self, text: str) -> list[str]:
        tokens: list[str] = []
        pos = 0
        for m in DOC_NUMBER_RE.finditer(text):
            tokens += self._cut(text[pos : m.start()])
            ref = ref_from_match(m)
            # A short form ("〔2020〕11号") must still match, so the core goes in too.
            tokens += [ref.normalized, ref.core] if ref.prefix else [ref.core]
            pos = m.end()
        tokens += self._cut(text[pos:])
        return tokens

    def _cut(self, text: str) -> list[str]:
        return [
            t.lower()
            for t in self._jieba.cut_for_search(text)
            if t.strip() and t not in _STOPWORDS and not _PUNCT_RE.match(t)
        ]
