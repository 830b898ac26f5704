"""Users add their own circulars as .html, .docx and .pdf: each format loads, and a bad one says why."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.load import LoadError, load_file
from ingest.pipeline import parse_corpus


def _notice_lines(corpus_dir: Path) -> list[str]:
    """The Changde notice from the corpus, as simplified text lines (a real circular)."""
    from ingest.clean import clean_file

    source = clean_file(load_file(corpus_dir / "003_8df370229ed5119a.txt"))
    return [line.text for line in source.lines]


def test_html_page_keeps_article_text_and_drops_boilerplate(corpus_dir, tmp_path):
    body = (corpus_dir / "000_5c59a7f8570f8a76.txt").read_text(encoding="utf-8").split("---", 2)[2]
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>居家办公管理要求</title></head><body>{body}</body></html>", encoding="utf-8")
    loaded = load_file(page)
    text = "\n".join(t for _, t in loaded.lines)
    assert loaded.title == "居家办公管理要求"
    assert "按照不高于30%控制到岗率" in text
    assert "appendQr" not in text and "责任编辑" not in text and "新浪财经APP" not in text


def test_docx_notice_is_split_into_clauses(corpus_dir, tmp_path):
    import docx

    document = docx.Document()
    for line in _notice_lines(corpus_dir):
        document.add_paragraph(line)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    document.save(str(corpus / "changde.docx"))
    result = parse_corpus(corpus)
    assert [d.title for d in result.documents] == ["关于进一步做好新冠肺炎疫情防控期间务工人员返岗服务工作的通知"]
    labels = [c.label for c in result.clauses]
    assert {"一、1.", "二、4.", "三、4."} <= set(labels)
    assert result.clauses[0].source.file == "changde.docx"


def _pdf(path: Path, text: str | None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(4, 2))
    if text:
        fig.text(0.05, 0.5, text)
    else:
        import numpy as np

        fig.figimage(np.eye(8), resize=True)  # a scan: pixels, no text layer
    fig.savefig(path, format="pdf")
    plt.close(fig)


def test_pdf_with_a_text_layer_is_read(tmp_path):
    path = tmp_path / "notice.pdf"
    _pdf(path, "Notice No. 11: wages during quarantine")
    text = " ".join(t for _, t in load_file(path).lines)
    assert "quarantine" in text


def test_scanned_pdf_without_text_asks_for_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    _pdf(path, None)
    with pytest.raises(LoadError, match="OCR"):
        load_file(path)


def test_unclosed_front_matter_is_reported(tmp_path):
    path = tmp_path / "news.md"
    path.write_text("---\ntitle: x\n<p>正文</p>\n", encoding="utf-8")
    with pytest.raises(LoadError, match="never closed"):
        load_file(path)


def test_gb18030_text_is_decoded(corpus_dir, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("\n".join(_notice_lines(corpus_dir)).encode("gb18030"))
    assert any("务工人员返岗服务工作的通知" in t for _, t in load_file(path).lines)
