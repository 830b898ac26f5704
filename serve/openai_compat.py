"""The OpenAI-compatible chat API: ``POST /v1/chat/completions`` (JSON or SSE) and ``GET /v1/models``, so chat
clients (Open WebUI, Chatbox, Cherry Studio, the ``openai`` package, langchain's ``ChatOpenAI``) can ask.

- The last message is the question; earlier user and assistant messages are the conversation. System
  messages are ignored: an answer is extractive and always cited, whatever a client's prompt asks.
- ``message.content`` is the answer as markdown with [n] markers and a numbered reference list (legal
  form and verbatim quote), so any client shows the citations.
- ``message.citations`` carries them as data (文号, title, label, quote, legal form, clause id, source).
  When streaming, the final chunk's ``delta.citations`` carries them: streaming keeps the citations.
- Inputs, limits and admission are those of ``/v1/ask``; errors are JSON with both ``detail`` and
  OpenAI's ``error`` object, which OpenAI clients show.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from answer.models import AskResponse, Citation
from config import Settings
from query.models import Turn
from retrieval.models import SearchFilters
from serve.api_models import ErrorResponse
from serve.cited_markdown import ChatAnswerStream, render_answer
from serve.gate import RETRY_AFTER_HEADER, Gate, Saturated, busy
from serve.http_guards import safe_json
from serve.inputs import InputError, clean_filters, clean_question, clean_turns
from serve.service import PolicyAssistant
from serve.streaming import StreamFailed, WorkerStream

# Chat clients resend the whole conversation with every question; the assistant reads the recent turns.
MAX_HISTORY_TURNS = 50
MAX_MESSAGES = 1000
OPENAI_PATHS = ("/v1/chat/", "/v1/models")
CHAT_PATH = "/v1/chat/completions"
EXTRACTIVE_MODEL = "policyqa-extractive"
UNKNOWN_MODEL = "unknown model"


def served_model(settings: Settings) -> str:
    """The one model id this server answers as: the extractive answerer, or the configured LLM's name."""
    if settings.llm == "none":
        return EXTRACTIVE_MODEL
    return f"policyqa-{settings.llm_model or settings.llm}"


# ---------------------------------------------------------------- request


class ContentPart(BaseModel):
    """One part of a message's content; only ``text`` parts can be read."""

    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")  # name, tool_calls, … are accepted and ignored

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None


CHAT_EXAMPLES: list[dict[str, Any]] = [
    {"model": EXTRACTIVE_MODEL, "messages": [{"role": "user", "content": "我被隔离了，工资怎么算？"}]},
    {
        "model": EXTRACTIVE_MODEL,
        "stream": True,
        "messages": [
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "我被隔离了，工资怎么算？"},
            {"role": "assistant", "content": "隔离期间……[1]"},
            {"role": "user", "content": "那病假呢？"},
        ],
        "filters": {"region": "北京"},
    },
]


class ChatCompletionRequest(BaseModel):
    """OpenAI's chat request. Sampling parameters (temperature, max_tokens, …) are accepted and ignored:
    the answer is composed from the circulars, not sampled."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": CHAT_EXAMPLES})

    model: str = Field(description="an id from GET /v1/models")
    messages: list[ChatMessage] = Field(
        min_length=1,
        max_length=MAX_MESSAGES,
        description="the conversation, oldest first; the last message is the user's question "
        "(empty → 422, longer than the question limit → 413); system messages are ignored",
    )
    stream: bool = Field(
        default=False, strict=True, description="Server-Sent Events; the final chunk carries the citations"
    )
    n: int = Field(default=1, ge=1, le=1, strict=True, description="one answer per request")
    filters: SearchFilters | None = Field(
        default=None, description="this API's own metadata filters (the openai client's extra_body)"
    )


# ---------------------------------------------------------------- response


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str = Field(description="the answer as markdown: [n] markers, a reference list, notes")
    citations: list[Citation] = Field(description="the verified citations behind the [n] markers")


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "policyqa"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class OpenAIError(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIErrorResponse(ErrorResponse):
    """``detail`` as on every route of this API, and the same message in OpenAI's ``error`` object."""

    error: OpenAIError


def openai_error(status: int, detail: object) -> dict[str, Any]:
    """OpenAI's error object for a status and this API's ``detail`` (a message or a list of field errors)."""
    if isinstance(detail, list):
        message = "; ".join(
            f"{'.'.join(str(part) for part in e.get('loc', []))}: {e.get('msg', '')}" for e in detail
        )
    else:
        message = str(detail)
    code = "model_not_found" if status == 404 and message.startswith(UNKNOWN_MODEL) else None
    kind = "invalid_request_error" if status < 500 else "server_error"
    return OpenAIError(message=message, type=kind, code=code).model_dump()


def is_openai_path(path: str) -> bool:
    return path.startswith(OPENAI_PATHS)


# ---------------------------------------------------------------- the conversation


def _text(message: ChatMessage, *, question: bool) -> str:
    if message.content is None or isinstance(message.content, str):
        return message.content or ""
    others = sorted({part.type for part in message.content if part.type != "text"})
    if question and others:
        raise InputError(
            f"只能回答文字问题 (this assistant reads text only; remove the {', '.join(others)} part)"
        )
    return "\n".join(part.text or "" for part in message.content if part.type == "text")


def read_conversation(messages: list[ChatMessage], max_question_chars: int) -> tuple[str, list[Turn]]:
    """The question (the last message, a user's) and the earlier user and assistant turns, cleaned."""
    *earlier, last = messages
    if last.role != "user":
        raise InputError('最后一条消息应是用户的问题 (the last message must have role "user")')
    question = clean_question(_text(last, question=True), max_question_chars)
    turns = [
        Turn(role=m.role, content=_text(m, question=False))
        for m in earlier
        if m.role in ("user", "assistant")
    ]
    return question, clean_turns(t for t in turns[-MAX_HISTORY_TURNS:] if t.content.strip())


# ---------------------------------------------------------------- the routes

STREAM_EXAMPLE = (
    'data: {"id":"chatcmpl-…","object":"chat.completion.chunk","created":1767225600,'
    '"model":"policyqa-extractive","choices":[{"index":0,"delta":{"role":"assistant","content":""},'
    '"finish_reason":null}]}\n\n'
    'data: {…"choices":[{"index":0,"delta":{"content":"根据《关于做好…》…[1]"},"finish_reason":null}]}\n\n'
    'data: {…"choices":[{"index":0,"delta":{"citations":[{"n":1,"doc_number":"京人社劳字〔2020〕11号",'
    '"quote":"…"}]},"finish_reason":"stop"}]}\n\n'
    "data: [DONE]\n\n"
)


def chat_router(
    settings: Settings,
    current: Callable[[], PolicyAssistant],
    run: Callable[[Callable[[], AskResponse]], Awaitable[AskResponse]],
    gate: Gate,
) -> APIRouter:
    """The routes over the API's assistant (``current``), its admission (``run``, ``gate``) and limits."""
    router = APIRouter(tags=["OpenAI-compatible"])
    model_id = served_model(settings)
    created = int(time.time())
    timeout = settings.request_timeout_s
    errors: dict[int | str, dict[str, Any]] = {
        status: {"model": OpenAIErrorResponse, "description": description}
        for status, description in {
            400: "invalid Content-Length or a body that is not UTF-8",
            404: "unknown model; GET /v1/models lists the one served",
            413: "question or body too long",
            422: "empty question, last message not the user's, a non-text part, wrong type or malformed JSON",
            503: "busy (the expected wait exceeds the request timeout) or the index is loading; "
            "retry after Retry-After seconds",
            504: "the answer took longer than the request timeout",
        }.items()
    }
    errors[503]["headers"] = RETRY_AFTER_HEADER

    def prepare(body: ChatCompletionRequest) -> tuple[str, list[Turn], SearchFilters | None]:
        if body.model != model_id:
            raise HTTPException(404, f"{UNKNOWN_MODEL}; this server serves {model_id} (GET /v1/models)")
        try:
            question, history = read_conversation(body.messages, settings.max_question_chars)
        except InputError as exc:
            raise HTTPException(413 if exc.too_long else 422, str(exc)) from exc
        return question, history, clean_filters(body.filters)

    @router.get("/v1/models", response_model=ModelList)
    async def models() -> ModelList:
        """The model id to configure in a chat client."""
        return ModelList(data=[ModelCard(id=model_id, created=created)])

    @router.get("/v1/models/{model}", response_model=ModelCard, responses={404: errors[404]})
    async def model(model: Annotated[str, Path(max_length=200, examples=[EXTRACTIVE_MODEL])]) -> ModelCard:
        """One model, if it is the one served."""
        if model != model_id:
            raise HTTPException(404, f"{UNKNOWN_MODEL}; this server serves {model_id}")
        return ModelCard(id=model_id, created=created)

    @router.post(
        CHAT_PATH,
        response_model=ChatCompletion,
        responses={
            200: {
                "content": {"text/event-stream": {"example": STREAM_EXAMPLE}},
                "description": "JSON (`chat.completion`), or with `stream: true` Server-Sent Events of "
                "`chat.completion.chunk`s: the answer's text as it is composed, then the reference list, "
                "then a final chunk whose `delta.citations` holds the citations, then `[DONE]`. An error "
                'after the stream started arrives as `data: {"error": {…}}`.',
            },
            **errors,
        },
    )
    async def chat_completions(body: ChatCompletionRequest) -> Any:
        """Answer the last user message with verified citations, as OpenAI's chat completion."""
        question, history, filters = prepare(body)
        assistant = current()
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"
        if not body.stream:
            response = await run(lambda: assistant.ask(question, history, filters))
            message = AssistantMessage(content=render_answer(response), citations=response.citations)
            return ChatCompletion(
                id=completion_id, created=int(time.time()), model=model_id, choices=[Choice(message=message)]
            )
        try:
            stream: WorkerStream[str | AskResponse] = WorkerStream(
                gate, lambda: assistant.stream(question, history, filters), timeout
            )
        except Saturated as exc:
            raise busy(exc) from exc
        chunk = _ChunkWriter(completion_id, model_id)
        return StreamingResponse(
            _chunks(stream, chunk, timeout),
            media_type="text/event-stream",
            headers={"X-Accel-Buffering": "no"},
        )

    return router


class _ChunkWriter:
    """``chat.completion.chunk`` events of one completion."""

    def __init__(self, completion_id: str, model: str) -> None:
        self.base = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
        }

    def __call__(self, delta: dict[str, Any], finish_reason: str | None = None) -> str:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        return f"data: {safe_json({**self.base, 'choices': [choice]})}\n\n"


def _error_event(status: int, detail: str) -> str:
    return f"data: {safe_json({'error': openai_error(status, detail)})}\n\n"


async def _chunks(
    stream: WorkerStream[str | AskResponse], chunk: _ChunkWriter, timeout: float
) -> AsyncIterator[str]:
    markdown = ChatAnswerStream()
    yield chunk({"role": "assistant", "content": ""})
    try:
        async for item in stream:
            if isinstance(item, AskResponse):
                tail = markdown.finish(item)
                if tail:
                    yield chunk({"content": tail})
                citations = [c.model_dump(mode="json") for c in item.citations]
                yield chunk({"citations": citations}, finish_reason="stop")
                yield "data: [DONE]\n\n"
                return
            text = markdown.piece(str(item))
            if text:
                yield chunk({"content": text})
        yield _error_event(503, "the answer ended without its citations; retry")
    except TimeoutError:
        yield _error_event(504, f"no answer within {timeout:g} s; try a shorter question")
    except StreamFailed:
        yield _error_event(503, "the answer failed; retry")
    finally:
        stream.close()
