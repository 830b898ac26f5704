"""A user's own documents: each file kept under ``data/uploads/<upload id>/`` (the file as stored and a small
``upload.json`` record), added to and removed from the live index by an update (``store.index.update_index``),
and kept by a full ingest (``ingest_everything``: corpus/ plus the uploads).

The upload id is made here from the file's SHA-256; the name a user gave the file is only ever shown, never used
as a path. A record's ``state`` makes an add or a remove safe to interrupt: ``adding`` until the generation
holding it is live, ``removing`` until one without it is; ``reconcile`` settles either after a crash by looking
at what the live index holds.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from rich.console import Console

from config import Settings
from ingest.models import Clause, Document
from ingest.pipeline import (
    CLAUSES_FILE,
    DOCUMENTS_FILE,
    REFERENCES_FILE,
    IngestResult,
    parse_corpus,
    write_jsonl,
)
from ingest.references import resolve_references
from ingest.upload import (
    ParsedUpload,
    UploadError,
    UploadLimits,
    check_upload,
    display_name,
    parse_upload,
    refuse_duplicates,
    suffix_of,
)
from store.embed import Embedder, build_embedder
from store.index import (
    IndexPointer,
    Stage,
    StoreError,
    UpdateStats,
    build_index,
    index_lock,
    read_documents,
    read_live_index,
    read_pointer,
    snapshot_dir,
    update_index,
)

UPLOADS_DIR = "uploads"
RECORD_FILE = "upload.json"
_UPLOAD_ID = re.compile(r"^up-[0-9a-f]{16}$")


def upload_limits(settings: Settings) -> UploadLimits:
    return UploadLimits(
        max_bytes=settings.upload_max_bytes,
        max_pages=settings.upload_max_pages,
        max_chars=settings.upload_max_chars,
        max_clauses=settings.upload_max_clauses,
        max_unzipped_bytes=settings.upload_max_unzipped_bytes,
        max_pdf_objects=settings.upload_max_pdf_objects,
    )


class UploadRecord(BaseModel):
    """``data/uploads/<upload id>/upload.json``: what a user added, when, and through which interface."""

    upload_id: str = Field(description="made from the file's SHA-256: up-<16 hex>")
    name: str = Field(description="the file's name as the user gave it (shown only, never a path)")
    size: int = Field(description="bytes as sent")
    sha256: str
    suffix: str = Field(description="the type, by the name: .pdf .docx .html .txt .md")
    added_at: str = Field(description="ISO date and time")
    added_by: str = Field(description="the interface and who: cli (user), api (client address), ui")
    doc_ids: list[str] = Field(default_factory=list, description="the documents it holds")
    state: Literal["adding", "indexed", "removing"] = "adding"

    @property
    def stored_file(self) -> str:
        return f"original{self.suffix}"  # HTML and text: as sanitised; PDF and DOCX: as sent


def upload_id_of(data: bytes) -> str:
    return f"up-{hashlib.sha256(data).hexdigest()[:16]}"


class UploadRegistry:
    """The uploads folder of a data dir."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / UPLOADS_DIR

    def records(self) -> list[UploadRecord]:
        """Every readable record, oldest first (the order a full ingest adds them in)."""
        found: list[UploadRecord] = []
        for folder in sorted(self.root.iterdir()) if self.root.is_dir() else ():
            record = self.get(folder.name)
            if record is not None:
                found.append(record)
        return sorted(found, key=lambda r: (r.added_at, r.upload_id))

    def get(self, upload_id: str) -> UploadRecord | None:
        if not _UPLOAD_ID.match(upload_id):
            return None
        path = self.root / upload_id / RECORD_FILE
        try:
            return UploadRecord.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def holding(self, doc_id: str) -> UploadRecord | None:
        """The upload a document came from."""
        return next((r for r in self.records() if doc_id in r.doc_ids), None)

    def file_of(self, record: UploadRecord) -> Path:
        return self.root / record.upload_id / record.stored_file

    def save(self, record: UploadRecord) -> None:
        folder = self.root / record.upload_id
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{RECORD_FILE}.{os.getpid()}.tmp"
        tmp.write_text(record.model_dump_json(indent=2), encoding="utf-8")
        os.replace(tmp, folder / RECORD_FILE)

    def stage(self, record: UploadRecord, stored: bytes) -> Path:
        """Write the file and its record (state ``adding``); the file's path."""
        folder = self.root / record.upload_id
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / record.stored_file
        path.write_bytes(stored)
        self.save(record)
        return path

    def delete(self, upload_id: str) -> None:
        if _UPLOAD_ID.match(upload_id):
            shutil.rmtree(self.root / upload_id, ignore_errors=True)


def reconcile(settings: Settings, registry: UploadRegistry) -> None:
    """Settle the uploads an interrupted add or remove left behind, by what the live index holds. Hold the lock."""
    try:
        pointer = read_pointer(settings.store_dir)
    except StoreError:  # a damaged pointer: the build about to run repairs it; the records wait for it
        return
    live: set[str] = set()
    if pointer is not None:
        path = snapshot_dir(settings.store_dir, pointer.snapshot) / DOCUMENTS_FILE
        live = {d.doc_id for d in read_documents(path)} if path.is_file() else set()
    for folder in sorted(registry.root.iterdir()) if registry.root.is_dir() else ():
        record = registry.get(folder.name)
        if record is None:  # a folder without a readable record: an add killed before it wrote one
            shutil.rmtree(folder, ignore_errors=True)
            continue
        held = bool(record.doc_ids) and all(doc_id in live for doc_id in record.doc_ids)
        if record.state == "adding":
            if held:
                registry.save(record.model_copy(update={"state": "indexed"}))
            else:
                registry.delete(record.upload_id)
        elif record.state == "removing":
            if any(doc_id in live for doc_id in record.doc_ids):
                registry.save(record.model_copy(update={"state": "indexed"}))
            else:
                registry.delete(record.upload_id)


# ---------------------------------------------------------------- add and remove


@dataclass
class AddedFile:
    record: UploadRecord
    documents: list[Document]
    clauses: int


@dataclass
class RefusedFile:
    name: str
    message: str
    status: int


@dataclass
class AddResult:
    """An add of one or more files: what went in (one new generation for all of them) and what was refused."""

    added: list[AddedFile] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)
    pointer: IndexPointer | None = None  # None when nothing was added: the live index is unchanged
    stats: UpdateStats | None = None


@dataclass
class RemoveResult:
    record: UploadRecord
    documents: list[Document]
    pointer: IndexPointer
    stats: UpdateStats


class UploadNotFound(LookupError):
    """No upload with that id, nor an uploaded document; the message says what the id is instead.
    ``in_corpus``: the id is a bundled document's, which only leaves with its file in corpus/."""

    def __init__(self, message: str, in_corpus: bool = False) -> None:
        super().__init__(message)
        self.in_corpus = in_corpus


class DocumentLibrary:
    """Adds and removes a user's documents over one data dir; builds the embedder on first use and keeps it."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.registry = UploadRegistry(settings.data_dir)
        self.limits = upload_limits(settings)
        self._embedder = embedder

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = build_embedder(self.settings)
        return self._embedder

    def add(
        self,
        files: Sequence[tuple[str, bytes]],
        added_by: str,
        stage: Stage | None = None,
        embed_progress: Callable[[int, int], None] | None = None,
    ) -> AddResult:
        """Check, read and index ``files`` (name, bytes) in one new generation. A refused file is reported and
        the others go on; if the build itself fails nothing is added and the live index keeps serving."""
        say = stage or (lambda _step: None)
        result = AddResult()
        checked: list[tuple[str, bytes, bytes]] = []  # name, bytes as sent, bytes to store
        for name, data in files:
            try:
                checked.append((name, data, check_upload(name, data, self.limits)))
            except UploadError as exc:
                result.refused.append(RefusedFile(display_name(name), str(exc), exc.status))
        if not checked:
            return result
        with index_lock(self.settings):
            reconcile(self.settings, self.registry)
            live = read_live_index(self.settings)
            documents: list[Document] = list(live.documents)
            clauses: list[Clause] = list(live.clauses)
            accepted: list[tuple[UploadRecord, ParsedUpload]] = []
            for name, data, stored in checked:
                say(f"读取 reading {display_name(name)}")
                try:
                    record, parsed = self._stage(name, data, stored, added_by, documents, clauses)
                except UploadError as exc:
                    result.refused.append(RefusedFile(display_name(name), str(exc), exc.status))
                    continue
                accepted.append((record, parsed))
                documents += parsed.documents
                clauses += parsed.clauses
            if not accepted:
                return result
            try:
                result.pointer, result.stats = update_index(
                    self.settings,
                    self.embedder,
                    add_documents=[d for _, parsed in accepted for d in parsed.documents],
                    add_clauses=[c for _, parsed in accepted for c in parsed.clauses],
                    stage=say,
                    embed_progress=embed_progress,
                )
            except BaseException:
                for record, _ in accepted:
                    self.registry.delete(record.upload_id)
                raise
            for record, parsed in accepted:
                record = record.model_copy(update={"state": "indexed"})
                self.registry.save(record)
                result.added.append(AddedFile(record, list(parsed.documents), len(parsed.clauses)))
            self._write_tables()
        return result

    def _stage(
        self,
        name: str,
        data: bytes,
        stored: bytes,
        added_by: str,
        documents: Sequence[Document],
        clauses: Sequence[Clause],
    ) -> tuple[UploadRecord, ParsedUpload]:
        upload_id = upload_id_of(data)
        shown = display_name(name)
        same = self.registry.get(upload_id)
        if same is not None:
            titles = "、".join(f"《{d.title}》（{d.doc_id}）" for d in documents if d.doc_id in same.doc_ids)
            raise UploadError(
                f"{shown}: 这个文件已经添加过：{titles or same.name}，上传编号 {upload_id} "
                f"(the same file was added on {same.added_at[:10]}); nothing was added",
                status=409,
            )
        record = UploadRecord(
            upload_id=upload_id,
            name=shown,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            suffix=suffix_of(name),
            added_at=time.strftime("%Y-%m-%dT%H:%M:%S"),
            added_by=added_by,
        )
        path = self.registry.stage(record, stored)
        try:
            parsed = parse_upload(path, shown, upload_id, self.limits)
            refuse_duplicates(shown, parsed, documents, clauses)
        except BaseException:
            self.registry.delete(upload_id)
            raise
        record = record.model_copy(update={"doc_ids": [d.doc_id for d in parsed.documents]})
        self.registry.save(record)
        return record, parsed

    def remove(self, some_id: str, stage: Stage | None = None) -> RemoveResult:
        """Remove an upload, named by its upload id or by the id of a document it holds, in a new generation."""
        with index_lock(self.settings):
            reconcile(self.settings, self.registry)
            record = self.registry.get(some_id) or self.registry.holding(some_id)
            live = read_live_index(self.settings)
            if record is None:
                if any(d.doc_id == some_id for d in live.documents):
                    raise UploadNotFound(
                        f"{some_id} 属于内置文件库 (is part of corpus/, not an upload): remove its file from "
                        "corpus/ and run `policyqa ingest`",
                        in_corpus=True,
                    )
                raise UploadNotFound(
                    f"没有这个上传文件 (no upload or uploaded document with id {some_id}); "
                    "list them with `policyqa documents --mine`"
                )
            removed = [d for d in live.documents if d.doc_id in record.doc_ids]
            self.registry.save(record.model_copy(update={"state": "removing"}))
            try:
                pointer, stats = update_index(self.settings, self.embedder, remove_doc_ids=record.doc_ids, stage=stage)
            except BaseException:
                self.registry.save(record.model_copy(update={"state": "indexed"}))
                raise
            self.registry.delete(record.upload_id)
            self._write_tables()
        return RemoveResult(record, removed, pointer, stats)

    def records(self) -> list[UploadRecord]:
        return [r for r in self.registry.records() if r.state == "indexed"]

    def _write_tables(self) -> None:
        """Keep data/*.jsonl (what the last ingest wrote, read by `policyqa eval …`) in step with the live index."""
        live = read_live_index(self.settings)
        write_jsonl(self.settings.data_dir / DOCUMENTS_FILE, [d.to_dict() for d in live.documents])
        write_jsonl(self.settings.data_dir / CLAUSES_FILE, [c.to_dict() for c in live.clauses])
        write_jsonl(self.settings.data_dir / REFERENCES_FILE, [r.to_dict() for r in live.references])


# ---------------------------------------------------------------- a full ingest keeps the uploads


def with_uploads(result: IngestResult, settings: Settings, registry: UploadRegistry) -> IngestResult:
    """The corpus's ingest with every indexed upload after it, oldest first, read as an add reads it (same
    ids); an upload that now repeats a corpus document is left out with a warning, and kept on disk."""
    limits = upload_limits(settings)
    documents, clauses = list(result.documents), list(result.clauses)
    added = False
    for record in registry.records():
        if record.state != "indexed":
            continue
        try:
            parsed = parse_upload(registry.file_of(record), record.name, record.upload_id, limits)
            refuse_duplicates(record.name, parsed, documents, clauses)
        except UploadError as exc:
            result.report.warnings.append(f"upload {record.upload_id} left out: {exc}")
            continue
        documents += parsed.documents
        clauses += parsed.clauses
        result.report.files.append(f"{UPLOADS_DIR}/{record.upload_id}/{record.name}")
        for document in parsed.documents:
            result.clause_counts[document.doc_id] = sum(1 for c in parsed.clauses if c.doc_id == document.doc_id)
        ids = [d.doc_id for d in parsed.documents]
        if ids != record.doc_ids:  # the pipeline changed since the add: the record follows
            registry.save(record.model_copy(update={"doc_ids": ids}))
        added = True
    if not added:
        return result
    return IngestResult(
        documents,
        clauses,
        result.report,
        result.seconds,
        result.clause_counts,
        resolve_references(documents, clauses),
    )


def ingest_everything(
    settings: Settings,
    corpus_dir: Path,
    console: Console | None = None,
    index: bool = True,
    show_progress: bool = False,
    embedder_factory: Callable[[], Embedder] | None = None,
    on_parsed: Callable[[IngestResult], None] | None = None,
) -> tuple[IngestResult, IndexPointer | None]:
    """``policyqa ingest``: corpus/ plus the uploads -> data/*.jsonl, then (``index``) a new generation, all
    under the index lock; ``on_parsed`` sees the parse before the (longer) indexing starts."""
    registry = UploadRegistry(settings.data_dir)
    with index_lock(settings):
        reconcile(settings, registry)
        started = time.perf_counter()
        result = with_uploads(parse_corpus(corpus_dir, show_progress=show_progress), settings, registry)
        result.seconds = time.perf_counter() - started
        data_dir = settings.data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        write_jsonl(data_dir / DOCUMENTS_FILE, [d.to_dict() for d in result.documents])
        write_jsonl(data_dir / CLAUSES_FILE, [c.to_dict() for c in result.clauses])
        write_jsonl(data_dir / REFERENCES_FILE, [r.to_dict() for r in result.references])
        if on_parsed is not None:
            on_parsed(result)
        if not index:
            return result, None
        embedder = embedder_factory() if embedder_factory else build_embedder(settings)
        pointer = build_index(
            result.clauses, result.documents, settings, embedder, console=console, references=result.references
        )
    if console is not None:
        console.print(
            f"indexed {pointer.clauses} clauses into [bold]{pointer.collection}[/bold] "
            f"({pointer.model_id}, {pointer.build_seconds:.1f} s)"
        )
    return result, pointer


__all__ = [
    "AddResult",
    "AddedFile",
    "DocumentLibrary",
    "RefusedFile",
    "RemoveResult",
    "StoreError",
    "UploadError",
    "UploadNotFound",
    "UploadRecord",
    "UploadRegistry",
    "ingest_everything",
    "reconcile",
    "upload_limits",
]
