"""Chinese tokens for BM25: jieba with our user dictionary, 文号 kept whole.

Also owns the 文号 pattern (京人社劳字〔2020〕11号, 人社部发[2020]8 号 …) used to keep document
numbers intact in the index and to recognise them in questions.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import jieba

USER_DICT = Path(__file__).with_name("userdict.txt")

_OPEN = "〔[【﹝（(［"
_CLOSE = "〕]】﹞）)］"
DOC_NUMBER_RE = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff]{{2,14}}?)?\s*[{re.escape(_OPEN)}]\s*(?P<year>(?:19|20)\d{{2}})\s*"
    rf"[{re.escape(_CLOSE)}]\s*(?P<num>\d{{1,4}})\s*号"
)

# Words that precede a 文号 in running text but are not part of it ("按照人社部发〔2020〕11号").
_LEAD_IN_RE = re.compile(r"^.*(?:按照|根据|依据|依照|参照|执行|落实|贯彻|印发|文件|和|与|及|或|的|在)")

# Function words that only add noise to BM25 scores.
_STOPWORDS = frozenset(
    {
        "的", "了", "在", "是", "和", "与", "或", "及", "等", "对", "由", "按", "为", "将", "被", "把", "从", "向", "以",
        "之", "其", "这", "那", "有", "也", "都", "就", "要", "我", "你", "他", "吗", "呢", "吧", "啊", "什么", "怎么",
        "怎么办", "如何", "哪些", "是否", "可以", "能", "会", "还", "没有", "不",
    }
)
_PUNCT_RE = re.compile(r"^[\W_]+$")


@dataclass(frozen=True)
class DocNumberRef:
    """A 文号 found in text; ``prefix`` may be empty (``〔2020〕11号``) or carry leading words."""

    prefix: str
    year: str
    number: str

    @property
    def core(self) -> str:
        return f"〔{self.year}〕{self.number}号"

    @property
    def normalized(self) -> str:
        return f"{self.prefix}{self.core}"


# Announcements are numbered by year: 财政部 税务总局公告2020年第8号
ANNOUNCEMENT_NUMBER_RE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff][\u4e00-\u9fff ]{0,20}?公告)\s*(?P<year>(?:19|20)\d{2})\s*年\s*第\s*(?P<num>\d{1,4})\s*号"
)


def _ref(m: re.Match[str]) -> DocNumberRef:
    prefix = _LEAD_IN_RE.sub("", (m.group("prefix") or "").replace(" ", ""))
    return DocNumberRef(prefix, m.group("year"), str(int(m.group("num"))))


def find_doc_numbers(text: str) -> list[DocNumberRef]:
    """Every 文号 in ``text``, brackets and spacing normalised."""
    found = [(m.start(), _ref(m)) for m in DOC_NUMBER_RE.finditer(text)]
    found += [(m.start(), _ref(m)) for m in ANNOUNCEMENT_NUMBER_RE.finditer(text)]
    return [ref for _, ref in sorted(found, key=lambda item: item[0])]


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
            ref = _ref(m)
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
