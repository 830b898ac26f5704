"""Turn loaded physical lines into clean logical lines.

Removes page furniture, strips pinyin annotations, converts traditional to simplified
characters (OpenCC), normalises punctuation and spaced numbers, and re-joins sentences that
PDF extraction broke across lines, keeping the physical line range of every logical line.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from opencc import OpenCC

from ingest.clauses import match_label
from ingest.load import LoadedFile
from ingest.models import Line, SourceText
from lexicon.grammar import HAN, doc_number_of_line, han_count
from lexicon.words import dictionary_words

_PINYIN = re.compile(rf"(?<=[{HAN}?？\ufffd])\(([a-zü\u00e0-\u01dc\u01f9\u1e3f]+)\)")
_TONE_MARKS = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]")
# What a character lost in a pinyin-annotated page leaves behind: ? for it and its reading without the opening
# bracket (?jiǎng)), or a private-use or replacement character. Nothing in the page says what it was.
_DAMAGE = re.compile(r"\?[a-zü\u00e0-\u01dc]{1,7}\)|[\ue000-\uf8ff\ufffd]")
_DAMAGE_GAP = 8  # breaks this close, in one phrase, are one unreadable run: the characters between are garbled too

DATE_LINE = re.compile(r"^\s*(?:（代\s*章）\s*)?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
TITLE_SUFFIX = re.compile(
    r"(公开信|致.{2,12}信|通知|通告|公告|意见|指南|方案|决定|办法|措施|规定|细则|答记者问|问答|解读|倡议书|的函|批复|(?<!的)通报|若干措施|指引|（摘录）|\(摘录\))$"
)
_TERMINAL = "。！？；：!?;:…）)/"
_HEADLINE_END = "！？!?"
ORG_SUFFIX = re.compile(
    r"(政府|办公厅|办公室|人民法院|人民检察院|委员会|常务委员会|局|部|委|厅|院|署|会|中心|总局|集团|小组|机制|综合组|协会|工会|联合会|企业家协会|银行|监管局|管委会)$"
)

# the share of a file's lines that must have about one length for the file to be a wrapped page
WRAPPED_SHARE = 0.3

_DANGLING = "，、到于至从在自和与及的对向将把被由为"
_SENTENCE_MARK = re.compile(r"[，。；：！？、,;:!?]")
_ANY_MARK = re.compile(r"[，。；：！？、,;:!?（）()《》“”\"]")
# How a news item's first sentence opens: 2月6日下午， 昨天下午， 新华社北京2月23日电 -----3月6日下午
NEWS_LEAD = re.compile(r"^[-—\s]*(?:(?:\d{1,2}月)?\d{1,2}日[上下]?午?[，,]|昨[天晚日]|新华社|中新网)")
_DATE_IN_FIRST_CLAUSE = re.compile(r"^[^，。；：]{0,24}?\d{1,2}月\d{1,2}日")
_CLOSERS = "”’」』》"

_INDENT = re.compile(r"^(?:[ \u00a0]{2,}|\u3000|\t)")
_PAGE_NUMBER = re.compile(r"^\s*[-—]?\s*\d{1,3}\s*[-—]?\s*$")
_LETTER_SPACED = re.compile(r"(?:\S\s+){8,}\S")
_RUNNING_HEADER = re.compile(r"^\s*\S{2,12}\s+20\d\d\s*第\s*\d+\s*期\s*$")
_WEB_FURNITURE = re.compile(r"^\s*[（(]?\s*(免责声明|举报邮箱|来源[:：]|责任编辑|版权所有|扫一扫|分享到|打印本页|关闭窗口)")


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


_TONED_PINYIN = re.compile(r"\((?=[a-zü\u00e0-\u01dc]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zü\u00e0-\u01dc]{1,7}\)")


def damaged_runs(text: str) -> list[str]:
    """The runs of ``text`` a broken source left unreadable (主要?jiǎng)趧?wù)输入地 -> ?jiǎng)趧?wù)), verbatim.
    They are kept as printed, never guessed at: a quote must match its source."""
    runs: list[list[int]] = []
    for match in _DAMAGE.finditer(text):
        between = text[runs[-1][1] : match.start()] if runs else ""
        if runs and len(between) <= _DAMAGE_GAP and not _SENTENCE_MARK.search(between):
            runs[-1][1] = match.end()
        else:
            runs.append([match.start(), match.end()])
    return [text[start:end] for start, end in runs]


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations injected after characters: 關(guān)於 -> 關於."""
    text = _TONED_PINYIN.sub("", text)  # tone-marked Latin in brackets is never circular text
    return _PINYIN.sub(lambda m: m.group(0) if not _TONE_MARKS.search(m.group(1)) else "", text)


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def looks_traditional(text: str) -> bool:
    """True when OpenCC would change a noticeable share of the Han characters."""
    han = re.findall(rf"[{HAN}]", text)
    if not han:
        return False
    sample = "".join(han[:5000])
    changed = sum(a != b for a, b in zip(sample, to_simplified(sample)))
    return changed / len(sample) > 0.03


def normalise_punctuation(text: str) -> str:
    """ASCII punctuation between Chinese text becomes full-width; NBSP and ideographic spaces become plain."""
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    text = re.sub(rf"(?<=[{HAN}”）])\s*,\s*", "，", text)
    text = re.sub(rf"(?<=[{HAN}”）])\s*;\s*", "；", text)
    text = re.sub(rf"(?<=[{HAN}])\s*:\s*(?![/\d])", "：", text)
    text = re.sub(rf"\(([^()]*[{HAN}][^()]*)\)", r"（\1）", text)
    text = re.sub(rf"\((?=[{HAN}])", "（", text)  # an unclosed (来源:…
    return text


def collapse_spaced_numbers(text: str) -> str:
    """PDF extraction spaces numbers out: '2020 年 2 月 22 日' -> '2020年2月22日', '〔2020〕1 号' -> '〔2020〕1号'."""
    text = re.sub(rf"(?<=[\d%〔〕])[ \t]+(?=[{HAN}〔〕（）%])", "", text)
    text = re.sub(rf"(?<=[{HAN}〔〕（）、，；：。])[ \t]+(?=[\d〔])", "", text)
    return text


def is_page_furniture(line: str) -> bool:
    stripped = line.strip()
    return bool(
        _PAGE_NUMBER.match(stripped)
        or _RUNNING_HEADER.match(stripped)
        or (_LETTER_SPACED.search(stripped) and re.search(r"(\S\s){6,}", stripped))
        or _WEB_FURNITURE.match(stripped)
    )


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


TITLE_NOTE = re.compile(r"[（(](试行|暂行|摘录|修订|征求意见稿|\d{4}年版?|\d+(?:\.\d+)?版)[）)]$")


def ends_paragraph(line: str) -> bool:
    """Does the line end a sentence? A title's （试行）/（摘录） does not."""
    stripped = TITLE_NOTE.sub("", line.rstrip()).rstrip(_CLOSERS + " ")
    return not stripped or stripped[-1] in _TERMINAL


def is_org_line(text: str, max_han: int = 50) -> bool:
    """A line that is only an issuer's name: 北京市人力资源和社会保障局, 国务院应对…联防联控机制."""
    return (
        bool(ORG_SUFFIX.search(text.strip()))
        and not ends_paragraph(text)
        and han_count(text) <= max_han
        and "关于" not in text
    )


def is_headline(text: str) -> bool:
    """A line that can be (part of) a headline: short, unnumbered and unfinished, or exclaiming
    (物业公司、保洁、保安等服务人员如何防控！)."""
    if match_label(text) or DATE_LINE.match(text) or doc_number_of_line(text) or "http" in text or NEWS_LEAD.match(text):
        return False
    han = han_count(text)
    if not ends_paragraph(text):
        return 2 <= han <= 80
    return text.rstrip()[-1] in _HEADLINE_END and not re.search(r"[。；]", text) and 2 <= han <= 50


def _opens_with_number(line: str) -> bool:
    """Does the line open with a clause number (第X条, 一、, （一）, 1., 一是), not with 附件 or 问？"""
    found = match_label(line)
    return found is not None and found[0] not in ("attachment", "question")


def is_structural_line(line: str) -> bool:
    """Lines that always start a new logical line: labels, dates, 文号, addressees, attachments."""
    s = line.strip()
    return bool(
        _opens_with_number(s)
        or DATE_LINE.match(s)
        or doc_number_of_line(s)
        or re.match(r"^附\s*件", s)
        or re.match(r"^[（(]代\s*章[)）]$", s)
        or re.match(r"^(各|全体).{1,60}[：:]$", s)
        or re.match(r"^[（(]?[一二三四五六七八九十\d]+[)）]?\s*[.．、]?\s*问[：:]|^问[：:]|^答[：:]", s)
    )


def _is_heading(line: str) -> bool:
    """A labelled line with no sentence punctuation: '一、企业应当保障患病职工依法享有医疗期和病假工资'."""
    s = line.strip()
    return _opens_with_number(s) and not re.search(r"[，。；：,;:]", s[4:])


def opens_news_lead(line: str) -> bool:
    """Does the line open like the first sentence of a news item (2月6日下午， 昨天下午， 新华社北京…电,
    中共中央政治局常务委员会3月4日召开会议，)?"""
    return bool(NEWS_LEAD.match(line) or _DATE_IN_FIRST_CLAUSE.match(line)) and not DATE_LINE.match(line)


def _is_display_line(prev: str, following: str) -> bool:
    """A headline complete in itself: a long line without a mark (wrapped prose has commas), or a line
    over the first sentence of its news item."""
    if not _ANY_MARK.search(prev) and han_count(prev) >= 40:
        return True
    if not 12 <= han_count(prev) <= 60 or prev[-1] in _DANGLING:
        return False  # a paragraph so far, or a line broken after a word that needs what follows
    return bool(NEWS_LEAD.match(following)) or (not _SENTENCE_MARK.search(prev) and opens_news_lead(following))


def printed_width(text: str) -> int:
    """How wide the line is on the page, in Han characters: a Latin letter or a digit is half of one."""
    return math.ceil(sum(0.5 if ord(char) < 128 else 1 for char in text))


def wrap_widths(lines: list[Line]) -> range:
    """The line lengths at which the printed page wrapped its lines (empty when it did not).

    A PDF compilation breaks its lines at the page's width, so most of its lines are about as long as its
    most common line (the seed compilation: 31-35 characters for 61% of its lines); a file typed as prose
    or a web page has no such length."""
    lengths = Counter(printed_width(line.text) for line in lines)
    if not lengths:
        return range(0)
    most_common = lengths.most_common(1)[0][0]
    widths = range(most_common - 3, most_common + 2)
    share = sum(lengths[n] for n in widths) / sum(lengths.values())
    return widths if share >= WRAPPED_SHARE else range(0)


def breaks_a_word(previous: str, following: str) -> bool:
    """Whether the line break falls inside a dictionary word (监测处 / 置工作, 浸泡或擦 / 拭消毒): no paragraph,
    heading or table row ends there. jieba's dictionary alone decides (no guessed words), over four characters
    each side."""
    before, after = previous.rstrip()[-4:], following.lstrip()[:4]
    if not (before and after and re.match(f"[{HAN}]", before[-1]) and re.match(f"[{HAN}]", after[0])):
        return False
    at = 0
    for word in dictionary_words().cut(before + after, HMM=False):
        if at < len(before) < at + len(word):
            return True
        at += len(word)
    return False


def should_join(previous: str, following: str, wrap: range = range(0), *, last_line: str | None = None) -> bool:
    """Was ``following`` cut off from ``previous`` by a line break inside a sentence?

    ``wrap``: the lengths at which the page wrapped its lines. A numbered line whose last printed line
    (``last_line``, by default all of ``previous``) is of that length runs on into the next one
    (一、对…在其隔离治 / 疗期间…), however much it looks like a heading; one that stops short has ended
    (1.…“中国职业培训在 / 线”平台 / 联系人：…)."""
    if is_structural_line(following) or ends_paragraph(previous):
        return False
    if breaks_a_word(previous, following):
        return True
    prev = previous.strip()
    if (
        re.search(r"https?://\S+$", prev)
        or DATE_LINE.match(prev)
        or (_is_heading(prev) and printed_width((last_line or prev).strip()) not in wrap)
        or (TITLE_SUFFIX.search(TITLE_NOTE.sub("", prev)) and "，" not in prev)
    ):
        return False
    if _is_display_line(prev, following) or is_org_line(following, max_han=20):
        return False  # a headline, or a signature under the last sentence
    # Wrapped lines are long; short unpunctuated lines are titles, headings and signatures.
    return han_count(prev) >= 20 or bool(re.search(r"[，、“（]", prev) and han_count(prev) >= 12)


def clean_line(text: str, traditional: bool) -> str:
    text = strip_pinyin(text)
    if traditional:
        text = to_simplified(text)
    text = normalise_punctuation(text)
    text = collapse_spaced_numbers(text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def clean_file(loaded: LoadedFile) -> SourceText:
    """Clean a loaded file into logical lines with their physical line ranges."""
    traditional = looks_traditional("".join(text for _, text in loaded.lines[:400]))
    cleaned: list[Line] = []
    indented: list[bool] = []
    for number, raw in loaded.lines:
        if not raw.strip() or is_page_furniture(raw):
            continue
        text = clean_line(raw, traditional)
        if text and not is_page_furniture(text):
            cleaned.append(Line(text, number, number))
            indented.append(bool(_INDENT.match(raw)))
    lines = cleaned if loaded.is_web_page else join_broken_lines(cleaned, indented, wrap_widths(cleaned))
    title = loaded.title
    if title and traditional:
        title = to_simplified(strip_pinyin(title))
    return SourceText(loaded.file, tuple(lines), title=title, date=loaded.date, is_single_document=loaded.is_web_page)


def join_broken_lines(lines: list[Line], indented: list[bool] | None = None, wrap: range = range(0)) -> list[Line]:
    """Re-join lines broken inside a sentence; an indented line always starts a paragraph. ``wrap``: the
    lengths at which the page wrapped its lines (``wrap_widths``)."""
    joined: list[Line] = []
    for index, line in enumerate(lines):
        starts_paragraph = bool(indented and indented[index])
        if joined and not starts_paragraph and should_join(joined[-1].text, line.text, wrap, last_line=lines[index - 1].text):
            prev = joined[-1]
            glue = " " if re.search(r"[A-Za-z0-9]$", prev.text) and re.match(r"[A-Za-z]", line.text) else ""
            text = collapse_spaced_numbers(prev.text + glue + line.text)
            joined[-1] = Line(text, prev.line_start, line.line_end)
        else:
            joined.append(line)
    return joined
