"""The parts of a question that asks several things, and what each part asks for (a date, an amount, a
length of time, where to apply, who issued, the text itself, a ruling)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lexicon import AskedFact, Lexicon
from lexicon.grammar import DOC_NUMBER_RE, han_count


@dataclass(frozen=True)
class QuestionPart:
    """One thing the question asks, and the kind of fact it asks for (None: an open question)."""

    text: str
    asks: AskedFact | None
    asking: str = ""  # the clauses that ask (a part often tells a story first)
    # what a gap statement quotes: the last clause alone when it asks the same and the one before tells the story
    # (医疗期最长能有几个月 of 我查出腰椎间盘突出要做手术，医疗期最长能有几个月), else ``asking``
    quoted: str = ""

    @property
    def said(self) -> str:
        return self.quoted or self.asking

    @property
    def kind(self) -> str | None:
        return self.asks.kind if self.asks else None


def asks_something(clause: str, lexicon: Lexicon) -> bool:
    """Whether a clause asks anything of its own: a fact the lexicon knows the asking of, or a yes-or-no (…吗, …呢)."""
    return lexicon.asked_fact(clause) is not None or bool(re.search(r"[吗呢么]$", clause))


def split_parts(question: str, lexicon: Lexicon) -> list[str]:
    """Split at question marks and semicolons (a statement before the question, 我在北京工作。…, stays
    with it; 年假呢？ is a part), or, in one sentence, at a closing clause that asks a fact of its own after one
    asking something too (能实行综合计算工时吗，去哪申请)."""
    pieces = re.split(r"([？?；;])", question)
    # (text, whether the user ended it with a question mark)
    ends = [(p.strip(" ，,。！!"), mark in ("？", "?")) for p, mark in zip(pieces[::2], [*pieces[1::2], ""], strict=True)]
    ends = [(p, asks) for p, asks in ends if han_count(p) >= 2]
    if len(ends) > 1:
        # a part that is all circumstance (no ask of its own, no question mark) belongs to the part it leads into
        merged: list[tuple[str, bool]] = []
        for part, marked in ends:
            if merged and not merged[-1][1] and not asks_something(merged[-1][0], lexicon):
                merged[-1] = (f"{merged[-1][0]}，{part}", marked)
            else:
                merged.append((part, marked))
        return [part for part, _ in merged]
    head, _, tail = re.sub(r"[,，]", "，", question.rstrip("？?。！! ")).rpartition("，")
    asked = lexicon.asked_fact(tail)
    # a head that only names the document (人社部发〔2020〕11号，什么时候失效) is what the tail asks about, not a part; nor is
    # one that asks nothing (等恢复正常以后我们要赶进度，国家规定加班一个月最多能加多少小时): it tells the tail's circumstance
    if (
        head
        and asked
        and asked.states is not None
        and han_count(DOC_NUMBER_RE.sub("", head)) >= 4
        and asks_something(head, lexicon)
    ):
        return [head, tail]
    return [question.strip()]


_CLAUSE_BREAK = re.compile(r"[，,。！!\s]+")
_SENTENCE_BREAK = re.compile(r"[。！!]")


def asking_clause(part: str, clauses: int = 2) -> str:
    """The end of a part, where its ask is: its last sentence's last clauses (…说这几天算你请假了，没工资，
    这样合理吗 -> 没工资，这样合理吗), so the story told before it does not decide what it asks."""
    part = part.strip().rstrip("？?！!。 ")
    sentences = [s for s in _SENTENCE_BREAK.split(part) if s.strip()]
    last = sentences[-1] if sentences else part
    pieces = [p for p in _CLAUSE_BREAK.split(last) if p]
    if len(pieces) <= clauses:
        return last.strip(" ，,")
    tail = last[last.rfind(pieces[-clauses]) :] if pieces[-clauses] in last else "，".join(pieces[-clauses:])
    return tail.strip(" ，,")


def read_parts(question: str, lexicon: Lexicon) -> tuple[QuestionPart, ...]:
    parts = []
    for text in split_parts(question, lexicon):
        asking = asking_clause(text)
        # the kind is read in Chinese (the co-issuing agencies -> 联合发文机关), the ask kept as the user wrote it. An
        # English sentence asks first and names last (Could you give me the 成文日期 of 《…》?): its closing clause
        # is not where the ask is, so the whole part is read
        kind = lexicon.asked_fact(lexicon.english_in_chinese(asking))
        if kind is None and mostly_english(text):
            kind = lexicon.asked_fact(lexicon.english_in_chinese(text))
        last = asking_clause(text, clauses=1)
        before = asking[: len(asking) - len(last)].rstrip(" ，,") if asking.endswith(last) else ""
        # the clause before it tells the story (公司让我待岗在家，…给多少钱), unless it asks too (上海的政策是怎么规定的，一个月多少钱)
        tells = before and not asks_something(before, lexicon)
        quoted = last if tells and kind is not None and lexicon.asked_fact(last) == kind else ""
        parts.append(QuestionPart(text, kind, asking, quoted))
    return tuple(parts)


def mostly_english(text: str) -> bool:
    """More English letters than Chinese characters, leaving out the titles it names (《…》)."""
    words = re.sub(r"《[^》]*》", "", text)
    return len(re.findall(r"[A-Za-z]", words)) > han_count(words)
