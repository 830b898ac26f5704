"""Cut a compilation of many notices into one raw document per notice, news item or Q&A.

A document ends at its signature date; one begins at a 文号 (with the title lines above it), at a
关于…的通知 title after a finished paragraph, or at a headline over the opening of a news item, an appeal
or a Q&A (an addressee, a first sentence that names its day, a byline, a question). Attachments (附件, or
the text a 关于印发《X》的通知 or a 公告 publishes) stay with the notice that carries them.
"""

from __future__ import annotations

import dataclasses
import re

from ingest.clauses import match_label
from ingest.clean import (
    DATE_LINE,
    ORG_SUFFIX,
    TITLE_NOTE,
    TITLE_SUFFIX,
    ends_paragraph,
    is_headline,
    is_org_line,
    opens_news_lead,
)
from ingest.models import Line, RawDocument, SourceText
from lexicon.grammar import HAN, doc_number_of_line, han_count

_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[：:]?")



def _is_title_line(text: str) -> bool:
    return not ends_paragraph(text) and han_count(text) <= 60 and not DATE_LINE.match(text)


def _title_block_end(lines: tuple[Line, ...], i: int, max_lines: int = 3) -> int | None:
    """If lines[i:] open with a title (one to three short lines ending in 通知/通告/…), return its end."""
    text = ""
    for j in range(i, min(i + max_lines, len(lines))):
        line = lines[j].text
        if not _is_title_line(line) or (j > i and (doc_number_of_line(line) or DATE_LINE.match(line))):
            return None
        text += line
        if TITLE_SUFFIX.search(TITLE_NOTE.sub("", text)) or re.search(r"答记者问$|^答记者问", text):
            return j + 1
    return None


def _published_titles(lines: list[Line]) -> set[str]:
    """Titles this document publishes (印发/制定/公布), so a following attachment can be recognised."""
    text = "".join(line.text for line in lines)
    titles = set(re.findall(r"关于印发(.{4,60}?)的通知", text))
    titles.update(re.findall(r"(?:印发|制定了?|发布|公布)[^。《]{0,20}《([^《》]{4,80})》", text))
    titles.update(re.findall(r"《([^《》]{4,80})》[^。]{0,60}(?:现予公布|现予印发|印发给你们|予以印发)", text))
    return {re.sub(r"\s", "", t) for t in titles}


def _starts_attachment(lines: tuple[Line, ...], i: int, current: list[Line]) -> bool:
    """After a signature date: is what follows the attachment the notice announced?"""
    if i >= len(lines):
        return False
    if _ATTACHMENT.match(lines[i].text):
        return True
    if re.search(r"详见|链接", lines[i].text) and any("http" in line.text for line in lines[i : i + 2]):
        return True  # 指南为图片格式，详见以下链接 http://…
    if i + 1 < len(lines) and is_org_line(lines[i].text, max_han=40):
        i += 1  # 最高人民法院 最高人民检察院 … / 关于…的意见
    published = _published_titles(current)
    candidate = ""
    for j in range(i, min(i + 3, len(lines))):
        if not _is_title_line(lines[j].text):
            break
        candidate += re.sub(r"\s", "", lines[j].text)
        if len(candidate) >= 8 and any(title.endswith(candidate) or candidate.endswith(title) for title in published):
            return True
    # A table or list the notice refers to as 附件/附表, untitled by 关于 and without a 文号 of its own.
    mentions_attachment = any(re.search(r"附件|附表|见下表|如下表", line.text) for line in current)
    upcoming = lines[i : i + 4]
    return (
        mentions_attachment
        and not lines[i].text.startswith("关于")
        and not any(doc_number_of_line(line.text) for line in upcoming)
        and not _is_news_opening(lines, i)
    )


def _is_news_opening(lines: tuple[Line, ...], i: int) -> bool:
    window = "".join(line.text for line in lines[i : i + 3])
    return bool(re.search(r"会议|记者|发布会|新闻|日电|昨天|日下午|日上午", window))


def _start_of_numbered_document(lines: tuple[Line, ...], number_index: int, floor: int) -> int:
    """Walk up from a 文号 line over the title lines (and one issuer line) above it."""
    start = number_index
    block = ""
    for j in range(number_index - 1, max(floor, number_index - 5) - 1, -1):
        text = lines[j].text
        if DATE_LINE.match(text) or ends_paragraph(text) or han_count(text) > 60 or "http" in text or han_count(text) < 2:
            break
        if block.startswith("关于") or re.match(r"^.{2,30}(公告|通知|通告|意见|决定)$", block):
            if is_org_line(text, max_han=40) or (text.startswith("关于") and TITLE_SUFFIX.search(text)):
                start = j  # an issuer above the title, or the compilation's heading above the issuer's title
            break
        block = text + block
        start = j
    return start


_ADDRESSEE = re.compile(r"^各.{1,80}[：:]$")
# 市民朋友们： 全市企业和职工： 全体会员单位： (the salutation of an appeal or a letter)
_SALUTATION = re.compile(r"^[^，。；、]{2,16}[：:]$")
_ANNOUNCED_TITLE = re.compile(r"(?:发布|印发|出台|公布)了?《([^《》]{6,80})》")


def _opens_titled_document(text: str) -> bool:
    if text.startswith(("关于", "——致")) or re.search(r"倡议书$|答记者问$|公开信$", text):
        return True
    # a title without 关于: 北京市单位食堂新型冠状病毒感染的肺炎预防控制指引
    return (
        han_count(text) <= 40
        and match_label(text) is None
        and not re.search(r"[，。；：,;:]", text)
        and bool(TITLE_SUFFIX.search(TITLE_NOTE.sub("", text)))
    )


def _ends_text(text: str) -> bool:
    """Does this line close what came before it: a finished sentence, a signature date or a link?"""
    return ends_paragraph(text) or bool(DATE_LINE.match(text)) or "http" in text


def _is_sentence(text: str) -> bool:
    return ends_paragraph(text) and han_count(text) >= 10 and not DATE_LINE.match(text)


def _opens_item(lines: tuple[Line, ...], j: int) -> bool:
    """Does lines[j] open the text under a headline: an addressee, a news lead, a byline or a question?"""
    if j >= len(lines) or DATE_LINE.match(lines[j].text):
        return False  # a headline over a date is a signature
    text = lines[j].text.strip()
    if _ADDRESSEE.match(text) or _SALUTATION.match(text):
        return True
    if is_org_line(text, max_han=20) and j + 1 < len(lines) and _is_sentence(lines[j + 1].text):
        return True  # a byline: 北京市疾病控中心
    if text.endswith(("？", "?")) and any(line.text.startswith("答") for line in lines[j + 1 : j + 3]):
        return True  # questions and answers
    return any(opens_news_lead(line.text) for line in lines[j : j + 2])


def _headline_block_end(lines: tuple[Line, ...], i: int) -> int | None:
    """If lines[i:] are one to three headline lines over the opening of an item, where the block ends.
    A first line ending in ： is a kicker (…第四十二次新闻发布会：) when a headline follows it."""
    end = i
    if lines[i].text.rstrip().endswith(("：", ":")) and i + 1 < len(lines) and is_headline(lines[i + 1].text):
        if han_count(lines[i].text) > 60:
            return None
        end = i + 1
    while end < len(lines) and end - i < 3 and is_headline(lines[end].text):
        end += 1
        if _opens_item(lines, end):
            return end
    return None


def _starts_headlined_item(lines: tuple[Line, ...], i: int) -> bool:
    """A news item, appeal or Q&A begins at i: the text before it is finished and a headline opens it."""
    return _ends_text(lines[i - 1].text) and _headline_block_end(lines, i) is not None


def find_document_starts(source: SourceText) -> list[int]:
    lines = source.lines
    starts = {0}
    current_start = 0
    i = 0
    while i < len(lines):
        text = lines[i].text
        if doc_number_of_line(text) and i > current_start + 1:
            start = _start_of_numbered_document(lines, i, current_start + 1)
            if start > current_start:
                starts.add(start)
                current_start = start
        elif DATE_LINE.match(text) and i + 1 < len(lines):
            if not _starts_attachment(lines, i + 1, list(lines[current_start : i + 1])):
                starts.add(i + 1)
                current_start = i + 1
        elif i > current_start and (
            (_opens_titled_document(text) and _title_block_end(lines, i)) or _starts_headlined_item(lines, i)
        ):
            signed = any(DATE_LINE.match(line.text) for line in lines[current_start:i])
            if signed and _starts_attachment(lines, i, list(lines[current_start:i])):
                i += 1
                continue
            previous = lines[i - 1].text
            before = lines[i - 2].text if i >= 2 else ""
            if _ends_text(previous):
                starts.add(i)
                current_start = i
                while i + 1 < len(lines) and i + 1 - current_start < 3 and is_headline(lines[i + 1].text):
                    i += 1  # the rest of its headline
            elif ORG_SUFFIX.search(previous) and han_count(previous) <= 20 and _ends_text(before):
                starts.add(i - 1)  # 常德市人民政府 / 关于…的通知
                current_start = i - 1
        elif (
            _ADDRESSEE.match(text)
            and i > current_start + 1
            and ends_paragraph(lines[i - 1].text)
            and not any(_ADDRESSEE.match(line.text) for line in lines[current_start:i])
        ):
            # a notice printed without its title after a news item: it starts at its addressee
            starts.add(i)
            current_start = i
        i += 1
    return sorted(starts)


def _announced_title(lines: tuple[Line, ...], start: int) -> str | None:
    """'3月5日，北京医保局发布《关于…的通知》…' just above an untitled notice names it."""
    for j in range(start - 1, max(start - 3, -1), -1):
        match = _ANNOUNCED_TITLE.search(lines[j].text)
        if match:
            return match.group(1)
    return None


_DATE_THEN_TEXT = re.compile(rf"^(\d{{4}}年\d{{1,2}}月\d{{1,2}}日)([{HAN}].*)$")


def separate_run_on_dates(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """A signature date the extraction ran on into the next item's headline ('2020年2月7日市新冠肺炎…会议')
    becomes two lines of the same physical line."""
    separated: list[Line] = []
    for line in lines:
        match = _DATE_THEN_TEXT.match(line.text)
        if match and separated and is_org_line(separated[-1].text, max_han=30):
            separated += [Line(match.group(1), line.line_start, line.line_end), Line(match.group(2), line.line_start, line.line_end)]
        else:
            separated.append(line)
    return tuple(separated)


def split_compilation(source: SourceText) -> list[RawDocument]:
    """Split a cleaned source file into raw documents; a web page is one document."""
    if not source.lines:
        return []
    if source.is_single_document:
        return [RawDocument(source.file, source.lines, title_hint=source.title, date_hint=source.date)]
    source = dataclasses.replace(source, lines=separate_run_on_dates(source.lines))
    starts = find_document_starts(source)
    bounds = list(zip(starts, [*starts[1:], len(source.lines)]))
    documents = [
        RawDocument(
            source.file,
            source.lines[a:b],
            title_hint=_announced_title(source.lines, a) if _ADDRESSEE.match(source.lines[a].text) else None,
        )
        for a, b in bounds
        if b > a
    ]
    return [doc for doc in documents if not is_furniture_segment(doc)]


def is_furniture_segment(document: RawDocument) -> bool:
    """Stray category labels (' 最高院 ') and trailing link lists carry no sentence of their own."""
    text = "".join(line.text for line in document.lines)
    if len(document.lines) == 1 and han_count(text) <= 10 and not ends_paragraph(text):
        return True
    return "。" not in text and not any(doc_number_of_line(line.text) for line in document.lines)
