"""Read corpus files of any supported format into numbered physical lines.

Formats: plain text and markdown (optionally YAML front matter + HTML body, as news pages
are saved), ``.html``, ``.docx`` and ``.pdf`` with a text layer.  Nothing is cleaned here
beyond what the format needs (HTML tags, boilerplate blocks); ``clean.py`` repairs the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, Comment, Tag

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")

# Blocks that are page furniture on news sites, never article text.
_BOILERPLATE_CLASSES = re.compile(r"appendQr|article-editor|img_descr|clearfix|share|footer|related", re.IGNORECASE)
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre", "blockquote")


class LoadError(Exception):
    """A corpus file that cannot be read; the message says what to do about it."""


@dataclass(frozen=True)
class ReadLimits:
    """How much of a file the loader may read: bounds for files nobody vetted (uploads). None: no bound."""

    max_pages: int | None = None  # PDF pages, checked before any page is read
    max_chars: int | None = None  # extracted text, checked as it is read


UNLIMITED = ReadLimits()  # the corpus: files the maintainers put there


@dataclass(frozen=True)
class LoadedFile:
    """A file as numbered physical lines (1-based line numbers in the original file)."""

    file: str
    lines: tuple[tuple[int, str], ...]
    title: str | None = None
    date: str | None = None
    is_web_page: bool = False


def load_file(path: Path, name: str | None = None, limits: ReadLimits = UNLIMITED) -> LoadedFile:
    """Load one corpus file; raise ``LoadError`` with an actionable message if it can't be read."""
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"{name}: unsupported format '{suffix}'; convert it to one of {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        if suffix == ".docx":
            return _within(_load_docx(path, name), name, limits)
        if suffix == ".pdf":
            return _load_pdf(path, name, limits)
        raw = path.read_bytes()
    except LoadError:
        raise
    except Exception as exc:  # the format libraries raise many types; report them all the same way
        raise LoadError(f"{name}: cannot be read ({type(exc).__name__}: {exc}); check the file is not damaged") from exc
    text = decode_text(raw, name)
    if suffix in (".html", ".htm"):
        return _within(_load_html(text, name, first_line=1, title=None, date=None), name, limits)
    return _within(_load_text(text, name), name, limits)


class TextTooLong(LoadError):
    """A file whose text is over ``ReadLimits.max_chars``."""


def _too_long(name: str, limit: int) -> TextTooLong:
    return TextTooLong(f"{name}: 文本过长，超过 {limit:,} 个字符 (the text is over {limit:,} characters); split the file")


def _within(loaded: LoadedFile, name: str, limits: ReadLimits) -> LoadedFile:
    if limits.max_chars is not None and sum(len(text) for _, text in loaded.lines) > limits.max_chars:
        raise _too_long(name, limits.max_chars)
    return loaded


def decode_text(raw: bytes, name: str) -> str:
    """Bytes of a text file as text (UTF-8, else GB18030); ``LoadError`` when they are neither."""
    if b"\x00" in raw[:4096]:
        raise LoadError(f"{name}: looks binary, not text; save it as UTF-8 text, .docx or .pdf")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LoadError(f"{name}: not UTF-8 or GB18030 text; re-save it as UTF-8")


def _load_text(text: str, name: str) -> LoadedFile:
    lines = text.splitlines()
    title = date = None
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    body_start = 0
    if lines and lines[first].strip() == "---":
        end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            raise LoadError(f"{name}: front matter opened with '---' is never closed; add the closing '---' line")
        meta = _parse_front_matter("\n".join(lines[first + 1 : end]), name)
        title = _clean_title(str(meta.get("title") or "")) or None
        date = _parse_date(meta.get("date"))
        body_start = end + 1
    body = "\n".join(lines[body_start:])
    if re.search(r"<(p|div|br|span|font)\b", body, re.IGNORECASE):
        return _load_html(body, name, first_line=body_start + 1, title=title, date=date)
    numbered = tuple((i + 1, line) for i, line in enumerate(lines) if i >= body_start)
    return LoadedFile(name, numbered, title=title, date=date, is_web_page=title is not None)


def _parse_front_matter(block: str, name: str) -> dict[str, object]:
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        raise LoadError(f"{name}: front matter is not valid YAML ({exc}); fix or remove it") from exc
    return meta if isinstance(meta, dict) else {}


def _clean_title(title: str) -> str:
    # Sites replace quotes in titles with underscores: 确保人员_来源可溯、去向可追_
    title = re.sub(r"_([^_]+)_", r"“\1”", title.strip())
    return title.replace("_", " ").strip()


def _parse_date(value: object) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    text = str(value).strip()
    match = re.search(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})", text)
    if match:
        y, m, d = (int(g) for g in match.groups())
        return f"{y:04d}-{m:02d}-{d:02d}"
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError):
        return None


def _load_html(html: str, name: str, first_line: int, title: str | None, date: str | None) -> LoadedFile:
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.find_all(["script", "style", "noscript", "iframe", "nav", "header", "footer", "form"]):
        tag.decompose()
    for tag in soup.find_all(class_=_BOILERPLATE_CLASSES):
        tag.decompose()
    if title is None and soup.title and soup.title.string:
        title = soup.title.string.strip()
    lines: list[tuple[int, str]] = []
    for block in soup.find_all(_BLOCK_TAGS):
        if not isinstance(block, Tag) or block.find_parent(_BLOCK_TAGS) is not None:
            continue
        text = block.get_text("", strip=True)
        if text:
            line_no = (block.sourceline or 1) + first_line - 1
            lines.append((line_no, text))
    if not lines:
        text = soup.get_text("\n")
        lines = [(first_line + i, t) for i, t in enumerate(text.splitlines()) if t.strip()]
    return LoadedFile(name, tuple(lines), title=title, date=date, is_web_page=True)


class NoTextLayer(LoadError):
    """A PDF whose pages hold no text (a scan)."""


def _decrypted(reader: object) -> bool:
    """Whether a PDF encrypted with an empty user password (only printing or copying restricted) opens."""
    from pypdf.errors import DependencyError, PdfReadError

    try:
        return bool(reader.decrypt(""))  # type: ignore[attr-defined]
    except (DependencyError, PdfReadError, NotImplementedError):  # a cipher pypdf cannot open counts as locked
        return False


def _load_docx(path: Path, name: str) -> LoadedFile:
    import docx  # python-docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise LoadError(f"{name}: not a readable .docx ({exc}); re-save it from Word as .docx") from exc
    # A .docx has no lines: number its paragraphs so citations can still point at a place.
    lines = tuple((i + 1, p.text) for i, p in enumerate(document.paragraphs))
    if not any(text.strip() for _, text in lines):
        raise LoadError(f"{name}: the document has no text paragraphs")
    return LoadedFile(name, lines)


class TooManyPages(LoadError):
    """A PDF with more pages than ``ReadLimits.max_pages``."""


class Encrypted(LoadError):
    """A PDF that needs a password."""


def _load_pdf(path: Path, name: str, limits: ReadLimits = UNLIMITED) -> LoadedFile:
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not _decrypted(reader):
            raise Encrypted(f"{name}: PDF已加密，请先解除密码 (the PDF is encrypted); save a copy without a password")
        count = len(reader.pages)  # the page tree's own count: no page is read yet
        if limits.max_pages is not None and count > limits.max_pages:
            raise TooManyPages(
                f"{name}: 页数过多：{count} 页，上限 {limits.max_pages} 页 (the PDF has {count} pages; "
                f"the limit is {limits.max_pages}); split it"
            )
        pages: list[str] = []
        total = 0
        for number, page in enumerate(reader.pages, 1):
            if limits.max_pages is not None and number > limits.max_pages:  # a page tree longer than its count
                raise TooManyPages(f"{name}: 页数过多，超过 {limits.max_pages} 页 (over {limits.max_pages} pages); split it")
            pages.append(page.extract_text() or "")
            total += len(pages[-1])
            if limits.max_chars is not None and total > limits.max_chars:
                raise _too_long(name, limits.max_chars)
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(f"{name}: not a readable PDF ({exc}); check the file is complete") from exc
    if not any(page.strip() for page in pages):
        raise NoTextLayer(
            f"{name}: 无文字层，请先OCR (no text layer: a scanned PDF?); run OCR on it first, then add it again"
        )
    text = "\n".join(pages)
    return LoadedFile(name, tuple((i + 1, line) for i, line in enumerate(text.splitlines())))
