"""Pure text helpers for the chat: escaping what users typed, laying out quotes and answers (headings on their
own line, PDF line wraps joined, one number per list item, nested title marks), the active filters in words,
and sources by name. No Streamlit calls here, so they are testable alone."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from datetime import date
from itertools import pairwise
from typing import Any
from urllib.parse import urlencode

from retrieval.models import SearchFilters, SourceRef

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~])")

# A line that opens with its own number: 第三条, 一、, （二）, (二), 1. 1．1、 ①, 一是 ...
_NUMBERED = re.compile(
    r"^\s*(第[一二三四五六七八九十百零〇\d]+[条章节款项]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d+[.．、](?!\d)|[①-⑳]|[一二三四五六七八九十]+是)"
)
# A line ending like this finished its sentence (or is a signature / date line): the break is real.
_ENDS_SENTENCE = re.compile(r"[。！？；：:;!?”』」）)》]\s*$")
# A line ending like this is a heading only if it is nothing else: a finished or a broken-off sentence is not.
_ENDS_MID_SENTENCE = re.compile(r"[。！？；：:;!?，、,]\s*$")
# A PDF wraps its lines at about this many characters; a shorter line ended where its author ended it.
MIN_WRAPPED_LINE = 20


def escape_markdown(text: str) -> str:
    """User text shown as literal text: no markdown, no links or images, no LaTeX (``$``), no HTML."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def nest_title_marks(text: str) -> str:
    """Inside 《…》 an inner title takes 〈…〉 (GB/T 15834): 《中国物协《倡议书》》 → 《中国物协〈倡议书〉》.
    An unmatched mark (a title cut short by ingestion) is left as it is."""
    chars = list(text)
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(chars):
        if ch == "《":
            stack.append(i)
        elif ch == "》" and stack:
            pairs.append((stack.pop(), i))
    depth_of = {open_: sum(1 for o, c in pairs if o < open_ and c > close) for open_, close in pairs}
    for open_, close in pairs:
        if depth_of[open_] % 2 == 1:
            chars[open_], chars[close] = "〈", "〉"
    return "".join(chars)


def book_title(title: str) -> str:
    """A document title in title marks, once: titles that quote another title keep theirs as 〈…〉."""
    inner = title.strip()
    if inner.startswith("《") and inner.endswith("》") and inner.count("《") == 1:
        inner = inner[1:-1]
    return nest_title_marks(f"《{inner}》")


def reflow(text: str) -> str:
    """Join the lines a PDF wrapped mid-sentence ("隔离治疗 / 期间"); keep a break after a finished sentence,
    a short line (a signature, a date, a heading) and before a numbered item."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    out = [lines[0]]
    for previous, line in pairwise(lines):
        wrapped = (
            len(previous) >= MIN_WRAPPED_LINE
            and not _ENDS_SENTENCE.search(previous)
            and not _NUMBERED.match(line)
        )
        if wrapped:
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


_LABEL_PART = re.compile(r"第[^条款项]+[条款项]|[一二三四五六七八九十]+、|[（(][^）)]+[）)]|\d+[.．、]|[一二三四五六七八九十]+是")


def innermost_label(label: str) -> str:
    """The clause's own number within its label path: 二、（三）1. → 1., 第四十条第（三）项 → 第（三）项."""
    parts = _LABEL_PART.findall(label)
    return parts[-1] if parts else label


def split_heading(text: str, label: str, heading: str | None) -> tuple[str | None, str]:
    """A clause's (or quote's) first line when it is the clause's number and heading, and the text after it.

    The heading stays a line of its own: joined, it would run into the first sentence."""
    first, _, rest = text.strip().partition("\n")
    own = innermost_label(label)
    if heading:  # the splitter found the heading: the first line is it, or the heading is inline
        is_heading = bool(rest) and first.endswith(heading.split(" > ")[-1])
    else:  # a short first line after the clause's number that does not break off mid-sentence
        is_heading = (
            bool(rest) and first.startswith(own) and len(first) <= 60 and not _ENDS_MID_SENTENCE.search(first)
        )
    return (first, rest) if is_heading else (None, text.strip())


def quote_html(text: str, label: str, heading: str | None) -> str:
    """A quote as HTML: its heading line bold and on its own line, the rest reflowed, everything escaped."""
    head, body = split_heading(text, label, heading)
    parts = [f"<b>{html.escape(head)}</b>"] if head else []
    parts += [html.escape(line) for line in reflow(body).splitlines()]
    return "<br>".join(parts)


def answer_markdown(text: str) -> str:
    """The assistant's answer: its bullets, line breaks and title marks kept; a bullet whose item already
    carries its own number ("- 1.对…") shows that number alone; never LaTeX from a ``$``."""
    lines = []
    for line in text.split("\n"):
        bullet = re.match(r"^(\s*)[-*•]\s+(.*)$", line)
        if bullet and _NUMBERED.match(bullet.group(2)):
            # "1\\." keeps the item's own number as text: a markdown list would renumber it
            line = bullet.group(1) + re.sub(r"^(\d+)\.", r"\1\\.", bullet.group(2))
        lines.append(line)
    return nest_title_marks("\n".join(lines)).replace("$", r"\$").replace("\n", "  \n")


def highlight_quote(clause_text: str, quote: str, label: str = "", heading: str | None = None) -> str:
    """HTML of the clause with the quoted span marked; both are escaped, so corpus text cannot inject HTML.
    The clause's heading line stands alone and bold; wrapped lines of the rest are joined."""
    head, body = split_heading(clause_text, label, heading) if label else (None, clause_text)
    flowing = reflow(body)
    needle = reflow(quote) if quote else ""
    start = flowing.find(needle) if needle else -1
    if start < 0:
        marked = html.escape(flowing)
    else:
        end = start + len(needle)
        marked = (
            html.escape(flowing[:start])
            + '<mark style="background-color:#ffe58f;padding:0 2px">'
            + html.escape(flowing[start:end])
            + "</mark>"
            + html.escape(flowing[end:])
        )
    lines = ([f"<b>{html.escape(head)}</b>"] if head else []) + marked.splitlines()
    return "<br>".join(lines)


def document_link(doc_id: str, clause_id: str | None = None, anchor: str | None = None) -> str:
    """A relative link to this app's document view, scrolled to ``anchor`` when given."""
    params = {"doc": doc_id, **({"clause": clause_id} if clause_id else {})}
    return "?" + urlencode(params) + (f"#{anchor}" if anchor else "")


def label_depth(label: str, parent_label: str | None) -> int:
    """How deep a clause sits in its document's tree: 二、 → 0, 二、（三） → 1, 二、（三）1. → 2."""
    if not parent_label:
        return 0
    marks = len(re.findall(r"[、）)]|\d+[.．]", label))
    return max(1, min(3, marks - 1))


def citation_link_lines(links: list[dict[str, Any]], cited_by: bool = False) -> list[str]:
    """Markdown lines for a clause's statute citations (``ClauseLink`` dumps): each resolved article links
    to its place in the statute (被引用: to the citing clause); an unresolved one says why, as plain text."""
    lines: list[str] = []
    for link in links:
        if cited_by:
            text = f"《{link['source_title']}》{link['source_label']}"
            lines.append(f"[{escape_markdown(text)} ↗]({document_link(link['source_doc_id'], link['source_clause_id'])})")
            continue
        if link["status"] != "resolved":
            lines.append(f"{escape_markdown(link['printed'])}（{escape_markdown(link['note'] or link['status'])}）")
            continue
        target = f"《{link['target_title']}》{link['target_label'] or ''}{link['unit'] or ''}"
        where = document_link(link["target_doc_id"], link["target_clause_id"], link["target_anchor"])
        note = f"（{escape_markdown(link['note'])}）" if link["note"] else ""
        lines.append(f"[{escape_markdown(target)} ↗]({where}){note}")
    return list(dict.fromkeys(lines))


def version_link_lines(links: list[dict[str, Any]]) -> list[str]:
    """Markdown lines for the same provision in a statute's other versions (``VersionLink`` dumps), each
    linking to its place: 《…》（2024年文本，自2024-11-01起施行）第九十条."""
    lines: list[str] = []
    for link in links:
        year = f"{link['version_year']}年文本，" if link.get("version_year") else ""
        if link.get("effective_to"):
            span = f"{link['effective_from']}起施行，{link['effective_to']}起不再施行"
        else:
            span = f"自{link['effective_from']}起施行" if link.get("effective_from") else "施行日期不详"
        text = f"《{link['title']}》（{year}{span}）{link['label']}"
        lines.append(f"[{escape_markdown(text)} ↗]({document_link(link['doc_id'], link['clause_id'], link['anchor'])})")
    return lines


DOC_TYPE_WORDS = {"notice": "通知、意见等正式文件", "qa": "问答、解读", "news": "新闻"}


def describe_filters(filters: SearchFilters, first: date | None = None, last: date | None = None) -> str:
    """The active filters in words: 地区：全国；发布日期：2020-02-01 至 2020-03-31；只看正式文件."""
    parts = []
    if filters.region:
        parts.append(f"地区：{filters.region}")
    if filters.issuer:
        parts.append(f"发文机关：{filters.issuer}")
    if filters.date_from or filters.date_to:
        start = filters.date_from or first
        end = filters.date_to or last
        parts.append(f"发布日期：{start or '最早'} 至 {end or '最新'}")
    if filters.doc_type:
        parts.append(f"类型：{DOC_TYPE_WORDS.get(filters.doc_type, filters.doc_type)}")
    if filters.notices_only:
        parts.append("只看正式文件")
    return "；".join(parts)


def uploaded_file_name(file: str) -> str | None:
    """A user's own file (cited as uploads/<upload id>/<name>) named as the user knows it."""
    head, _, rest = file.partition("/")
    upload_id, _, name = rest.partition("/")
    return f"您添加的文件《{name}》" if head == "uploads" and upload_id.startswith("up-") and name else None


def source_label(source: SourceRef, names: Mapping[str, str]) -> str:
    """A source as a lawyer reads it: the file named in words (corpus/sources.tsv), then its line range."""
    name = names.get(source.file) or uploaded_file_name(source.file) or source.file
    lines = (
        f"第{source.line_start}行"
        if source.line_start == source.line_end
        else f"第{source.line_start}–{source.line_end}行"
    )
    return f"{name} {lines}"


def sources_label(sources: Iterable[SourceRef], names: Mapping[str, str]) -> str:
    return "；".join(source_label(s, names) for s in sources)
