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

from assistant.terms import EXTRA_WORDS, FRAMING_WORDS, NATIONAL, PLACES, SYNONYMS, expand
from ingest.models import Clause, Document
from lexicon.grammar import find_doc_numbers
from retrieval.models import Hit
from store.tokens import USER_DICT

# parts of speech that carry the topic of a question: nouns, names, places, verbal nouns, idioms
_CONTENT_POS = {"n", "nr", "ns", "nt", "nz", "vn", "an", "l", "j", "eng", "nrt", "ng"}
_GENERIC = FRAMING_WORDS | {"疫情", "期间", "人员", "方面", "肺炎", "规定", "政策", "文件", "公司", "单位", "内容"}
_NEGATIONS = set("不没别未")  # 不太想, 没法: a mis-tagged verb phrase, not a topic
_YEAR = re.compile(r"(20\d\d)\s*年")
# courts and procuratorates: the corpus only cites their interpretations, it holds none of them
_COURT_NAMES = {"最高法": "最高人民法院", "最高院": "最高人民法院", "最高检": "最高人民检察院"}
_COURTS = re.compile(r"最高法|最高院|最高检|最高人民法院|最高人民检察院|高级人民法院|高院")
# a document the user names by its title: 关于…的通知 / 意见 / 办法 …
_NAMED_TITLE = re.compile(r"关于[^，。？?！；、]{4,40}?的(?:指导意见|实施意见|意见|通知|通告|公告|决定|办法|规定|解释|答复|批复|指引|方案)")
_TITLE_MATCH = 0.6  # share of the named title's character pairs some real title must have


TITLE_ONLY = 0.75
NATIONAL_FOR_LOCAL = 0.5  # a national rule applies in 北京 too, though 北京's own rule says more


@dataclass(frozen=True)
class Concept:
    """One thing the question is about, with the words a circular may use for it."""

    word: str
    forms: tuple[str, ...]
    is_place: bool = False
    region: str | None = None  # the document region this place means: 北京 for 北京市, 全国 for 国家层面

    def found_in(self, text: str) -> bool:
        return any(form in text for form in self.forms)

    def covered_by(self, hit: Hit) -> bool:
        """In the clause's title, headings or text, or, for a place, the region the clause applies to."""
        return self.degree(hit) > 0

    def degree(self, hit: Hit) -> float:
        """1 when the clause itself (text, headings, 文号, region) says it; ``TITLE_ONLY`` when only its
        document's title does: every clause of 《…工资待遇问题的通知》 is about 工资 a little, not all of them."""
        if self.region is not None and hit.region == self.region:
            return 1.0
        if self.region not in (None, "全国") and hit.region == "全国":
            return NATIONAL_FOR_LOCAL
        if self.found_in(f"{hit.doc_number or ''}\n{hit.heading or ''}\n{hit.text}"):
            return 1.0
        return TITLE_ONLY if self.found_in(hit.title) else 0.0


class ConceptReader:
    """Reads the concepts of a question with a part-of-speech tagger over our legal dictionary."""

    def __init__(self) -> None:
        tokenizer = jieba.Tokenizer()
        tokenizer.load_userdict(str(USER_DICT))
        for word in EXTRA_WORDS:
            tokenizer.add_word(word, freq=2000, tag="n")
        self._tagger = jieba.posseg.POSTokenizer(tokenizer)
        self._terms = {line.split()[0] for line in USER_DICT.read_text(encoding="utf-8").splitlines() if line.strip()}

    def concepts(self, question: str) -> list[Concept]:
        # the reranker and the answerer both read the same question: read it once
        return list(self._concepts(question))

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one reader per assistant, lives as long as it
    def _concepts(self, question: str) -> tuple[Concept, ...]:
        found: dict[str, Concept] = {}
        pairs = [(pair.word.strip(), pair.flag) for pair in self._tagger.cut(question)]
        # the circulars' own terms first: 一次性社会保险补贴 is one thing, not 补贴 + 社会保险
        for word, _ in pairs:
            if word in self._terms and not any(word in known for known in found):
                found[word] = self._concept(word)
        for colloquial in sorted(SYNONYMS, key=len, reverse=True):
            if colloquial in question and not any(colloquial in word for word in found):
                found[colloquial] = Concept(colloquial, (colloquial, *SYNONYMS[colloquial]))
        for ref in find_doc_numbers(question):
            found[ref.normalized] = Concept(ref.normalized, (ref.normalized, ref.core))
        for word, flag in pairs:
            if len(word) < 2 or flag not in _CONTENT_POS or word in _GENERIC or word[0] in _NEGATIONS:
                continue
            if any(word in known or known in word for known in found):
                continue
            found[word] = self._concept(word)
        return tuple(found.values())

    @staticmethod
    def _concept(word: str) -> Concept:
        if word in NATIONAL:
            return Concept(word, (word,), is_place=True, region="全国")
        place = word.removesuffix("市").removesuffix("省")
        if place in PLACES:
            return Concept(word, expand(word), is_place=True, region=place)
        return Concept(word, expand(word))


@dataclass(frozen=True)
class RelevanceTest:
    """Thresholds calibrated on the gold set by ``policyqa eval answers`` (see eval/reports/answers.md)."""

    min_coverage: float = 0.5  # IDF-weighted share of the question's concepts found in one clause
    window: int = 5  # how many of the top hits may supply the support


class CorpusStatistics:
    """How many clauses mention a concept, and which years and places the corpus covers."""

    def __init__(
        self,
        clause_texts: Sequence[str],
        years: set[int],
        doc_numbers: set[str],
        titles: Sequence[str] = (),
        issuers: set[str] | frozenset[str] = frozenset(),
    ) -> None:
        self._count = len(clause_texts)
        # one string, searched at C speed; a match's offset tells which clause it is in
        self._joined = "\x00".join(clause_texts)
        self._starts = list(itertools.accumulate((len(t) + 1 for t in clause_texts[:-1]), initial=0))
        self.years = years
        self.doc_numbers = doc_numbers
        self.titles = tuple(titles)
        self.issuers = frozenset(issuers)

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


def char_bigrams(text: str, digits: bool = False) -> set[str]:
    """Adjacent pairs of Han characters (and, with ``digits``, ASCII digits): a cheap wording overlap."""
    kept = re.sub(r"[^\u4e00-\u9fff\d]" if digits else r"[^\u4e00-\u9fff]", "", text)
    return {kept[i : i + 2] for i in range(len(kept) - 1)}


def corpus_statistics(clauses: Sequence[Clause], documents: Sequence[Document]) -> CorpusStatistics:
    """The statistics of one index snapshot: clause texts, the years, 文号 and titles it covers."""
    return CorpusStatistics(
        [c.text for c in clauses],
        years={int(d.date[:4]) for d in documents if d.date},
        doc_numbers={d.doc_number for d in documents if d.doc_number},
        titles=[d.title for d in documents],
        issuers={issuer for d in documents for issuer in d.issuer},
    )


def weighted_coverage(concepts: Sequence[Concept], hit: Hit, weight: Callable[[Concept], float]) -> float:
    if not concepts:
        return 0.0
    total = sum(weight(c) for c in concepts)
    return sum(weight(c) * c.degree(hit) for c in concepts) / total if total else 0.0


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
    for court in _COURTS.findall(question):
        if not any(court in issuer or _COURT_NAMES.get(court, court) in issuer for issuer in stats.issuers):
            return f"现有文件中没有{_COURT_NAMES.get(court, court)}发布的文件。"
    if (named := _NAMED_TITLE.search(question)) and stats.titles and not find_doc_numbers(question):
        wanted = char_bigrams(named.group(0))
        best = max(len(wanted & char_bigrams(title)) / len(wanted) for title in stats.titles) if wanted else 1.0
        if best < _TITLE_MATCH:
            return f"现有文件中没有“{named.group(0)}”。"
    law = re.search(r"《?([\u4e00-\u9fff]{2,20}法)》?第[一二三四五六七八九十百零\d]+条", question)
    asks_for_text = re.search(r"原文|全文|条文|内容|是什么|怎么规定|规定了什么|怎么写", question)
    if law and asks_for_text and not any(law.group(1) in title for title in stats.titles):
        return f"现有文件只引用《{law.group(1)}》，没有收录其条文。"
    return None
