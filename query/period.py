"""The time a question is about (the years it names, else the epidemic years the corpus covers) and whether a
text with given dates was in force then. Retrieval reads it to bring in the version of a statute in force at
that time; the answer, to quote it and to say which version applies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CORPUS_PERIOD = ("2020-01-01", "2022-12-31")  # the circulars' time: a question naming no year is about it


@dataclass(frozen=True)
class Period:
    start: str  # ISO dates, inclusive
    end: str
    named: bool = False  # the question named the years (else it is the corpus's time, by default)

    @property
    def label(self) -> str:
        first, last = self.start[:4], self.end[:4]
        return f"{first}年" if first == last else f"{first}–{last}年"


def question_period(years: Sequence[int]) -> Period:
    """The years the question names (the span from the first to the last), else 2020–2022."""
    if not years:
        return Period(*CORPUS_PERIOD)
    return Period(f"{min(years)}-01-01", f"{max(years)}-12-31", named=True)


def in_force_during(effective_from: str | None, effective_to: str | None, period: Period) -> bool:
    """Whether a text with these dates was in force at some time in ``period`` (unknown dates: assumed so)."""
    if effective_from is None:
        return True
    return effective_from <= period.end and (effective_to is None or effective_to > period.start)


def in_force_throughout(effective_from: str | None, effective_to: str | None, period: Period) -> bool:
    """Whether a text with these dates was in force for the whole of ``period`` (unknown dates: assumed so)."""
    return (effective_from is None or effective_from <= period.start) and (effective_to is None or effective_to > period.end)
