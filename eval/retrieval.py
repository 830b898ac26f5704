"""The retrieval evaluation: the gold set through the retriever (dense, BM25, hybrid) and through the
chunk baseline; per-question scores, per-persona tables, and warm hybrid-search latency.

Only answerable questions are scored. Build the heavy objects once and pass them in; ``run_retrieval_eval``
is the one-call entry point the CLI uses.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from config import Settings
from eval.baseline import ChunkIndex, build_chunk_index, chunk_corpus, chunk_covers
from eval.gold import GOLD_PATH, PERSONAS, GoldQuestion, load_gold
from eval.metrics import match_sets, mean_scores, score_question
from retrieval.retriever import Retriever, build_retriever
from store.embed import Embedder, build_embedder

MODES = ("dense", "bm25", "hybrid")
BASELINE = "baseline"
FIRST_PASS = "hybrid-first-pass"
K = 10


@dataclass(frozen=True)
class QuestionResult:
    """One system's top-k for one question, and its scores."""

    question: GoldQuestion
    system: str
    ranked: tuple[str, ...]  # clause ids (or chunk ids for the baseline), best first
    scores: Mapping[str, float]


@dataclass(frozen=True)
class Latency:
    """Per-query hybrid search latency in milliseconds over one warm pass of the gold questions."""

    search_ms: tuple[float, ...]  # retriever.search() alone; its query-vector cache is hot
    embed_ms: tuple[float, ...]  # embedding the question alone (what a new question also pays)

    @staticmethod
    def percentile(values: Sequence[float], p: float) -> float:
        ordered = sorted(values)
        if not ordered:
            return 0.0
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[index]

    def summary(self) -> dict[str, float]:
        total = [s + e for s, e in zip(self.search_ms, self.embed_ms)]
        return {
            "search_p50": self.percentile(self.search_ms, 50),
            "search_p95": self.percentile(self.search_ms, 95),
            "total_p50": self.percentile(total, 50),
            "total_p95": self.percentile(total, 95),
            "embed_mean": statistics.fmean(self.embed_ms) if self.embed_ms else 0.0,
        }


@dataclass
class RetrievalEval:
    """Everything the report needs."""

    results: list[QuestionResult]
    latency: Latency | None
    n_questions: int
    gold_path: Path = GOLD_PATH
    n_chunks: int = 0
    settings_note: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    def systems(self) -> list[str]:
        return list(dict.fromkeys(r.system for r in self.results))

    def table(self, system: str) -> dict[str, dict[str, float]]:
        """Mean scores per persona plus ``all`` for one system; each row also carries ``n``."""
        rows = [r for r in self.results if r.system == system]
        out: dict[str, dict[str, float]] = {}
        for persona in (*PERSONAS, "all"):
            chosen = [r.scores for r in rows if persona == "all" or r.question.persona == persona]
            if chosen:
                out[persona] = {**mean_scores(chosen), "n": float(len(chosen))}
        return out


def evaluate_retriever(
    retriever: Retriever, questions: Sequence[GoldQuestion], modes: Sequence[str] = MODES, k: int = K
) -> list[QuestionResult]:
    """Score each answerable question in each retrieval mode."""
    results: list[QuestionResult] = []
    for mode in modes:
        for q in questions:
            if not q.answerable:
                continue
            ranked = tuple(hit.clause_id for hit in retriever.search(q.question, k=k, mode=mode))  # type: ignore[arg-type]
            scores = score_question(match_sets(ranked, q.relevant_ids), len(q.relevant_ids))
            results.append(QuestionResult(q, mode, ranked, scores))
    return results


def first_pass_only(results: Sequence[QuestionResult], system: str = "hybrid") -> list[QuestionResult]:
    """The system re-scored against the first-pass gold alone (without the pooled judgments)."""
    return [
        QuestionResult(
            r.question,
            FIRST_PASS,
            r.ranked,
            score_question(match_sets(r.ranked, r.question.gold_clause_ids), len(r.question.gold_clause_ids)),
        )
        for r in results
        if r.system == system
    ]


def evaluate_baseline(
    index: ChunkIndex,
    embed_query: Callable[[str], object],
    questions: Sequence[GoldQuestion],
    clause_texts: Mapping[str, str],
    k: int = K,
) -> list[QuestionResult]:
    """Score the chunk baseline: a chunk counts for every gold clause it covers (``chunk_covers``)."""
    results: list[QuestionResult] = []
    for q in questions:
        if not q.answerable:
            continue
        chunks = index.search(embed_query(q.question), k)  # type: ignore[arg-type]
        matches = [
            frozenset(c for c in q.relevant_ids if chunk_covers(chunk.text, clause_texts[c]))
            for chunk in chunks
        ]
        scores = score_question(matches, len(q.relevant_ids))
        results.append(QuestionResult(q, BASELINE, tuple(c.chunk_id for c in chunks), scores))
    return results


def measure_latency(
    retriever: Retriever, embedder: Embedder, questions: Sequence[GoldQuestion], k: int = K
) -> Latency:
    """Warm pass over every gold question, then a timed second pass (search, and embedding alone)."""
    for q in questions:
        retriever.search(q.question, k=k)
    search_ms: list[float] = []
    embed_ms: list[float] = []
    for q in questions:
        start = time.perf_counter()
        retriever.search(q.question, k=k)
        search_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        embedder.embed_query_array(q.question)
        embed_ms.append((time.perf_counter() - start) * 1000)
    return Latency(tuple(search_ms), tuple(embed_ms))


def run_retrieval_eval(
    settings: Settings, gold_path: Path = GOLD_PATH, *, baseline: bool = True, latency: bool = True
) -> RetrievalEval:
    """Open the live index, run every mode (and the baseline), measure latency."""
    questions = load_gold(gold_path)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    retriever = build_retriever(settings)
    timings["open_index_s"] = time.perf_counter() - start

    start = time.perf_counter()
    results = evaluate_retriever(retriever, questions)
    results += first_pass_only(results)
    timings["modes_s"] = time.perf_counter() - start

    n_chunks = 0
    embedder: Embedder | None = None
    if baseline or latency:
        embedder = build_embedder(settings)  # with the on-disk passage cache under the data dir
    if baseline:
        assert embedder is not None
        start = time.perf_counter()
        chunks = chunk_corpus(settings.corpus_dir)
        index = build_chunk_index(chunks, embedder)
        n_chunks = len(chunks)
        texts = {
            c: clause.text
            for q in questions
            for c in q.relevant_ids
            if (clause := retriever.get_clause(c)) is not None
        }
        missing = sorted({c for q in questions for c in q.relevant_ids} - texts.keys())
        if missing:
            raise ValueError(
                f"gold clauses not in the index: {missing[:5]}… re-run `policyqa ingest` or fix eval/gold.jsonl"
            )
        results += evaluate_baseline(index, embedder.embed_query_array, questions, texts)
        timings["baseline_s"] = time.perf_counter() - start

    measured = None
    if latency:
        assert embedder is not None
        measured = measure_latency(retriever, embedder, questions)
    return RetrievalEval(
        results=results,
        latency=measured,
        n_questions=len(questions),
        gold_path=gold_path,
        n_chunks=n_chunks,
        settings_note=f"embedder={settings.embedder}, rrf_k={settings.rrf_k}, candidates={settings.retrieve_candidates}",
        timings=timings,
    )
