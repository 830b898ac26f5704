"""The OpenAI-compatible chat over a real uvicorn server and the real index, called by the real ``openai``
client and langchain's ``ChatOpenAI``: the same cited answer as /v1/ask, streamed or not, with its
citations kept in the stream, and every bad request refused with a JSON 4xx that OpenAI clients read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI

from answer.models import AskResponse
from serve.api import create_app
from serve.cited_markdown import render_answer
from serve.openai_compat import EXTRACTIVE_MODEL
from tests.server_support import running_server

QUESTION = "在家带娃单位会扣工资吗"
FOLLOW_UP = "那病假呢？"
FIRST = "我被隔离了，工资怎么算？"


@pytest.fixture(scope="module")
def base_url(indexed_settings, policy_assistant) -> Iterator[str]:
    settings = indexed_settings.model_copy(update={"request_timeout_s": 60.0, "cors_origins": "*"})
    with running_server(create_app(settings, policy_assistant)) as url:
        yield url


@pytest.fixture(scope="module")
def http(base_url) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=120) as client:
        yield client


@pytest.fixture(scope="module")
def client(base_url) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{base_url}/v1", api_key="any-key", max_retries=0)


@pytest.fixture(scope="module")
def chat_model(base_url) -> ChatOpenAI:
    return ChatOpenAI(base_url=f"{base_url}/v1", api_key="any-key", model=EXTRACTIVE_MODEL, max_retries=0)


def ask(http: httpx.Client, question: str, history: list[dict[str, str]] | None = None) -> AskResponse:
    response = http.post("/v1/ask", json={"question": question, "history": history or []})
    assert response.status_code == 200
    return AskResponse.model_validate(response.json())


@pytest.fixture(scope="module")
def reference(http) -> AskResponse:
    answer = ask(http, QUESTION)
    assert answer.citations, "the reference question is answered with citations"
    return answer


def citations_json(answer: AskResponse) -> list[dict[str, Any]]:
    return [c.model_dump(mode="json") for c in answer.citations]


# ---------------------------------------------------------------- the openai client


def test_the_model_list_names_the_extractive_answerer(client):
    assert [m.id for m in client.models.list()] == [EXTRACTIVE_MODEL]
    assert client.models.retrieve(EXTRACTIVE_MODEL).id == EXTRACTIVE_MODEL


def test_the_openai_client_gets_the_cited_answer_of_ask(client, reference):
    completion = client.chat.completions.create(
        model=EXTRACTIVE_MODEL, messages=[{"role": "user", "content": QUESTION}]
    )
    message = completion.choices[0].message
    assert completion.choices[0].finish_reason == "stop"
    assert message.content == render_answer(reference)
    assert message.citations == citations_json(reference)  # type: ignore[attr-defined]
    for citation in reference.citations:  # the markdown shows each citation once, with its quote
        assert f"[{citation.n}]" in message.content.split("**引用**")[0]
        assert f"[{citation.n}] {citation.legal_form}\n> {citation.quote.splitlines()[0]}" in message.content
        assert message.content.count(f"[{citation.n}] {citation.legal_form}") == 1


def test_a_streamed_answer_is_the_same_answer_and_its_last_chunk_keeps_the_citations(client, reference):
    chunks = list(
        client.chat.completions.create(
            model=EXTRACTIVE_MODEL, messages=[{"role": "user", "content": QUESTION}], stream=True
        )
    )
    assert chunks[0].choices[0].delta.role == "assistant"
    content = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    assert content == render_answer(reference)
    last = chunks[-1].choices[0]
    assert last.finish_reason == "stop"
    assert last.delta.citations == citations_json(reference)  # type: ignore[attr-defined]
    assert len({chunk.id for chunk in chunks}) == 1


@pytest.mark.parametrize(
    "question", ["我被隔离了，工资怎么算？", "京人社劳字〔2020〕11号第二条怎么规定的", "火星上的工资怎么算"]
)
def test_chat_answers_are_the_answers_of_ask_rendered_as_markdown(client, http, question: str):
    expected = ask(http, question)
    completion = client.chat.completions.create(
        model=EXTRACTIVE_MODEL, messages=[{"role": "user", "content": question}]
    )
    assert completion.choices[0].message.content == render_answer(expected)
    assert completion.choices[0].message.citations == citations_json(expected)  # type: ignore[attr-defined]


def test_earlier_messages_are_the_conversation_and_system_messages_cannot_remove_citations(client, http):
    earlier = ask(http, FIRST)
    expected = ask(
        http,
        FOLLOW_UP,
        [{"role": "user", "content": FIRST}, {"role": "assistant", "content": earlier.answer}],
    )
    completion = client.chat.completions.create(
        model=EXTRACTIVE_MODEL,
        messages=[
            {"role": "system", "content": "不要引用任何条文，只用一句话回答。"},
            {"role": "user", "content": FIRST},
            {"role": "assistant", "content": render_answer(earlier)},
            {"role": "user", "content": [{"type": "text", "text": FOLLOW_UP}]},
        ],
    )
    message = completion.choices[0].message
    assert message.citations == citations_json(expected)  # type: ignore[attr-defined]
    assert message.content == render_answer(expected)
    assert expected.standalone_question != FOLLOW_UP  # the follow-up was read with the conversation


def test_metadata_filters_pass_through_extra_body(client, http):
    expected = http.post("/v1/ask", json={"question": QUESTION, "filters": {"region": "全国"}}).json()
    completion = client.chat.completions.create(
        model=EXTRACTIVE_MODEL,
        messages=[{"role": "user", "content": QUESTION}],
        extra_body={"filters": {"region": "全国"}},
    )
    assert completion.choices[0].message.citations == expected["citations"]  # type: ignore[attr-defined]
    assert all(c["region"] == "全国" for c in expected["citations"])


# ---------------------------------------------------------------- langchain


def test_chat_openai_gets_the_cited_answer_streamed_or_not(chat_model, reference):
    expected = render_answer(reference)
    reply = chat_model.invoke([SystemMessage("You are a helpful assistant."), HumanMessage(QUESTION)])
    assert isinstance(reply, AIMessage)
    assert reply.content == expected
    pieces = list(chat_model.stream([HumanMessage(QUESTION)]))
    assert len([p for p in pieces if p.content]) >= 2
    assert "".join(str(p.content) for p in pieces) == expected
    for citation in reference.citations:
        assert citation.legal_form in reply.content and citation.quote.splitlines()[0] in reply.content


# ---------------------------------------------------------------- refusals

LONG = "工资" * 1001


def _body(**update: Any) -> dict[str, Any]:
    return {"model": EXTRACTIVE_MODEL, "messages": [{"role": "user", "content": QUESTION}], **update}


BAD_REQUESTS: list[tuple[str, Any, int]] = [
    ("unknown model", _body(model="gpt-4o"), 404),
    ("empty question", _body(messages=[{"role": "user", "content": " \u200b "}]), 422),
    ("question over the limit", _body(messages=[{"role": "user", "content": LONG}]), 413),
    ("no messages", _body(messages=[]), 422),
    ("last message not the user's", _body(messages=[{"role": "assistant", "content": "好"}]), 422),
    ("unknown role", _body(messages=[{"role": "robot", "content": QUESTION}]), 422),
    (
        "image part",
        _body(messages=[{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]),
        422,
    ),
    ("two answers", _body(n=2), 422),
    ("model missing", {"messages": [{"role": "user", "content": QUESTION}]}, 422),
    ("malformed JSON", b'{"model": "policyqa-extractive", "messages": [', 422),
    ("not UTF-8", b'{"model": "\xff\xfe"}', 400),
    ("2 MB body", _body(messages=[{"role": "user", "content": "工" * 700_000}]), 413),
]


@pytest.mark.parametrize(("case", "body", "status"), BAD_REQUESTS, ids=[c[0] for c in BAD_REQUESTS])
def test_bad_requests_are_refused_with_json_both_clients_can_read(http, case: str, body: Any, status: int):
    for stream in (False, True):
        if isinstance(body, bytes):
            response = http.post(
                "/v1/chat/completions", content=body, headers={"content-type": "application/json"}
            )
        else:
            response = http.post("/v1/chat/completions", json={**body, "stream": stream})
        print(f"POST /v1/chat/completions  {case:<28} stream={stream!s:<5} → {response.status_code}")
        assert response.status_code == status, response.text[:300]
        assert response.headers["content-type"].startswith("application/json")
        error = response.json()
        assert error["detail"]
        assert error["error"]["message"] and error["error"]["type"] == "invalid_request_error"


def test_the_openai_client_raises_the_servers_message(client):
    with pytest.raises(openai.NotFoundError, match="policyqa-extractive"):
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": QUESTION}])
    with pytest.raises(openai.UnprocessableEntityError, match="问题不能为空"):
        client.chat.completions.create(model=EXTRACTIVE_MODEL, messages=[{"role": "user", "content": "  "}])
    with pytest.raises(openai.APIStatusError, match="2000") as refused:
        client.chat.completions.create(
            model=EXTRACTIVE_MODEL, messages=[{"role": "user", "content": LONG}], stream=True
        )
    assert refused.value.status_code == 413


def test_a_long_conversation_over_the_ask_body_limit_is_still_answered(client, http, reference):
    turns = [
        {"role": "user", "content": FIRST},
        {"role": "assistant", "content": render_answer(reference) * 12},
    ] * 6
    body = _body(messages=[*turns, {"role": "user", "content": QUESTION}])
    assert len(json.dumps(body, ensure_ascii=False).encode()) > 65536  # what /v1/ask refuses
    response = http.post("/v1/chat/completions", json=body)
    assert response.status_code == 200
    assert response.json()["choices"][0]["message"]["citations"]


def test_browser_clients_may_call_when_cors_is_configured(http):
    preflight = http.options(
        "/v1/chat/completions",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"


def test_the_openapi_spec_documents_the_chat_routes_and_every_status(http):
    spec = http.get("/openapi.json").json()
    chat = spec["paths"]["/v1/chat/completions"]["post"]
    assert {"200", "400", "404", "413", "422", "503", "504"} <= set(chat["responses"])
    assert "text/event-stream" in chat["responses"]["200"]["content"]
    assert "/v1/models" in spec["paths"]
    message = spec["components"]["schemas"]["AssistantMessage"]
    assert "citations" in message["properties"]
