"""`policyqa add`, `documents --mine`, `remove` and `ask`, each run as a user runs it (a new process) over a copy
of the real index: the added document answers its own question in the next process, a second add reports the
duplicate, a scan gets its clear error, a refused add leaves the index as it was, a removed one is gone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.upload_files import REMOTE_WORK, write_docx, write_scanned_pdf
from tests.upload_support import copy_of_index, served_pointer, upload_folders

pytestmark = pytest.mark.integration
QUESTION = "远程办公期间的网络通讯费用由谁承担？"
DOC_ID = "沪人社办〔2099〕77号"


def _policyqa(settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POLICYQA_DATA_DIR": str(settings.data_dir), "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "serve.cli", *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_add_ask_refuse_and_remove_from_the_command_line(indexed_settings, tmp_path: Path) -> None:
    settings = copy_of_index(indexed_settings, tmp_path / "data")
    docx = write_docx(tmp_path / "远程办公通知.docx", REMOTE_WORK)

    added = _policyqa(settings, "add", str(docx))
    assert added.returncode == 0, added.stderr
    assert f"已添加 added 《关于做好远程办公期间劳动报酬支付的通知》 id {DOC_ID}" in added.stdout
    assert "embedded 5 clause texts" in added.stdout
    # the progress bar, one line per step in a log (stderr is a pipe here, as in `policyqa add … 2> log`)
    steps = [line for line in added.stderr.splitlines() if "step" in line]
    assert any("嵌入 5 条新条文" in line for line in steps) and any("100%" in line for line in steps)

    answer = json.loads(_policyqa(settings, "ask", QUESTION, "--json").stdout)
    cited = [c for c in answer["citations"] if c["doc_id"] == DOC_ID]
    assert cited and "一百五十元" in cited[0]["quote"]

    mine = json.loads(_policyqa(settings, "documents", "--mine", "--json").stdout)
    assert [(d["doc_id"], d["source"], d["upload"]["name"]) for d in mine] == [(DOC_ID, "upload", "远程办公通知.docx")]
    assert mine[0]["upload"]["added_by"].startswith("cli (")

    served = served_pointer(settings)
    again = _policyqa(settings, "add", str(docx))
    assert again.returncode == 1
    assert f"这个文件已经添加过：《关于做好远程办公期间劳动报酬支付的通知》（{DOC_ID}）" in again.stderr
    scan = _policyqa(settings, "add", str(write_scanned_pdf(tmp_path / "扫描件.pdf")))
    assert scan.returncode == 1 and "扫描件.pdf: 无文字层，请先OCR" in scan.stderr
    assert served_pointer(settings) == served

    removed = _policyqa(settings, "remove", DOC_ID)
    assert removed.returncode == 0, removed.stderr
    assert f"已删除 removed 《关于做好远程办公期间劳动报酬支付的通知》 id {DOC_ID}" in removed.stdout
    assert upload_folders(settings) == []
    answer = json.loads(_policyqa(settings, "ask", QUESTION, "--json").stdout)
    assert all(c["doc_id"] != DOC_ID for c in answer["citations"])
    corpus = _policyqa(settings, "remove", "京人社劳字〔2020〕11号")
    assert corpus.returncode == 2 and "属于内置文件库" in corpus.stderr
