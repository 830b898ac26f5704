"""A file a user adds: checked before anything reads it (type, size, zip and PDF bombs; HTML sanitised), then
read by the corpus pipeline into documents and clauses, and checked against what is already indexed.

Pure, like the rest of ingest/: bytes and a file in, documents and clauses out; no store, no model. Every
refusal is an ``UploadError`` whose message names the file and the problem, and whose ``status`` is the HTTP
status the API answers with.
"""

from __future__ import annotations

import dataclasses
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import nh3

from ingest.dedup import duplicate_in, merge_duplicates, number_from_citations
from ingest.load import LoadError, NoTextLayer, ReadLimits, TextTooLong, TooManyPages, decode_text
from ingest.models import Clause, Document
from ingest.pipeline import clauses_of, parse_source

# suffix -> the kind of content it must hold
SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".txt": "text", ".md": "text", ".markdown": "text"}
ACCEPTED = "PDF（含文字层）、DOCX、HTML、TXT、MD"
MAX_NAME_CHARS = 120
MAX_ZIP_MEMBERS = 2000  # a Word file has a few dozen parts
# HTML kept after sanitising: nh3's (ammonia's) safe tags plus <title>, which names the document; no images.
# Dropped with everything inside: script, style; dropped keeping the text: iframe, object, form …;
# every on* handler and every javascript: URL goes.
_HTML_TAGS = (nh3.ALLOWED_TAGS | {"title"}) - {"img", "map", "area"}
_HTML_ATTRIBUTES = {"*": {"class"}, "a": {"href", "title"}}
_HAS_MARKUP = re.compile(r"<\s*[A-Za-z!/]")
_PDF_OBJECT = re.compile(rb"\d{1,10}\s+\d{1,5}\s+obj\b")
_PDF_SIZE = re.compile(rb"/Size\s+(\d{1,15})")
_PDF_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm")
_PDF_STREAM_COUNT = re.compile(rb"/N\s+(\d{1,15})")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a password-protected .docx, or an old .doc


@dataclass(frozen=True)
class UploadLimits:
    """Hard bounds on one added file (``config.Settings.upload_*``)."""

    max_bytes: int  # the file as sent
    max_pages: int  # PDF pages
    max_chars: int  # text extracted
    max_clauses: int  # clauses it splits into
    max_unzipped_bytes: int  # a DOCX's parts, by their declared sizes, before anything is decompressed
    max_pdf_objects: int  # a PDF's objects, counted in its bytes before pypdf reads it

    @property
    def read_limits(self) -> ReadLimits:
        return ReadLimits(max_pages=self.max_pages, max_chars=self.max_chars)


class UploadError(ValueError):
    """A file that is not added; the message names the file and says what to do."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status  # 413 over a limit, 415 an unknown type, 409 a duplicate, 422 unreadable


@dataclass(frozen=True)
class ParsedUpload:
    """What one added file holds, ready to index: its documents (``upload_id`` set) and their clauses."""

    documents: tuple[Document, ...]
    clauses: tuple[Clause, ...]

    def text_of(self, doc_id: str) -> str:
        return joined_text([c for c in self.clauses if c.doc_id == doc_id])


def joined_text(clauses: Sequence[Clause]) -> str:
    """A document's text as the duplicate check compares it: its clauses in order."""
    return "".join(c.text for c in sorted(clauses, key=lambda c: c.order))


def display_name(name: str) -> str:
    """The name a user gave a file, fit to show and to name it in messages; never used as a path.

    The last path component only, control and format characters dropped, at most ``MAX_NAME_CHARS``."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C").strip()
    if len(base) > MAX_NAME_CHARS:
        stem, dot, suffix = base.rpartition(".")
        base = f"{stem[: MAX_NAME_CHARS - len(suffix) - 2]}…{dot}{suffix}" if dot and len(suffix) <= 10 else base[:MAX_NAME_CHARS]
    return base or "unnamed"


def suffix_of(name: str) -> str:
    """The file's type by its name (``.pdf``), or ``UploadError`` (415) for a type not accepted."""
    suffix = Path(display_name(name)).suffix.lower()
    if suffix not in SUFFIXES:
        shown = suffix or "（无扩展名 no extension）"
        raise UploadError(
            f"{display_name(name)}: 不支持的文件类型 {shown} (unsupported type); add {ACCEPTED}", status=415
        )
    return suffix


def check_upload(name: str, data: bytes, limits: UploadLimits) -> bytes:
    """The bytes to store for this file, after every check that needs no parser: size, type by name and by
    content, a DOCX's declared unpacked size, a PDF's object count; HTML comes back sanitised."""
    shown = display_name(name)
    suffix = suffix_of(name)
    if not data:
        raise UploadError(f"{shown}: 文件为空 (the file is empty)")
    if len(data) > limits.max_bytes:
        raise UploadError(
            f"{shown}: 文件过大：{_mb(len(data))}，上限 {_mb(limits.max_bytes)} "
            f"(the file is {len(data):,} bytes; the limit is {limits.max_bytes:,}); split it",
            status=413,
        )
    kind = SUFFIXES[suffix]
    if kind == "pdf":
        _check_pdf(shown, data, limits)
        return data
    if kind == "docx":
        _check_docx(shown, data, limits)
        return data
    try:
        text = decode_text(data, shown)
    except LoadError as exc:
        raise UploadError(str(exc)) from exc
    if len(text) > limits.max_chars * 4:  # markup included; the text itself is bounded after reading
        raise UploadError(f"{shown}: 文本过长 (the file holds {len(text):,} characters); split it", status=413)
    return (sanitize_html(text) if kind == "html" else sanitize_text(text)).encode("utf-8")


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


def sanitize_html(text: str) -> str:
    """HTML with scripts, styles, event handlers, iframes, forms, images and javascript: links removed."""
    return nh3.clean(text, tags=_HTML_TAGS, attributes=_HTML_ATTRIBUTES, strip_comments=True)


def sanitize_text(text: str) -> str:
    """A text or markdown file as stored: markup in its body is sanitised as HTML is (the loader reads a body
    with tags as HTML), the YAML front matter above it is kept as written."""
    lines = text.splitlines(keepends=True)
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        start = end + 1 if end is not None else 0
    head, body = "".join(lines[:start]), "".join(lines[start:])
    return head + sanitize_html(body) if _HAS_MARKUP.search(body) else text


def _check_docx(name: str, data: bytes, limits: UploadLimits) -> None:
    if data.startswith(_OLE_MAGIC):
        raise UploadError(
            f"{name}: 文件已加密或为旧版 .doc 格式 (encrypted, or an old .doc); save it from Word as .docx without a password"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UploadError(f"{name}: 文件已损坏，不是有效的 DOCX (not a readable .docx: {exc}); re-save it from Word") from exc
    if len(members) > MAX_ZIP_MEMBERS:
        raise UploadError(f"{name}: DOCX 内含 {len(members):,} 个部件，异常 (too many parts); re-save it from Word", status=413)
    # zipfile never inflates a member past its declared size, so the declared sizes bound what reading costs
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unzipped_bytes:
        raise UploadError(
            f"{name}: 解压后 {_mb(unpacked)}，超过上限 {_mb(limits.max_unzipped_bytes)} "
            "(it unpacks to more than the limit: a zip bomb?); re-save it from Word",
            status=413,
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise UploadError(f"{name}: 文件已加密 (encrypted); save it without a password")
    if "word/document.xml" not in {m.filename for m in members}:
        raise UploadError(f"{name}: 不是 Word 文档 (no word/document.xml: not a .docx); save it from Word as .docx")


def pdf_object_count(data: bytes) -> int:
    """How many objects a PDF holds, read from its bytes without parsing it: the most of the objects written
    out, the /Size its cross-reference sections declare, and the objects its object streams declare."""
    written = len(_PDF_OBJECT.findall(data))
    declared = max((int(m) for m in _PDF_SIZE.findall(data)), default=0)
    in_streams = 0
    for found in _PDF_OBJECT_STREAM.finditer(data):
        window = data[max(0, found.start() - 300) : found.end() + 300]
        in_streams += max((int(m) for m in _PDF_STREAM_COUNT.findall(window)), default=0)
    return max(written, declared, in_streams)


def _check_pdf(name: str, data: bytes, limits: UploadLimits) -> None:
    if b"%PDF-" not in data[:1024]:
        raise UploadError(f"{name}: 不是 PDF 文件 (the content is not a PDF); check the file is complete")
    objects = pdf_object_count(data)
    if objects > limits.max_pdf_objects:
        raise UploadError(
            f"{name}: PDF 对象数异常：{objects:,}，上限 {limits.max_pdf_objects:,} "
            "(too many objects for a document: a PDF bomb?); print it to a new PDF",
            status=413,
        )


def parse_upload(path: Path, name: str, upload_id: str, limits: UploadLimits) -> ParsedUpload:
    """Read a stored upload (``path``, checked by ``check_upload``) with the corpus pipeline.

    Its sources cite ``uploads/<upload_id>/<name>``, so ids are the same whenever it is read again (a later
    full ingest). Raises ``UploadError``: unreadable, no text layer, over a limit, no clauses."""
    shown = display_name(name)
    label = f"uploads/{upload_id}/{shown}"
    try:
        parsed = parse_source(path, shown, label=label, limits=limits.read_limits)
    except NoTextLayer as exc:
        raise UploadError(str(exc)) from exc
    except (TooManyPages, TextTooLong) as exc:
        raise UploadError(str(exc), status=413) from exc
    except LoadError as exc:
        raise UploadError(str(exc)) from exc
    kept, _ = merge_duplicates(parsed)
    documents: list[Document] = []
    clauses: list[Clause] = []
    for item in number_from_citations(kept):
        item = dataclasses.replace(item, document=dataclasses.replace(item.document, upload_id=upload_id))
        found = clauses_of(item)
        if found:
            documents.append(item.document)
            clauses.extend(found)
    if not clauses:
        raise UploadError(f"{shown}: 没有找到可检索的条文 (no clauses found in the text); check it is a policy document")
    if len(clauses) > limits.max_clauses:
        raise UploadError(
            f"{shown}: 条文过多：{len(clauses):,} 条，上限 {limits.max_clauses:,} 条 (too many clauses); split the file",
            status=413,
        )
    return ParsedUpload(tuple(documents), tuple(clauses))


def refuse_duplicates(
    name: str, upload: ParsedUpload, indexed: Sequence[Document], indexed_clauses: Sequence[Clause]
) -> None:
    """``UploadError`` (409) naming the indexed document, by title and id, that a document of this upload
    repeats (same 文号, same title and date, or near-identical text), or whose id it would take."""
    by_doc: dict[str, list[Clause]] = {}
    for clause in indexed_clauses:
        by_doc.setdefault(clause.doc_id, []).append(clause)
    texts = {doc_id: joined_text(found) for doc_id, found in by_doc.items()}
    ids = {d.doc_id: d for d in indexed}
    for document in upload.documents:
        same = ids.get(document.doc_id) or duplicate_in(document, upload.text_of(document.doc_id), indexed, texts)
        if same is not None:
            where = f"（您上传的文件 uploaded as {same.upload_id}）" if same.upload_id else ""
            raise UploadError(
                f"{display_name(name)}: 与已收录的文件重复：《{same.title}》（{same.doc_id}）{where} "
                f"(a duplicate of an indexed document: {same.doc_id}); nothing was added",
                status=409,
            )
