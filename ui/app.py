"""The Streamlit app (``policyqa ui``): sidebar filters and example questions, the chat, the document browser.

Presentation only: every answer, search and document comes through ``serve.client`` — in-process by
default, or the HTTP API when ``POLICYQA_API_URL`` is set.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from config import Settings
from retrieval.models import SearchFilters
from serve.client import AssistantClient, ClientError, build_client
from ui.chat import ask, show_history
from ui.components import page_style
from ui.documents import show_browser, show_document
from ui.render import describe_filters, escape_markdown
from ui.sources import read_source_names

EXAMPLES: dict[str, list[str]] = {
    "职工": [
        "我被隔离了，工资怎么算？",
        "在家带娃单位会扣工资吗",
        "公司让我先把年假休了，这样行吗",
    ],
    "人力资源": [
        "企业停工停产期间工资怎么发？",
        "公司经营困难，能跟员工商量降薪吗",
        "疫情期间想申请综合计算工时，去哪申请",
    ],
    "律师": [
        "京人社劳字〔2020〕11号第二条怎么规定的",
        "人社部发〔2020〕8号关于协商变更薪酬的条款",
        "京人社劳字〔2020〕17号对13号文做了哪些说明",
    ],
}

ALL = "全部"
CHAT, BROWSE = "对话", "文件浏览"


@st.cache_resource(show_spinner="正在加载文件索引…")
def get_client() -> AssistantClient:
    return build_client(Settings())


@st.cache_data(show_spinner=False)
def source_names() -> dict[str, str]:
    """The corpus files named in words (corpus/sources.tsv), read once."""
    return read_source_names(Settings().corpus_dir / "sources.tsv")


def filter_options(client: AssistantClient) -> tuple[list[str], list[str], date, date]:
    """Regions, issuers and the date span of the corpus, for the sidebar (read once per session)."""
    if "filter_options" not in st.session_state:
        docs = client.documents()
        dates = sorted(date.fromisoformat(d.date) for d in docs if d.date)
        st.session_state.filter_options = (
            sorted({d.region for d in docs if d.region}),
            sorted({i for d in docs for i in d.issuer}),
            dates[0] if dates else date(2020, 1, 1),
            dates[-1] if dates else date.today(),
        )
    return st.session_state.filter_options


def sidebar_filters(client: AssistantClient) -> SearchFilters | None:
    regions, issuers, first, last = filter_options(client)
    st.sidebar.subheader("筛选")
    region = st.sidebar.selectbox("地区", [ALL, *regions], key="f_region")
    issuer = st.sidebar.selectbox("发文机关", [ALL, *issuers], key="f_issuer")
    span = st.sidebar.date_input(
        "发布日期", value=(first, last), min_value=first, max_value=last, key="f_dates"
    )
    notices_only = st.sidebar.checkbox("只看正式文件（通知、意见等）", key="f_notices")
    start, end = (span[0], span[-1]) if isinstance(span, tuple) and span else (first, last)
    filters = SearchFilters(
        region=None if region == ALL else region,
        issuer=None if issuer == ALL else issuer,
        date_from=start if start != first else None,
        date_to=end if end != last else None,
        notices_only=notices_only,
    )
    return None if filters.is_empty() else filters


def clear_filters() -> None:
    """Back to every document (a button callback: it runs before the sidebar widgets are drawn again)."""
    _, _, first, last = st.session_state.filter_options
    st.session_state.f_region = ALL
    st.session_state.f_issuer = ALL
    st.session_state.f_dates = (first, last)
    st.session_state.f_notices = False


def active_filters(filters: SearchFilters) -> None:
    """The filters in force, in words, with a way to clear them."""
    _, _, first, last = st.session_state.filter_options
    with st.container(horizontal=True, vertical_alignment="center", key="active-filters"):
        st.caption(f"只在这些文件中查找：{describe_filters(filters, first, last)}", width="content")
        st.button("清除筛选", key="clear-filters", on_click=clear_filters, type="tertiary")


def sidebar_examples() -> None:
    st.sidebar.subheader("示例问题")
    for persona, questions in EXAMPLES.items():
        with st.sidebar.expander(persona, expanded=persona == "职工"):
            for n, question in enumerate(questions):
                st.button(question, key=f"example-{persona}-{n}", on_click=_choose, args=(question,))


UPLOAD_TYPES = ["pdf", "docx", "html", "htm", "txt", "md"]


def sidebar_uploads(client: AssistantClient) -> None:
    """Your own documents: add files (a status shows each step), see them listed, remove one."""
    st.sidebar.subheader("我的文件")
    round_ = st.session_state.setdefault("upload_round", 0)  # a new key empties the uploader after an add
    files = st.sidebar.file_uploader(
        "添加您自己的文件：PDF（含文字层）、DOCX、HTML、TXT、MD",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=f"upload-{round_}",
    )
    if files and st.sidebar.button("添加到文件库", key="add-documents", type="primary"):
        add_files(client, [(f.name, f.getvalue()) for f in files])
    notice = st.session_state.pop("upload_notice", None)
    if notice:
        kind, text = notice
        (st.sidebar.success if kind == "ok" else st.sidebar.error)(text)
    steps = st.session_state.pop("upload_steps", None)
    if steps:  # the status of the add, kept after the rerun that shows the new documents
        with st.sidebar.expander("添加过程", expanded=False):
            for step in steps:
                st.caption(escape_markdown(step))
    try:
        mine = client.my_documents()
    except ClientError as exc:
        st.sidebar.error(str(exc))
        return
    if not mine:
        st.sidebar.caption("还没有添加文件。")
    for doc in mine:
        with st.sidebar.container(horizontal=True, vertical_alignment="center", key=f"mine-{doc.doc_id}"):
            name = doc.upload.name if doc.upload else ""
            st.caption(escape_markdown(f"《{doc.title}》 {name}"), width="stretch")
            st.button("删除", key=f"remove-{doc.doc_id}", on_click=remove_file, args=(client, doc.doc_id), type="tertiary")


def add_files(client: AssistantClient, files: list[tuple[str, bytes]]) -> None:
    """Add the chosen files with a status that names each step as it starts."""
    steps: list[str] = []

    def show(step: str) -> None:
        steps.append(step)
        status.write(escape_markdown(step))

    st.session_state.upload_steps = steps
    with st.sidebar.status("正在添加文件…", expanded=True) as status:
        try:
            result = client.add_documents(files, stage=show)
        except ClientError as exc:
            status.update(label="没有添加", state="error")
            st.session_state.upload_notice = ("error", str(exc))
            return
        status.update(label="已添加", state="complete", expanded=False)
    added = "、".join(f"《{d.title}》" for item in result.added for d in item.documents)
    refused = "；".join(r.detail for r in result.refused)
    st.session_state.upload_notice = ("ok", f"已添加 {added}" + (f"。未添加：{refused}" if refused else ""))
    st.session_state.upload_round += 1
    forget_filter_options()
    st.rerun()


def forget_filter_options() -> None:
    """After an add or a remove the regions, issuers and dates are read again; a date range that spanned every
    document before spans every document after (else a new document's date would fall outside it)."""
    old = st.session_state.pop("filter_options", None)
    if old and tuple(st.session_state.get("f_dates", ())) == (old[2], old[3]):
        st.session_state.pop("f_dates", None)


def remove_file(client: AssistantClient, doc_id: str) -> None:
    try:
        result = client.remove_document(doc_id)
    except ClientError as exc:
        st.session_state.upload_notice = ("error", str(exc))
        return
    st.session_state.upload_notice = ("ok", "已删除 " + "、".join(f"《{d.title}》" for d in result.removed))
    forget_filter_options()


def _choose(question: str) -> None:
    # A callback runs before the script, so it may still switch the page radio.
    st.session_state.pending = question
    st.session_state.view = CHAT
    st.query_params.clear()


def back_to_chat() -> None:
    st.query_params.clear()


def main() -> None:
    st.set_page_config(page_title="政策问答", page_icon="📄", layout="wide")
    page_style()
    st.session_state.setdefault("messages", [])
    st.session_state.setdefault("view", CHAT)
    try:
        client = get_client()
        filters = sidebar_filters(client)
    except ClientError as exc:
        st.error(f"无法连接问答服务：{exc}")
        return

    st.sidebar.radio("页面", [CHAT, BROWSE], key="view", horizontal=True)
    sidebar_examples()
    sidebar_uploads(client)
    if st.sidebar.button("清空对话", key="clear"):
        st.session_state.messages = []

    names = source_names()
    doc_id = st.query_params.get("doc")
    if doc_id:  # opened from a citation, in this tab: the conversation waits in the session
        st.button("← 返回对话", key="back", on_click=back_to_chat)
        show_document(client, doc_id, names, st.query_params.get("clause"))
        st.button("← 返回对话", key="back-bottom", on_click=back_to_chat)  # a phone's reader ends down here
        return
    if st.session_state.view == BROWSE:
        show_browser(client, filters, names)
        return

    st.title("政策问答")
    st.caption(
        "疫情期间劳动用工政策文件问答：每条回答都附有可核对的原文引用。规定多有时效，请同时核对现行规定。"
    )
    if filters is not None:
        active_filters(filters)
    show_history(names)
    question = st.chat_input("请输入问题，例如：我被隔离了，工资怎么算？", key="question")
    pending = st.session_state.pop("pending", None)
    if question or pending:
        ask(client, question or pending, filters, names)


main()
