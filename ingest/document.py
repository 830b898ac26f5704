"""Read a raw document's header and closing: title, 文号, issuer, date; the rest is its body."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.clauses import match_label
from ingest.clean import (
    DATE_LINE,
    ORG_SUFFIX,
    TITLE_NOTE,
    TITLE_SUFFIX,
    damaged_runs,
    ends_paragraph,
    is_headline,
    is_org_line,
)
from ingest.meta import (
    classify,
    find_clarified,
    find_references,
    find_supersessions,
    find_validity,
    issuers_named_in_title,
    lead_date,
    parse_date,
    region_of,
    split_issuers,
)
from ingest.models import DocType, Document, Line, RawDocument
from lexicon.grammar import doc_number_of_line, han_count
from lexicon.places import NATIONAL

_CLOSING_PHRASE = re.compile(r"^(特此(通告|通知|公告|函告)。?|此复。?)$")


@dataclass(frozen=True)
class ParsedDocument:
    document: Document
    body: list[Line]
    closing: list[Line]



def _is_signature_line(text: str) -> bool:
    """An issuer line, or the first half of an issuer name wrapped over two lines."""
    if is_org_line(text):
        return True
    return han_count(text) <= 20 and not re.search(r"[，。；：、,.;:]", text) and match_label(text) is None


def _is_addressee(text: str) -> bool:
    return bool(re.match(r"^.{2,120}[：:]$", text)) and not match_label(text) and "如下" not in text


def _title_like(text: str) -> bool:
    return (
        (not ends_paragraph(text) or is_headline(text) or bool(re.match(r"^答记者问[：:].{2,40}[？?]$", text)))
        and han_count(text) <= (90 if "关于" in text else 80)
        and not DATE_LINE.match(text)
        and doc_number_of_line(text) is None
        and match_label(text) is None
        and not _is_addressee(text)
        and "http" not in text
    )


def _is_kicker(lines: tuple[Line, ...], i: int) -> bool:
    """'…第四十二次新闻发布会：' over a headline: the first part of the title."""
    text = lines[i].text
    return text.endswith(("：", ":")) and han_count(text) <= 60 and i + 1 < len(lines) and is_headline(lines[i + 1].text)


def _continues_title(parts: list[str], lines: tuple[Line, ...], i: int) -> bool:
    """Does lines[i] carry on an unfinished title? A wrapped title's tail is short, a kicker short
    (重要！重要！), and a title over three lines ends with its kind (——致全市企业和职工的倡议书)."""
    so_far = "".join(parts)
    if han_count(lines[i].text) <= 12 or han_count(so_far) <= 6:
        return True
    ahead = so_far
    for line in lines[i : i + 2]:
        ahead += line.text
        if TITLE_SUFFIX.search(TITLE_NOTE.sub("", ahead)):
            return True
    return False


def _is_byline(lines: tuple[Line, ...], i: int) -> bool:
    """An issuer printed under a headline, over the first sentence: 北京市疾病控中心."""
    return (
        is_org_line(lines[i].text, max_han=20)
        and i + 1 < len(lines)
        and ends_paragraph(lines[i + 1].text)
        and han_count(lines[i + 1].text) >= 10
    )


def read_header(lines: tuple[Line, ...]) -> tuple[str | None, list[str], tuple[str, str] | None, int]:
    """(title, issuer lines above the title, (doc number, printed), index where the body starts)."""
    i = 0
    issuer_lines: list[str] = []
    title_parts: list[str] = []
    number: tuple[str, str] | None = None
    while i < len(lines) and i < 8:
        text = lines[i].text
        parsed = doc_number_of_line(text)
        if parsed and number is None:
            number = parsed
            i += 1
            continue
        if not title_parts and _is_kicker(lines, i):
            title_parts += [text, lines[i + 1].text]
            i += 2
            continue
        if not _title_like(text):
            break
        if title_parts and (TITLE_SUFFIX.search(TITLE_NOTE.sub("", "".join(title_parts))) or number):
            if is_org_line(text) and i + 1 < len(lines) and _title_like(lines[i + 1].text):
                issuer_lines.append(text)  # 最高人民法院 … / 印发《…》的通知 after the 文号
                i += 1
                continue
            if number is None and i + 1 < len(lines) and doc_number_of_line(lines[i + 1].text):
                i += 1  # the issuer's own title under the compilation's heading, over its 文号
                continue
            if _is_byline(lines, i):
                issuer_lines.append(text)
                i += 1
            break
        if title_parts and _is_byline(lines, i):
            issuer_lines.append(text)
            i += 1
            break
        if title_parts and not _continues_title(title_parts, lines, i):
            break
        if not title_parts and is_org_line(text) and i + 1 < len(lines) and lines[i + 1].text.startswith("关于"):
            issuer_lines.append(text)
        else:
            title_parts.append(text)
        i += 1
    title = "".join(title_parts).strip() or None
    if title and "关于" in title and not title.startswith("关于"):
        prefix = title.split("关于", 1)[0]
        if ORG_SUFFIX.search(re.sub(r"等.{0,3}部门$", "", prefix)) or re.search(r"等.{0,3}部门$", prefix):
            issuer_lines.append(prefix)  # 北京市人民政府关于… : the issuer is printed in the title
    return title, issuer_lines, number, i


def _closing_start(lines: tuple[Line, ...], start: int) -> tuple[int, str | None]:
    """Index where the signature block begins, and the signature date, if the document has one."""
    date_index = None
    for j in range(len(lines) - 1, start - 1, -1):
        if DATE_LINE.match(lines[j].text):
            date_index = j
            break
    if date_index is None:
        return len(lines), None
    # Attachments after the signature date are body; the closing is the block just above the date.
    k = date_index
    while k - 1 >= start and (_is_signature_line(lines[k - 1].text) or lines[k - 1].text.startswith(("（代", "(代"))):
        k -= 1
    while k - 1 >= start and _CLOSING_PHRASE.match(lines[k - 1].text):
        k -= 1
    return k, parse_date(lines[date_index].text)


def make_doc_id(doc_number: str | None, title: str, date: str | None, file: str) -> str:
    if doc_number:
        return doc_number
    short = re.sub(r"[\s《》“”\"'：:，,。]", "", title)[:40]
    digest = hashlib.sha1(f"{title}|{date}|{file}".encode()).hexdigest()[:6]
    return f"{short}-{digest}"


@dataclass(frozen=True)
class Surroundings:
    """What the documents before this one in its file tell about it."""

    year: str | None = None  # the year of the last dated document: a news item's 2月6日 falls in it
    region: str | None = None  # the place of the last local document: an unsigned 本市 item is there

    def after(self, document: Document) -> Surroundings:
        return Surroundings(
            year=document.date[:4] if document.date else self.year,
            region=document.region if document.region != NATIONAL else self.region,
        )


def parse_document(raw: RawDocument, is_web_page: bool, around: Surroundings | None = None) -> ParsedDocument:
    around = around or Surroundings()
    lines = raw.lines
    header = read_header(lines)
    if is_web_page and header[2] is None:
        # A news page: its <title> is the title, and no header is printed over the text.
        title, issuer_lines, number, body_start = raw.title_hint, [], None, 0
    else:
        # A letter, or a notice saved as a web page (a 文号 under its heading): the printed header counts.
        title, issuer_lines, number, body_start = header
        title = title or raw.title_hint
    closing_at, signed = _closing_start(lines, body_start)
    date_index_after = closing_at
    closing_end = closing_at
    while closing_end < len(lines) and not DATE_LINE.match(lines[closing_end].text):
        closing_end += 1
    closing = list(lines[closing_at : closing_end + 1]) if signed else []
    body = list(lines[body_start:closing_at]) + (list(lines[closing_end + 1 :]) if signed else [])
    signature = [line.text for line in lines[date_index_after:closing_end] if _is_signature_line(line.text)]

    full_text = "\n".join(line.text for line in lines)
    if not title:
        first = lines[body_start].text if body_start < len(lines) else lines[0].text
        title = re.split(r"[，。：]", first)[0][:40]
    title = promulgated_title(body) or re.sub(r"\s+", " ", title).strip()
    doc_number, printed = number if number else (None, None)
    doc_type = classify(title, doc_number, full_text, is_web_page and doc_number is None)
    issuers = split_issuers(signature) or split_issuers(issuer_lines)
    if not issuers and doc_type is DocType.QA:
        issuers = issuers_named_in_title(title)
    date = signed or raw.date_hint
    if date is None and doc_type is DocType.NEWS:
        date = lead_date([line.text for line in body], around.year)
    elif date is None and doc_type is DocType.NOTICE:
        date = parse_date(full_text[:400])  # a text without a signature dates itself in its header
    body_head = "".join(line.text for line in body)[:500]
    document = Document(
        doc_id=make_doc_id(doc_number, title, date, raw.file),
        doc_number=doc_number,
        doc_number_printed=printed,
        title=title,
        issuer=issuers,
        date=date,
        region=region_of(issuers, title, body_head, doc_type, around.region),
        doc_type=doc_type,
        sources=(raw.span,),
        cites=find_references(full_text, doc_number, title),
        supersedes=find_supersessions(full_text),
        clarifies=tuple(n for n in find_clarified(title, full_text[:600]) if n != doc_number),
        validity=find_validity(full_text),
        notes=damage_notes(lines),
    )
    return ParsedDocument(document, body, closing)


def damage_notes(lines: Sequence[Line]) -> tuple[str, ...]:
    """What a lawyer must know before quoting a text its source garbled: where, and that it is left as printed."""
    damaged = [(line.line_start, runs) for line in lines if (runs := damaged_runs(line.text))]
    if not damaged:
        return ()
    where = "、".join(str(start) for start, _ in damaged)
    example = damaged[0][1][0]
    return (f"原文第{where}行有无法还原的乱码（如“{example}”），照录原文，未作推测；请以发文机关公布的文本为准。",)


_PROMULGATION = re.compile(r"^《([^《》]{6,80})》已由.{2,80}通过，现予公布")


def promulgated_title(body: list[Line]) -> str | None:
    """A 公告 that promulgates a text ('《…的决定》已由…通过，现予公布') is filed under that text's title."""
    for line in body[:2]:
        match = _PROMULGATION.match(line.text)
        if match:
            return match.group(1)
    return None
