"""POST /v1/documents, DELETE /v1/documents/{id}, GET /v1/documents?source=upload against a real uvicorn over a
copy of the real index: a DOCX, a PDF and an HTML page each answer a question about their own text, survive a
restart, are refused a second time as duplicates; a scan gets its clear error; a failed add changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from serve.api import create_app
from tests.server_support import running_server
from tests.upload_files import (
    HEAT_ALLOWANCE,
    REMOTE_WORK,
    STAGGERED_SHIFTS,
    write_docx,
    write_html,
    write_scanned_pdf,
    write_text_pdf,
)
from tests.upload_support import copy_of_index, served_pointer, upload_folders

pytestmark = pytest.mark.integration
TOKEN = "upload-test-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
CORPUS_QUESTION = "我被隔离了，工资怎么算？"
# each uploaded file, the question only its text answers, and the words its cited quote carries
OWN = [
    ("remote.docx", REMOTE_WORK, "远程办公期间的网络通讯费用由谁承担？", "沪人社办〔2099〕77号", "一百五十元"),
    ("shifts.pdf", STAGGERED_SHIFTS, "错峰上下班延长的通勤时间有交通补助吗", "沪人社办〔2099〕78号", "二十元"),
    # a notice saved as a web page: the 文号 printed under its heading is its id, as in the DOCX and the PDF
    ("heat.html", HEAT_ALLOWANCE, "露天作业高温津贴每月多少钱", "沪人社办〔2099〕79号", "五百八十元"),
]
ADDED: dict[str, str] = {}  # file name -> the id of the document it holds, as the add answered


@pytest.fixture(scope="module")
def settings(indexed_settings, tmp_path_factory):
    return copy_of_index(indexed_settings, tmp_path_factory.mktemp("api-uploads") / "data", admin_token=TOKEN,
                         request_timeout_s=60.0)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("files")
    writers = {".docx": write_docx, ".pdf": write_text_pdf, ".html": write_html}
    made = {name: writers[Path(name).suffix](folder / name, lines) for name, lines, *_ in OWN}
    made["scan.pdf"] = write_scanned_pdf(folder / "scan.pdf")
    return made


@pytest.fixture(scope="module")
def http(settings) -> Iterator[httpx.Client]:
    with running_server(create_app(settings)) as url, httpx.Client(base_url=url, timeout=180) as client:
        _wait_ready(client)
        yield client


def _wait_ready(client: httpx.Client) -> None:
    import time

    deadline = time.monotonic() + 120
    while client.get("/readyz").status_code != 200:
        assert time.monotonic() < deadline, "the API did not load its index"
        time.sleep(0.3)


def _post(client: httpx.Client, path: Path, headers: dict[str, str] = ADMIN) -> httpx.Response:
    return client.post("/v1/documents", files=[("files", (path.name, path.read_bytes()))], headers=headers)


def _ask(client: httpx.Client, question: str) -> dict[str, Any]:
    response = client.post("/v1/ask", json={"question": question})
    assert response.status_code == 200, response.text
    return response.json()


def test_without_a_token_uploads_are_off_and_a_wrong_token_is_refused(settings, files, http) -> None:
    with running_server(create_app(settings.model_copy(update={"admin_token": ""}))) as url:
        off = httpx.post(f"{url}/v1/documents", files=[("files", ("a.docx", b"x"))], timeout=30)
        assert off.status_code == 404 and "POLICYQA_ADMIN_TOKEN" in off.json()["detail"]
        gone = httpx.delete(f"{url}/v1/documents/沪人社办〔2099〕77号", timeout=30)
        assert gone.status_code == 404
    wrong = _post(http, files["remote.docx"], headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 403
    assert upload_folders(settings) == []


def test_each_format_is_added_and_answers_a_question_about_its_own_text(settings, files, http) -> None:
    for name, _lines, question, doc_id, words in OWN:
        response = _post(http, files[name])
        assert response.status_code == 201, response.text
        body = response.json()
        [added] = body["added"]
        assert added["upload"]["name"] == name and added["upload"]["added_by"].startswith("api (127.0.0.1")
        [document] = added["documents"]
        assert document["doc_id"].startswith(doc_id) and document["source"] == "upload"
        doc_id = ADDED[name] = document["doc_id"]
        assert body["update"]["clause_texts_embedded"] == added["clauses"]  # only the new clauses were embedded
        answer = _ask(http, question)  # the API serves the new generation before it answers the add
        assert not answer["abstained"], answer
        cited = [c for c in answer["citations"] if c["doc_id"] == doc_id]
        assert cited and words in cited[0]["quote"], answer
        assert cited[0]["source"]["file"] == f"uploads/{added['upload']['upload_id']}/{name}"
    listed = http.get("/v1/documents", params={"source": "upload"}).json()
    assert sorted(d["doc_id"] for d in listed) == sorted(ADDED.values())
    assert all(d["upload"]["sha256"] and d["upload"]["size"] > 0 for d in listed)
    corpus = http.get("/v1/documents", params={"source": "corpus"}).json()
    assert corpus and all(d["source"] == "corpus" for d in corpus)


def test_a_second_add_a_scan_and_an_unknown_type_are_refused_and_the_index_is_unchanged(settings, files, http) -> None:
    served, before = served_pointer(settings), _ask(http, CORPUS_QUESTION)
    again = _post(http, files["remote.docx"])
    assert again.status_code == 409
    assert "这个文件已经添加过：《关于做好远程办公期间劳动报酬支付的通知》（沪人社办〔2099〕77号）" in again.json()["detail"]
    scan = _post(http, files["scan.pdf"])
    assert scan.status_code == 422 and scan.json()["detail"].startswith("scan.pdf: 无文字层，请先OCR")
    unknown = http.post("/v1/documents", files=[("files", ("data.xlsx", b"PK\x03\x04"))], headers=ADMIN)
    assert unknown.status_code == 415 and "data.xlsx: 不支持的文件类型" in unknown.json()["detail"]
    too_big = http.post(
        "/v1/documents", files=[("files", ("big.txt", b"a" * (settings.upload_max_bytes + 70_000)))], headers=ADMIN
    )
    assert too_big.status_code == 413
    assert served_pointer(settings) == served
    after = _ask(http, CORPUS_QUESTION)
    assert (after["answer"], after["citations"]) == (before["answer"], before["citations"])


def test_the_uploads_survive_a_restart(settings) -> None:
    with running_server(create_app(settings)) as url, httpx.Client(base_url=url, timeout=120) as client:
        _wait_ready(client)  # a new API process over the same data dir
        for name, _lines, question, _doc_id, _words in OWN:
            assert any(c["doc_id"] == ADDED[name] for c in _ask(client, question)["citations"]), question
        assert client.get(f"/v1/documents/{ADDED['remote.docx']}").json()["upload"]["name"] == "remote.docx"


def test_delete_removes_an_upload_and_its_clauses(settings, http) -> None:
    _name, _lines, question, doc_id, _words = OWN[1]
    corpus_doc = http.get("/v1/documents", params={"source": "corpus"}).json()[0]["doc_id"]
    refused = http.delete(f"/v1/documents/{corpus_doc}", headers=ADMIN)
    assert refused.status_code == 409 and "属于内置文件库" in refused.json()["detail"]
    removed = http.delete(f"/v1/documents/{doc_id}", headers=ADMIN)
    assert removed.status_code == 200, removed.text
    assert [d["doc_id"] for d in removed.json()["removed"]] == [doc_id]
    assert removed.json()["update"]["clause_texts_embedded"] == 0
    assert http.get(f"/v1/documents/{doc_id}").status_code == 404
    assert all(c["doc_id"] != doc_id for c in _ask(http, question)["citations"])
    assert http.delete(f"/v1/documents/{doc_id}", headers=ADMIN).status_code == 404


def test_the_chat_s_http_client_adds_lists_and_removes_through_the_api(settings, http, tmp_path: Path) -> None:
    """What the chat does under `make run` (POLICYQA_API_URL set, the token `policyqa run` shares)."""
    from serve.client import ClientError, HttpClient

    docx = write_docx(tmp_path / "年休假.docx", [
        "关于疫情期间统筹安排职工带薪年休假的通知", "沪人社办〔2099〕81号", "各区人力资源和社会保障局：",
        "一、用人单位安排职工休带薪年休假的，应当提前十五日告知职工本人。",
        "二、职工当年未休满的年休假天数，经本人同意可以延至次年第一季度。",
        "上海市人力资源和社会保障局", "2099年2月15日",
    ])
    client = HttpClient(str(http.base_url), timeout=180, admin_token=TOKEN)
    steps: list[str] = []
    added = client.add_documents([(docx.name, docx.read_bytes())], stage=steps.append)
    assert [d.doc_id for item in added.added for d in item.documents] == ["沪人社办〔2099〕81号"] and steps
    assert "沪人社办〔2099〕81号" in [d.doc_id for d in client.my_documents()]
    with pytest.raises(ClientError, match="这个文件已经添加过") as duplicate:
        client.add_documents([(docx.name, docx.read_bytes())])
    assert duplicate.value.status == 409
    removed = client.remove_document("沪人社办〔2099〕81号")
    assert [d.doc_id for d in removed.removed] == ["沪人社办〔2099〕81号"]
    with pytest.raises(ClientError) as no_token:
        HttpClient(str(http.base_url)).add_documents([(docx.name, docx.read_bytes())])
    assert no_token.value.status == 401
