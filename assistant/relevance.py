"""Does the corpus answer this question? The concepts a question is about, how specific each is in
the corpus, and how much of them a retrieved clause covers — the calibrated test behind abstention.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import jieba
import jieba.posseg

from assistant.models import Hit
from assistant.terms import EXTRA_WORDS, FRAMING_WORDS, PLACES, SYNONYMS, expand
from ingest.tokens import USER_DICT, find_doc_numbers

# parts of speech that carry the topic of a question: nouns, names, places, verbal nouns, idioms
_CONTENT_POS = {"n", "nr", "ns", "nt", "nz", "vn", "an", "l", "j", "eng", "nrt", "ng"}
_GENERIC = FRAMING_WORDS | {"疫情", "期间", "人员", "方面", "肺炎", "规定", "政策", "文件", "公司", "单位", "内容"}
_YEAR = re.compile(r"(20\d\d)\s*年")


@dataclass(frozen=True)
class Concept:
    """One thing the question is about, with the words a circular may use for it."""

    word: str
    forms: tuple[str, ...]
    is_place: bool = False

    def found_in(self, text: str) -> bool:
        return any(form in text for form in self.forms)


class ConceptReader:
    """Reads the concepts of a question with a part-of-speech tagger over our legal dictionary."""

    def __init__(self) -> None:
        tokenizer = jieba.Tokenizer()
        tokenizer.load_userdict(str(USER_DICT))
        for word in EXTRA_WORDS:
            tokenizer.add_word(word, freq=2000, tag="n")
        self._tagger = jieba.posseg.POSTokenizer(tokenizer)

    def concepts(self, question: str) -> list[Concept]:
        found: dict[str, Concept] = {}
        for colloquial in sorted(SYNONYMS, key=len, reverse=True):
            if colloquial in question and not any(colloquial in word for word in found):
                found[colloquial] = Concept(colloquial, (colloquial, *SYNONYMS[colloquial]))
        for ref in find_doc_numbers(question):
            found[ref.normalized] = Concept(ref.normalized, (ref.normalized, ref.core))
        for pair in self._tagger.cut(question):
            word, flag = pair.word.strip(), pair.flag
            if len(word) < 2 or flag not in _CONTENT_POS or word in _GENERIC:
                continue
            if any(word in known or known in word for known in found):
                continue
            found[word] = Concept(word, expand(word), is_place=word.removesuffix("市").removesuffix("省") in PLACES)
        return list(found.values())


@dataclass(frozen=True)
class RelevanceTest:
    """Thresholds calibrated on the gold set by ``policyqa eval answers`` (see eval/reports/answers.md)."""

    min_coverage: float = 0.5  # IDF-weighted share of the question's concepts found in one clause
    window: int = 5  # how many of the top hits may supply the support


class CorpusStatistics:
    """How many clauses mention a concept, and which years and places the corpus covers."""

    def __init__(
        self, clause_texts: Sequence[str], years: set[int], doc_numbers: set[str], titles: Sequence[str] = ()
    ) -> None:
        self._count = len(clause_texts)
        # one string, searched at C speed; a match's offset tells which clause it is in
        self._joined = "\x00".join(clause_texts)
        self._starts = list(itertools.accumulate((len(t) + 1 for t in clause_texts[:-1]), initial=0))
        self.years = years
        self.doc_numbers = doc_numbers
        self.titles = tuple(titles)

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - one instance per assistant, lives as long as it
    def document_frequency(self, forms: tuple[str, ...]) -> int:
        clauses: set[int] = set()
        for form in filter(None, forms):
            position = self._joined.find(form)
            while position >= 0:
                clause = bisect.bisect_right(self._starts, position) - 1
                clauses.add(clause)
                # a clause counts once: jump to the start of the next one
                next_start = self._starts[clause + 1] if clause + 1 < len(self._starts) else len(self._joined)
                position = self._joined.find(form, next_start) if next_start < len(self._joined) else -1
        return len(clauses)

    def weight(self, concept: Concept) -> float:
        """IDF over clauses: 待岗 tells more than 工资; a word the corpus never uses weighs most."""
        df = self.document_frequency(concept.forms)
        return math.log((self._count + 1) / (df + 1)) + 0.1


def weighted_coverage(concepts: Sequence[Concept], hit: Hit, weight: Callable[[Concept], float]) -> float:
    if not concepts:
        return 0.0
    haystack = f"{hit.title}\n{hit.heading or ''}\n{hit.text}"
    total = sum(weight(c) for c in concepts)
    return sum(weight(c) for c in concepts if c.found_in(haystack)) / total if total else 0.0


def out_of_scope(question: str, concepts: Sequence[Concept], stats: CorpusStatistics) -> str | None:
    """A reason the corpus cannot answer, read off the question itself, or None."""
    known = [r for number in stats.doc_numbers for r in find_doc_numbers(number)]
    for ref in find_doc_numbers(question):
        same = [k for k in known if (k.year, k.number) == (ref.year, ref.number)]
        if not any(k.prefix.endswith(ref.prefix) or ref.prefix.endswith(k.prefix) for k in same):
            return f"现有文件中没有{ref.normalized}。"
    years = {int(y) for y in _YEAR.findall(question)}
    missing = sorted(y for y in years if y not in stats.years)
    if missing and stats.years:
        have = "、".join(str(y) for y in sorted(stats.years))
        return f"现有文件只有{have}年的规定，没有{missing[0]}年的。"
    for concept in concepts:
        if concept.is_place and stats.document_frequency(concept.forms) <= 2:
            return f"现有文件中没有{concept.word}的地方规定。"
    law = re.search(r"《?([\u4e00-\u9fff]{2,20}法)》?第[一二三四五六七八九十百零\d]+条", question)
    asks_for_text = re.search(r"原文|全文|条文|内容|是什么|怎么规定|规定了什么|怎么写", question)
    if law and asks_for_text and not any(law.group(1) in title for title in stats.titles):
        return f"现有文件只引用《{law.group(1)}》，没有收录其条文。"
    return None
