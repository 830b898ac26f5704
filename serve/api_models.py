"""The API's own request and response models; answers and hits reuse ``assistant.models`` (the CLI's JSON)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ingest.models import Clause, Document, Reference
from query.models import Turn
from retrieval.models import DocTypeName, SearchFilters, SourceRef, SubdivisionSpan
from store.index import IndexPointer, UpdateStats
from store.uploads import AddResult, RemoveResult, UploadRecord, UploadRegistry

if TYPE_CHECKING:
    from serve.service import PolicyAssistant

ASK_EXAMPLES: list[dict[str, Any]] = [
    {"question": "我被隔离了，工资怎么算？"},
    {
        "question": "那病假呢？",
        "history": [
            {"role": "user", "content": "我被隔离了，工资怎么算？"},
            {"role": "assistant", "content": "隔离期间，企业应当视同提供正常劳动支付工资[1]。"},
        ],
        "filters": {"region": "北京", "notices_only": True},
    },
]


class AskRequest(BaseModel):
    """A question, the earlier turns of the conversation, and optional metadata filters."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": ASK_EXAMPLES})

    question: str = Field(
        description="the question in any language; control and invisible characters are stripped; "
        "empty → 422, longer than the configured limit (default 2,000 characters) → 413",
    )
    history: list[Turn] = Field(
        default_factory=list, max_length=50, description="earlier turns, oldest first"
    )
    filters: SearchFilters | None = None


class ErrorResponse(BaseModel):
    """Every error is JSON: ``detail`` is a message, or a list of field errors (without the input echoed)."""

    detail: str | list[dict[str, Any]]


class UploadInfo(BaseModel):
    """Where a user's own document came from: the file added (``data/uploads/<upload_id>/``)."""

    upload_id: str = Field(description="the upload's id (up-<16 hex>), made from the file's SHA-256")
    name: str = Field(description="the file's name as the user gave it")
    size: int = Field(description="bytes as sent")
    sha256: str
    added_at: str = Field(description="ISO date and time")
    added_by: str = Field(description="the interface and who: cli (user …), api (client address), ui")
    doc_ids: list[str] = Field(default_factory=list, description="the documents the file holds")


class DocumentSummary(BaseModel):
    """A document's metadata, as listed by ``GET /v1/documents``."""

    doc_id: str
    doc_number: str | None
    title: str
    issuer: list[str]
    date: str | None
    region: str
    doc_type: DocTypeName
    validity: str | None = None
    supersedes: list[str] = Field(default_factory=list)
    clarifies: list[str] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # where a fact the document does not print comes from
    # a statute's version (corpus/statutes/versions.tsv); empty for a circular
    adopted: str | None = None
    amended: str | None = None
    effective_from: str | None = Field(default=None, description="the day this text took effect")
    effective_to: str | None = Field(default=None, description="the day it stopped being in force; null: in force")
    replaces: list[str] = Field(default_factory=list, description="doc ids of earlier versions it replaced")
    replaced_by: str | None = Field(default=None, description="doc id of the later version that replaced it")
    version_note: str | None = Field(default=None, description="what the corpus cannot show: a later text not in it")
    source: Literal["corpus", "upload"] = Field(
        default="corpus", description="corpus: the bundled files; upload: a file a user added"
    )
    upload: UploadInfo | None = Field(default=None, description="for an upload: the file it came from")

    @classmethod
    def of(cls, doc: Document, uploads: Mapping[str, UploadInfo] | None = None) -> DocumentSummary:
        return cls(
            source="upload" if doc.upload_id else "corpus",
            upload=(uploads or {}).get(doc.upload_id) if doc.upload_id else None,
            doc_id=doc.doc_id,
            doc_number=doc.doc_number,
            title=doc.title,
            issuer=list(doc.issuer),
            date=doc.date,
            region=doc.region,
            doc_type=doc.doc_type.value,  # type: ignore[arg-type]
            validity=doc.validity,
            supersedes=list(doc.supersedes),
            clarifies=list(doc.clarifies),
            sources=[
                SourceRef(file=s.file, line_start=s.line_start, line_end=s.line_end) for s in doc.sources
            ],
            notes=list(doc.notes),
            adopted=doc.adopted,
            amended=doc.amended,
            effective_from=doc.effective_from,
            effective_to=doc.effective_to,
            replaces=list(doc.replaces),
            replaced_by=doc.replaced_by,
            version_note=doc.version_note,
        )


def clause_anchor(clause: Clause) -> str:
    """A fragment id for a clause inside its document page: stable across re-ingests of the same corpus."""
    return f"clause-{clause.order}"


class ClauseView(BaseModel):
    """One clause, verbatim, with where it sits in its document and in the corpus."""

    clause_id: str
    doc_id: str
    label: str
    heading: str | None
    text: str
    source: SourceRef
    parent_label: str | None = None
    order: int = 0
    part: int = 0
    anchor: str = Field(description="fragment id of this clause in the document view")
    subdivisions: list[SubdivisionSpan] = Field(default_factory=list, description="a statute article's 款 and 项, by offset in text")

    @classmethod
    def of(cls, clause: Clause) -> ClauseView:
        return cls(
            clause_id=clause.clause_id,
            doc_id=clause.doc_id,
            label=clause.label,
            heading=clause.heading,
            text=clause.text,
            source=SourceRef(
                file=clause.source.file, line_start=clause.source.line_start, line_end=clause.source.line_end
            ),
            parent_label=clause.parent_label,
            order=clause.order,
            part=clause.part,
            anchor=clause_anchor(clause),
            subdivisions=[SubdivisionSpan(label=u.label, start=u.start, end=u.end) for u in clause.subdivisions],
        )


class ClauseLink(BaseModel):
    """A citation of a statute between two clauses: printed in ``source``, naming ``target`` (when resolved)."""

    printed: str = Field(description="as printed in the citing clause: 劳动合同法第四十条、四十一条")
    law: str = Field(description="the law's name: 劳动合同法")
    article: str | None = Field(default=None, description="第四十条; null when the law is cited as a whole")
    unit: str | None = Field(default=None, description="the 款/项 cited: 第二款, 第（三）项")
    status: Literal["resolved", "law_not_in_corpus", "no_such_article"]
    note: str = Field(default="", description="why it is not resolved, or what to know about the version linked")
    source_clause_id: str
    source_doc_id: str
    source_title: str = ""
    source_label: str = ""
    target_doc_id: str | None = None
    target_clause_id: str | None = Field(default=None, description="the article's clause; null for a whole law")
    target_title: str | None = None
    target_label: str | None = None
    target_anchor: str | None = Field(default=None, description="fragment id of the article in its document view")

    @classmethod
    def of(cls, ref: Reference, assistant: PolicyAssistant) -> ClauseLink:
        source_doc = assistant.document(ref.source_doc_id)
        source = assistant.clause(ref.source_clause_id)
        target_doc = assistant.document(ref.target_doc_id) if ref.target_doc_id else None
        target = assistant.clause(ref.target_clause_id) if ref.target_clause_id else None
        return cls(
            printed=ref.printed,
            law=ref.law,
            article=ref.article,
            unit=ref.unit,
            status=ref.status.value,  # type: ignore[arg-type]
            note=ref.note,
            source_clause_id=ref.source_clause_id,
            source_doc_id=ref.source_doc_id,
            source_title=source_doc.title if source_doc else "",
            source_label=source.label if source else "",
            target_doc_id=ref.target_doc_id,
            target_clause_id=ref.target_clause_id,
            target_title=target_doc.title if target_doc else None,
            target_label=target.label if target else None,
            target_anchor=clause_anchor(target) if target else None,
        )


class VersionLink(BaseModel):
    """The same provision in another statute text (ingest/counterparts.py: matched by wording): another version of
    the statute, or a later law of the same body that took it over."""

    clause_id: str
    doc_id: str
    title: str
    label: str = Field(description="the article there: 第九十条")
    version_year: int | None = Field(default=None, description="the year the version is known by: 2024")
    effective_from: str | None = None
    effective_to: str | None = Field(default=None, description="null: in force")
    anchor: str = Field(description="fragment id of the article in its document view")

    @classmethod
    def of(cls, clause: Clause, doc: Document) -> VersionLink:
        return cls(
            clause_id=clause.clause_id,
            doc_id=doc.doc_id,
            title=doc.title,
            label=clause.label,
            version_year=doc.version_year,
            effective_from=doc.effective_from,
            effective_to=doc.effective_to,
            anchor=clause_anchor(clause),
        )


class ClauseDetail(ClauseView):
    """``GET /v1/clauses/{clause_id}``: the clause, its document's metadata, the statute citations printed
    in it (``cites``, 引用), for a statute article the clauses that cite it (``cited_by``, 被引用), the same
    provision in the statute's other versions (``versions``) and in a later or earlier law of the same body
    (``later_law``, ``earlier_law``: 劳动法第二十一条 and 劳动合同法第十九条; the later applies where they differ)."""

    document: DocumentSummary
    cites: list[ClauseLink] = Field(default_factory=list, description="引用: resolved or not, in printed order")
    cited_by: list[ClauseLink] = Field(default_factory=list, description="被引用: clauses citing this article")
    versions: list[VersionLink] = Field(
        default_factory=list, description="the same provision in the statute's other versions, best match first"
    )
    later_law: list[VersionLink] = Field(
        default_factory=list,
        description="the article of a later law of the same body carrying this provision (at most one): it applies "
        "where the two differ",
    )
    earlier_law: list[VersionLink] = Field(
        default_factory=list, description="the articles of earlier laws of the same body whose provision this one carries"
    )


class DocumentView(DocumentSummary):
    """``GET /v1/documents/{doc_id}``: metadata and the full text as clauses in printed order."""

    clauses: list[ClauseView]


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    """Whether an index is loaded, and whether a rebuild is running after a re-ingest."""

    status: str  # ready / loading
    reloading: bool
    generation: int
    documents: int = 0
    clauses: int = 0
    last_error: str | None = None


# ---------------------------------------------------------------- views shared by the API and the in-process client


def find_documents(
    assistant: PolicyAssistant,
    filters: SearchFilters | None,
    needle: str = "",
    source: Literal["corpus", "upload"] | None = None,
    uploads: Mapping[str, UploadInfo] | None = None,
) -> list[DocumentSummary]:
    """Documents passing ``filters`` whose title or 文号 contains ``needle``, oldest first; ``source`` keeps
    only the bundled corpus's or the users' own; ``uploads`` (upload id -> its file) describes the latter."""
    return [
        DocumentSummary.of(d, uploads)
        for d in assistant.documents(filters)
        if (not needle or needle in d.title or needle in (d.doc_number or ""))
        and (source is None or (source == "upload") == bool(d.upload_id))
    ]


def document_view(
    assistant: PolicyAssistant, doc_id: str, uploads: Mapping[str, UploadInfo] | None = None
) -> DocumentView | None:
    doc = assistant.document(doc_id)
    if doc is None:
        return None
    clauses = [ClauseView.of(c) for c in assistant.clauses_of(doc_id)]
    return DocumentView(**DocumentSummary.of(doc, uploads).model_dump(), clauses=clauses)


def uploads_by_id(data_dir: Path) -> dict[str, UploadInfo]:
    """Every indexed upload of a data dir by its id, to describe the documents it holds."""
    return {r.upload_id: upload_info(r) for r in UploadRegistry(data_dir).records() if r.state == "indexed"}


def clause_detail(assistant: PolicyAssistant, clause_id: str) -> ClauseDetail | None:
    clause = assistant.clause(clause_id)
    doc = assistant.document(clause.doc_id) if clause else None
    if clause is None or doc is None:
        return None
    return ClauseDetail(
        **ClauseView.of(clause).model_dump(),
        document=DocumentSummary.of(doc),
        cites=[ClauseLink.of(ref, assistant) for ref in assistant.cites(clause_id)],
        cited_by=[ClauseLink.of(ref, assistant) for ref in assistant.cited_by(clause_id)],
        versions=_version_links(assistant, assistant.counterparts(clause_id)),
        later_law=_version_links(assistant, assistant.later_law(clause_id)),
        earlier_law=_version_links(assistant, assistant.earlier_law(clause_id)),
    )


def _version_links(assistant: PolicyAssistant, clauses: Sequence[Clause]) -> list[VersionLink]:
    return [VersionLink.of(other, doc) for other in clauses if (doc := assistant.document(other.doc_id)) is not None]


# ---------------------------------------------------------------- a user's own documents


class AddedUpload(BaseModel):
    """One file added: its record and the documents it holds (now indexed)."""

    upload: UploadInfo
    documents: list[DocumentSummary]
    clauses: int = Field(description="clauses indexed from it")


class RefusedUpload(BaseModel):
    """One file not added, and why (the message names the file and what to do)."""

    name: str
    detail: str
    status: int = Field(description="413 over a limit, 415 an unknown type, 409 a duplicate, 422 unreadable")


class IndexUpdate(BaseModel):
    """What the update cost: the new generation and what was embedded afresh."""

    collection: str = Field(description="the new live collection")
    clauses: int = Field(description="clauses in the new generation")
    clause_texts_embedded: int = Field(description="clause texts the model embedded (not in the embedding cache)")
    unit_texts_embedded: int = Field(description="quotable sentences the model embedded")
    item_texts_embedded: int = Field(description="list items (under their lead-in) the model embedded")
    texts_tokenised: int
    clauses_kept: int = Field(description="clauses whose vectors and tokens were copied from the previous generation")
    seconds: float = Field(description="from reading the live index to the switch")


class AddDocumentsResponse(BaseModel):
    """``POST /v1/documents``: the files added (one new index generation for all) and those refused."""

    added: list[AddedUpload]
    refused: list[RefusedUpload] = Field(default_factory=list)
    update: IndexUpdate | None = None


class RemoveDocumentResponse(BaseModel):
    """``DELETE /v1/documents/{id}``: the upload removed, with every document it held."""

    upload: UploadInfo
    removed: list[DocumentSummary]
    update: IndexUpdate


def upload_info(record: UploadRecord) -> UploadInfo:
    return UploadInfo(
        upload_id=record.upload_id,
        name=record.name,
        size=record.size,
        sha256=record.sha256,
        added_at=record.added_at,
        added_by=record.added_by,
        doc_ids=list(record.doc_ids),
    )


def index_update(pointer: IndexPointer, stats: UpdateStats) -> IndexUpdate:
    return IndexUpdate(
        collection=pointer.collection,
        clauses=pointer.clauses,
        clause_texts_embedded=stats.clause_texts_embedded,
        unit_texts_embedded=stats.unit_texts_embedded,
        item_texts_embedded=stats.item_texts_embedded,
        texts_tokenised=stats.texts_tokenised,
        clauses_kept=stats.clauses_kept,
        seconds=round(stats.total_s, 2),
    )


def add_response(result: AddResult) -> AddDocumentsResponse:
    added = []
    for item in result.added:
        info = upload_info(item.record)
        documents = [DocumentSummary.of(d, {info.upload_id: info}) for d in item.documents]
        added.append(AddedUpload(upload=info, documents=documents, clauses=item.clauses))
    return AddDocumentsResponse(
        added=added,
        refused=[RefusedUpload(name=r.name, detail=r.message, status=r.status) for r in result.refused],
        update=index_update(result.pointer, result.stats) if result.pointer and result.stats else None,
    )


def remove_response(result: RemoveResult) -> RemoveDocumentResponse:
    info = upload_info(result.record)
    return RemoveDocumentResponse(
        upload=info,
        removed=[DocumentSummary.of(d, {info.upload_id: info}) for d in result.documents],
        update=index_update(result.pointer, result.stats),
    )
