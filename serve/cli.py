"""The ``policyqa`` command line: ingest, search, ask, serve, mcp, ui, eval, bench."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from config import Settings
from eval.cli import bench, eval_app

if TYPE_CHECKING:
    from ingest.pipeline import IngestResult
    from retrieval.models import Hit

app = typer.Typer(add_completion=False, help="政策问答: cited answers over Chinese policy circulars.")
embeddings_app = typer.Typer(
    add_completion=False, help="The bundled corpus's vectors shipped in the repository (store/shipped/)."
)
app.add_typer(embeddings_app, name="embeddings")
app.add_typer(eval_app, name="eval")
app.command()(bench)

console = Console()
err_console = Console(stderr=True)


@app.command()
def ingest(
    corpus: Annotated[Path | None, typer.Argument(help="folder of raw circulars (default: settings.corpus_dir)")] = None,
    report: Annotated[bool, typer.Option("--report", help="print a per-document table to eyeball")] = False,
    no_index: Annotated[bool, typer.Option("--no-index", help="only write documents.jsonl / clauses.jsonl")] = False,
) -> None:
    """Clean, split and index the corpus, and the documents users added (data/uploads/), into the data dir."""
    from ingest.pipeline import print_document_table, print_summary
    from store.index import StoreError
    from store.uploads import ingest_everything

    settings = Settings()
    corpus_dir = corpus or settings.corpus_dir
    if not corpus_dir.is_dir():
        err_console.print(f"[red]{corpus_dir}: not a folder; pass the folder that holds the circulars[/red]")
        raise typer.Exit(2)

    def summary(result: IngestResult) -> None:
        print_summary(result, console)
        if report:
            print_document_table(result, console)

    try:
        ingest_everything(
            settings, corpus_dir, console=console, index=not no_index, show_progress=True, on_parsed=summary
        )
    except StoreError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc


class _LineFile:
    """A stream that ends each of tqdm's redraws with a newline: a log file then shows every step of the bar
    (tqdm redraws in place with a carriage return, which a log file shows only at the end)."""

    def __init__(self, stream: object) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text.replace("\r", "\n"))  # type: ignore[attr-defined]

    def flush(self) -> None:
        self._stream.flush()  # type: ignore[attr-defined]


def _progress_bar(total: int, desc: str) -> Any:
    import sys

    from tqdm import tqdm

    stream = sys.stderr if sys.stderr.isatty() else _LineFile(sys.stderr)
    return tqdm(total=total, desc=desc, unit="step", file=stream, mininterval=0, dynamic_ncols=True)


@app.command()
def add(
    files: Annotated[list[Path], typer.Argument(help="PDF (with a text layer), DOCX, HTML, TXT or MD files")],
    as_json: Annotated[bool, typer.Option("--json", help="print the result as the API's JSON")] = False,
) -> None:
    """Add your own documents: each is read as corpus/ is, checked against what is indexed, and indexed in one
    new generation (only its clauses are embedded). They are kept under data/uploads/ and survive `policyqa ingest`."""
    import getpass

    from rich.markup import escape

    from serve.api_models import add_response
    from store.embed import EmbedderError
    from store.index import StoreError
    from store.uploads import DocumentLibrary, RefusedFile

    payload: list[tuple[str, bytes]] = []
    unreadable: list[RefusedFile] = []
    for path in files:
        if not path.is_file():
            unreadable.append(RefusedFile(path.name, f"{path}: 文件不存在 (no such file)", 404))
            continue
        payload.append((path.name, path.read_bytes()))
    bar = _progress_bar(len(payload) + 3, "添加文件 adding")

    def stage(step: str) -> None:
        bar.set_description_str(step)
        bar.update(1)

    try:
        result = DocumentLibrary(Settings()).add(payload, f"cli ({getpass.getuser()})", stage=stage) if payload else None
    except (StoreError, EmbedderError) as exc:
        bar.close()
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    bar.n = bar.total
    bar.set_description_str("完成 done" if result and result.added else "没有添加 nothing added")
    bar.close()
    if result is None:
        from store.uploads import AddResult

        result = AddResult()
    result.refused = unreadable + result.refused
    if as_json:
        typer.echo(add_response(result).model_dump_json(indent=2))
    else:
        for item in result.added:
            for doc in item.documents:
                console.print(
                    f"[green]已添加 added[/green] 《{doc.title}》 id {doc.doc_id} "
                    f"(upload {item.record.upload_id}, {item.clauses} clauses)", highlight=False, soft_wrap=True,
                )
        for refused in result.refused:
            err_console.print(f"[red]未添加 refused[/red] {escape(refused.message)}", highlight=False, soft_wrap=True)
        if result.stats is not None:
            stats = result.stats
            console.print(
                f"new index generation in {stats.total_s:.1f} s: embedded {stats.clause_texts_embedded} clause texts, "
                f"{stats.unit_texts_embedded} sentences and {stats.item_texts_embedded} list items, "
                f"tokenized {stats.texts_tokenised}; "
                f"{stats.clauses_kept} clauses kept as they were", soft_wrap=True,
            )
    raise typer.Exit(1 if result.refused else 0)


@app.command()
def remove(
    doc_id: Annotated[str, typer.Argument(help="an upload id (up-…) or the id of a document it holds")],
    as_json: Annotated[bool, typer.Option("--json", help="print the result as the API's JSON")] = False,
) -> None:
    """Remove one of your own documents (the whole file it came from) from the index and from data/uploads/."""
    from serve.api_models import remove_response
    from store.embed import EmbedderError
    from store.index import StoreError
    from store.uploads import DocumentLibrary, UploadNotFound

    try:
        result = DocumentLibrary(Settings()).remove(doc_id)
    except UploadNotFound as exc:
        err_console.print(f"[red]{exc}[/red]", highlight=False, markup=False)
        raise typer.Exit(2 if exc.in_corpus else 1) from exc
    except (StoreError, EmbedderError) as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    if as_json:
        typer.echo(remove_response(result).model_dump_json(indent=2))
        return
    for doc in result.documents:
        console.print(f"已删除 removed 《{doc.title}》 id {doc.doc_id}", highlight=False, soft_wrap=True)
    console.print(
        f"upload {result.record.upload_id} ({result.record.name}) removed; new index generation in "
        f"{result.stats.total_s:.1f} s", highlight=False, soft_wrap=True,
    )


@app.command()
def documents(
    mine: Annotated[bool, typer.Option("--mine", help="only the documents users added")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print the API's JSON (GET /v1/documents)")] = False,
) -> None:
    """List the indexed documents with their source: corpus (bundled) or upload (added by a user)."""
    from rich.table import Table

    from serve.api_models import DocumentSummary, uploads_by_id
    from store.index import StoreError, read_live_index

    settings = Settings()
    try:
        live = read_live_index(settings)
    except StoreError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    uploads = uploads_by_id(settings.data_dir)
    rows = [DocumentSummary.of(d, uploads) for d in live.documents if d.upload_id or not mine]
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False, indent=2))
        return
    table = Table(title="我的文件 your documents" if mine else "documents")
    for column in ("id", "title", "date", "source", "file / added"):
        table.add_column(column)
    for row in rows:
        where = f"{row.upload.name}\n{row.upload.added_at} {row.upload.added_by}" if row.upload else ""
        table.add_row(row.doc_id, row.title[:40], row.date or "", row.source, where)
    console.print(table if rows else "no documents added yet: `policyqa add FILE`")


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
    doc_type: Annotated[
        str | None,
        typer.Option(
            "--doc-type",
            help="notice, qa, news, law, administrative_regulation, departmental_rule or judicial_interpretation",
        ),
    ] = None,
    notices_only: Annotated[bool, typer.Option("--notices-only", help="only documents with legal force")] = False,
    mode: Annotated[str, typer.Option("--mode", help="hybrid, dense or bm25")] = "hybrid",
) -> None:
    """Find the clauses that answer a question (hybrid dense + BM25, exact 文号 lookup)."""
    from pydantic import ValidationError

    from retrieval.models import SearchFilters, SearchResult
    from retrieval.retriever import build_retriever
    from store.embed import EmbedderError
    from store.index import StoreError

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


def _read_history(path: Path | None) -> list:
    """A history file: a JSON list of {"role", "content"} turns (or earlier `ask --json` outputs)."""
    from query.models import Turn

    if path is None:
        return []
    if not path.is_file():
        err_console.print(f"[red]{path}: no such history file[/red]")
        raise typer.Exit(2)
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
        turns: list[Turn] = []
        for item in items:
            if "role" in item:
                turns.append(Turn(**item))
            else:  # an earlier `policyqa ask --json` answer
                turns.append(Turn(role="user", content=item.get("standalone_question") or item["question"]))
                turns.append(Turn(role="assistant", content=item.get("answer", "")))
        return turns
    except (ValueError, KeyError, TypeError) as exc:
        err_console.print(f'[red]{path}: not a JSON list of {{"role": "user"|"assistant", "content": …}} ({exc})[/red]')
        raise typer.Exit(2) from exc


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument(help="the question; omit with --batch")] = None,
    history: Annotated[Path | None, typer.Option("--history", help="JSON list of earlier turns")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the answer as JSON")] = False,
    batch: Annotated[Path | None, typer.Option("--batch", help="one question per line; prints JSON lines")] = None,
    region: Annotated[str | None, typer.Option("--region", help="e.g. 北京, 全国")] = None,
    notices_only: Annotated[bool, typer.Option("--notices-only", help="only documents with legal force")] = False,
) -> None:
    """Answer a question with citations a lawyer can check (extractive by default, no LLM needed)."""
    from retrieval.models import SearchFilters
    from serve.service import build_assistant
    from store.embed import EmbedderError
    from store.index import StoreError

    if (question is None) == (batch is None):
        err_console.print("[red]give a question, or --batch FILE (not both)[/red]")
        raise typer.Exit(2)
    turns = _read_history(history)
    filters = SearchFilters(region=region, notices_only=notices_only)
    try:
        assistant = build_assistant(Settings())
    except (StoreError, EmbedderError, ValueError) as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    if batch is not None:
        if not batch.is_file():
            err_console.print(f"[red]{batch}: not a file; give one question per line[/red]")
            raise typer.Exit(2)
        for line in batch.read_text(encoding="utf-8").splitlines():
            if line.strip():
                typer.echo(assistant.ask(line.strip(), turns, filters).model_dump_json())
        return
    assert question is not None
    response = assistant.ask(question, turns, filters)
    if as_json:
        typer.echo(json.dumps(response.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    console.print(f"[bold]问：[/bold]{response.question}")
    if response.standalone_question != response.question:
        console.print(f"[dim]（理解为：{response.standalone_question}）[/dim]")
    console.print(response.answer, highlight=False, soft_wrap=True)
    if response.citations:
        console.print("引用：")
    for citation in response.citations:
        console.print(f"[{citation.n}] {citation.legal_form}", highlight=False, markup=False, soft_wrap=True)
        console.print(
            f"[dim]    {citation.source.file} 第{citation.source.line_start}–{citation.source.line_end}行[/dim]",
            soft_wrap=True,
        )
    if response.abstained and response.related:
        console.print("可能相关（不能直接回答您的问题，仅供参考）：")
        for hit in response.related:
            console.print(f"[dim]- {hit.title} {hit.label}[/dim]", highlight=False, soft_wrap=True)
    for note in response.notes:
        console.print(f"[yellow]注：{note}[/yellow]", highlight=False, soft_wrap=True)


@embeddings_app.command("export")
def embeddings_export(
    corpus: Annotated[Path | None, typer.Argument(help="folder of raw circulars (default: settings.corpus_dir)")] = None,
    check: Annotated[bool, typer.Option("--check", help="only say whether the shipped file is current; exit 1 if not")] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="default: store/shipped/<model id>.npz (the latent terms beside it, -latent.npz)")
    ] = None,
) -> None:
    """Embed every text an index of the corpus embeds (the data dir's cache first) and write them, float16, to
    store/shipped/<model id>.npz, and the clause texts' latent terms to <model id>-latent.npz: a fresh clone then
    embeds only what changed since. Run after the corpus, the splitter or the embedded context changes."""
    from ingest.pipeline import parse_corpus
    from store.embed import EmbeddingCache, ShippedVectors, build_embedder, shipped_vectors_path
    from store.index import EmbedProgressLog, gist_texts, index_texts, item_texts, unit_texts
    from store.latent import ShippedLatentTerms, latent_matrix, latent_model_for, open_latent_cache, row_terms

    settings = Settings()
    corpus_dir = corpus or settings.corpus_dir
    if not corpus_dir.is_dir():
        err_console.print(f"[red]{corpus_dir}: not a folder; pass the folder that holds the circulars[/red]")
        raise typer.Exit(2)
    parsed = parse_corpus(corpus_dir)
    # the clause contexts, every quotable sentence, every list item and every statute gist: all are embedded by a build
    texts = list(
        dict.fromkeys(
            [
                *index_texts(parsed.clauses, parsed.documents),
                *unit_texts(parsed.clauses),
                *item_texts(parsed.clauses),
                *gist_texts(parsed.clauses, parsed.documents),
            ]
        )
    )
    embedder = build_embedder(settings)
    path = out or shipped_vectors_path(embedder.model_id)
    keys = sorted({EmbeddingCache.key(t) for t in texts})
    contexts = list(dict.fromkeys(index_texts(parsed.clauses, parsed.documents)))
    latent_model = latent_model_for(embedder.model_id)
    latent_path = None
    if latent_model is not None:  # beside the vectors: <out>-latent.npz, or store/shipped/<model id>-latent.npz
        latent_path = out.with_name(f"{out.stem}-latent{out.suffix}") if out else shipped_vectors_path(latent_model.model_id)
    if check:
        stale = False
        shipped_files: list[tuple[Path, ShippedVectors | ShippedLatentTerms, list[str]]] = [
            (path, ShippedVectors(path, embedder.model_id), keys)
        ]
        if latent_model is not None and latent_path is not None:
            shipped_files.append(
                (latent_path, ShippedLatentTerms(latent_path, latent_model.model_id), sorted({EmbeddingCache.key(t) for t in contexts}))
            )
        for file, shipped, wanted in shipped_files:
            missing = len(wanted) - len(shipped.get_many(wanted))
            extra = len(shipped) - (len(wanted) - missing)
            stale = stale or bool(missing or extra)
            console.print(f"{file}: {len(wanted) - missing:,} of {len(wanted):,} texts of {corpus_dir}/ shipped, "
                          f"{missing:,} missing, {extra:,} no longer used", soft_wrap=True)
        raise typer.Exit(1 if stale else 0)
    vectors = embedder.embed_documents_array(texts, EmbedProgressLog(console, len(texts), embedder.workers))
    by_key = {EmbeddingCache.key(t): v for t, v in zip(texts, vectors)}
    ShippedVectors.write(path, embedder.model_id, by_key)
    console.print(
        f"wrote {path}: {len(by_key):,} vectors of {embedder.model_id}, {path.stat().st_size / 1e6:.2f} MB",
        soft_wrap=True,
    )
    if latent_model is not None and latent_path is not None:
        # the clause contexts only: the latent-term list ranks clauses, not sentences
        cache = open_latent_cache(settings.data_dir, latent_model.model_id)
        matrix = latent_matrix(contexts, latent_model, cache, lambda n: console.print(f"encoding the latent terms of {n:,} texts…"))
        cache.close()
        terms = {EmbeddingCache.key(t): row for t, row in zip(contexts, row_terms(matrix), strict=True)}
        ShippedLatentTerms.write(latent_path, latent_model.model_id, terms)
        console.print(f"wrote {latent_path}: the latent terms of {len(terms):,} clause texts, "
                      f"{latent_path.stat().st_size / 1e6:.2f} MB", soft_wrap=True)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option("--host", help="default: settings.api_host (127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option("--port", help="default: settings.api_port (8765)")] = None,
) -> None:
    """Serve the HTTP API (FastAPI + uvicorn); the index loads in the background, GET /readyz says when."""
    import uvicorn

    from serve.api import create_app

    settings = Settings()
    uvicorn.run(
        create_app(settings),
        host=host or settings.api_host,
        port=port or settings.api_port,
        # No limit_concurrency: uvicorn's own refusal is a plain-text 503 without Retry-After. The API bounds
        # open requests and admits by expected wait itself, refusing with a JSON 503 and Retry-After.
        timeout_keep_alive=5,
    )


@app.command()
def mcp() -> None:
    """Serve the MCP tools (search_clauses, ask, get_clause, get_document) over stdio for Claude Desktop,
    Cursor, Cherry Studio…; answers in-process, or through the API when POLICYQA_API_URL is set."""
    from serve.mcp_server import run_mcp_server

    run_mcp_server(Settings())


def _streamlit_command(host: str, port: int) -> list[str]:
    import sys

    app_path = Path(__file__).resolve().parents[1] / "ui" / "app.py"
    return [
        sys.executable, "-m", "streamlit", "run", str(app_path),
        "--server.headless", "true",
        "--server.address", host,
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        # no toolbar: "viewer" still shows a menu in English (theme, Print, Record screen); "minimal" none
        "--client.toolbarMode", "minimal",
        # a file a little over the upload limit still reaches the app, which names the limit in its refusal
        "--server.maxUploadSize", str(Settings().upload_max_bytes // 1_048_576 + 1),
    ]  # fmt: skip


@app.command()
def ui(
    port: Annotated[int | None, typer.Option("--port", help="default: settings.ui_port (8501)")] = None,
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
) -> None:
    """Serve the Streamlit chat: answers in-process, or through the API when POLICYQA_API_URL is set."""
    import subprocess

    raise typer.Exit(subprocess.call(_streamlit_command(host, port or Settings().ui_port)))


def _wait_until_up(url: str, seconds: float, alive: object) -> bool:
    import time

    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and alive():  # type: ignore[operator]
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    return False


@app.command()
def run(
    api_port: Annotated[int | None, typer.Option("--api-port", help="default: settings.api_port")] = None,
    ui_port: Annotated[int | None, typer.Option("--ui-port", help="default: settings.ui_port")] = None,
) -> None:
    """First run: ingest the corpus. Then serve the API and the chat (which calls the API) until Ctrl-C."""
    import os
    import secrets
    import signal
    import subprocess
    import sys
    import time

    from store.index import read_pointer

    settings = Settings()
    if read_pointer(settings.store_dir) is None:
        console.print(f"[bold]first run:[/bold] no index under {settings.data_dir}/ yet; ingesting {settings.corpus_dir}/")
        ingest(corpus=None, report=False, no_index=False)
    else:
        console.print(f"using the index under {settings.store_dir} (re-run `policyqa ingest` to rebuild it)")

    host = settings.api_host
    api_port = api_port or settings.api_port
    ui_port = ui_port or settings.ui_port
    api_url = f"http://{host}:{api_port}"
    ui_url = f"http://127.0.0.1:{ui_port}"
    serve_cmd = [sys.executable, "-m", "serve.cli", "serve", "--host", host, "--port", str(api_port)]
    # The chat adds documents through the API's admin endpoint: without a token of the user's own, the two
    # share one made for this run (nobody else learns it; the API listens on this machine only by default).
    token = settings.admin_token or secrets.token_urlsafe(32)
    api_env = {**os.environ, "POLICYQA_ADMIN_TOKEN": token}
    # The UI answers through the API, so one process holds the index and the model.
    ui_env = {**api_env, "POLICYQA_API_URL": api_url}
    children: list[subprocess.Popen[bytes]] = []

    def all_alive() -> bool:
        return all(child.poll() is None for child in children)

    def stop(*_: object) -> None:
        raise KeyboardInterrupt  # SIGTERM (a supervisor, `kill`) stops the children like Ctrl-C does

    signal.signal(signal.SIGTERM, stop)
    try:
        children.append(subprocess.Popen(serve_cmd, env=api_env))
        children.append(subprocess.Popen(_streamlit_command("127.0.0.1", ui_port), env=ui_env))
        with console.status("starting the API and the chat…"):
            api_up = _wait_until_up(f"{api_url}/readyz", 180, all_alive)
            ui_up = _wait_until_up(f"{ui_url}/_stcore/health", 60, all_alive)
        if not (api_up and ui_up):
            err_console.print("[red]the API or the chat did not start; see the messages above[/red]")
            raise typer.Exit(1)
        console.print(f"[bold green]chat:[/bold green] {ui_url}")
        console.print(f"[bold green]API:[/bold green]  {api_url}  (docs: {api_url}/docs)")
        console.print("press Ctrl-C to stop")
        while all_alive():
            time.sleep(0.5)
        err_console.print("[red]a child process exited; stopping[/red]")
        raise typer.Exit(1)
    except KeyboardInterrupt:
        console.print("stopping…")
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
