"""The ``policyqa eval …`` and ``policyqa bench`` commands: figures of the retrieval, the answers and the
running system. ``serve/cli.py`` mounts them on the one ``policyqa`` command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from config import Settings

eval_app = typer.Typer(add_completion=False, help="Evaluate retrieval and answers on the question sets.")

console = Console()
err_console = Console(stderr=True)


@eval_app.command("retrieval")
def eval_retrieval(
    gold: Annotated[Path | None, typer.Option("--gold", help="gold set (default: eval/gold.jsonl)")] = None,
    question_set: Annotated[
        str | None, typer.Option("--set", help="a named set instead of --gold: gold, heldout, dev, statutes-gold, …")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="report folder")] = Path("eval/reports"),
    baseline: Annotated[bool, typer.Option("--baseline/--no-baseline", help="also run the chunk baseline")] = True,
) -> None:
    """Recall@1/5/10, MRR, nDCG@10 per persona for dense, BM25, hybrid and the chunk baseline; writes a report.

    A sealed set (--set sealed, statutes-sealed) is scored as figures only: no report question by question."""
    from rich.table import Table

    from eval.gold import GOLD_PATH, PERSONAS, QUESTION_SETS
    from eval.metrics import METRIC_NAMES
    from eval.report import SYSTEM_LABELS, write_retrieval_report
    from eval.retrieval import run_retrieval_eval
    from store.embed import EmbedderError
    from store.index import StoreError

    if question_set is not None and question_set not in QUESTION_SETS:
        err_console.print(f"[red]no question set {question_set!r}; the sets are {', '.join(QUESTION_SETS)}[/red]")
        raise typer.Exit(2)
    chosen = QUESTION_SETS[question_set] if question_set else None
    if chosen is not None and len(chosen.paths) != 1:
        err_console.print(f"[red]{question_set}: a set of several files; pass each with --gold[/red]")
        raise typer.Exit(2)
    try:
        ev = run_retrieval_eval(Settings(), chosen.paths[0] if chosen else gold or GOLD_PATH, baseline=baseline)
    except (StoreError, EmbedderError, ValueError, FileNotFoundError) as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    for group in ("all", *PERSONAS):
        table = Table(title=f"retrieval — {group}")
        for column in ("system", "n", *METRIC_NAMES):
            table.add_column(column, justify="left" if column == "system" else "right")
        for system in ev.systems():
            row = ev.table(system).get(group)
            if row:
                table.add_row(SYSTEM_LABELS.get(system, system), str(int(row["n"])), *(f"{row[m]:.3f}" for m in METRIC_NAMES))
        console.print(table)
    if chosen is not None and chosen.sealed:
        console.print(f"{question_set} is sealed: figures only, no report written")
        return
    if ev.latency:
        s = ev.latency.summary()
        console.print(
            f"hybrid search latency (warm, {len(ev.latency.search_ms)} questions): "
            f"search p50 {s['search_p50']:.1f} ms, p95 {s['search_p95']:.1f} ms; "
            f"embed + search p50 {s['total_p50']:.1f} ms, p95 {s['total_p95']:.1f} ms"
        )
    console.print(f"report: {write_retrieval_report(ev, out)}")


@eval_app.command("resolve")
def eval_resolve(
    write: Annotated[bool, typer.Option("--write", help="rewrite the set files with today's clause ids")] = False,
) -> None:
    """Find every question's evidence in today's ingest (data/clauses.jsonl); counts, and unresolved anchors
    of the unsealed sets."""
    from eval.gold import QUESTION_SETS, clause_records, load_set, resolve_questions, write_resolved
    from store.index import read_clauses

    path = Settings().data_dir / "clauses.jsonl"
    if not path.is_file():
        err_console.print(f"[red]{path}: no ingest yet; run `policyqa ingest` first[/red]")
        raise typer.Exit(1)
    records = clause_records(read_clauses(path))
    for name, question_set in QUESTION_SETS.items():
        resolution = resolve_questions(load_set(name), records)
        changed = write_resolved(question_set, resolution.questions) if write else 0
        console.print(f"{name}: {len(resolution.questions)} questions, {len(resolution.unresolved)} anchors unresolved"
                      + (f", {changed} rows rewritten" if write else ""))
        if not question_set.sealed:
            for qid, evidence in resolution.unresolved:
                console.print(f"  {qid}: {evidence.statute or evidence.clause_id} {evidence.article or ''} “{evidence.quote[:30]}”")


@eval_app.command("references")
def eval_references(
    out: Annotated[Path, typer.Option("--out", help="report folder")] = Path("eval/reports"),
) -> None:
    """Every statute citation found at the last ingest, resolved or not -> eval/reports/references.md."""
    from eval.references import groups, summarise, write_references_report
    from store.index import read_clauses, read_documents, read_references

    data = Settings().data_dir
    if not (data / "clauses.jsonl").is_file() or not (data / "references.jsonl").is_file():
        err_console.print(f"[red]{data}: no ingest with statute citations yet; run `policyqa ingest` first[/red]")
        raise typer.Exit(1)
    documents = read_documents(data / "documents.jsonl")
    clauses = read_clauses(data / "clauses.jsonl")
    references = read_references(data / "references.jsonl")
    for name, refs in groups(references, documents).items():
        s = summarise(refs)
        console.print(
            f"{name}: {s.total} citations, {s.resolved} resolved, {s.law_not_in_corpus} of laws not in the corpus, "
            f"{s.no_such_article} beyond a law's end; of corpus statutes {s.resolution_rate:.1%} resolved"
        )
    console.print(f"report: {write_references_report(documents, clauses, references, out)}")


@eval_app.command("calibrate")
def eval_calibrate() -> None:
    """Fit the answer's retrieval-confidence model on the tunable sets; prints the weights for answer/tuning.py."""
    from eval.calibrate import calibrate
    from serve.service import build_assistant

    _fit_and_report(lambda: calibrate(build_assistant(Settings())), "calibration")


@eval_app.command("fit-ranking")
def eval_fit_ranking() -> None:
    """Fit the model that reorders a search's head on the tunable sets; prints the weights for retrieval/ranking.py."""
    from eval.ranking import fit_report
    from retrieval.retriever import build_retriever

    _fit_and_report(lambda: fit_report(build_retriever(Settings())), "ranking")


def _fit_and_report(fit: Callable[[], tuple[object, str]], section: str) -> None:
    """Run a fit on the live index, write its report section and print it; a missing index is a clear error."""
    from eval.report import REPORT_DIR, write_section
    from store.embed import EmbedderError
    from store.index import StoreError

    try:
        _fitted, markdown = fit()
    except (StoreError, EmbedderError, ValueError) as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    write_section(REPORT_DIR, section, markdown)
    console.print(markdown, markup=False, highlight=False, soft_wrap=True)


@eval_app.command("answers")
def eval_answers(
    sets: Annotated[
        str, typer.Option("--sets", help="comma-separated set names (default: all; see eval/gold.py QUESTION_SETS)")
    ] = "",
    out: Annotated[Path, typer.Option("--out", help="report folder")] = Path("eval/reports"),
    dump: Annotated[
        Path | None, typer.Option("--dump", help="write every answer of the unsealed sets as JSON lines")
    ] = None,
    timed: Annotated[bool, typer.Option("--timed/--untimed", help="also time a second, warm pass")] = True,
) -> None:
    """Every question set through the assistant: right clause cited, refusals, paraphrase stability… in one table."""
    from eval.answers import run_answer_eval, summary_table, write_answers_report
    from eval.gold import QUESTION_SETS
    from serve.service import build_assistant
    from store.embed import EmbedderError
    from store.index import StoreError

    names = [n.strip() for n in sets.split(",") if n.strip()] or list(QUESTION_SETS)
    unknown = [n for n in names if n not in QUESTION_SETS]
    if unknown:
        err_console.print(f"[red]unknown set {unknown[0]!r}; the sets are {', '.join(QUESTION_SETS)}[/red]")
        raise typer.Exit(2)
    settings = Settings()
    try:
        assistant = build_assistant(settings)
        clauses = [c for d in assistant.documents() for c in assistant.clauses_of(d.doc_id)]
        ev = run_answer_eval(assistant.ask, clauses, names, timed=timed)
    except (StoreError, EmbedderError, ValueError, FileNotFoundError) as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(summary_table(ev), markup=False, highlight=False, soft_wrap=True)
    if dump is not None:
        dump.parent.mkdir(parents=True, exist_ok=True)
        with dump.open("w", encoding="utf-8") as handle:
            for result in ev.sets:
                if result.sealed:
                    continue
                for r in result.rows:
                    row = {"set": result.name, "id": r.question.id, "question": r.question.question,
                           "answerable": r.question.answerable, "kind": r.question.unanswerable_kind,
                           "gold": list(r.question.relevant_ids), "cites_right": r.cites_right,
                           "lead_right": r.lead_right, "handled": r.handled_unanswerable,
                           "response": r.response.model_dump(mode="json")}
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        console.print(f"answers of the unsealed sets: {dump}")
    console.print(f"report: {write_answers_report(ev, out)}")


def bench(
    scale: Annotated[
        str | None, typer.Option("--scale", help="e.g. 10000,100000: grow a synthetic corpus to each N and measure")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="report folder")] = Path("eval/reports"),
    work: Annotated[Path, typer.Option("--work", help="where the scale indexes are built")] = Path("data/scale"),
    reuse: Annotated[bool, typer.Option("--reuse", help="keep a scale index already built for that N")] = False,
    embed_sample: Annotated[int, typer.Option("--embed-sample", min=8, help="clauses embedded cold")] = 64,
    embed_cores: Annotated[
        bool, typer.Option("--embed-cores", help="compare ways of using every core for a cold embed (--embed-sample texts)")
    ] = False,
    load: Annotated[
        bool, typer.Option("--load", help="bursts, a soak, the spec fuzzer and the fault tests -> reliability.md")
    ] = False,
    bursts: Annotated[str, typer.Option("--bursts", help="--load: burst sizes")] = "50,200,500",
    overload: Annotated[int, typer.Option("--overload", help="--load: a burst beyond capacity (0: none)")] = 1500,
    soak_s: Annotated[float, typer.Option("--soak-s", help="--load: soak duration in seconds (0: none)")] = 600,
    soak_rate: Annotated[float, typer.Option("--soak-rate", help="--load: soak requests per second")] = 10,
    fuzz_examples: Annotated[int, typer.Option("--fuzz-examples", help="--load: per operation (0: no fuzz)")] = 100,
    faults: Annotated[bool, typer.Option("--faults/--no-faults", help="--load: run the fault tests")] = True,
) -> None:
    """Throughput, latency (p50/p95/p99) and memory on the current corpus; or, with --scale, vs corpus size;
    or, with --load, the API under bursts, a soak, a spec fuzzer and faults (eval/reports/reliability.md)."""
    from eval.bench import render_bench, run_bench, write_bench_report
    from eval.scale import run_scale, write_scale_report
    from store.embed import EmbedderError
    from store.index import StoreError

    settings = Settings()
    if load:
        from eval.reliability import render_reliability, run_reliability, write_reliability_report

        try:
            sizes = [int(n) for n in bursts.split(",") if n.strip()]
        except ValueError as exc:
            err_console.print(f"[red]--bursts {bursts}: give request counts separated by commas, e.g. 50,200,500[/red]")
            raise typer.Exit(2) from exc
        result = run_reliability(
            settings, sizes, overload or None, soak_s, soak_rate, fuzz_examples, faults=faults, log=console.print
        )
        console.print(render_reliability(result), markup=False, highlight=False, soft_wrap=True)
        console.print(f"report: {write_reliability_report(result, out)}")
        return
    if embed_cores:
        from eval.embed_cores import measure_embed_cores, render_embed_cores

        timings = measure_embed_cores(settings, size=embed_sample)
        console.print(render_embed_cores(timings, embed_sample), markup=False, highlight=False, soft_wrap=True)
        return
    try:
        if scale is None:
            report = run_bench(settings, embed_sample=embed_sample)
            console.print(render_bench(report), markup=False, highlight=False, soft_wrap=True)
            console.print(f"report: {write_bench_report(report, out)}")
            return
        try:
            sizes = [int(n) for n in scale.split(",") if n.strip()]
        except ValueError as exc:
            err_console.print(f"[red]--scale {scale}: give clause counts separated by commas, e.g. 10000,100000[/red]")
            raise typer.Exit(2) from exc
        run = run_scale(sizes, settings, work, reuse=reuse, log=console.print)
        console.print(f"report: {write_scale_report(run, out)}")
    except (StoreError, EmbedderError, FileNotFoundError) as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
