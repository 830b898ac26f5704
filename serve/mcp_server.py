"""The MCP server (``policyqa mcp``, over stdio) for clients such as Claude Desktop, Cursor and Cherry Studio.

Four read-only tools — ``search_clauses``, ``ask``, ``get_clause``, ``get_document`` — each returning the
API's own JSON (``structuredContent``, with its schema published) and the same result as readable text
with the citations. Answers come from the assistant in this process, or from a running API when
``POLICYQA_API_URL`` is set (then one process holds the index and the model).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field

from answer.models import AskResponse
from config import Settings
from query.models import Turn
from retrieval.models import DocTypeName, Hit, SearchFilters, SearchResult
from serve.api_models import ClauseDetail, DocumentView
from serve.cited_markdown import escape_line, render_answer
from serve.client import AssistantClient, ClientError, build_client
from serve.inputs import clean_filters, clean_turns
from serve.reload import LiveAssistant
from store.index import POINTER_FILE

T = TypeVar("T")

INSTRUCTIONS = (
    "政策问答: cited answers over Chinese policy circulars (COVID-period labour, wages, leave, social "
    "insurance). Use `ask` for a question in plain words: its answer is extractive and every claim carries "
    "a verbatim quote; keep the [n] markers and the reference list when you pass it on. Use "
    "`search_clauses` to find clauses, `get_clause` and `get_document` to read them in full."
)
# A tool waits this long for the index to load on the server's first call.
LOAD_WAIT_S = 120.0
SNIPPET_CHARS = 240
READ_ONLY = ToolAnnotations(
    read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)

Question = Annotated[str, Field(description="the question in any wording, e.g. 我被隔离了，工资怎么算？")]
Region = Annotated[str | None, Field(description="only documents of this region, e.g. 北京 or 全国")]
NoticesOnly = Annotated[bool, Field(description="only notices with legal force (no news or Q&A)")]


def _result(model: BaseModel, text: str) -> CallToolResult:
    return CallToolResult(
        content=[TextContent(type="text", text=text)], structured_content=model.model_dump(mode="json")
    )


def _hit_heading(hit: Hit) -> str:
    number = f"（{hit.doc_number}）" if hit.doc_number else ""
    return f"《{hit.title}》{number}{hit.label}"


def search_text(result: SearchResult) -> str:
    if not result.hits:
        return "没有找到匹配的条款 (no matching clauses)."
    lines = []
    for n, hit in enumerate(result.hits, 1):
        text = hit.text if len(hit.text) <= SNIPPET_CHARS else hit.text[:SNIPPET_CHARS] + "…"
        lines.append(
            f"{n}. {escape_line(_hit_heading(hit))}（{hit.date or '日期不详'}，{hit.region}）  \n"
            f"   clause_id: `{hit.clause_id}`  \n   {escape_line(text)}"
        )
    return "\n".join(lines)


def _labelled(label: str, heading: str | None, text: str) -> str:
    """A clause's text under its label and heading, unless its text already begins with them."""
    if text.startswith(label):
        return text
    return f"{label}{' ' + heading if heading and heading not in text else ''}\n{text}"


def clause_text(detail: ClauseDetail) -> str:
    doc = detail.document
    number = f"（{doc.doc_number}）" if doc.doc_number else ""
    return (
        f"《{doc.title}》{number}{detail.label}\n"
        f"{'、'.join(doc.issuer)} {doc.date or ''} · {doc.region}\n"
        f"出处：{detail.source.file} 第{detail.source.line_start}–{detail.source.line_end}行\n\n"
        + _labelled(detail.label, detail.heading, detail.text)
    )


def document_text(view: DocumentView) -> str:
    number = f"（{view.doc_number}）" if view.doc_number else ""
    clauses = "\n\n".join(_labelled(c.label, c.heading, c.text) for c in view.clauses)
    return (
        f"《{view.title}》{number}\n{'、'.join(view.issuer)} {view.date or ''} · {view.region}\n\n{clauses}"
    )


def build_mcp_server(client: Callable[[], AssistantClient]) -> MCPServer:
    """The MCP server over ``client()``, which returns the assistant client to use (or raises ``ToolError``)."""
    server = MCPServer(name="policyqa", title="政策问答", instructions=INSTRUCTIONS, version="1.0")

    def call(fn: Callable[[AssistantClient], T]) -> T:
        try:
            return fn(client())
        except ClientError as exc:  # empty or over-long input, the API refusing or unreachable
            raise ToolError(str(exc)) from exc

    @server.tool(annotations=READ_ONLY)
    def ask(
        question: Question,
        history: Annotated[
            list[Turn] | None,
            Field(description="earlier turns of the conversation, oldest first", max_length=50),
        ] = None,
        region: Region = None,
        notices_only: NoticesOnly = False,
    ) -> Annotated[CallToolResult, AskResponse]:
        """Answer a question about the policy circulars with verified citations: each claim ends in [n] and
        the reference list gives the legal form (《title》（文号）第X条) and the verbatim quote. When the
        circulars do not answer it, says so (abstained) and lists the nearest clauses."""
        filters = clean_filters(SearchFilters(region=region, notices_only=notices_only))
        response = call(lambda c: c.ask(question, clean_turns(history or []), filters))
        return _result(response, render_answer(response))

    @server.tool(annotations=READ_ONLY)
    def search_clauses(
        query: Annotated[str, Field(description="words of the question, a 文号 or a title")],
        k: Annotated[int, Field(ge=1, le=50, description="how many clauses")] = 10,
        region: Region = None,
        issuer: Annotated[str | None, Field(description="part of an issuer's name, e.g. 人力资源")] = None,
        date_from: Annotated[date | None, Field(description="issued on or after (YYYY-MM-DD)")] = None,
        date_to: Annotated[date | None, Field(description="issued on or before (YYYY-MM-DD)")] = None,
        doc_type: Annotated[DocTypeName | None, Field(description="notice, qa or news")] = None,
        notices_only: NoticesOnly = False,
    ) -> Annotated[CallToolResult, SearchResult]:
        """Find the clauses that best match a query (hybrid dense + BM25; a 文号 or 文号 + 第X条 is looked up
        exactly). Returns each clause's text, document, label and clause_id (for get_clause)."""
        filters = clean_filters(
            SearchFilters(
                region=region,
                issuer=issuer,
                date_from=date_from,
                date_to=date_to,
                doc_type=doc_type,
                notices_only=notices_only,
            )
        )
        hits = call(lambda c: c.search(query, k, filters))
        result = SearchResult(query=query.strip(), hits=hits)
        return _result(result, search_text(result))

    @server.tool(annotations=READ_ONLY)
    def get_clause(
        clause_id: Annotated[
            str, Field(max_length=600, description="a clause id, e.g. 京人社劳字〔2020〕11号#二、")
        ],
    ) -> Annotated[CallToolResult, ClauseDetail]:
        """One clause, verbatim, with its document's title, 文号, issuer, date and the source lines."""
        detail = call(lambda c: c.clause(clause_id))
        if detail is None:
            raise ToolError(
                "no clause with this id; clause ids look like 京人社劳字〔2020〕11号#二、 (see search_clauses)"
            )
        return _result(detail, clause_text(detail))

    @server.tool(annotations=READ_ONLY)
    def get_document(
        doc_id: Annotated[
            str,
            Field(
                max_length=500,
                description="a document id (its 文号 when it has one), e.g. 京人社劳字〔2020〕11号",
            ),
        ],
    ) -> Annotated[CallToolResult, DocumentView]:
        """A whole document: its metadata and every clause in printed order."""
        view = call(lambda c: c.document(doc_id))
        if view is None:
            raise ToolError("no document with this id; a citation's doc_id or search_clauses gives one")
        return _result(view, document_text(view))

    return server


def live_client(settings: Settings) -> Callable[[], AssistantClient]:
    """The assistant client, built in the background from the start and rebuilt when the index changes;
    a tool called before it is ready waits for it."""
    live: LiveAssistant[AssistantClient] = LiveAssistant(
        lambda: build_client(settings),
        settings.store_dir / POINTER_FILE,
        check_every_s=settings.reload_check_s,
    )
    live.reload()

    def current() -> AssistantClient:
        found = live.get()
        if found is None:
            live.wait(LOAD_WAIT_S)
            found = live.get()
        if found is None:
            error = live.status().last_error
            raise ToolError(
                f"the index is not loaded: {error}" if error else "still loading the index; retry"
            )
        return found

    return current


def run_mcp_server(settings: Settings) -> None:
    """Serve MCP over stdin/stdout until the client closes the stream."""
    build_mcp_server(live_client(settings)).run("stdio")
