"""The chat view: history, answers with citation cards, abstentions with their 可能相关 clauses.

Each citation is shown once, as a card: title and clause label, the quote, a 复制引用 button and 在原文中打开
(the document in this tab; the conversation stays). Meta data, sources and the clause around the quote sit
in the card's 详情; on a wide screen the meta data also shows on the card itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from answer.models import AskResponse, Citation
from query.models import Turn
from retrieval.models import Hit, SearchFilters, SourceRef
from serve.client import AssistantClient, ClientError
from ui.components import copy_button
from ui.render import (
    answer_markdown,
    book_title,
    citation_link_lines,
    escape_markdown,
    highlight_quote,
    nest_title_marks,
    quote_html,
    reflow,
    source_label,
    split_heading,
    version_link_lines,
)

ABSTAIN_TITLE = "现有文件中没有找到相关规定"
# The abstention text lists the related clauses after this phrase; the cards below show them instead.
RELATED_LIST_OPENING = "以下条文可能相关"
SNIPPET_CHARS = 160
HEADING_ONLY_CHARS = 40  # a one-line clause this short is a heading over its numbered items


def history_turns(messages: list[dict[str, Any]]) -> list[Turn]:
    """The conversation so far as turns for the assistant's follow-up rewriting."""
    turns: list[Turn] = []
    for message in messages:
        if message["role"] == "user":
            turns.append(Turn(role="user", content=message["content"]))
        elif "response" in message:
            turns.append(Turn(role="assistant", content=message["response"]["answer"]))
    return turns


def open_document(doc_id: str, clause_id: str | None = None) -> None:
    """Show a document in this tab (a button callback): the conversation stays in the session."""
    st.query_params.from_dict({"doc": doc_id, **({"clause": clause_id} if clause_id else {})})


def ask(client: AssistantClient, question: str, filters: SearchFilters | None, names: Mapping[str, str]) -> None:
    """Show the question, stream the answer, and append both to the session's history."""
    messages: list[dict[str, Any]] = st.session_state.messages
    history = history_turns(messages)
    messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(escape_markdown(question))
    with st.chat_message("assistant"):
        placeholder = st.empty()
        response: AskResponse | None = None
        text = ""
        try:
            with st.spinner("正在检索文件…"):
                for piece in client.stream(question, history, filters):
                    if isinstance(piece, AskResponse):
                        response = piece
                    else:
                        text += piece
                        placeholder.markdown(answer_markdown(text))
        except ClientError as exc:
            placeholder.error(str(exc))
            messages.append({"role": "assistant", "error": str(exc)})
            return
        placeholder.empty()
        if response is None:
            st.error("没有收到回答，请重试。")
            return
        record = {
            "role": "assistant",
            "response": response.model_dump(mode="json"),
            "clauses": _clause_details(client, response),
            "related_texts": _related_texts(client, response),
        }
        messages.append(record)
        show_answer(record, len(messages) - 1, names)


def _clause_details(client: AssistantClient, response: AskResponse) -> dict[str, dict[str, Any]]:
    """Each cited clause's full text, heading, anchor and its document's sources, fetched once so reruns do
    not call the service again."""
    found: dict[str, dict[str, Any]] = {}
    for citation in response.citations:
        if citation.clause_id in found:
            continue
        try:
            detail = client.clause(citation.clause_id)
        except ClientError:
            detail = None
        if detail is not None:
            found[citation.clause_id] = {
                "text": detail.text,
                "heading": detail.heading,
                "anchor": detail.anchor,
                "document_sources": [s.model_dump() for s in detail.document.sources],
                "cites": [link.model_dump() for link in detail.cites],
                "cited_by": [link.model_dump() for link in detail.cited_by],
                "versions": [link.model_dump() for link in detail.versions],
                "later_law": [link.model_dump() for link in detail.later_law],
            }
    return found


def _related_texts(client: AssistantClient, response: AskResponse) -> dict[str, str]:
    """For a related clause that is one short line (a heading over numbered items), the text of the clauses
    under it: without them its card would show a heading and nothing else."""
    texts: dict[str, str] = {}
    for hit in response.related:
        lines = hit.text.strip().splitlines()
        if len(lines) != 1 or len(lines[0]) > HEADING_ONLY_CHARS:
            continue
        try:
            view = client.document(hit.doc_id)
        except ClientError:
            view = None
        children = [c.text for c in view.clauses if c.parent_label == hit.label] if view else []
        if children:
            texts[hit.clause_id] = "\n".join(children)
    return texts


def show_history(names: Mapping[str, str]) -> None:
    for index, message in enumerate(st.session_state.messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.markdown(escape_markdown(message["content"]))
            elif "error" in message:
                st.error(message["error"])
            else:
                show_answer(message, index, names)


def show_answer(record: dict[str, Any], index: int, names: Mapping[str, str]) -> None:
    response = AskResponse.model_validate(record["response"])
    if response.standalone_question != response.question:
        st.caption(f"理解为：{escape_markdown(response.standalone_question)}")
    if response.abstained:
        show_abstention(response, record, index)
        return
    st.markdown(answer_markdown(response.answer))
    for note in response.notes:
        st.info(note, icon="ℹ️")
    if response.citations:
        st.markdown("**引用**")
    for citation in response.citations:
        clause = record.get("clauses", {}).get(citation.clause_id)
        citation_card(citation, clause, names, key=f"citation-{index}-{citation.n}")


def citation_card(
    citation: Citation, clause: dict[str, Any] | None, names: Mapping[str, str], key: str
) -> None:
    """Title and clause label, the quote, 复制引用 and 在原文中打开; meta data, sources and context in 详情."""
    heading = clause["heading"] if clause else None
    meta = _meta_line(citation.doc_number, citation.issuer, citation.date, citation.region)
    with st.container(border=True, key=key):
        st.markdown(f"**[{citation.n}]** {escape_markdown(book_title(citation.title))} · {escape_markdown(citation.label)}")
        with st.container(key=f"wide-{key}"):
            st.caption(escape_markdown(meta))
        if citation.lead_in:  # the list this item is an item of
            st.caption(escape_markdown(f"{citation.lead_in}……"))
        st.markdown(
            f'<blockquote class="quote">{quote_html(citation.quote, citation.label, heading)}</blockquote>',
            unsafe_allow_html=True,
        )
        with st.container(horizontal=True, key=f"actions-{key}"):
            copy_button(nest_title_marks(citation.legal_form), key=f"copy-{key}")
            st.button(
                "在原文中打开", key=f"open-{key}", on_click=open_document, args=(citation.doc_id, citation.clause_id)
            )
        with st.expander("详情：出处与条款原文"):
            st.markdown(f"**引用格式**：{escape_markdown(nest_title_marks(citation.legal_form))}")
            st.caption(escape_markdown(meta))
            st.caption(escape_markdown(_sources_text(citation.source, clause, names)))
            if clause:
                st.markdown(
                    highlight_quote(clause["text"], citation.quote, citation.label, heading), unsafe_allow_html=True
                )
            if clause and (cites := citation_link_lines(clause.get("cites", []))):
                st.markdown("本条引用：  \n" + "  \n".join(cites))
            if clause and (cited_by := citation_link_lines(clause.get("cited_by", [])[:5], cited_by=True)):
                st.markdown("被以下条款引用：  \n" + "  \n".join(cited_by))
            if clause and (versions := version_link_lines(clause.get("versions", []))):
                st.markdown("其他版本中的相应条文：  \n" + "  \n".join(versions))
            if clause and (later := version_link_lines(clause.get("later_law", []))):
                st.markdown("后来制定的法律中规定同一事项的条文（二者不一致的，适用后者）：  \n" + "  \n".join(later))


def _meta_line(doc_number: str | None, issuer: list[str], day: str | None, region: str) -> str:
    return " · ".join(x for x in (doc_number or "无文号", "、".join(issuer), day or "", region) if x)


def _sources_text(source: SourceRef, clause: dict[str, Any] | None, names: Mapping[str, str]) -> str:
    """Where the clause is, and every other place its document appears (a notice printed in two sources)."""
    text = f"出处：{source_label(source, names)}"
    others = [
        SourceRef(**s) for s in (clause or {}).get("document_sources", []) if s["file"] != source.file
    ]
    if others:
        text += "；本文件另见：" + "；".join(source_label(s, names) for s in others)
    return text


def show_abstention(response: AskResponse, record: dict[str, Any], index: int) -> None:
    st.warning(f"**{ABSTAIN_TITLE}**", icon="⚠️")
    body = response.answer.replace(ABSTAIN_TITLE, "", 1)
    if response.related:  # the cards list them once
        body = body.split(RELATED_LIST_OPENING, 1)[0]
    body = body.strip("。，, \n")
    if body:
        st.markdown(answer_markdown(body + "。"))
    for note in response.notes:
        st.info(note, icon="ℹ️")
    if response.related:
        st.markdown("**可能相关**（仅供参考，并非答案）")
        for n, hit in enumerate(response.related[:5], 1):
            related_card(hit, record.get("related_texts", {}).get(hit.clause_id), key=f"related-{index}-{n}")


def related_card(hit: Hit, children_text: str | None, key: str) -> None:
    """Title and clause label, the clause's heading and the start of its text, and 在原文中打开."""
    with st.container(border=True, key=key):
        st.markdown(f"{escape_markdown(book_title(hit.title))} · {escape_markdown(hit.label)}")
        with st.container(key=f"wide-{key}"):
            st.caption(escape_markdown(_meta_line(hit.doc_number, hit.issuer, hit.date, hit.region)))
        if children_text:
            head, body = hit.text.strip(), children_text
        else:
            head, body = split_heading(hit.text, hit.label, hit.heading)
        snippet = reflow(body)
        snippet = snippet if len(snippet) <= SNIPPET_CHARS else snippet[:SNIPPET_CHARS] + "…"
        if head:
            st.markdown(f"**{escape_markdown(head)}**")
        st.caption(escape_markdown(snippet))
        st.button("在原文中打开", key=f"open-{key}", on_click=open_document, args=(hit.doc_id, hit.clause_id))
