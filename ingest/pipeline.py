"""Run ingestion end to end: corpus folder -> documents.jsonl + clauses.jsonl in the data dir."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from rich.console import Console
from rich.table import Table
from tqdm import tqdm

from ingest.clauses import split_clauses
from ingest.clean import clean_file
from ingest.dedup import merge_duplicates, number_from_citations
from ingest.document import ParsedDocument, Surroundings, parse_document
from ingest.explains import link_explanations
from ingest.gists import GISTS_FILE
from ingest.load import SUPPORTED_SUFFIXES, UNLIMITED, LoadError, ReadLimits, load_file
from ingest.models import Clause, Document, IngestReport, Reference, ReferenceStatus
from ingest.references import resolve_references
from ingest.sentences import quotable_units
from ingest.split import split_compilation
from ingest.statutes import CATALOG_FILE, STATUTES_DIR, article_count, is_statute_file, parse_statutes

DOCUMENTS_FILE = "documents.jsonl"
CLAUSES_FILE = "clauses.jsonl"
REFERENCES_FILE = "references.jsonl"
_IGNORED_NAMES = {"README.md", "readme.md", "sources.tsv"}  # sources.tsv names the files (for the chat)


@dataclass
class IngestResult:
    documents: list[Document]
    clauses: list[Clause]
    report: IngestReport
    seconds: float = 0.0
    clause_counts: dict[str, int] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)  # statute citations, clause to article


def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(
        p for p in corpus_dir.rglob("*") if p.is_file() and p.name not in _IGNORED_NAMES and not p.name.startswith(".")
    )


def parse_source(path: Path, name: str, label: str | None = None, limits: ReadLimits = UNLIMITED) -> list[ParsedDocument]:
    """One file through load, clean, split and header reading: its documents in printed order.

    ``name`` is how errors name the file; ``label`` (default ``name``) is the file its sources cite.
    Raises ``LoadError`` when the file cannot be read or holds no text."""
    loaded = load_file(path, name, limits)
    if label is not None:
        loaded = replace(loaded, file=label)
    source = clean_file(loaded)
    raws = split_compilation(source)
    if not raws:
        raise LoadError(f"{name}: no text found after cleaning; check the file is a circular")
    parsed: list[ParsedDocument] = []
    around = Surroundings()
    for raw in raws:
        item = parse_document(raw, source.is_single_document, around)
        parsed.append(item)
        around = around.after(item.document)
    return parsed


def clauses_of(item: ParsedDocument) -> list[Clause]:
    """A parsed document's clauses along its own numbering, each with its quotable units."""
    found = split_clauses(item.document.doc_id, item.document.sources[0].file, item.body, item.closing)
    return [replace(c, units=quotable_units(c.text)) for c in found]


def parse_corpus(corpus_dir: Path, show_progress: bool = False) -> IngestResult:
    """Load, clean, split and parse every file; a bad file is reported and skipped."""
    started = time.perf_counter()
    report = IngestReport()
    parsed: list[ParsedDocument] = []
    files = corpus_files(corpus_dir)
    statute_files: list[str] = []
    for path in tqdm(files, desc="ingest", unit="file", disable=not show_progress):
        name = path.relative_to(corpus_dir).as_posix()
        if is_statute_file(name) or name in (f"{STATUTES_DIR}/{CATALOG_FILE}", f"{STATUTES_DIR}/{GISTS_FILE}"):
            statute_files += [name] if is_statute_file(name) else []
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            report.skipped.append((name, f"unsupported format '{path.suffix}'"))
            continue
        try:
            parsed += parse_source(path, name)
        except LoadError as exc:
            report.skipped.append((name, str(exc)))
            continue
        report.files.append(name)
    kept, report.merges = merge_duplicates(parsed)
    kept = link_explanations(number_from_citations(kept))
    documents: list[Document] = []
    clauses: list[Clause] = []
    counts: dict[str, int] = {}
    for item in kept:
        doc_clauses = clauses_of(item)
        if not doc_clauses:
            report.warnings.append(f"{item.document.doc_id}: no clauses found")
        documents.append(item.document)
        clauses.extend(doc_clauses)
        counts[item.document.doc_id] = len(doc_clauses)
    statutes, skipped, warnings = parse_statutes(corpus_dir, statute_files)
    report.files += [name for name in statute_files if name not in dict(skipped)]
    report.skipped += skipped
    report.warnings += warnings
    for statute in statutes:
        documents.append(statute.document)
        clauses.extend(replace(c, units=quotable_units(c.text)) for c in statute.clauses)
        counts[statute.document.doc_id] = len(statute.clauses)
    _check_unique_ids(documents, clauses, report)
    references = resolve_references(documents, clauses)
    return IngestResult(documents, clauses, report, time.perf_counter() - started, counts, references)


def _check_unique_ids(documents: list[Document], clauses: list[Clause], report: IngestReport) -> None:
    seen: set[str] = set()
    for doc in documents:
        if doc.doc_id in seen:
            report.warnings.append(f"{doc.doc_id}: two different documents share this id")
        seen.add(doc.doc_id)
    ids = [c.clause_id for c in clauses]
    if len(ids) != len(set(ids)):
        report.warnings.append("duplicate clause ids")


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    """Write atomically so a crash never leaves a half-written file for the indexer."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def run_ingest(corpus_dir: Path, data_dir: Path, show_progress: bool = False) -> IngestResult:
    result = parse_corpus(corpus_dir, show_progress=show_progress)
    data_dir.mkdir(parents=True, exist_ok=True)
    write_jsonl(data_dir / DOCUMENTS_FILE, [d.to_dict() for d in result.documents])
    write_jsonl(data_dir / CLAUSES_FILE, [c.to_dict() for c in result.clauses])
    write_jsonl(data_dir / REFERENCES_FILE, [r.to_dict() for r in result.references])
    return result


def print_summary(result: IngestResult, console: Console) -> None:
    by_type: dict[str, int] = {}
    for doc in result.documents:
        by_type[doc.doc_type.value] = by_type.get(doc.doc_type.value, 0) + 1
    numbered = sum(1 for d in result.documents if d.doc_number)
    console.print(
        f"[bold]ingested[/bold] {len(result.report.files)} files -> {len(result.documents)} documents "
        f"({', '.join(f'{k} {v}' for k, v in sorted(by_type.items()))}; {numbered} with 文号), "
        f"{len(result.clauses)} clauses in {result.seconds:.2f}s"
    )
    statutes = [d for d in result.documents if d.doc_type.is_statute]
    if statutes:
        articles = sum(article_count([c for c in result.clauses if c.doc_id == d.doc_id]) for d in statutes)
        resolved = sum(r.status is ReferenceStatus.RESOLVED for r in result.references)
        console.print(
            f"  statutes: {len(statutes)} texts, {articles} articles; statute citations: "
            f"{resolved} resolved, {len(result.references) - resolved} not (`policyqa eval references` lists them)"
        )
    for doc_id, places in result.report.merges:
        console.print(f"  merged {doc_id}: {' + '.join(places)}")
    for name, reason in result.report.skipped:
        console.print(f"  [yellow]skipped[/yellow] {reason}")
    for warning in result.report.warnings:
        console.print(f"  [yellow]warning[/yellow] {warning}")


def print_document_table(result: IngestResult, console: Console) -> None:
    table = Table(title="documents")
    for column in ("文号", "title", "issuer", "date", "region", "type", "clauses"):
        table.add_column(column)
    for doc in result.documents:
        table.add_row(
            doc.doc_number or "",
            doc.title[:50],
            "、".join(doc.issuer)[:30],
            doc.date or "",
            doc.region,
            doc.doc_type.value,
            str(result.clause_counts.get(doc.doc_id, 0)),
        )
    console.print(table)
