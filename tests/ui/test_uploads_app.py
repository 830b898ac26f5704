"""The chat's sidebar 我的文件 with ``streamlit.testing.v1.AppTest`` over a copy of the real index (in-process
client): add a file and ask about it, restart and ask again, a duplicate and a scan refused with their messages
(the index unchanged), remove it."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.upload_files import REMOTE_WORK, write_docx, write_scanned_pdf
from tests.upload_support import copy_of_index, served_pointer, upload_folders
from ui.render import escape_markdown

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC_ID = "沪人社办〔2099〕77号"
QUESTION = "远程办公期间的网络通讯费用由谁承担？"

pytestmark = pytest.mark.integration


@pytest.fixture
def settings(indexed_settings, tmp_path: Path, monkeypatch):
    copy = copy_of_index(indexed_settings, tmp_path / "data")
    monkeypatch.setenv("POLICYQA_DATA_DIR", str(copy.data_dir))
    monkeypatch.delenv("POLICYQA_API_URL", raising=False)
    st.cache_resource.clear()  # the app's client is cached per process: this test's is over its own copy
    yield copy
    st.cache_resource.clear()  # and the next test's over its own index


def _start() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


def _upload(at: AppTest, name: str, data: bytes, mime: str) -> AppTest:
    round_ = at.session_state.upload_round
    at.file_uploader(key=f"upload-{round_}").set_value((name, data, mime)).run()
    at.button(key="add-documents").click().run()
    assert not at.exception, at.exception
    return at


def _cites(at: AppTest, question: str) -> list[str]:
    at.chat_input(key="question").set_value(question).run()
    assert not at.exception, at.exception
    return [c["doc_id"] for c in at.session_state.messages[-1]["response"]["citations"]]


def test_a_file_added_in_the_sidebar_answers_survives_a_restart_and_can_be_removed(settings, tmp_path: Path) -> None:
    docx = write_docx(tmp_path / "远程办公通知.docx", REMOTE_WORK).read_bytes()
    at = _upload(_start(), "远程办公通知.docx", docx, DOCX_MIME)
    assert any("已添加 《关于做好远程办公期间劳动报酬支付的通知》" in s.value for s in at.sidebar.success)
    assert any("《关于做好远程办公期间劳动报酬支付的通知》" in c.value for c in at.sidebar.caption)
    [steps] = [e for e in at.sidebar.expander if e.label == "添加过程"]  # what the status showed while adding
    shown = [c.value for c in steps.caption]
    assert shown[0] == escape_markdown("读取 reading 远程办公通知.docx")  # shown as literal text
    assert "嵌入 5 条新条文 embedding 5 new clauses" in shown
    assert DOC_ID in _cites(at, QUESTION)

    st.cache_resource.clear()  # a restart: a new client and assistant built from the same data dir
    at = _start()
    assert DOC_ID in _cites(at, QUESTION)

    served = served_pointer(settings)
    at = _upload(at, "远程办公通知.docx", docx, DOCX_MIME)
    assert any("这个文件已经添加过" in e.value for e in at.sidebar.error)
    scan = write_scanned_pdf(tmp_path / "扫描件.pdf").read_bytes()
    at = _upload(at, "扫描件.pdf", scan, "application/pdf")
    assert any("扫描件.pdf: 无文字层，请先OCR" in e.value for e in at.sidebar.error)
    assert served_pointer(settings) == served

    at.button(key=f"remove-{DOC_ID}").click().run()
    assert not at.exception, at.exception
    assert any("已删除 《关于做好远程办公期间劳动报酬支付的通知》" in s.value for s in at.sidebar.success)
    assert upload_folders(settings) == []
    assert DOC_ID not in _cites(at, QUESTION)
