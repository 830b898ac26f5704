"""The MCP server as Claude Desktop or Cursor runs it: ``policyqa mcp`` spawned over stdio by the SDK's own
client, against the real index. Four read-only tools with typed inputs, structured results with published
schemas plus readable text, the same cited answers as the service, and tool errors that say what to do."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult

from answer.models import AskResponse
from query.models import Turn
from serve.api import create_app
from serve.cited_markdown import render_answer
from tests.conftest import ROOT
from tests.server_support import running_server

pytestmark = pytest.mark.anyio

QUESTION = "我被隔离了，工资怎么算？"
DOC_NUMBER = "京人社劳字〔2020〕11号"


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


def policyqa_mcp(**env: str) -> StdioServerParameters:
    """``policyqa mcp`` as an MCP client's configuration starts it: a command, its argument, environment."""
    return StdioServerParameters(
        command=str(Path(sys.executable).parent / "policyqa"),
        args=["mcp"],
        env={"HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1", **env},
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
async def mcp(indexed_settings, anyio_backend) -> AsyncIterator[Client]:
    async with Client(
        policyqa_mcp(POLICYQA_DATA_DIR=str(indexed_settings.data_dir)), read_timeout_seconds=180
    ) as client:
        yield client


@pytest.fixture(scope="module")
def reference(policy_assistant) -> AskResponse:
    answer = policy_assistant.ask(QUESTION)
    assert answer.citations, "the reference question is answered with citations"
    return answer


def text_of(result: CallToolResult) -> str:
    assert len(result.content) == 1 and result.content[0].type == "text"
    return result.content[0].text


async def call(mcp: Client, tool: str, arguments: dict[str, Any]) -> CallToolResult:
    result = await mcp.call_tool(tool, arguments)
    print(f"{tool}({arguments}) → {'error: ' if result.is_error else ''}{text_of(result)[:160]!r}")
    return result


async def test_the_server_offers_four_read_only_tools_with_typed_inputs_and_result_schemas(mcp):
    tools = {tool.name: tool for tool in (await mcp.list_tools()).tools}
    assert set(tools) == {"search_clauses", "ask", "get_clause", "get_document"}
    for tool in tools.values():
        assert tool.description and tool.annotations and tool.annotations.read_only_hint
        assert tool.output_schema and tool.output_schema["properties"]
    assert tools["ask"].input_schema["required"] == ["question"]
    assert "citations" in tools["ask"].output_schema["properties"]
    k = tools["search_clauses"].input_schema["properties"]["k"]
    assert (k["type"], k["minimum"], k["maximum"]) == ("integer", 1, 50)
    assert tools["get_clause"].input_schema["required"] == ["clause_id"]
    assert "clauses" in tools["get_document"].output_schema["properties"]


async def test_ask_gives_the_services_cited_answer_as_data_and_as_readable_text(mcp, reference):
    result = await call(mcp, "ask", {"question": QUESTION})
    assert not result.is_error
    assert result.structured_content == reference.model_dump(mode="json")
    assert text_of(result) == render_answer(reference)
    for citation in reference.citations:
        assert f"[{citation.n}] {citation.legal_form}" in text_of(result)


async def test_ask_reads_a_follow_up_with_the_conversation(mcp, policy_assistant, reference):
    history = [Turn(role="user", content=QUESTION), Turn(role="assistant", content=reference.answer)]
    expected = policy_assistant.ask("那病假呢？", history)
    result = await call(mcp, "ask", {"question": "那病假呢？", "history": [t.model_dump() for t in history]})
    assert result.structured_content == expected.model_dump(mode="json")
    assert expected.standalone_question != "那病假呢？"


async def test_search_clauses_finds_a_clause_by_its_doc_number_and_names_its_id(mcp, policy_assistant):
    query = f"{DOC_NUMBER} 第二条"
    result = await call(mcp, "search_clauses", {"query": query, "k": 3})
    hits = result.structured_content["hits"]
    # the tool returns the assistant's own ranking, cut at k
    assert [h["clause_id"] for h in hits] == [h.clause_id for h in policy_assistant.search(query, k=3)]
    assert len(hits) == 3
    assert hits[0]["doc_number"] == DOC_NUMBER and hits[0]["label"].startswith("二")
    assert f"clause_id: `{hits[0]['clause_id']}`" in text_of(result)


async def test_search_clauses_applies_its_filters(mcp):
    result = await call(
        mcp, "search_clauses", {"query": "工资", "k": 10, "region": "北京", "notices_only": True}
    )
    hits = result.structured_content["hits"]
    assert hits and all(h["region"] == "北京" and h["doc_type"] == "notice" for h in hits)


async def test_a_citation_leads_to_its_clause_and_document_verbatim(mcp, reference):
    citation = reference.citations[0]
    clause = await call(mcp, "get_clause", {"clause_id": citation.clause_id})
    assert clause.structured_content["clause_id"] == citation.clause_id
    assert citation.quote in clause.structured_content["text"]
    assert citation.quote in text_of(clause) and citation.doc_number in text_of(clause)
    document = await call(mcp, "get_document", {"doc_id": citation.doc_id})
    clause_ids = [c["clause_id"] for c in document.structured_content["clauses"]]
    assert citation.clause_id in clause_ids
    assert document.structured_content["doc_number"] == citation.doc_number
    assert clause.structured_content["text"] in text_of(document)


BAD_CALLS: list[tuple[str, str, dict[str, Any], str]] = [
    ("empty question", "ask", {"question": " \u200b "}, "问题不能为空"),
    ("question over the limit", "ask", {"question": "工资" * 1001}, "2000"),
    ("question missing", "ask", {}, "question"),
    ("unknown clause", "get_clause", {"clause_id": "京#九十九、"}, "search_clauses"),
    ("unknown document", "get_document", {"doc_id": "no-such-document"}, "doc_id"),
    ("k out of range", "search_clauses", {"query": "工资", "k": 0}, "k"),
    ("bad date", "search_clauses", {"query": "工资", "date_from": "2020-13-45"}, "date_from"),
]


@pytest.mark.parametrize(("case", "tool", "arguments", "says"), BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
async def test_bad_calls_are_tool_errors_that_say_what_to_do(mcp, case: str, tool: str, arguments, says: str):
    result = await call(mcp, tool, arguments)
    assert result.is_error
    assert says in text_of(result)


async def test_the_server_still_answers_after_the_bad_calls(mcp, reference):
    result = await call(mcp, "ask", {"question": QUESTION})
    assert result.structured_content == reference.model_dump(mode="json")


async def test_with_an_api_url_the_tools_answer_through_the_running_api(
    indexed_settings, policy_assistant, reference, tmp_path
):
    with running_server(create_app(indexed_settings, policy_assistant)) as url:
        server = policyqa_mcp(POLICYQA_API_URL=url, POLICYQA_DATA_DIR=str(tmp_path))  # no index of its own
        async with Client(server, read_timeout_seconds=120) as client:
            result = await call(client, "ask", {"question": QUESTION})
            assert result.structured_content == reference.model_dump(mode="json")
            refused = await call(client, "ask", {"question": "  "})
            assert refused.is_error and "问题不能为空" in text_of(refused)


async def test_without_an_index_a_tool_says_how_to_build_one(tmp_path):
    async with Client(policyqa_mcp(POLICYQA_DATA_DIR=str(tmp_path)), read_timeout_seconds=120) as client:
        result = await call(client, "ask", {"question": QUESTION})
        assert result.is_error
        assert "policyqa ingest" in text_of(result)
