"""Question text -> one typed ``Question``, read once per ask and passed to retrieval and the answer.

The reading: traditional characters and full-width digits normalised, a follow-up made standalone,
the parts and what each asks, the 文号 / titles / clause labels / laws / years it names, the places it
names (the gazetteer) or whether it asks for national rules, and its concepts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import jieba

from ingest.clean import looks_traditional, to_simplified
from lexicon import Lexicon
from lexicon.grammar import han_count
from lexicon.places import Gazetteer, Place
from query.concepts import Concept, ConceptReader
from query.conversation import rewrite_follow_up
from query.models import Turn
from query.parts import QuestionPart, asking_clause, mostly_english, read_parts
from query.references import References, read_references
from query.typos import TypoCorrector

_FULL_WIDTH_ALNUM = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}


def normalise(text: str) -> str:
    """Users type traditional characters and full-width digits; the circulars are simplified, ASCII digits."""
    text = text.translate(_FULL_WIDTH_ALNUM).strip()
    return to_simplified(text) if looks_traditional(text) else text


@dataclass(frozen=True)
class Question:
    """Everything the later stages need to know about what was asked."""

    asked: str  # as the user typed it
    text: str  # normalised and standalone: what retrieval and the answer read
    parts: tuple[QuestionPart, ...]
    references: References
    places: tuple[Place, ...]  # the places it names, in order
    national: bool  # it asks for the central government's rules (国家层面, 全国)
    concepts: tuple[Concept, ...]
    # what the user tells of their situation, without the asking clauses (我在武汉出差被困了一个月): the
    # circumstance decides which rule applies, the ask only which sentence of it answers
    circumstance: str = ""
    # each later part of a question asking several things, read as a question of its own with the first
    # part's topic and the places carried into it (…可以免交吗？免几个月？ -> 免几个月 社保 免交 中小企业)
    subquestions: tuple[Question, ...] = ()
    # the Chinese of the English words it mixes in (把我fire掉 -> 辞退): the lexical readers (BM25, the concepts)
    # read these; the multilingual meaning retriever reads the words as typed (writing them in Chinese in the
    # text itself moved the dense ranking more than it helped: dev paraphrase stability 0.75 -> 0.70)
    english: tuple[str, ...] = ()
    # the places it names that are not where the user works, as lexicon/elsewhere.txt reads them (a home town:
    # 从安徽老家回北京): named, but not where the user's rules come from
    elsewhere: tuple[Place, ...] = ()
    # …of them, the places it says the user is not in (不在湖北, 湖北以外): their own rules are not the user's
    not_in: tuple[Place, ...] = ()
    # it asks a provision's own words anywhere (原文, 第几条), in whichever part: a list of particulars ending 并原文引用其中…的
    # 条款 asks a rule besides
    quotes_asked: bool = False

    @property
    def years(self) -> tuple[int, ...]:
        return self.references.years

    @property
    def time_years(self) -> tuple[int, ...]:
        """The years the question names as a time (2022年发生的), not as a text's version (2007年《…》)."""
        ref = self.references
        return tuple(y for y in ref.years if y not in ref.text_years and y not in ref.before_years)

    @property
    def text_years(self) -> tuple[int, ...]:
        return self.references.text_years

    @property
    def rule_places(self) -> tuple[Place, ...]:
        """The places whose rules are the user's: those it names, less those named as elsewhere (a home town)."""
        return tuple(p for p in self.places if p not in self.elsewhere)

    @property
    def place_names(self) -> tuple[str, ...]:
        return tuple(p.short for p in self.places)

    def asks(self, kind: str) -> bool:
        """Whether any part of the question asks this kind of fact (text, basis, date …)."""
        return any(part.kind == kind for part in self.parts)

    @property
    def topic_concepts(self) -> tuple[Concept, ...]:
        """The concepts that say what the question is about: not a place, not a 文号."""
        numbers = {ref.normalized for ref in self.references.doc_numbers}
        return tuple(c for c in self.concepts if c.place is None and c.word not in numbers)

    def expansion(self) -> list[str]:
        """The circulars' words for the colloquial ones the question uses (带娃 -> 看护未成年子女) and for the English
        ones it mixes in, for BM25."""
        return [*self.english, *(f for c in self.concepts for f in c.forms if f not in self.text)]


def circumstance_of(text: str, parts: Sequence[QuestionPart]) -> str:
    """What the question tells of the user's situation: the question without its asking clauses (the last
    two clauses of each part, or, when that leaves too little, the last one); empty for a bare question."""
    for clauses in (2, 1):
        rest = text
        for part in parts:
            rest = rest.replace(asking_clause(part.text, clauses=clauses), " ")
        rest = re.sub(r"[？?！!。，,；;：:\s]+", "，", rest).strip("，")
        if han_count(rest) >= 4:
            return rest
    return ""


class QuestionReader:
    """Reads questions with one lexicon and gazetteer (built once, shared by every ask)."""

    def __init__(
        self,
        lexicon: Lexicon,
        gazetteer: Gazetteer,
        law_names: Iterable[str] = (),
        words: jieba.Tokenizer | None = None,
        corrector: TypoCorrector | None = None,
        corpus_prints: Callable[[str], bool] | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.corrector = corrector
        # whether some clause prints a text: a follow-up carries only the earlier words the corpus says
        self.corpus_prints = corpus_prints
        self.gazetteer = gazetteer
        # the names the corpus's statutes are cited by without 《》 (劳动合同法, 年休假条例), longest first
        self.law_names = tuple(sorted(set(law_names), key=len, reverse=True))
        self._concepts = ConceptReader(lexicon, gazetteer, words)
        gazetteer.load_word_boundaries()

    def concepts(self, text: str) -> tuple[Concept, ...]:
        return self._concepts.concepts(text)

    def read(self, asked: str, history: Sequence[Turn] = ()) -> Question:
        # the earlier questions are read as this one is (如果宿舍在地下室呢？ after 我是單位的保安…: the question asked again
        # was carried in traditional characters, which the tokenizer and the lexicon do not read)
        earlier = [Turn(role=t.role, content=self._normalised(t.content)) if t.role == "user" else t for t in history]
        text = rewrite_follow_up(
            self._normalised(asked), earlier, self.lexicon, self.gazetteer, self.law_names, self._topic, self._said
        )
        if mostly_english(text):
            # a question asked in English is read in the circulars' words for its terms (salary -> 工资): neither BM25
            # nor the confidence model's signals can read it otherwise, and E5 ranks the two alike
            text = self.lexicon.english_in_chinese(text)
        parts = read_parts(text, self.lexicon)
        question = replace(self._reading(asked, text, parts), circumstance=circumstance_of(text, parts))
        if not question.places and not question.national:
            # a user who said where they work is still there when a later question names no place (隔离完了村里还是拦着不让
            # 我出去… after 我从湖北回常德打工…): their places' rules answer it, as a follow-up's carried place would
            question = replace(question, places=self._places_told(earlier))
        if len(parts) < 2:
            return question
        topic = self._topic(parts[0].text)
        subquestions = []
        for part in parts[1:]:
            # the user's own places only: a place named as not theirs (湖北以外, 老家湖北) read alone in a part would be
            # taken for where the user is (单位部分能免多久 湖北 drew 湖北省可免征…)
            carried = [w for w in (*topic, *(p.short for p in question.rule_places)) if w not in part.text]
            subquestions.append(self._reading(part.text, f"{part.text} {' '.join(carried)}".strip(), (part,)))
        return replace(question, subquestions=tuple(subquestions))

    def _places_told(self, history: Sequence[Turn]) -> tuple[Place, ...]:
        """The places where the user works, as the latest earlier question naming one tells them (a home town named
        as one, 从湖北回常德, is not)."""
        for turn in reversed(history):
            if turn.role != "user":
                continue
            own = self.gazetteer.find_own(turn.content, self.lexicon.elsewhere)
            if own:
                return tuple(own)
        return ()

    def _normalised(self, text: str) -> str:
        """Simplified characters, ASCII digits, and the lexicon's terms where a slip of the input method put another
        word that sounds like one (签和同 -> 签合同)."""
        text = normalise(text)
        return self.corrector.correct(text) if self.corrector is not None else text

    def _topic(self, text: str) -> list[str]:
        """What a question or a part of it is about: its concepts that are not places (carried into a later part, and
        into a follow-up going on with it)."""
        return [c.word for c in self.concepts(text) if c.place is None]

    def _said(self, word: str) -> bool:
        """Whether some clause says the word in one of its forms (always, without the corpus to ask)."""
        prints = self.corpus_prints
        return prints is None or any(prints(form) for form in self.lexicon.forms(word))

    def _reading(self, asked: str, text: str, parts: tuple[QuestionPart, ...]) -> Question:
        places = tuple(self.gazetteer.find(text))
        return Question(
            asked=asked,
            text=text,
            parts=parts,
            references=read_references(text, self.law_names),
            places=places,
            elsewhere=tuple(p for p in places if p.named_as(text, self.lexicon.elsewhere)),
            not_in=tuple(p for p in places if p.named_as(text, self.lexicon.not_in)),
            national=any(word in text for word in self.lexicon.national),
            concepts=self.concepts(self.lexicon.english_in_chinese(text)),
            english=self.lexicon.chinese_of_english(text),
            quotes_asked=any(fact.kind == "text" and fact.asks.search(text) for fact in self.lexicon.asked_facts),
        )
