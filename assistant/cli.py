"""The ``policyqa`` command line: ingest, search, ask, serve, ui, eval, bench."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console

from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.models import Hit

app = typer.Typer(add_completion=False, help="政策问答: cited answers over Chinese policy circulars.")
eval_app = typer.Typer(add_completion=False, help="Evaluate retrieval and answers on the gold set.")
app.add_typer(eval_app, name="eval")

console = Console()
err_console = Console(stderr=True)


@app.command()
def ingest(
    corpus: Optional[Path] = typer.Argument(None, help="folder of raw circulars (default: settings.corpus_dir)"),
    report: bool = typer.Option(False, "--report", help="print a per-document table to eyeball"),
    no_index: bool = typer.Option(False, "--no-index", help="only write documents.jsonl / clauses.jsonl"),
) -> None:
    """Clean, split and index the corpus into the data dir."""
    from ingest.pipeline import run_ingest, print_summary, print_document_table

    settings = Settings()
    corpus_dir = corpus or settings.corpus_dir
    if not corpus_dir.is_dir():
        err_console.print(f"[red]{corpus_dir}: not a folder; pass the folder that holds the circulars[/red]")
        raise typer.Exit(2)
    result = run_ingest(corpus_dir, settings.data_dir, show_progress=True)
    print_summary(result, console)
    if report:
        print_document_table(result, console)
    if not no_index:
        from ingest.index import build_index_from_settings

        build_index_from_settings(settings, console=console)


@app.command()
def search(
    query: Annotated[str | None, typer.Argument(help="the question; omit with --batch")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="how many clauses to return")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help='print {"query": …, "hits": […]}')] = False,
    batch: Annotated[Path | None, typer.Option("--batch", help="one question per line; prints JSON lines")] = None,
    region: Annotated[str | None, typer.Option("--region", help="e.g. 北京, 全国")] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", help="substring of an issuer, e.g. 人力资源")] = None,
    date_from: Annotated[str | None, typer.Option("--date-from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--date-to", help="YYYY-MM-DD")] = None,
    doc_type: Annotated[str | None, typer.Option("--doc-type", help="notice, qa or news")] = None,
    notices_only: Annotated[bool, typer.Option("--notices-only", help="only documents with legal force")] = False,
    mode: Annotated[str, typer.Option("--mode", help="hybrid, dense or bm25")] = "hybrid",
) -> None:
    """Find the clauses that answer a question (hybrid dense + BM25, exact 文号 lookup)."""
    from pydantic import ValidationError

    from assistant.models import SearchFilters, SearchResult
    from assistant.retrieve import build_retriever
    from ingest.embed import EmbedderError
    from ingest.index import StoreError

    if (query is None) == (batch is None):
        err_console.print("[red]give a question, or --batch FILE (not both)[/red]")
        raise typer.Exit(2)
    if mode not in ("hybrid", "dense", "bm25"):
        err_console.print(f"[red]--mode {mode}: use hybrid, dense or bm25[/red]")
        raise typer.Exit(2)
    try:
        filters = SearchFilters(
            region=region,
            issuer=issuer,
            date_from=date_from,
            date_to=date_to,
            doc_type=doc_type,
            notices_only=notices_only,
        )
    except ValidationError as exc:
        err_console.print(f"[red]bad filter: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}[/red]")
        raise typer.Exit(2) from exc
    try:
        retriever = build_retriever(Settings())
    except (StoreError, EmbedderError) as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc

    if batch is not None:
        if not batch.is_file():
            err_console.print(f"[red]{batch}: not a file; give one question per line[/red]")
            raise typer.Exit(2)
        for line in batch.read_text(encoding="utf-8").splitlines():
            if line.strip():
                hits = retriever.search(line.strip(), k=k, filters=filters, mode=mode)  # type: ignore[arg-type]
                typer.echo(SearchResult(query=line.strip(), hits=hits).model_dump_json())
        return

    assert query is not None
    hits = retriever.search(query, k=k, filters=filters, mode=mode)  # type: ignore[arg-type]
    if as_json:
        result = SearchResult(query=query, hits=hits).model_dump(mode="json")
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    _print_hits(query, hits)


def _print_hits(query: str, hits: list[Hit]) -> None:
    from rich.table import Table

    table = Table(title=f"{query}", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("score", justify="right")
    table.add_column("文号 / 标题")
    table.add_column("条款")
    table.add_column("内容")
    table.add_column("出处")
    for n, hit in enumerate(hits, 1):
        text = hit.text if len(hit.text) <= 160 else hit.text[:160] + "…"
        table.add_row(
            str(n),
            f"{hit.score:.4f}" + (" ★" if hit.match == "exact" else ""),
            f"{hit.doc_number or ''}\n{hit.title}\n{hit.date or ''} {hit.doc_type}",
            hit.label,
            text,
            f"{hit.source.file}:{hit.source.line_start}-{hit.source.line_end}",
        )
    console.print(table if hits else "[yellow]no matching clauses[/yellow]")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
