"""One client interface for the UI: the assistant in-process (``LocalClient``) or over HTTP (``HttpClient``).

``build_client(settings)`` picks ``HttpClient`` when ``POLICYQA_API_URL`` is set, so many UI instances can
share one API process; otherwise the UI answers in-process. Both refuse the same inputs with the same
messages (``ClientError``), so the UI never needs to know which one it has.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

import httpx

from answer.models import AskResponse
from config import Settings
from query.models import Turn
from retrieval.models import Hit, SearchFilters, SearchResult
from serve.api_models import (
    AddDocumentsResponse,
    ClauseDetail,
    DocumentSummary,
    DocumentView,
    RemoveDocumentResponse,
    add_response,
    clause_detail,
    document_view,
    find_documents,
    remove_response,
    uploads_by_id,
)
from serve.inputs import InputError, clean_question
from store.index import StoreError
from store.uploads import DocumentLibrary, UploadNotFound

if TYPE_CHECKING:
    from serve.service import PolicyAssistant


class ClientError(RuntimeError):
    """A request the assistant refused or could not serve; the message is meant for the user."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


class AssistantClient(Protocol):
    def ask(
        self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None
    ) -> AskResponse: ...

    def stream(
        self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None
    ) -> Iterator[str | AskResponse]: ...

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None) -> list[Hit]: ...

    def documents(self, filters: SearchFilters | None = None, q: str = "") -> list[DocumentSummary]: ...

    def document(self, doc_id: str) -> DocumentView | None: ...

    def clause(self, clause_id: str) -> ClauseDetail | None: ...

    def add_documents(
        self, files: Sequence[tuple[str, bytes]], stage: Callable[[str], None] | None = None
    ) -> AddDocumentsResponse: ...

    def remove_document(self, doc_id: str) -> RemoveDocumentResponse: ...

    def my_documents(self) -> list[DocumentSummary]: ...


class LocalClient:
    """The assistant in this process (the default): no server needed. Adding or removing a document builds a
    new assistant over the new index generation, which the following calls use."""

    def __init__(self, assistant: PolicyAssistant) -> None:
        self.assistant = assistant
        self._max_chars = assistant.settings.max_question_chars
        self._library: DocumentLibrary | None = None

    @property
    def library(self) -> DocumentLibrary:
        if self._library is None:
            self._library = DocumentLibrary(self.assistant.settings)
        return self._library

    def add_documents(
        self, files: Sequence[tuple[str, bytes]], stage: Callable[[str], None] | None = None
    ) -> AddDocumentsResponse:
        try:
            result = self.library.add(files, "ui", stage=stage)
        except StoreError as exc:
            raise ClientError(str(exc), 503) from exc
        if not result.added:
            raise ClientError("; ".join(r.message for r in result.refused), result.refused[0].status if result.refused else 422)
        self._follow_index(stage)
        return add_response(result)

    def remove_document(self, doc_id: str) -> RemoveDocumentResponse:
        try:
            result = self.library.remove(doc_id)
        except UploadNotFound as exc:
            raise ClientError(str(exc), 409 if exc.in_corpus else 404) from exc
        except StoreError as exc:
            raise ClientError(str(exc), 503) from exc
        self._follow_index(None)
        return remove_response(result)

    def my_documents(self) -> list[DocumentSummary]:
        return find_documents(self.assistant, None, source="upload", uploads=uploads_by_id(self.assistant.settings.data_dir))

    def _follow_index(self, stage: Callable[[str], None] | None) -> None:
        from serve.service import build_assistant

        if stage is not None:
            stage("加载新索引 loading the new index")
        self.assistant = build_assistant(self.assistant.settings)

    def _question(self, question: str) -> str:
        try:
            return clean_question(question, self._max_chars)
        except InputError as exc:
            raise ClientError(str(exc), 413 if exc.too_long else 422) from exc

    def ask(
        self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None
    ) -> AskResponse:
        return self.assistant.ask(self._question(question), list(history), filters)

    def stream(
        self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None
    ) -> Iterator[str | AskResponse]:
        return self.assistant.stream(self._question(question), list(history), filters)

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None) -> list[Hit]:
        return self.assistant.search(self._question(query), k, filters)

    def documents(self, filters: SearchFilters | None = None, q: str = "") -> list[DocumentSummary]:
        return find_documents(self.assistant, filters, q.strip(), uploads=uploads_by_id(self.assistant.settings.data_dir))

    def document(self, doc_id: str) -> DocumentView | None:
        return document_view(self.assistant, doc_id, uploads_by_id(self.assistant.settings.data_dir))

    def clause(self, clause_id: str) -> ClauseDetail | None:
        return clause_detail(self.assistant, clause_id)


def _filter_params(filters: SearchFilters | None) -> dict[str, str]:
    if filters is None:
        return {}
    raw = filters.model_dump(mode="json", exclude_defaults=True)
    return {k: ("true" if v is True else str(v)) for k, v in raw.items()}


class HttpClient:
    """The API at ``base_url`` (``POLICYQA_API_URL``), with the same methods as ``LocalClient``."""

    def __init__(
        self,
        base_url: str,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
        admin_token: str = "",
    ) -> None:
        self._http = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout, transport=transport)
        self._admin = {"Authorization": f"Bearer {admin_token}"} if admin_token else {}

    def add_documents(
        self, files: Sequence[tuple[str, bytes]], stage: Callable[[str], None] | None = None
    ) -> AddDocumentsResponse:
        if stage is not None:
            stage("上传并建立索引 uploading and indexing")
        upload = [("files", (name, data)) for name, data in files]
        response = self._request("POST", "/v1/documents", files=upload, headers=self._admin, timeout=None)
        if response.status_code == 404:
            raise ClientError(_detail(response), 404)
        return AddDocumentsResponse.model_validate_json(response.content)

    def remove_document(self, doc_id: str) -> RemoveDocumentResponse:
        response = self._request("DELETE", f"/v1/documents/{quote(doc_id, safe='')}", headers=self._admin, timeout=None)
        if response.status_code == 404:
            raise ClientError(_detail(response), 404)
        return RemoveDocumentResponse.model_validate_json(response.content)

    def my_documents(self) -> list[DocumentSummary]:
        response = self._request("GET", "/v1/documents", params={"source": "upload"})
        return [DocumentSummary.model_validate(d) for d in response.json()]

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise ClientError(
                f"the assistant service at {self._http.base_url} is unreachable ({exc})"
            ) from exc
        if response.status_code >= 400 and response.status_code != 404:
            raise ClientError(_detail(response), response.status_code)
        return response

    def ask(
        self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None
    ) -> AskResponse:
        body = _ask_body(question, history, filters)
        return AskResponse.model_validate_json(self._request("POST", "/v1/ask", json=body).content)

    def stream(
        self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None
    ) -> Iterator[str | AskResponse]:
        body = _ask_body(question, history, filters)
        try:
            with self._http.stream("POST", "/v1/ask/stream", json=body) as response:
                if response.status_code >= 400:
                    response.read()
                    raise ClientError(_detail(response), response.status_code)
                event = ""
                for line in response.iter_lines():
                    if line.startswith("event:"):
                        event = line.removeprefix("event:").strip()
                    elif line.startswith("data:"):
                        data = json.loads(line.removeprefix("data:"))
                        if event == "delta":
                            yield data["text"]
                        elif event == "answer":
                            yield AskResponse.model_validate(data)
                        elif event == "error":
                            raise ClientError(
                                data.get("detail", "the answer failed"), data.get("status", 503)
                            )
        except httpx.HTTPError as exc:
            raise ClientError(
                f"the assistant service at {self._http.base_url} is unreachable ({exc})"
            ) from exc

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None) -> list[Hit]:
        params = {"q": query, "k": str(k), **_filter_params(filters)}
        return SearchResult.model_validate_json(
            self._request("GET", "/v1/search", params=params).content
        ).hits

    def documents(self, filters: SearchFilters | None = None, q: str = "") -> list[DocumentSummary]:
        params = {**_filter_params(filters), **({"q": q} if q.strip() else {})}
        response = self._request("GET", "/v1/documents", params=params)
        return [DocumentSummary.model_validate(d) for d in response.json()]

    def document(self, doc_id: str) -> DocumentView | None:
        response = self._request("GET", f"/v1/documents/{quote(doc_id, safe='')}")
        return None if response.status_code == 404 else DocumentView.model_validate_json(response.content)

    def clause(self, clause_id: str) -> ClauseDetail | None:
        response = self._request("GET", f"/v1/clauses/{quote(clause_id, safe='')}")
        return None if response.status_code == 404 else ClauseDetail.model_validate_json(response.content)

    def close(self) -> None:
        self._http.close()


def _ask_body(question: str, history: Sequence[Turn], filters: SearchFilters | None) -> dict[str, Any]:
    return {
        "question": question,
        "history": [t.model_dump() for t in history],
        "filters": filters.model_dump(mode="json") if filters else None,
    }


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        return f"HTTP {response.status_code}"
    if isinstance(detail, list):
        return "; ".join(f"{'.'.join(map(str, e.get('loc', [])))}: {e.get('msg', '')}" for e in detail)
    return str(detail or f"HTTP {response.status_code}")


def build_client(settings: Settings, assistant: PolicyAssistant | None = None) -> AssistantClient:
    """``HttpClient`` when ``settings.api_url`` is set, else ``LocalClient`` over a (new or given) assistant."""
    if settings.api_url:
        return HttpClient(settings.api_url, timeout=settings.request_timeout_s + 5, admin_token=settings.admin_token)
    if assistant is None:
        from serve.service import build_assistant

        assistant = build_assistant(settings)
    return LocalClient(assistant)
