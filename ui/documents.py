"""The document browser (search titles / 文号) and the document view (clause tree, full text, one clause marked)."""

from __future__ import annotations

import html
from collections.abc import Mapping

import streamlit as st

from retrieval.models import SearchFilters
from serve.api_models import DocumentSummary, DocumentView
from serve.client import AssistantClient, ClientError
from ui.components import scroll_to
from ui.render import (
    book_title,
    escape_markdown,
    label_depth,
    reflow,
    source_label,
    sources_label,
    split_heading,
)

DOC_TYPE_NAMES = {
    "notice": "通知/文件",
    "qa": "问答/解读",
    "news": "新闻",
    "law": "法律",
    "administrative_regulation": "行政法规",
    "departmental_rule": "部门规章/规范性文件",
    "judicial_interpretation": "司法解释",
}


def describe(doc: DocumentSummary) -> str:
    parts = [doc.doc_number or "", book_title(doc.title), doc.date or "", DOC_TYPE_NAMES.get(doc.doc_type, "")]
    return " · ".join(p for p in parts if p)


def show_browser(client: AssistantClient, filters: SearchFilters | None, names: Mapping[str, str]) -> None:
    st.header("文件浏览")
    needle = st.text_input("搜索标题或文号", key="doc_search", placeholder="例如：11号 或 工资")
    try:
        docs = client.documents(filters, needle)
    except ClientError as exc:
        st.error(str(exc))
        return
    st.caption(f"共 {len(docs)} 份文件")
    if not docs:
        st.info("没有符合条件的文件。")
        return
    chosen = st.selectbox(
        "选择文件", docs, format_func=describe, key="doc_choice", index=0, label_visibility="collapsed"
    )
    if chosen is not None:
        show_document(client, chosen.doc_id, names)


def show_document(
    client: AssistantClient, doc_id: str, names: Mapping[str, str], clause_id: str | None = None
) -> None:
    """The whole document: metadata, a clause tree linking to anchors, then every clause verbatim (its heading
    on a line of its own, lines a PDF wrapped joined), each with its source named in words."""
    try:
        doc = client.document(doc_id)
    except ClientError as exc:
        st.error(str(exc))
        return
    if doc is None:
        st.error("找不到这份文件（可能已重新入库）。")
        return
    st.subheader(book_title(doc.title), anchor=False)
    meta = [
        doc.doc_number or "无文号",
        "、".join(doc.issuer),
        doc.date or "",
        doc.region,
        DOC_TYPE_NAMES.get(doc.doc_type, ""),
    ]
    st.caption(escape_markdown(" · ".join(m for m in meta if m)))
    if doc.validity:
        st.caption(f"效力：{escape_markdown(doc.validity)}")
    if version := version_line(doc):
        st.caption(escape_markdown(version))
    if doc.sources:
        where = "出处" if len(doc.sources) == 1 else f"出处（{len(doc.sources)} 处，内容相同，已合并）"
        st.caption(escape_markdown(f"{where}：{sources_label(doc.sources, names)}"))
    _clause_tree(doc)
    target_anchor = None
    for clause in doc.clauses:
        depth = label_depth(clause.label, clause.parent_label)
        # The verbatim text usually opens with its label and heading: that line bold and alone.
        head, body = split_heading(clause.text, clause.label, clause.heading)
        head = head or _plain_label(clause.label, clause.heading)
        target = clause.clause_id == clause_id
        mark = " <mark>← 引用的条款</mark>" if target else ""
        title = f"<b>{_html(head)}</b>{mark}<br>"
        with st.container(border=target, key=f"clause-{clause.order}"):
            st.markdown(
                f'<div id="{clause.anchor}" style="margin-left:{depth * 1.2}em">{title}{_html_lines(reflow(body))}</div>',
                unsafe_allow_html=True,
            )
            st.caption(escape_markdown(source_label(clause.source, names)))
        if target:
            target_anchor = clause.anchor
    # Opened from a citation: the page renders after load, so scroll to the clause once it is there.
    if target_anchor:
        scroll_to(target_anchor, key=f"scroll-{doc_id}-{target_anchor}")


def version_line(doc: DocumentSummary) -> str:
    """A statute version's time in force: 本文本自2007-11-01起施行，2024-11-01起不再施行（由…取代）."""
    if not doc.effective_from:
        return ""
    line = f"本文本自{doc.effective_from}起施行"
    if doc.effective_to:
        line += f"，{doc.effective_to}起不再施行"
    if doc.replaced_by:
        line += f"（由 {doc.replaced_by} 取代）"
    if doc.replaces:
        line += f"；取代 {'、'.join(doc.replaces)}"
    return line + (f"。{doc.version_note}" if doc.version_note else "")


def _clause_tree(doc: DocumentView) -> None:
    lines = []
    for clause in doc.clauses:
        indent = "  " * label_depth(clause.label, clause.parent_label)
        head, _ = split_heading(clause.text, clause.label, clause.heading)
        name = head or _plain_label(clause.label, clause.heading)
        lines.append(f"{indent}- [{escape_markdown(name)}](#{clause.anchor})")
    with st.expander(f"条款目录（{len(doc.clauses)}）", expanded=False):
        st.markdown("\n".join(lines))


def _plain_label(label: str, heading: str | None) -> str:
    # "a > b > c" is the path of the parents' headings, shown with the parents already.
    return label + (f" {heading}" if heading and " > " not in heading else "")


def _html(text: str) -> str:
    return html.escape(text)


def _html_lines(text: str) -> str:
    return "<br>".join(_html(line) for line in text.splitlines())
