"""Pure text helpers for the chat: escaping what users typed, highlighting a quote inside its clause,
and the link that opens a document at a clause. No Streamlit calls here, so they are testable alone."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlencode

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~])")


def escape_markdown(text: str) -> str:
    """User text shown as literal text: no markdown, no links or images, no LaTeX (``$``), no HTML."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def answer_markdown(text: str) -> str:
    """The assistant's answer: keep its bullets, keep single line breaks, and never start LaTeX with ``$``."""
    return text.replace("$", r"\$").replace("\n", "  \n")


def highlight_quote(clause_text: str, quote: str) -> str:
    """HTML of the clause with the quoted span marked; both are escaped, so corpus text cannot inject HTML."""
    start = clause_text.find(quote) if quote else -1
    if start < 0:
        return _paragraphs(html.escape(clause_text))
    end = start + len(quote)
    return _paragraphs(
        html.escape(clause_text[:start])
        + '<mark style="background-color:#ffe58f;padding:0 2px">'
        + html.escape(clause_text[start:end])
        + "</mark>"
        + html.escape(clause_text[end:])
    )


def _paragraphs(escaped: str) -> str:
    return "<br>".join(escaped.splitlines())


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
