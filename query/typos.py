"""Typos of the circulars' terms put right before a question is read: 签和同 -> 签合同, 年价 -> 年假, 病价工资 -> 病假工资.

People type Chinese through a pinyin input method, which offers every character of a syllable; a slip picks one that
sounds like the word meant and means something else, and neither BM25 nor the meaning model reads it as the word.
A run of two to four characters is read as a term of the lexicon (lexicon/synonyms.tsv, lexicon/userdict.txt) when
it sounds like that one term and like no other, and nothing says it is a word of its own:

- it is not a word in jieba's dictionary (公式 is no slip for 工时) and the corpus does not print it (网上办 holds 上办);
- it does not cut a dictionary word (和同事 holds 和同, but 同事 is a word);
- of a run of two, its first character has the term's tone too: a slip keeps the syllables but a word beginning with
  a negation (不交 bù jiāo) or another word (期是 of 留薪期是) is not the term (补缴 bǔ jiǎo, 歧视 qí shì) it sounds like.
  A run of three or four sounding like a term but for a tone is a slip (实业金 shí for 失业金 shī): over the 1,233
  questions of the sets and probes, dropping the tone there changed that one reading and no other.

The term's other characters are compared without their tones (the input method shows every tone of a syllable:
病加, 病家 for 病假).
"""

from __future__ import annotations

import functools
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable

import jieba

# characters are read one at a time: pypinyin's table of phrase readings (44 MB in memory, read when pypinyin is
# imported, so set before it) is not needed
os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
from pypinyin import Style, lazy_pinyin, pinyin

from lexicon import Lexicon

_HAN_RUN = re.compile(r"^[\u4e00-\u9fff]+$")
TERM_LENGTHS = (4, 3, 2)  # the longer slip first: 病价工资 -> 病假工资 before its 病价
# a run jieba's dictionary counts this often is a word of its own, not a slip (补交 22, 病家 18; 不交 3)
WORD_FREQUENCY = 10


def lexicon_terms(lexicon: Lexicon) -> set[str]:
    """The words a slip is read as: the circulars' terms (the user dictionary) and the lexicon's colloquial forms and
    the circulars' words for them."""
    return {*lexicon.terms, *lexicon.synonyms, *(form for forms in lexicon.synonyms.values() for form in forms)}


@functools.lru_cache(maxsize=8192)
def _syllable(character: str) -> tuple[str, str]:
    """A character's usual reading, with its tone (jia4) and without (jia); read alone, as the term's and the
    question's characters both are, so a character reads the same in either."""
    toned = pinyin(character, style=Style.TONE3, heteronym=False)[0][0]
    return toned, lazy_pinyin(character)[0]


def _sound(text: str) -> tuple[str, ...]:
    """The first character's syllable with its tone, the others' without; of a run of three or four, none with its tone:
    two syllables alike but for the first tone are often two words (不交, 补缴), three rarely (实业金 is 失业金)."""
    if len(text) >= 3:
        return tuple(_syllable(c)[1] for c in text)
    return (_syllable(text[0])[0], *(_syllable(c)[1] for c in text[1:]))


class TypoCorrector:
    """Puts slips of the lexicon's terms right (built once; ``correct`` is called on every question)."""

    def __init__(self, terms: Iterable[str], words: jieba.Tokenizer, corpus_uses: Callable[[str], bool]) -> None:
        by_sound: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._terms = {t for t in terms if len(t) in TERM_LENGTHS and _HAN_RUN.match(t)}
        for term in self._terms:
            by_sound[_sound(term)].add(term)
        # a sound two terms share tells neither
        self._by_sound = {sound: next(iter(found)) for sound, found in by_sound.items() if len(found) == 1}
        self._words = words
        self._corpus_uses = corpus_uses

    def corrections(self, text: str) -> list[tuple[int, str, str]]:
        """Each slip as (offset, as typed, the term), in order, none overlapping."""
        tokens: list[tuple[str, int, int]] | None = None  # cut only when a run sounds like a term: most questions have none
        found: list[tuple[int, str, str]] = []
        taken: set[int] = set()
        for length in TERM_LENGTHS:
            for start in range(len(text) - length + 1):
                end = start + length
                span = text[start:end]
                if taken & set(range(start, end)) or not _HAN_RUN.match(span) or span in self._terms:
                    continue
                term = self._by_sound.get(_sound(span))
                if term is None or self._is_word(span):
                    continue
                tokens = tokens if tokens is not None else list(self._words.tokenize(text))
                if self._cuts_a_word(tokens, start, end) or self._corpus_uses(span):
                    continue
                found.append((start, span, term))
                taken |= set(range(start, end))
        return sorted(found)

    def correct(self, text: str) -> str:
        for start, span, term in reversed(self.corrections(text)):
            text = text[:start] + term + text[start + len(span) :]
        return text

    def _is_word(self, span: str) -> bool:
        return (self._words.FREQ.get(span) or 0) >= WORD_FREQUENCY

    def _cuts_a_word(self, tokens: Iterable[tuple[str, int, int]], start: int, end: int) -> bool:
        """Whether the run takes part of a dictionary word (同 of 同事 in 和同事); a run jieba only guessed a word
        from unknown characters (签和同) is cut freely."""
        return any(
            word_end - word_start >= 2
            and (self._words.FREQ.get(word) or 0) > 0
            and word_start < end
            and word_end > start
            and not (word_start >= start and word_end <= end)
            for word, word_start, word_end in tokens
        )
