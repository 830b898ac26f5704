"""The UI's one client interface: ``HttpClient`` over a real API server gives the same results and the same
refusals as ``LocalClient`` in-process, and ``build_client`` picks by ``POLICYQA_API_URL``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from answer.models import AskResponse
from query.models import Turn
from retrieval.models import SearchFilters
from serve.api import create_app
from serve.client import ClientError, HttpClient, LocalClient, build_client
from tests.server_support import running_server

QUESTION = "在家带娃单位会扣工资吗"


@pytest.fixture(scope="module")
def local(policy_assistant) -> LocalClient:
    return LocalClient(policy_assistant)


@pytest.fixture(scope="module")
def remote(indexed_settings, policy_assistant) -> Iterator[HttpClient]:
    with running_server(create_app(indexed_settings, policy_assistant)) as url:
        client = HttpClient(url)
        yield client
        client.close()


def test_ask_is_the_same_in_process_and_over_http(local, remote):
    history = [Turn(role="user", content="我被隔离了，工资怎么算？"), Turn(role="assistant", content="…")]
    filters = SearchFilters(region="北京")
    assert remote.ask(QUESTION, history, filters) == local.ask(QUESTION, history, filters)


def test_stream_ends_with_the_same_answer_over_http(local, remote):
    pieces = list(remote.stream(QUESTION))
    assert isinstance(pieces[-1], AskResponse) and all(isinstance(p, str) for p in pieces[:-1])
    assert pieces[-1] == local.ask(QUESTION)


def test_search_and_documents_are_the_same_over_http(local, remote):
    filters = SearchFilters(notices_only=True, region="北京")
    assert remote.search("待岗 生活费", 5, filters) == local.search("待岗 生活费", 5, filters)
    assert remote.documents(filters, "京人社") == local.documents(filters, "京人社")
    doc_id = local.documents(q="京人社劳字〔2020〕11号")[0].doc_id
    assert remote.document(doc_id) == local.document(doc_id)
    clause_id = local.document(doc_id).clauses[1].clause_id
    assert remote.clause(clause_id) == local.clause(clause_id)


def test_unknown_ids_are_none_on_both(local, remote):
    for client in (local, remote):
        assert client.document("no-such-document") is None
        assert client.clause("no-such#clause") is None


@pytest.mark.parametrize(("question", "status"), [("\u200b \n", 422), ("工" * 2001, 413)])
def test_refusals_are_the_same_client_error_on_both(local, remote, question, status):
    for client in (local, remote):
        with pytest.raises(ClientError) as refused:
            client.ask(question)
        assert refused.value.status == status


def test_an_unreachable_api_is_a_client_error():
    with pytest.raises(ClientError, match="unreachable"):
        HttpClient("http://127.0.0.1:9", timeout=2).ask(QUESTION)


def test_build_client_follows_the_api_url(indexed_settings, policy_assistant):
    assert isinstance(build_client(indexed_settings, policy_assistant), LocalClient)
    remote = build_client(indexed_settings.model_copy(update={"api_url": "http://127.0.0.1:9"}))
    assert isinstance(remote, HttpClient)
