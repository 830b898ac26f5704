"""Sentences of a clause, verbatim: where a sentence ends (not where the printed page wrapped), which line
is a heading, which sentence only frames the circular, which one leans on the one before, and so the
clause's quotable units (``quotable_units``), which ingestion stores with every clause."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lexicon.grammar import ARTICLE_LABEL, CN_DIGITS, char_bigrams

_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?[”’）)]?")
_CLAUSE_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?[”’）)]?")
# a line break before a label (（二）, 2., 问：) or after a colon ends a sentence; any other one in a
# clause is where the printed page wrapped, in the middle of a sentence
# the label of a numbered clause or item: 第四十条, 二、, （三）, 2.
_NUMBER_LABEL = rf"(?:{ARTICLE_LABEL}|[{CN_DIGITS}]+、|[（(][{CN_DIGITS}\d]+[）)]|\d+[.、．])"
_LABEL = rf"\s*(?:{_NUMBER_LABEL}|问[：:]|答[：:]|附件)"
_WRAPPED_LINE = range(31, 36)  # characters: the PDF compilations wrap their lines at 31-35
# a line that is only a note of who is responsible ((责任单位：市财政局)) ends where it ends: the sentence after
# it is a sentence of its own, not the note's continuation
_NOTE_LINE = re.compile(r"\s*[（(](?:责任单位|牵头单位|配合单位)[：:][^\n]*[)）]\s*")
_REAL_BREAK = re.compile(rf"\n(?={_LABEL})|(?<=[：:])\n")
_WRAP = re.compile(rf"(?<![：:])\n(?!{_LABEL})")


def unwrap(quote: str) -> str:
    """The quote as a reader sees it: the printed page's line wraps removed, its items and its heading kept
    apart (二、企业要妥善安置…人员 / 对于新型…, not …人员对于新型…)."""
    head, newline, rest = quote.partition("\n")
    if newline and rest.strip() and is_heading_line(head):
        return f"{head}\n{_WRAP.sub('', rest)}"
    return _WRAP.sub("", quote)


def split_sentences(text: str) -> list[str]:
    """Sentences of free text (an LLM's answer): every line break ends one."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


# an article (第四十一条 …) opens with its rule, also when the rule leads into a list (有下列情形之一的，…：)
_ARTICLE_OPENING = re.compile(rf"^\s*{ARTICLE_LABEL}")
# a numbered clause of a notice or a law: never the notice's head, where its addressee line stands
_NUMBERED_OPENING = re.compile(rf"^\s*{_NUMBER_LABEL}")


def is_heading_line(line: str) -> bool:
    """A clause's first line is its heading (二、企业要妥善安置…) unless it says a sentence, or it is a
    sentence the printed page wrapped: a line as long as the compilations' full lines (1.对…在其隔离治疗
    / 期间或医学观察期间…) continues on the next one; an addressee line (…厅（局）：) stays apart. An
    article's first line is its rule, never a heading."""
    line = line.strip()
    if re.search(r"[。；！？]", line) or _ARTICLE_OPENING.match(line):
        return False
    # a longer line is a title or a heading the page did not wrap
    return len(line) not in _WRAPPED_LINE or line.endswith(("：", ":"))


def clause_sentences(text: str) -> list[str]:
    """Sentences of a stored clause, verbatim: a heading line is one, and a sentence the printed page
    wrapped keeps its line break (so the quote is still a substring of the clause)."""
    head, _, body = text.partition("\n")
    pieces = [head, *_REAL_BREAK.split(body)] if body and is_heading_line(head) else _REAL_BREAK.split(text)
    pieces = [part for piece in pieces for part in _apart_from_notes(piece)]
    return [s.strip() for piece in pieces for s in _CLAUSE_SENTENCE.findall(piece) if s.strip()]


def _apart_from_notes(piece: str) -> list[str]:
    """The piece with each line that is only a responsibility note as a piece of its own."""
    parts: list[str] = []
    run: list[str] = []
    for line in piece.split("\n"):
        if _NOTE_LINE.fullmatch(line):
            parts += ["\n".join(run), line] if run else [line]
            run = []
        else:
            run.append(line)
    if run:
        parts.append("\n".join(run))
    return parts


def without_heading(text: str) -> str:
    """The clause without a heading-only first line (二、企业要妥善安置…)."""
    first, _, rest = text.partition("\n")
    return rest.strip() if rest.strip() and is_heading_line(first) else text


_BOILERPLATE = re.compile(
    r"^[（(]?(责任单位|牵头单位|配合单位)[：:]|答[：:]$|通知如下|说明如下|通告如下|公告如下|如下[：:]?$|特此通知|特此通告|请认真贯彻执行|请遵照执行|经市政府同意[，,]?$"
)
_ADDRESSEE = re.compile(r"[：:]\s*$")


def is_boilerplate(sentence: str, in_numbered_clause: bool = False) -> bool:
    """The framing of a circular (…现就有关事项通知如下：, an addressee line, 特此通知, a Q&A's 答：) says no rule.
    The addressee line heads a notice, before its first numbered clause: in a numbered clause (二、, （一）, 1.,
    第四十一条) a line ending in a colon leads into a list (登记以下5项重要信息：, 应当优先留用下列人员：) and is a rule."""
    text = sentence.strip()
    addressee = not in_numbered_clause and _ADDRESSEE.search(text) and not re.search(r"[。；]", text)
    return bool(_BOILERPLATE.search(text) or addressee)


# a line giving whom to call (联系人：…，联系电话：…) names people, not a rule: worth quoting only to a question asking
# where to turn; a line listing a notice's attachments (附件：1.…申请审批表) names forms, worth quoting to none
_CONTACT = re.compile(r"联系人[和及]?(?:联系)?(?:电话)?[：:]|联系电话[：:]")
_ANNEX_LIST = re.compile(r"^\s*附件[：:]")


def is_contact_line(sentence: str) -> bool:
    """Whether the sentence gives a contact (联系人：张某，联系电话：…)."""
    return bool(_CONTACT.search(sentence))


def is_annex_list(sentence: str) -> bool:
    """Whether the sentence lists a notice's attachments (附件：1.…)."""
    return bool(_ANNEX_LIST.search(sentence))


def is_question(sentence: str) -> bool:
    """Press Q&As print the reporter's question; a question is never the answer."""
    return bool(re.match(r"^\s*(问|记者)[：:]", sentence)) or sentence.rstrip("”’）)").endswith(("？", "?"))


_ITEM = re.compile(rf"^\s*([（(](?:\d{{1,2}}|[{CN_DIGITS}]{{1,3}})[）)]|\d{{1,2}}[.．、])")


def is_list_item(text: str) -> bool:
    """An enumerated item: (1)…, （一）…, 2.…"""
    return bool(_ITEM.match(text))


def sentences_in(unit: str) -> list[str]:
    """The sentences a quoted unit (a sentence and its continuation) is made of."""
    return [p.strip() for p in _CLAUSE_SENTENCE.findall(unit) if p.strip()]


# a sentence that leans on the one before: 在此期间，… / 其中，… / a condition that varies the one before
# (超过一个工资支付周期的，… / 职工没有提供正常劳动的，…) / 待岗期间，… after the sentence arranging 待岗
_ANAPHORA = re.compile(r"^(在此期间|此期间|其中|上述|对此)")
_CONDITION = re.compile(r"^((职工|企业|用人单位)?(超过|未|没有|不满|已满|其他|对其他)[^，。；]{0,30})的，")
_DURING = re.compile(r"^([\u4e00-\u9fff]{2,6})期间[，,]")


def leans_on(sentence: str, before: str) -> bool:
    """Whether ``sentence`` continues ``before`` rather than starting a rule of its own."""
    if _ANAPHORA.match(sentence):
        return True
    if condition := _CONDITION.match(sentence):
        # a variation of the condition before (在一个工资支付周期内的 -> 超过一个工资支付周期的), not a
        # new subject (职工未复工时间较长的 after a sentence on 年休假)
        words = char_bigrams(condition.group(1))
        return bool(words) and len(words & char_bigrams(before)) >= len(words) / 2
    during = _DURING.match(sentence)
    return bool(during and during.group(1) in before)


def with_continuations(text: str, sentences: Sequence[str], max_chars: int) -> list[str]:
    """Sentences of ``text`` with each one that leans on the one before joined to it (verbatim, with
    what lies between them), so a rule is quoted with its conditions and exceptions."""
    joined: list[str] = []
    starts: list[int] = []
    position = 0
    for sentence in sentences:
        start = text.find(sentence, position)
        if start < 0:  # not where expected: keep it as it is
            joined.append(sentence)
            starts.append(-1)
            continue
        position = start + len(sentence)
        if (
            joined
            and starts[-1] >= 0
            and leans_on(sentence, joined[-1])
            and (position - starts[-1] <= max_chars)
        ):
            joined[-1] = text[starts[-1] : position]
        else:
            joined.append(sentence)
            starts.append(start)
    return joined


LIST_QUOTE_CHARS = 400  # a lead-in quoted with its list's items up to this length


def with_its_list(quote: str, text: str, max_chars: int = LIST_QUOTE_CHARS) -> str:
    """A quote that leads into a list (登记以下5项重要信息：, …可以裁减人员：) with the items that follow it in
    ``text``, verbatim, up to ``max_chars``: the lead-in alone says there is a list, not what is on it. Any
    other quote, or one not found in ``text``, is returned as it is."""
    start = text.find(quote)
    if start < 0 or not quote.rstrip().endswith(("：", ":")):
        return quote
    end = start + len(quote)
    lines = text[end:].split("\n")
    if len(lines) < 2 or lines[0].strip():  # the list starts on the next line
        return quote
    offset = end + len(lines[0]) + 1
    taken = end  # the end of the last whole item
    open_item = False  # an item the printed page wrapped (…延长工作时间的， / 按照不低于…) goes on
    for line in lines[1:]:
        item = line.strip()
        if not (is_list_item(item) or (open_item and item and not item.endswith(("：", ":")))):
            break
        if offset + len(line) - start > max_chars:
            break
        open_item = not item.endswith(("；", "。", ";"))
        offset += len(line) + 1
        if not open_item:
            taken = offset - 1
    return text[start:taken]


def lead_in_index(units: Sequence[str], index: int) -> int | None:
    """Of a clause's quotable units, the one leading into the list ``units[index]`` is an item of (over the items
    before it); None for a unit that is not an item or whose list has no lead-in."""
    if not is_list_item(units[index]):
        return None
    for before in range(index - 1, -1, -1):
        if not is_list_item(units[before]):
            return before if units[before].rstrip().endswith(("：", ":")) else None
    return None


def list_items_under_lead_in(text: str) -> list[str]:
    """Each list item printed in a clause's text (a line of its own) under the sentence its list hangs from, the
    article's label left out: 用人单位有下列情形之一的，劳动者可以解除劳动合同：（三）未依法为劳动者缴纳社会保险费的；.
    An item alone does not say what it is a case of, and a long article's own vector dilutes every item in it."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    items: list[str] = []
    for index, line in enumerate(lines):
        before = lead_in_index(lines, index)
        if before is None:
            continue
        lead_in = re.split(r"(?<=[。；;])", lines[before])[-1].strip()
        items.append(_ARTICLE_OPENING_LABEL.sub("", lead_in) + line)
    return items


_ARTICLE_OPENING_LABEL = re.compile(rf"^\s*{ARTICLE_LABEL}\s*")


def list_lead_in(quote: str, text: str) -> str:
    """The sentence that leads into the list a quoted item is on, verbatim from ``text`` (for （三）累计工作满1年不满
    10年的职工，请病假累计2个月以上的： 第四条 职工有下列情形之一的，不享受当年的年休假：); empty when the quote is not a
    list item, or its list has no lead-in. An item says what it says only under its lead-in: quoted alone, 请病假累计2个月
    以上的 reads as a rule on sick leave."""
    start = text.find(quote)
    if start < 0:
        return ""
    lines = [line.strip() for line in text[:start].split("\n") if line.strip()] + [quote]
    before = lead_in_index(lines, len(lines) - 1)
    return "" if before is None else re.split(r"(?<=[。；;])", lines[before])[-1].strip()


def same_wording(a: str, b: str, overlap: float = 0.6) -> bool:
    """Two sentences that say much the same (most of the shorter one's wording is in the other)."""
    x, y = char_bigrams(a), char_bigrams(b)
    return bool(x and y) and len(x & y) / min(len(x), len(y)) >= overlap


WHOLE_CLAUSE_CHARS = 160  # a clause body this short is quoted whole: its conditions and exceptions stay with the rule
MAX_QUOTE_CHARS = 220  # a sentence and the ones leaning on it are joined up to this length


def quotable_units(text: str) -> tuple[str, ...]:
    """What may be quoted of a clause, verbatim: the whole body when it is short, else its sentences (each
    with the ones leaning on it); never a reporter's question or a circular's framing."""
    body = without_heading(text)
    numbered = bool(_NUMBERED_OPENING.match(text))
    if len(body) <= WHOLE_CLAUSE_CHARS and not is_question(body) and not is_boilerplate(body, numbered):
        return (body,)
    head = text.partition("\n")[0].strip()
    heading = head if "\n" in text and is_heading_line(head) else None
    units = with_continuations(text, clause_sentences(text), MAX_QUOTE_CHARS)
    # a heading names the rule's topic, it states no rule: never quoted on its own
    return tuple(
        u for u in units if u != heading and not is_question(u) and not is_boilerplate(u, numbered) and len(u) >= 6
    )
