"""Cut a compilation of many notices into one raw document per notice, news item or Q&A.

A document ends at its signature date; one begins at a 文号 (with the title lines above it)
or at a 关于…的通知 title after a finished paragraph. Attachments (附件, or the text a
关于印发《X》的通知 publishes) stay with the notice that carries them.
"""

from __future__ import annotations

import re

from ingest.clauses import match_label
from ingest.clean import DATE_LINE, TITLE_NOTE, TITLE_SUFFIX, ends_paragraph
from ingest.meta import ORG_SUFFIX, is_org_line
from ingest.models import Line, RawDocument, SourceText
from lexicon.grammar import doc_number_of_line, han_count

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
        if TITLE_SUFFIX.search(text) or re.search(r"答记者问$|^答记者问", text):
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
            if is_org_line(text, max_han=40):
                start = j
            break
        block = text + block
        start = j
    return start


_ADDRESSEE = re.compile(r"^各.{1,80}[：:]$")
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
        elif _opens_titled_document(text) and i > current_start and _title_block_end(lines, i):
            signed = any(DATE_LINE.match(line.text) for line in lines[current_start:i])
            if signed and _starts_attachment(lines, i, list(lines[current_start:i])):
                i += 1
                continue
            previous = lines[i - 1].text
            if "http" in previous:
                previous += "。"  # a link line ends what came before it
            before = lines[i - 2].text if i >= 2 else ""
            if ends_paragraph(previous) or DATE_LINE.match(previous):
                starts.add(i)
                current_start = i
            elif ORG_SUFFIX.search(previous) and han_count(previous) <= 20 and (ends_paragraph(before) or DATE_LINE.match(before)):
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


def split_compilation(source: SourceText) -> list[RawDocument]:
    """Split a cleaned source file into raw documents; a web page is one document."""
    if not source.lines:
        return []
    if source.is_single_document:
        return [RawDocument(source.file, source.lines, title_hint=source.title, date_hint=source.date)]
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
