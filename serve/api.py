"""The HTTP API (FastAPI): ask (JSON or SSE), search, documents, clauses, health, an admin reload, and the
OpenAI-compatible chat (``serve/openai_compat.py``).

Every response is JSON (or an SSE stream of JSON); every input the public can send is answered with a
2xx or a 4xx/503/504 and a message, never a stack trace. ``create_app(settings)`` builds the assistant
in the background so ``/healthz`` answers at once and ``/readyz`` says when the index is loaded.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Depends, FastAPI, File, HTTPException, Path, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from answer.models import AskResponse
from config import Settings
from query.models import Turn
from retrieval.models import DocTypeName, Hit, IsoDate, SearchFilters, SearchResult
from serve.api_models import (
    AddDocumentsResponse,
    AskRequest,
    ClauseDetail,
    DocumentSummary,
    DocumentView,
    ErrorResponse,
    Health,
    Readiness,
    RemoveDocumentResponse,
    add_response,
    clause_detail,
    document_view,
    find_documents,
    remove_response,
    uploads_by_id,
)
from serve.gate import RETRY_AFTER_HEADER, Gate, Saturated, busy
from serve.http_guards import GuardMiddleware, SafeJSONResponse, safe_json
from serve.inputs import (
    MAX_FILTER_CHARS,
    InputError,
    clean_filters,
    clean_question,
    clean_text,
    clean_turns,
    visible_character_pattern,
)
from serve.openai_compat import CHAT_PATH, chat_router, is_openai_path, openai_error
from serve.reload import LiveAssistant
from serve.service import PolicyAssistant, build_assistant
from serve.streaming import StreamFailed, WorkerStream
from store.index import StoreError, is_store_unreachable
from store.uploads import DocumentLibrary, UploadNotFound

DOCUMENTS_PATH = "/v1/documents"

log = logging.getLogger(__name__)
T = TypeVar("T")

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "invalid Content-Length, or a body that is not UTF-8"},
    413: {"model": ErrorResponse, "description": "question or body too long"},
    422: {"model": ErrorResponse, "description": "empty question, wrong type or malformed JSON"},
    503: {
        "model": ErrorResponse,
        "description": "busy (the expected wait exceeds the request timeout), the index is loading or "
        "reloading, or the vector store is unreachable; retry after Retry-After seconds",
        "headers": RETRY_AFTER_HEADER,
    },
    504: {"model": ErrorResponse, "description": "the answer took longer than the request timeout"},
}

# An add or a remove that cannot build a new generation: the served index is unchanged.
WRITE_UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {
        "model": ErrorResponse,
        "description": "no index yet (run `policyqa ingest`), or the vector store is unreachable",
        "headers": RETRY_AFTER_HEADER,
    }
}

ANSWER_EXAMPLE = {
    "question": "我被隔离了，工资怎么算？",
    "standalone_question": "我被隔离了，工资怎么算？",
    "answer": "隔离期间，企业应当视同提供正常劳动并支付职工正常工作时间工资[1]。",
    "abstained": False,
    "citations": [
        {
            "n": 1,
            "clause_id": "京人社劳字〔2020〕11号#二、",
            "doc_id": "京人社劳字〔2020〕11号",
            "doc_number": "京人社劳字〔2020〕11号",
            "title": "关于做好疫情防控期间维护劳动关系稳定有关问题的通知",
            "issuer": ["北京市人力资源和社会保障局"],
            "date": "2020-02-02",
            "label": "二、",
            "quote": "企业应当视同提供正常劳动并支付职工正常工作时间工资",
            "legal_form": "《关于做好疫情防控期间维护劳动关系稳定有关问题的通知》（京人社劳字〔2020〕11号）第二条",
            "source": {"file": "example.txt", "line_start": 10, "line_end": 12},
            "region": "北京",
        }
    ],
    "related": [],
    "notes": ["本规定适用于北京市。"],
}


# The admin endpoints' token, as the spec's bearer security scheme (the docs page's Authorize button sends it).
# Checked by require_admin, not here: without a configured token the endpoints answer 404, not 403.
ADMIN_BEARER = HTTPBearer(
    auto_error=False, scheme_name="AdminToken", description="Authorization: Bearer <POLICYQA_ADMIN_TOKEN>"
)
AdminCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(ADMIN_BEARER)]


def _filters(
    region: str | None,
    issuer: str | None,
    date_from: date | None,
    date_to: date | None,
    doc_type: DocTypeName | None,
    notices_only: bool,
) -> SearchFilters | None:
    return clean_filters(
        SearchFilters(
            region=region,
            issuer=issuer,
            date_from=date_from,
            date_to=date_to,
            doc_type=doc_type,
            notices_only=notices_only,
        )
    )


def _write_unavailable(exc: StoreError) -> HTTPException:
    return HTTPException(503, str(exc), {"Retry-After": "10"})


def _input_error(exc: InputError) -> HTTPException:
    return HTTPException(413 if exc.too_long else 422, str(exc))


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Pydantic's default error carries the offending input; we never send the input back.
    return [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors()
    ]


def _error_body(path: str, status: int, detail: object) -> dict[str, Any]:
    """Every error has ``detail``; on the OpenAI-compatible routes also OpenAI's ``error``, which its clients show."""
    if is_openai_path(path):
        return {"detail": detail, "error": openai_error(status, detail)}
    return {"detail": detail}


def create_app(settings: Settings, assistant: PolicyAssistant | None = None) -> FastAPI:
    """The API over ``settings``' index; pass ``assistant`` to serve one already built (tests, one process)."""
    from store.index import POINTER_FILE

    live: LiveAssistant[PolicyAssistant] = LiveAssistant(
        lambda: build_assistant(settings),
        settings.store_dir / POINTER_FILE,
        check_every_s=settings.reload_check_s,
        initial=assistant,
    )
    gate = Gate(settings.max_concurrency, settings.request_timeout_s)
    timeout = settings.request_timeout_s

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if live.get() is None:
            live.reload()
        yield
        gate.shutdown()

    # Swagger UI and ReDoc from files inside the fastapi-offline wheel, not a CDN: /docs works offline.
    app = FastAPIOffline(
        static_url="/docs/static",
        title="政策问答 API",
        version="1.0",
        summary="Cited answers over Chinese policy circulars: every claim carries a verbatim, checkable quote.",
        lifespan=lifespan,
        responses=ERRORS,
        default_response_class=SafeJSONResponse,
    )
    app.add_middleware(
        GuardMiddleware,
        max_body_bytes=settings.max_body_bytes,
        # one request may carry files up to the upload limit in all, plus the multipart framing
        path_limits={CHAT_PATH: settings.max_chat_body_bytes, DOCUMENTS_PATH: settings.upload_max_bytes + 65536},
        error_body=_error_body,
        max_open_requests=settings.max_open_requests,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=[origin.strip() for origin in settings.cors_origins.split(",") if origin.strip()],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
        )
    app.state.live = live
    app.state.gate = gate
    library = DocumentLibrary(settings)  # loads its embedder on the first add

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> SafeJSONResponse:
        return SafeJSONResponse(_error_body(request.url.path, 422, _field_errors(exc)), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> SafeJSONResponse:
        body = _error_body(request.url.path, exc.status_code, exc.detail)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # Starlette names the first route's methods; a path may have several routes
            headers["Allow"] = ", ".join(_allowed_methods(app, request))
        return SafeJSONResponse(body, status_code=exc.status_code, headers=headers)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> SafeJSONResponse:
        log.exception("unexpected error", exc_info=exc)
        detail = "internal error; the request was not processed"
        return SafeJSONResponse(_error_body(request.url.path, 500, detail), status_code=500)

    def current() -> PolicyAssistant:
        found = live.get()
        if found is None:
            raise HTTPException(
                503, "the index is still loading; retry in a few seconds", {"Retry-After": "2"}
            )
        return found

    async def run(fn: Callable[[], T]) -> T:
        try:
            return await gate.run(fn, timeout)
        except Saturated as exc:
            raise busy(exc) from exc
        except TimeoutError as exc:
            raise HTTPException(504, f"no answer within {timeout:g} s; try a shorter question") from exc
        except (InputError, HTTPException):
            raise
        except Exception as exc:
            if live.is_stale() or live.reloading:  # the old collection was deleted by a re-ingest
                raise HTTPException(503, "the index is being reloaded; retry", {"Retry-After": "2"}) from exc
            if is_store_unreachable(exc):  # store=http: the Chroma server stopped; it reconnects when back
                raise HTTPException(
                    503, "the vector store (the Chroma server) does not answer; retry", {"Retry-After": "5"}
                ) from exc
            raise

    def prepare(body: AskRequest) -> tuple[str, list[Turn], SearchFilters | None]:
        try:
            question = clean_question(body.question, settings.max_question_chars)
        except InputError as exc:
            raise _input_error(exc) from exc
        return question, clean_turns(body.history), clean_filters(body.filters)

    # ---------------------------------------------------------------- health

    @app.get("/healthz", response_model=Health, tags=["health"])
    async def healthz() -> Health:
        """The process is up (it may still be loading the index)."""
        return Health(status="ok")

    @app.get("/readyz", response_model=Readiness, tags=["health"], responses={503: {"model": Readiness}})
    async def readyz() -> SafeJSONResponse:
        """200 once an index is loaded and can answer; 503 while the first load runs."""
        status = live.status()
        found = live.get()
        body = Readiness(
            status="ready" if found else "loading",
            reloading=status.reloading,
            generation=status.generation,
            last_error=status.last_error,
        )
        if found is not None:
            docs = found.documents()
            body.documents = len(docs)
            body.clauses = sum(len(found.clauses_of(d.doc_id)) for d in docs)
        return SafeJSONResponse(body.model_dump(), status_code=200 if found else 503)

    # ---------------------------------------------------------------- answers

    @app.post(
        "/v1/ask",
        response_model=AskResponse,
        tags=["answers"],
        responses={200: {"content": {"application/json": {"example": ANSWER_EXAMPLE}}}},
    )
    async def ask(body: AskRequest) -> AskResponse:
        """Answer a question with verified citations (the JSON of ``policyqa ask --json``).

        When the corpus does not support an answer, ``abstained`` is true and ``related`` lists the
        nearest clauses (可能相关), which are not an answer.
        """
        question, history, filters = prepare(body)
        assistant = current()
        return await run(lambda: assistant.ask(question, history, filters))

    @app.post(
        "/v1/ask/stream",
        tags=["answers"],
        response_class=StreamingResponse,
        responses={
            200: {
                "content": {
                    "text/event-stream": {
                        "example": 'event: delta\ndata: {"text": "隔离期间"}\n\n'
                        'event: answer\ndata: {"question": "…", "answer": "…", "citations": []}\n\n'
                    }
                },
                "description": "`delta` events carry answer text as it is produced; the last event, "
                "`answer`, carries the verified AskResponse (or `error` with a detail).",
            }
        },
    )
    async def ask_stream(body: AskRequest) -> StreamingResponse:
        """The same answer as Server-Sent Events: text pieces as an LLM writes them, then the verified answer.

        Without an LLM the whole extractive answer arrives as one ``delta`` followed by ``answer``.
        """
        question, history, filters = prepare(body)
        assistant = current()
        try:
            stream: WorkerStream[str | AskResponse] = WorkerStream(
                gate, lambda: assistant.stream(question, history, filters), timeout
            )
        except Saturated as exc:
            raise busy(exc) from exc

        async def events() -> AsyncIterator[str]:
            try:
                async for item in stream:
                    if isinstance(item, AskResponse):
                        yield _sse("answer", item.model_dump(mode="json"))
                    else:
                        yield _sse("delta", {"text": str(item)})
            except TimeoutError:
                yield _sse("error", {"detail": f"no answer within {timeout:g} s", "status": 504})
            except StreamFailed:
                yield _sse("error", {"detail": "the answer failed; retry", "status": 503})
            finally:
                stream.close()

        return StreamingResponse(
            events(), media_type="text/event-stream", headers={"X-Accel-Buffering": "no"}
        )

    app.include_router(chat_router(settings, current, run, gate))

    # ---------------------------------------------------------------- search and documents

    @app.get("/v1/search", response_model=SearchResult, tags=["search"])
    async def search(
        q: Annotated[
            str, Query(description="the question or a 文号", examples=["京人社劳字〔2020〕11号 第二条"])
        ],
        k: Annotated[int, Query(ge=1, le=50)] = 10,
        region: Annotated[str | None, Query(examples=["北京"])] = None,
        issuer: Annotated[
            str | None, Query(description="substring of an issuer", examples=["人力资源"])
        ] = None,
        date_from: IsoDate | None = None,
        date_to: IsoDate | None = None,
        doc_type: DocTypeName | None = None,
        notices_only: bool = False,
    ) -> SearchResult:
        """The clauses that best match ``q`` (hybrid dense + BM25, exact 文号 / clause lookup first)."""
        try:
            query = clean_question(q, settings.max_question_chars)
        except InputError as exc:
            raise _input_error(exc) from exc
        filters = _filters(region, issuer, date_from, date_to, doc_type, notices_only)
        assistant = current()
        hits: list[Hit] = await run(lambda: assistant.search(query, k, filters))
        return SearchResult(query=query, hits=hits)

    @app.get("/v1/documents", response_model=list[DocumentSummary], tags=["documents"])
    async def documents(
        q: Annotated[
            str | None, Query(description="substring of the title or 文号", examples=["11号"])
        ] = None,
        region: Annotated[str | None, Query(examples=["北京"])] = None,
        issuer: str | None = None,
        date_from: IsoDate | None = None,
        date_to: IsoDate | None = None,
        doc_type: DocTypeName | None = None,
        notices_only: bool = False,
        source: Annotated[
            Literal["corpus", "upload"] | None,
            Query(description="corpus: the bundled files; upload: the files users added"),
        ] = None,
    ) -> list[DocumentSummary]:
        """Every document with its metadata, oldest first, filtered by metadata, by title/文号 and by source;
        a user's own document carries ``source: upload`` and its file in ``upload``."""
        filters = _filters(region, issuer, date_from, date_to, doc_type, notices_only)
        needle = clean_text(q, MAX_FILTER_CHARS) if q else ""
        return find_documents(current(), filters, needle, source, uploads_by_id(settings.data_dir))

    @app.get(
        "/v1/documents/{doc_id:path}",
        response_model=DocumentView,
        tags=["documents"],
        responses={404: {"model": ErrorResponse}},
    )
    async def document(
        doc_id: Annotated[str, Path(max_length=500, examples=["京人社劳字〔2020〕11号"])],
    ) -> DocumentView:
        """The full text of one document as its clauses in printed order, each with an ``anchor``."""
        view = document_view(current(), doc_id, uploads_by_id(settings.data_dir))
        if view is None:
            raise HTTPException(404, "no document with this id; list ids with GET /v1/documents")
        return view

    @app.get(
        "/v1/clauses/{clause_id:path}",
        response_model=ClauseDetail,
        tags=["documents"],
        responses={404: {"model": ErrorResponse}},
    )
    async def clause(
        clause_id: Annotated[
            str,
            Path(max_length=600, description="URL-encode the #", examples=["京人社劳字〔2020〕11号#二、"]),
        ],
    ) -> ClauseDetail:
        """One clause, verbatim, with its document's metadata."""
        detail = clause_detail(current(), clause_id)
        if detail is None:
            raise HTTPException(
                404, "no clause with this id; clause ids look like 京人社劳字〔2020〕11号#二、"
            )
        return detail

    # ---------------------------------------------------------------- admin

    def require_admin(credentials: HTTPAuthorizationCredentials | None) -> None:
        token = settings.admin_token
        if not token:
            raise HTTPException(404, "admin endpoints are off; set POLICYQA_ADMIN_TOKEN to enable them")
        if credentials is None:
            raise HTTPException(
                401, "the admin token is missing: send Authorization: Bearer <token>", {"WWW-Authenticate": "Bearer"}
            )
        given = credentials.credentials.strip()
        if not hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8")):
            raise HTTPException(403, "wrong admin token")

    admin_errors: dict[int | str, dict[str, Any]] = {
        401: {"model": ErrorResponse, "description": "no admin token (Authorization: Bearer …) was sent"},
        403: {"model": ErrorResponse, "description": "wrong admin token"},
        404: {"model": ErrorResponse, "description": "admin endpoints are off (no POLICYQA_ADMIN_TOKEN)"},
    }

    @app.post(
        DOCUMENTS_PATH,
        tags=["documents"],
        status_code=201,
        response_model=AddDocumentsResponse,
        responses={
            **admin_errors,
            409: {"model": ErrorResponse, "description": "a duplicate of an indexed document (named)"},
            413: {"model": ErrorResponse, "description": "over a limit: size, pages, text length or clauses"},
            415: {"model": ErrorResponse, "description": "not PDF, DOCX, HTML, TXT or MD"},
            422: {"model": ErrorResponse, "description": "unreadable: no text layer (scan), encrypted, damaged"},
            **WRITE_UNAVAILABLE,
        },
    )
    async def add_documents(
        request: Request,
        files: Annotated[
            list[UploadFile], File(min_length=1, description="PDF with a text layer, DOCX, HTML, TXT or MD")
        ],
        credentials: AdminCredentials = None,
    ) -> AddDocumentsResponse:
        """Add your own documents: each file is read as corpus/ is (clean, split, metadata, clauses), checked
        against what is indexed, and indexed in one new generation that the API serves before it answers.

        Off (404) unless ``POLICYQA_ADMIN_TOKEN`` is set. One request carries at most the upload size limit
        (default 20 MB) in all. A refused file is named with the reason; when every file is refused the status
        is the first one's (413, 415, 409 or 422) and nothing already indexed changes.
        """
        require_admin(credentials)
        payload = [(upload.filename or "unnamed", await upload.read()) for upload in files]
        client = request.client.host if request.client else "unknown"
        try:
            result = await run_in_threadpool(library.add, payload, f"api ({client})")
        except StoreError as exc:
            raise _write_unavailable(exc) from exc
        if not result.added:
            first = result.refused[0]
            raise HTTPException(first.status, "; ".join(r.message for r in result.refused))
        await run_in_threadpool(live.refresh, settings.request_timeout_s * 4)
        return add_response(result)

    @app.delete(
        f"{DOCUMENTS_PATH}/{{doc_id:path}}",
        tags=["documents"],
        response_model=RemoveDocumentResponse,
        responses={
            **admin_errors,
            404: {"model": ErrorResponse, "description": "no such upload, or admin endpoints are off"},
            409: {"model": ErrorResponse, "description": "a bundled corpus document, not an upload"},
            **WRITE_UNAVAILABLE,
        },
    )
    async def remove_document(
        doc_id: Annotated[str, Path(max_length=500, description="an upload id or a document id it holds")],
        credentials: AdminCredentials = None,
    ) -> RemoveDocumentResponse:
        """Remove a user's own document: the whole file it came from (every document it holds) leaves the index
        in a new generation, and its folder under data/uploads/ is deleted. Off unless an admin token is set."""
        require_admin(credentials)
        try:
            result = await run_in_threadpool(library.remove, doc_id)
        except UploadNotFound as exc:
            raise HTTPException(409 if exc.in_corpus else 404, str(exc)) from exc
        except StoreError as exc:
            raise _write_unavailable(exc) from exc
        await run_in_threadpool(live.refresh, settings.request_timeout_s * 4)
        return remove_response(result)

    @app.post(
        "/v1/admin/reload",
        tags=["admin"],
        response_model=Readiness,
        responses=admin_errors,
    )
    async def admin_reload(
        credentials: AdminCredentials = None,
    ) -> Readiness:
        """Rebuild the assistant from the current index in the background (after ``policyqa ingest``).

        Off (404) unless ``POLICYQA_ADMIN_TOKEN`` is set; then it needs ``Authorization: Bearer <token>``.
        """
        require_admin(credentials)
        live.reload()
        status = live.status()
        return Readiness(
            status="ready" if status.ready else "loading",
            reloading=status.reloading,
            generation=status.generation,
            last_error=status.last_error,
        )

    generated_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _question_rules(generated_openapi(), settings.max_question_chars)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """Every method some route serves at this request's path."""
    methods: set[str] = set()
    for route in app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


def _question_rules(schema: dict[str, Any], max_chars: int) -> dict[str, Any]:
    """The spec with the question's rules that only the settings know: not blank once cleaned, and its limit."""
    rules = {"pattern": visible_character_pattern(), "maxLength": max_chars}
    schema["components"]["schemas"]["AskRequest"]["properties"]["question"].update(rules)
    for parameter in schema["paths"]["/v1/search"]["get"]["parameters"]:
        if parameter["name"] == "q":
            parameter["schema"].update(rules)
    return schema


def _sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {safe_json(data)}\n\n"


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory serve.api:app_from_env``: settings from the environment."""
    return create_app(Settings())
