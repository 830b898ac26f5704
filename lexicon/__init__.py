"""Domain knowledge as data: how users and circulars speak (see lexicon/README.md). ``load_lexicon()``
reads the files once; the stages get the ``Lexicon`` passed in."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

LEXICON_DIR = Path(__file__).parent
USER_DICT = LEXICON_DIR / "userdict.txt"
STOP_WORDS = LEXICON_DIR / "stopwords.txt"


@dataclass(frozen=True)
class AskedFact:
    """One kind of thing a question may ask, and how a sentence stating it reads (None: any sentence)."""

    kind: str  # date, duration, amount, where, how, issuer, text, ruling
    asks: re.Pattern[str]
    states: re.Pattern[str] | None


# the kinds of fact whose absence from every chosen sentence is worth telling the user (未载明)
STATED_FACTS = ("date", "duration", "money", "amount", "effective", "expiry")


@dataclass(frozen=True)
class Lexicon:
    synonyms: dict[str, tuple[str, ...]]  # user form -> the circulars' forms
    framing: frozenset[str]
    national: frozenset[str]
    asked_facts: tuple[AskedFact, ...]
    follow_up: dict[str, re.Pattern[str]]  # opening, refers_back, aspect
    terms: frozenset[str]  # the circulars' own terms (the user dictionary's words)
    english: dict[str, str]  # an English word users mix in (lower case) -> the Chinese they mean
    english_words: re.Pattern[str]  # any of them, whole, any case, the longer phrase first
    # how a place is named that is not where the user works (a home town: 安徽老家), {place} for the place as written
    elsewhere: tuple[str, ...] = ()
    # …of them, those saying the user is not there (不在湖北, 湖北以外): that place's own rules are not the user's
    not_in: tuple[str, ...] = ()
    # a user form that means the circulars' words only beside another word (病休 in a work-injury story is the
    # 停工留薪期, beside a cold it is sick leave) -> the words, one of which the question must also say
    synonym_contexts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def synonyms_in(self, text: str) -> list[str]:
        """The user forms of synonyms.tsv that ``text`` says, each beside the word it needs if it needs one."""
        return [form for form in self.synonyms if form in text and self._beside_its_word(form, text)]

    def _beside_its_word(self, form: str, text: str) -> bool:
        """Whether ``text`` says one of the words ``form``'s row needs beside it (always, for a row needing none)."""
        needs = self.synonym_contexts.get(form)
        return not needs or any(word in text for word in needs)

    def _chinese_of(self, match: re.Match[str]) -> str:
        return self.english[" ".join(match.group(0).lower().split())]

    def english_in_chinese(self, text: str) -> str:
        """``text`` with the English words users mix in (被判成close contact) written in Chinese."""
        return self.english_words.sub(self._chinese_of, text)

    def chinese_of_english(self, text: str) -> tuple[str, ...]:
        """The Chinese of each English word ``text`` mixes in (把我fire掉 -> 辞退), in order."""
        return tuple(self._chinese_of(m) for m in self.english_words.finditer(text))

    def asked_fact(self, text: str) -> AskedFact | None:
        """The first kind of fact ``text`` asks for (the file lists the more specific kinds first)."""
        return next((fact for fact in self.asked_facts if fact.asks.search(text)), None)

    def forms(self, word: str, text: str | None = None) -> tuple[str, ...]:
        """The words a circular may use for ``word`` (itself first); in ``text``, a row needing a word beside it counts
        only where the text says one."""
        if text is not None and not self._beside_its_word(word, text):
            return (word,)
        return tuple(dict.fromkeys((word, *self.synonyms.get(word, ()))))


def _rows(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def word_list(path: Path) -> frozenset[str]:
    """The words of a one-word-per-line lexicon file (the first column; ``#`` starts a comment line)."""
    return frozenset(row[0].strip() for row in _rows(path))


@functools.lru_cache(maxsize=4)
def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """Read every lexicon file of ``directory``; a malformed row raises ``ValueError`` naming the file and row."""
    synonyms: dict[str, tuple[str, ...]] = {}
    synonym_contexts: dict[str, tuple[str, ...]] = {}
    for row in _rows(directory / "synonyms.tsv"):
        if len(row) not in (2, 3) or not all(cell.strip() for cell in row):
            raise ValueError(
                f"{directory / 'synonyms.tsv'}: expected 'word<TAB>form|form', optionally '<TAB>word|word' the question must"
                f" also say, got {row!r}"
            )
        synonyms[row[0]] = tuple(f for f in row[1].split("|") if f)
        if len(row) == 3:
            synonym_contexts[row[0]] = tuple(w for w in row[2].split("|") if w)
    facts = []
    for row in _rows(directory / "asked_facts.tsv"):
        if len(row) != 3:
            raise ValueError(f"{directory / 'asked_facts.tsv'}: expected kind, question and statement patterns: {row!r}")
        kind, asks, states = row
        facts.append(AskedFact(kind, re.compile(asks), re.compile(states) if states else None))
    follow_up = {row[0]: re.compile(row[1]) for row in _rows(directory / "conversation.tsv")}
    english = {}
    for row in _rows(directory / "english.tsv"):
        if len(row) != 2 or not row[0].strip() or not row[1].strip():
            raise ValueError(f"{directory / 'english.tsv'}: expected 'English<TAB>Chinese', got {row!r}")
        english[row[0].strip().lower()] = row[1].strip()
    longest_first = sorted(english, key=len, reverse=True)
    english_words = re.compile(
        r"(?<![A-Za-z])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in longest_first) + r")(?![A-Za-z])",
        re.IGNORECASE,
    )
    elsewhere = _elsewhere(directory / "elsewhere.txt")
    terms = frozenset(line.split()[0] for line in USER_DICT.read_text(encoding="utf-8").splitlines() if line.strip())
    return Lexicon(
        synonyms=synonyms,
        synonym_contexts=synonym_contexts,
        framing=word_list(directory / "framing.txt"),
        national=word_list(directory / "national.txt"),
        asked_facts=tuple(facts),
        follow_up=follow_up,
        terms=terms,
        english=english,
        english_words=english_words,
        elsewhere=tuple(template for _, template in elsewhere),
        not_in=tuple(template for kind, template in elsewhere if kind == "not_in"),
    )


ELSEWHERE_KINDS = ("home", "not_in", "trip")


def _elsewhere(path: Path) -> tuple[tuple[str, str], ...]:
    """The (kind, template) rows of elsewhere.txt; each template must name {place} once and compile once it is
    filled in."""
    templates = []
    for row in _rows(path):
        if len(row) != 2 or row[0] not in ELSEWHERE_KINDS or row[1].strip().count("{place}") != 1:
            raise ValueError(f"{path}: each line is a kind ({', '.join(ELSEWHERE_KINDS)}), a tab and one pattern naming {{place}} once, got {row!r}")
        kind, template = row[0], row[1].strip()
        try:
            re.compile(template.replace("{place}", "X"))
        except re.error as exc:
            raise ValueError(f"{path}: {template!r} is not a regular expression: {exc}") from exc
        templates.append((kind, template))
    return tuple(templates)
