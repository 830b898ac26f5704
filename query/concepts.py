"""The concepts a question is about: the circulars' own terms, colloquial forms mapped to the circulars'
words, and content words, each with the forms a circular may print it in. Concepts RANK clauses and
sentences; they never decide whether the corpus answers."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jieba
import jieba.posseg

from lexicon import Lexicon
from lexicon.grammar import find_doc_numbers, named_beyond_exclusion
from lexicon.places import NATIONAL, Gazetteer
from lexicon.words import user_words

# parts of speech that carry the topic of a question: nouns, names, places, verbal nouns, idioms
_CONTENT_POS = {"n", "nr", "ns", "nt", "nz", "vn", "an", "l", "j", "eng", "nrt", "ng"}
_NEGATIONS = set("不没别未")  # 不太想, 没法: a mis-tagged verb phrase, not a topic
# an asking word tagged as a noun (哪几个 of 具体是哪几个月减半) asks, it names no topic: read as one, it was the thing a
# figure had to be of, and 2020年2月至2020年6月…减半征收 was said not to state which months
_INTERROGATIVES = ("哪", "什么", "多少", "怎么", "怎样", "如何")
# 能领, 能报, 要交: a modal verb and the verb it governs, which the tagger guesses a noun when its dictionary lacks the pair
_MODALS = set("能可会该要")


@dataclass(frozen=True)
class Concept:
    """One thing the question is about, with the words a circular may use for it."""

    word: str
    forms: tuple[str, ...]
    place: str | None = None  # the region a place concept means: 北京, 全国 …

    def found_in(self, text: str) -> bool:
        """Whether ``text`` says the concept; a place only where it is not left out (除湖北省外)."""
        if self.place is not None:
            return any(named_beyond_exclusion(text, form) for form in self.forms)
        return any(form in text for form in self.forms)


class ConceptReader:
    """Reads concepts with jieba's part-of-speech tagger over the lexicon's user dictionary (the same
    dictionary BM25 tokens with)."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, words: jieba.Tokenizer | None = None) -> None:
        # ``words``: the tokenizer BM25 cuts with, so the two read a question into the same words (loaded once)
        self._tagger = jieba.posseg.POSTokenizer(words or user_words())
        self._lexicon = lexicon
        self._gazetteer = gazetteer

    @functools.lru_cache(maxsize=2048)  # noqa: B019 - one reader per assistant, lives as long as it
    def concepts(self, text: str) -> tuple[Concept, ...]:
        lexicon = self._lexicon
        found: dict[str, Concept] = {}
        pairs = [(pair.word.strip(), pair.flag) for pair in self._tagger.cut(text)]
        # the circulars' own terms first: 一次性社会保险补贴 is one thing, not 补贴 + 社会保险
        for word, _ in pairs:
            if word in lexicon.terms and not any(word in known for known in found):
                found[word] = Concept(word, lexicon.forms(word, text))
        for colloquial in sorted(lexicon.synonyms_in(text), key=len, reverse=True):
            if not any(colloquial in word for word in found):
                found[colloquial] = Concept(colloquial, lexicon.forms(colloquial, text))
        for ref in find_doc_numbers(text):
            found[ref.normalized] = Concept(ref.normalized, (ref.normalized, ref.core))
        for place in self._gazetteer.find(text):
            name = next((n for n in (place.name, place.short) if n in text), place.short)
            found[name] = Concept(name, (place.short, place.name), place=place.short)
        for word in lexicon.national:
            if word in text:
                found[word] = Concept(word, (word,), place=NATIONAL)
        known_words = self._tagger.tokenizer.FREQ
        for word, flag in pairs:
            if len(word) < 2 or flag not in _CONTENT_POS or word in lexicon.framing or word[0] in _NEGATIONS:
                continue
            if any(asking in word for asking in _INTERROGATIVES):
                continue
            if word[0] in _MODALS and word not in known_words:
                continue
            if any(word in known or known in word for known in found):
                continue
            found[word] = Concept(word, lexicon.forms(word, text))
        return tuple(found.values())
