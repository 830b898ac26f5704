"""ingest/upload.py: a user's file is checked before anything parses it and read by the corpus pipeline; every
refusal names the file and the problem. Real files, written by python-docx and reportlab (tests/upload_files.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ingest.models import DocType, Document, SourceSpan
from ingest.upload import (
    UploadError,
    UploadLimits,
    check_upload,
    display_name,
    parse_upload,
    pdf_object_count,
    refuse_duplicates,
)
from tests.upload_files import (
    NOTICE_TITLE,
    notice_lines,
    write_docx,
    write_docx_zip_bomb,
    write_html,
    write_pdf_object_bomb,
    write_scanned_pdf,
    write_text_pdf,
)

ROOT = Path(__file__).resolve().parents[2]
LIMITS = UploadLimits(
    max_bytes=20 * 1_048_576,
    max_pages=500,
    max_chars=1_000_000,
    max_clauses=3000,
    max_unzipped_bytes=100 * 1_048_576,
    max_pdf_objects=200_000,
)


def _read(path: Path, name: str | None = None, limits: UploadLimits = LIMITS):
    name = name or path.name
    stored = check_upload(name, path.read_bytes(), limits)
    kept = path.with_name("stored" + path.suffix)
    kept.write_bytes(stored)
    return parse_upload(kept, name, "up-0123456789abcdef", limits)


def test_a_docx_written_by_python_docx_is_read_into_its_numbered_clauses(tmp_path: Path) -> None:
    upload = _read(write_docx(tmp_path / "通知.docx", notice_lines(clauses=4)))
    [document] = upload.documents
    assert (document.doc_id, document.title) == ("沪人社办〔2099〕77号", NOTICE_TITLE)
    assert (document.date, document.region, document.upload_id) == ("2099-03-01", "上海", "up-0123456789abcdef")
    labels = [c.label for c in upload.clauses]
    assert labels == ["引言", "一、", "二、", "三、", "四、", "结尾"]
    second = next(c for c in upload.clauses if c.label == "二、")
    assert "每月不低于一百五十元" in second.text and second.units == (second.text,)
    assert second.source.file == "uploads/up-0123456789abcdef/通知.docx"  # sources cite the upload, not a path


def test_a_pdf_with_a_text_layer_is_read_with_its_metadata(tmp_path: Path) -> None:
    upload = _read(write_text_pdf(tmp_path / "notice.pdf", notice_lines(number=78)))
    [document] = upload.documents
    assert document.doc_number == "沪人社办〔2099〕78号" and document.doc_type is DocType.NOTICE
    assert any("网络通讯费用" in c.text for c in upload.clauses)


def test_a_scanned_pdf_is_refused_with_the_ocr_message_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(UploadError, match=r"^扫描件\.pdf: 无文字层，请先OCR") as refused:
        _read(write_scanned_pdf(tmp_path / "scan.pdf"), name="扫描件.pdf")
    assert refused.value.status == 422


def test_an_encrypted_pdf_is_refused_saying_to_remove_the_password(tmp_path: Path) -> None:
    with pytest.raises(UploadError, match=r"^locked\.pdf: PDF已加密") as refused:
        _read(write_text_pdf(tmp_path / "locked.pdf", notice_lines(), encrypt="secret"))
    assert refused.value.status == 422


@pytest.mark.parametrize("name", ["broken.pdf", "broken.docx"])
def test_a_corrupt_file_is_refused_naming_it(tmp_path: Path, name: str) -> None:
    good = write_docx(tmp_path / "good.docx", notice_lines()) if name.endswith("docx") else write_text_pdf(
        tmp_path / "good.pdf", notice_lines()
    )
    broken = tmp_path / name
    broken.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 3])  # a download cut short
    with pytest.raises(UploadError, match=rf"^{name}: ") as refused:
        _read(broken)
    assert refused.value.status == 422


def test_a_file_of_an_unknown_type_is_refused_with_415_listing_what_is_accepted() -> None:
    with pytest.raises(UploadError, match=r"^表格\.xlsx: 不支持的文件类型 \.xlsx.*PDF（含文字层）、DOCX、HTML、TXT、MD") as refused:
        check_upload("表格.xlsx", b"PK\x03\x04 not a policy", LIMITS)
    assert refused.value.status == 415


def test_content_that_is_not_what_its_name_says_is_refused() -> None:
    with pytest.raises(UploadError, match=r"^fake\.pdf: 不是 PDF 文件"):
        check_upload("fake.pdf", b"<html>hello</html>", LIMITS)


def test_each_hard_limit_is_a_413_naming_the_file(tmp_path: Path) -> None:
    small = UploadLimits(**{**LIMITS.__dict__, "max_bytes": 1000})
    with pytest.raises(UploadError, match=r"^big\.txt: 文件过大") as over_size:
        check_upload("big.txt", "字".encode() * 1000, small)
    pdf = write_text_pdf(tmp_path / "long.pdf", notice_lines())
    with pytest.raises(UploadError, match=r"^long\.pdf: 页数过多") as over_pages:
        _read(pdf, limits=UploadLimits(**{**LIMITS.__dict__, "max_pages": 0}))
    with pytest.raises(UploadError, match=r"^long\.pdf: 文本过长") as over_chars:
        _read(pdf, limits=UploadLimits(**{**LIMITS.__dict__, "max_chars": 50}))
    with pytest.raises(UploadError, match=r"^long\.pdf: 条文过多") as over_clauses:
        _read(pdf, limits=UploadLimits(**{**LIMITS.__dict__, "max_clauses": 2}))
    assert {e.value.status for e in (over_size, over_pages, over_chars, over_clauses)} == {413}


def test_html_is_stored_without_scripts_handlers_iframes_or_javascript_links(tmp_path: Path) -> None:
    page = write_html(tmp_path / "page.html", notice_lines())
    stored = check_upload("page.html", page.read_bytes(), LIMITS).decode("utf-8")
    for active in ("<script", "alert(", "onclick", "onload", "onerror", "<iframe", "javascript:", "document.cookie"):
        assert active not in stored, active
    assert "<title>关于做好远程办公期间劳动报酬支付的通知</title>" in stored
    upload = _read(page)
    assert upload.documents[0].title == NOTICE_TITLE
    # a notice saved from a website keeps the 文号 printed under its heading, and is a notice, not news
    assert (upload.documents[0].doc_number, upload.documents[0].doc_type) == ("沪人社办〔2099〕77号", DocType.NOTICE)
    assert any("每月不低于一百五十元" in c.text for c in upload.clauses)
    assert not any("alert" in c.text or "steal" in c.text for c in upload.clauses)


def test_markup_in_a_text_file_is_sanitised_and_its_front_matter_kept() -> None:
    text = "---\ntitle: 通知\n---\n<p>一、工资照发。</p><script>alert(1)</script><p onclick='x()'>二、补贴。</p>\n"
    stored = check_upload("note.md", text.encode(), LIMITS).decode()
    assert stored.startswith("---\ntitle: 通知\n---\n") and "script" not in stored and "onclick" not in stored


def test_a_name_is_only_ever_shown_never_a_path() -> None:
    assert display_name("../../etc/cron.d/x.pdf") == "x.pdf"
    assert display_name("C:\\Users\\me\\通知.docx") == "通知.docx"
    assert display_name("a\x00b\u202e.pdf") == "ab.pdf"  # control and bidi characters go
    assert len(display_name("长" * 500 + ".pdf")) <= 120 and display_name("长" * 500 + ".pdf").endswith(".pdf")


def test_a_document_already_indexed_is_refused_by_title_and_id(tmp_path: Path) -> None:
    upload = _read(write_docx(tmp_path / "again.docx", notice_lines()))
    indexed = Document(
        doc_id="沪人社办〔2099〕77号", doc_number="沪人社办〔2099〕77号", doc_number_printed=None, title=NOTICE_TITLE,
        issuer=(), date="2099-03-01", region="上海", doc_type=DocType.NOTICE, sources=(SourceSpan("x.txt", 1, 2),),
    )
    with pytest.raises(UploadError, match=r"与已收录的文件重复：《关于做好远程办公期间劳动报酬支付的通知》（沪人社办〔2099〕77号）") as refused:
        refuse_duplicates("again.docx", upload, [indexed], [])
    assert refused.value.status == 409


def test_the_same_text_without_its_number_is_a_duplicate_by_its_words(tmp_path: Path) -> None:
    first = _read(write_docx(tmp_path / "a.docx", notice_lines(clauses=5)))
    unnumbered = [line for line in notice_lines(clauses=5) if "〔2099〕" not in line]
    second = _read(write_docx(tmp_path / "b.docx", unnumbered))
    assert second.documents[0].doc_id != first.documents[0].doc_id
    with pytest.raises(UploadError, match="与已收录的文件重复") as refused:
        refuse_duplicates("b.docx", second, list(first.documents), list(first.clauses))
    assert refused.value.status == 409


def _peak_rss_mb_of(script: str) -> tuple[str, float]:
    """Run ``script`` in a fresh interpreter; its output and its peak RSS (the child's own high-water mark)."""
    # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss across exec, so a child of a large pytest would
    # report the parent's size; VmHWM belongs to the new program's memory alone
    probe = textwrap.dedent(script) + textwrap.dedent(
        """
        from pathlib import Path
        peak = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM:"))
        print("RSS", int(peak.split()[1]) / 1024)
        """
    )
    done = subprocess.run([sys.executable, "-c", probe], check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    out, _, rss = done.stdout.rpartition("RSS ")
    return out, float(rss)


def _checked_in_a_fresh_process(upload: Path) -> tuple[str, float]:
    """``check_upload`` on ``upload`` in a fresh interpreter: its refusal as printed (status, message), peak RSS."""
    return _peak_rss_mb_of(
        f"""
        from pathlib import Path
        from ingest.upload import UploadError, check_upload
        from tests.ingest.test_upload import LIMITS
        try:
            check_upload({upload.name!r}, Path({str(upload)!r}).read_bytes(), LIMITS)
        except UploadError as exc:
            print(exc.status, exc)
        """
    )


def test_a_docx_zip_bomb_is_refused_from_its_declared_size_without_inflating_it(tmp_path: Path) -> None:
    bomb = write_docx_zip_bomb(tmp_path / "bomb.docx", unpacked_mb=1024)
    assert bomb.stat().st_size < 3 * 1_048_576  # 1 GB of text in a file that passes the size limit
    out, rss = _checked_in_a_fresh_process(bomb)
    assert out.startswith("413 bomb.docx: 解压后 1024.0 MB，超过上限 100.0 MB"), out
    print(f"zip bomb refused; peak RSS of the refusing process {rss:.0f} MB")
    assert rss < 400  # the interpreter with pypdf, nh3 and python-docx imported is ~100 MB; inflated, 1 GB+


def test_a_pdf_object_bomb_is_refused_before_pypdf_reads_it(tmp_path: Path) -> None:
    bomb = write_pdf_object_bomb(tmp_path / "bomb.pdf", objects=2_000_000)
    # 20 KB that pypdf indexes object by object: 32 s and +130 MB measured when it is read unchecked
    assert bomb.stat().st_size < 100_000 and pdf_object_count(bomb.read_bytes()) == 2_000_000
    out, rss = _checked_in_a_fresh_process(bomb)
    assert out.startswith("413 bomb.pdf: PDF 对象数异常：2,000,000，上限 200,000"), out
    print(f"PDF object bomb refused; peak RSS of the refusing process {rss:.0f} MB")
    assert rss < 400


def test_an_ordinary_pdf_counts_few_objects(tmp_path: Path) -> None:
    pdf = write_text_pdf(tmp_path / "n.pdf", notice_lines())
    assert 3 <= pdf_object_count(pdf.read_bytes()) < 50
