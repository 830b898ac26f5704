"""The chat view: history, answers with citation cards, abstentions with their 可能相关 clauses."""

from __future__ import annotations

from typing import Any

import streamlit as st

from answer.models import AskResponse, Citation
from query.models import Turn
from retrieval.models import Hit, SearchFilters
from serve.client import AssistantClient, ClientError
from ui.render import answer_markdown, citation_link_lines, document_link, escape_markdown, highlight_quote

ABSTAIN_TITLE = "现有文件中没有找到相关规定"


def history_turns(messages: list[dict[str, Any]]) -> list[Turn]:
    """The conversation so far as turns for the assistant's follow-up rewriting."""
    turns: list[Turn] = []
    for message in messages:
        if message["role"] == "user":
            turns.append(Turn(role="user", content=message["content"]))
        elif "response" in message:
            turns.append(Turn(role="assistant", content=message["response"]["answer"]))
    return turns


def ask(client: AssistantClient, question: str, filters: SearchFilters | None) -> None:
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
            "clauses": _clause_texts(client, response),
        }
        messages.append(record)
        show_answer(record, len(messages) - 1)


def _clause_texts(client: AssistantClient, response: AskResponse) -> dict[str, dict[str, Any]]:
    """Each cited clause's full text and anchor, fetched once so reruns do not call the service again."""
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
                "anchor": detail.anchor,
                "cites": [link.model_dump() for link in detail.cites],
                "cited_by": [link.model_dump() for link in detail.cited_by],
            }
    return found


def show_history() -> None:
    for index, message in enumerate(st.session_state.messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.markdown(escape_markdown(message["content"]))
            elif "error" in message:
                st.error(message["error"])
            else:
                show_answer(message, index)


def show_answer(record: dict[str, Any], index: int) -> None:
    response = AskResponse.model_validate(record["response"])
    if response.standalone_question != response.question:
        st.caption(f"理解为：{escape_markdown(response.standalone_question)}")
    if response.abstained:
        show_abstention(response, index)
        return
    st.markdown(answer_markdown(response.answer))
    for note in response.notes:
        st.info(note, icon="ℹ️")
    if response.citations:
        st.markdown("**引用**")
    for citation in response.citations:
        citation_card(
            citation, record.get("clauses", {}).get(citation.clause_id), key=f"citation-{index}-{citation.n}"
        )


def citation_card(citation: Citation, clause: dict[str, Any] | None, key: str) -> None:
    """文号, title, issuer, date and clause label; the quote inside its clause; copy; open at the clause."""
    with st.container(border=True, key=key):
        number = citation.doc_number or "（无文号）"
        st.markdown(f"**[{citation.n}] {escape_markdown(number)}** · {escape_markdown(citation.label)}")
        st.markdown(f"《{escape_markdown(citation.title)}》")
        meta = " · ".join(x for x in ("、".join(citation.issuer), citation.date or "", citation.region) if x)
        st.caption(escape_markdown(meta))
        st.markdown(f"> {escape_markdown(citation.quote)}")
        with st.expander("在条款原文中查看引文"):
            if clause:
                st.markdown(highlight_quote(clause["text"], citation.quote), unsafe_allow_html=True)
            else:
                st.markdown(escape_markdown(citation.quote))
            st.caption(
                f"出处：{citation.source.file} 第 {citation.source.line_start}–{citation.source.line_end} 行"
            )
        st.caption("复制引用（点右上角复制）")
        st.code(citation.legal_form, language=None, wrap_lines=True)
        anchor = clause["anchor"] if clause else None
        st.markdown(f"[在原文中打开 ↗]({document_link(citation.doc_id, citation.clause_id, anchor)})")
        if clause and (cites := citation_link_lines(clause.get("cites", []))):
            st.markdown("本条引用：  \n" + "  \n".join(cites))
        if clause and (cited_by := citation_link_lines(clause.get("cited_by", [])[:5], cited_by=True)):
            st.markdown("被以下条款引用：  \n" + "  \n".join(cited_by))


def show_abstention(response: AskResponse, index: int) -> None:
    st.warning(f"**{ABSTAIN_TITLE}**", icon="⚠️")
    body = response.answer.replace(ABSTAIN_TITLE, "", 1).strip("。 \n")
    if body:
        st.markdown(answer_markdown(body))
    for note in response.notes:
        st.info(note, icon="ℹ️")
    if response.related:
        st.markdown("**可能相关**（仅供参考，并非答案）")
        for n, hit in enumerate(response.related[:5], 1):
            related_card(hit, key=f"related-{index}-{n}")


def related_card(hit: Hit, key: str) -> None:
    with st.container(border=True, key=key):
        number = hit.doc_number or "（无文号）"
        st.markdown(
            f"**{escape_markdown(number)}** · {escape_markdown(hit.label)} · 《{escape_markdown(hit.title)}》"
        )
        snippet = hit.text if len(hit.text) <= 160 else hit.text[:160] + "…"
        st.caption(escape_markdown(snippet))
        st.markdown(f"[在原文中打开 ↗]({document_link(hit.doc_id, hit.clause_id)})")
