"""Question -> ranked clauses: dense (Chroma) + BM25 fused by reciprocal rank fusion, metadata
filters, exact lookup when the question names a 文号 and/or a clause label, and the clause/document
tables the answerer needs (neighbours, parent heading, the vectors of each clause's quotable units).

It reads the ``Question`` the query stage made; a plain string is read with the same reader first.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

import numpy as np
from langchain_chroma import Chroma
from scipy.sparse import csc_matrix, csr_matrix

from config import Settings
from ingest.clauses import HISTORY
from ingest.counterparts import article_counterparts, later_law_provisions
from ingest.models import Clause, DocType, Document, Reference
from lexicon import load_lexicon
from lexicon.grammar import DocNumberRef, bigram_tokens, documents_numbered, find_doc_numbers
from lexicon.places import load_gazetteer
from query.models import Turn
from query.period import Period, in_force_during, in_force_throughout, question_period
from query.question import Question, QuestionReader
from query.references import References, write_out_short_numbers
from query.typos import TypoCorrector, lexicon_terms
from retrieval.bm25 import SparseBM25, top_n
from retrieval.coverage import weighted_coverage
from retrieval.models import Hit, SearchFilters, SourceRef, SubdivisionSpan
from retrieval.ranking import RANKING_DEPTH, RankingEvidence, RankingWeights, learned_order, rank_features
from retrieval.rerank import ConceptReranker
from retrieval.standout import CentredSentences
from retrieval.statistics import CorpusStatistics
from store.embed import Embedder, build_embedder
from store.index import (
    StoreError,
    build_chroma_client,
    build_tokenizer,
    gist_counts,
    index_texts,
    item_counts,
    read_live_index,
    superseded_by,
)
from store.latent import LatentTermsModel, Terms, latent_matrix, latent_model_for, open_latent_cache
from store.tokens import ChineseTokenizer

Mode = Literal["hybrid", "dense", "bm25"]

# ---------------------------------------------------------------- fusion


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]],
    k: int = 60,
    weights: Mapping[str, float] | None = None,
    list_weights: Sequence[float] | None = None,
) -> list[tuple[str, float]]:
    """Fuse ranked id lists: score(id) = weight(id) * sum(list_weight / (k + rank)); best first, ties by first seen."""
    scores: dict[str, float] = {}
    for index, ranking in enumerate(rankings):
        list_weight = list_weights[index] if list_weights else 1.0
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + list_weight / (k + rank)
    if weights:
        scores = {item: s * weights.get(item, 1.0) for item, s in scores.items()}
    return sorted(scores.items(), key=lambda kv: -kv[1])


UNSEARCHED_MARGIN = 10  # further nearest clauses asked of the index, for the 题注 among them


# ---------------------------------------------------------------- filters


def _iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def document_matches(doc: Document, filters: SearchFilters) -> bool:
    """True when the document passes every filter that is set."""
    if filters.region and doc.region != filters.region:
        return False
    if filters.issuer and not any(filters.issuer in issuer for issuer in doc.issuer):
        return False
    if filters.doc_type and doc.doc_type.value != filters.doc_type:
        return False
    if filters.notices_only and not doc.doc_type.has_legal_force:
        return False
    if filters.date_from or filters.date_to:
        when = _iso(doc.date)
        if when is None:
            return False
        if filters.date_from and when < filters.date_from:
            return False
        if filters.date_to and when > filters.date_to:
            return False
    return True


# ---------------------------------------------------------------- the retriever


@dataclass
class Retrieved:
    """A ranked list and what the two retrievers each saw: the signals the answer's confidence reads."""

    hits: list[Hit]
    dense: list[tuple[str, float]] = field(default_factory=list)  # (clause id, cosine), best first
    sparse: list[tuple[str, float]] = field(default_factory=list)  # (clause id, BM25), best first
    lexical_coverage: float = 0.0  # idf-weighted share of the question's known tokens the first vouched hit contains

    @property
    def first_vouched(self) -> Hit | None:
        """The first hit found by its own words (``Hit.vouched``); the first hit when none is."""
        return next((h for h in self.hits if h.vouched), self.hits[0] if self.hits else None)


# clauses of a question's own search whose documents a short 文号 fitting several may mean (13号文 …看护子女)
MEANT_DEPTH = 30
# clauses printing the words a question quotes beyond which the words are a common phrase (“四方责任”: 20)
QUOTED_MAX_CLAUSES = 5
TITLE_PART_MIN = 8  # characters of a title a user writes for it to name one document (关于延长2020年春节假期的通知)
BASELINE_SAMPLE = 4096  # sentence vectors a question is compared with to know its own cosine level


def labelled(clauses: Sequence[Clause], labels: Sequence[str]) -> list[Clause]:
    """The clauses with one of ``labels`` (二、 or 第二条), else those under one (第二条 asked, 二、（一）… printed: the
    whole article)."""
    return [c for c in clauses if c.label in labels] or [
        c for c in clauses if any(c.label.startswith(label) for label in labels if label)
    ]


class Retriever:
    """Hybrid search over one index snapshot. Build it once (``build_retriever``) and share it."""

    def __init__(
        self,
        store: Chroma,
        embedder: Embedder,
        tokenizer: ChineseTokenizer,
        clauses: Sequence[Clause],
        documents: Sequence[Document],
        bm25_tokens: Mapping[str, Sequence[str]],
        *,
        reader: QuestionReader,
        unit_vectors: np.ndarray | None = None,
        item_vectors: np.ndarray | None = None,
        list_item_spread: float | None = None,  # None: the list items do not rank (settings.list_items off)
        gist_vectors: np.ndarray | None = None,
        gist_spread: float | None = None,  # None: the statute gists do not rank (settings.statute_gists off)
        rrf_k: int = 60,
        candidates: int = 50,
        non_notice_weight: float = 0.95,
        dense_weight: float = 1.0,
        bm25_weight: float = 1.0,
        expanded_dense_weight: float = 0.0,
        sentence_dense_weight: float = 0.0,
        latent_terms: tuple[LatentTermsModel, csr_matrix] | None = None,
        latent_terms_weight: float = 0.0,
        bigram_weight: float = 0.0,
        gist_list_weight: float = 0.0,
        quoted_weight: float = 0.0,
        gist_list_depth: int = 3,
        gist_list_chars: int = 40,
        closing_weight: float = 0.3,
        rerank_weight: float = 0.5,
        rerank_depth: int = 30,
        ranking: RankingWeights | None = None,
        references: Sequence[Reference] = (),
        statistics: CorpusStatistics | None = None,
    ) -> None:
        self._store = store
        self._embedder = embedder
        self.reader = reader
        self._clauses = {c.clause_id: c for c in clauses}
        # a law's 题注 is cited when asked who made it and when, never found by a search: its dates and session
        # names (第十届全国人民代表大会常务委员会) would crowd out articles in every search naming the law
        self._unsearched = {c.clause_id for c in clauses if c.label == HISTORY}
        self._documents = {d.doc_id: d for d in documents}
        self._ids = [c.clause_id for c in clauses]
        self._unsearched_rows = np.array([n for n, cid in enumerate(self._ids) if cid in self._unsearched], dtype=np.int64)
        doc_codes = {d: n for n, d in enumerate(dict.fromkeys(c.doc_id for c in clauses))}
        self._doc_codes = doc_codes
        self._doc_of = np.array([doc_codes[c.doc_id] for c in clauses], dtype=np.int64)
        self._bm25 = SparseBM25(
            [list(bm25_tokens.get(i) or ["∅"]) for i in self._ids], unsearched=self._unsearched_rows.tolist()
        )
        self._by_doc: dict[str, list[Clause]] = {}
        for c in sorted(clauses, key=lambda c: (c.doc_id, c.order)):
            self._by_doc.setdefault(c.doc_id, []).append(c)
        self._replaced_by = superseded_by(documents)
        self._counterparts = article_counterparts(documents, clauses)
        self._later_law = later_law_provisions(documents, clauses)
        self._earlier_law: dict[str, list[str]] = {}
        for earlier, later in self._later_law.items():
            self._earlier_law.setdefault(later, []).append(earlier)
        self._cites: dict[str, list[Reference]] = {}
        self._cited_by: dict[str, list[Reference]] = {}
        for ref in references:
            self._cites.setdefault(ref.source_clause_id, []).append(ref)
            if ref.target_clause_id:
                self._cited_by.setdefault(ref.target_clause_id, []).append(ref)
        # a statute by every name it is cited by (劳动合同法, 中华人民共和国劳动合同法), each with its versions
        self._statutes: dict[str, list[str]] = {}
        for d in documents:
            for name in d.aliases if d.doc_type.is_statute else ():
                self._statutes.setdefault(name, []).append(d.doc_id)
        self._labels = {(c.doc_id, c.label): c.clause_id for c in clauses if c.part <= 1}
        self._rrf_k = rrf_k
        # how often each word occurs in this snapshot: shared with the answer's sentence choice
        self.statistics = statistics or searched_statistics(clauses)
        self._reranker = ConceptReranker(self.statistics, rerank_weight, rerank_depth) if rerank_weight > 0 else None
        self._candidates = candidates
        self._ranking = ranking
        self._list_weights = (
            dense_weight,
            bm25_weight,
            expanded_dense_weight,
            sentence_dense_weight,
            latent_terms_weight,
            bigram_weight,
            gist_list_weight,
            quoted_weight,
        )
        # each clause's heading and text without white space, for the words a question quotes (“封闭管理”)
        self._printed = (
            {c.clause_id: re.sub(r"\s+", "", f"{c.heading or ''}{c.text}") for c in clauses} if quoted_weight > 0 else {}
        )
        self._gist_list = (gist_list_depth, gist_list_chars) if gist_list_weight > 0 else None
        # a sixth list (off by default, config.py bigram_weight): BM25 over each clause's title, heading and text as
        # pairs of Han characters. No dictionary and no word list takes part, so a word jieba cuts otherwise or the
        # lexicon lacks (滞纳费 for 滞纳金) still counts through the characters it shares with the clause
        self._bigrams = (
            SparseBM25(
                [bigram_tokens(f"{title} {c.heading or ''} {c.text}") or ["∅"] for c, title in self._titled(clauses)],
                unsearched=self._unsearched_rows.tolist(),
            )
            if bigram_weight > 0
            else None
        )
        self._expands_dense = expanded_dense_weight > 0
        # a signature block (结尾) matches every question about its issuer, and answers none
        self._weights = {
            c.clause_id: (1.0 if self._doc_type(c.doc_id).has_legal_force else non_notice_weight)
            * (closing_weight if c.label == "结尾" else 1.0)
            for c in clauses
        }
        self._numbers: list[tuple[DocNumberRef, str]] = [
            (ref, d.doc_id) for d in documents if d.doc_number for ref in find_doc_numbers(d.doc_number)[:1]
        ]
        # each clause's rows in the unit-vector matrix (its quotable units, in order)
        self._unit_rows: dict[str, slice] = {}
        row = 0
        for c in clauses:
            self._unit_rows[c.clause_id] = slice(row, row + len(c.units))
            row += len(c.units)
        if unit_vectors is not None and len(unit_vectors) != row:
            raise StoreError(f"the snapshot holds {len(unit_vectors)} sentence vectors for {row} sentences: re-run `policyqa ingest`")
        self._unit_vectors = unit_vectors
        # a fixed, evenly spaced sample of all sentences: what an unrelated sentence scores for a question
        self._baseline = (
            unit_vectors[:: max(1, len(unit_vectors) // BASELINE_SAMPLE)].astype(np.float32)
            if unit_vectors is not None and len(unit_vectors)
            else None
        )
        self._row_of = {cid: n for n, cid in enumerate(self._ids)}
        # the first unit row of each clause with units, and that clause's row: each clause's best sentence in one
        # reduceat (nearest_by_sentence, and the sentence list when it ranks)
        with_units = [n for n, c in enumerate(clauses) if c.units]
        self._unit_starts = np.array([self._unit_rows[self._ids[n]].start for n in with_units], dtype=np.int64)
        self._unit_clauses = np.array(with_units, dtype=np.int64)
        self._unit_position = {self._ids[n]: position for position, n in enumerate(with_units)}
        # each clause's best sentence, as a fourth ranked list: a clause of many topics (a statute article, a long
        # provision) is near a question through one sentence that its whole-clause vector dilutes
        unit_matrix = unit_vectors.astype(np.float32) if unit_vectors is not None and len(unit_vectors) else None
        self._centred = CentredSentences(unit_matrix) if unit_matrix is not None else None
        self._sentence_ranking = None
        if sentence_dense_weight > 0 and unit_matrix is not None:
            self._sentence_ranking = (unit_matrix, self._unit_starts, self._unit_clauses)
        # other vectors of a clause, each counting less by the question's own spread of sentence cosines times its
        # spread (the best of several vectors is high by chance alone); they only rank, the clause's own cosine stays
        # the confidence's and the answer's evidence:
        # - each list item under its lead-in (store/index.py item_texts): a long article is near a question through
        #   the one item it is about (劳动合同法第三十八条 through its 未依法为劳动者缴纳社会保险费的), which its
        #   whole-article vector dilutes;
        # - a statute article's 条旨 and everyday words (gist_texts): a story told in lay words (工伤养伤期间工资) is
        #   near how people ask about the article (停工留薪期待遇) where the article's own words are not.
        # each table: its vectors, each clause's first row, the clauses' rows, which of them are searched, its spread
        self._other_vectors: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]] = []
        self._gist_table: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float] | None = None
        for what, vectors, counts, spread in (
            ("list-item", item_vectors, item_counts(clauses), list_item_spread),
            ("statute-gist", gist_vectors, gist_counts(clauses), gist_spread),
        ):
            if vectors is None or spread is None or not sum(counts):
                continue
            if sum(counts) != len(vectors):
                raise StoreError(
                    f"the snapshot holds {len(vectors)} {what} vectors for {sum(counts)} {what}s: re-run `policyqa ingest`"
                )
            having = np.array([n for n, count in enumerate(counts) if count], dtype=np.int64)
            starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[having]
            searched = ~np.isin(having, self._unsearched_rows)
            table = (vectors.astype(np.float32), starts.astype(np.int64), having, searched, spread)
            self._other_vectors.append(table)
            if what == "statute-gist":
                self._gist_table = table
        # Questions repeat (eval runs, follow-ups): tokens and query vectors are cached per retriever.
        self._tokens = functools.lru_cache(maxsize=2048)(lambda q: tuple(tokenizer.tokenize(q)))
        self._query_vector = functools.lru_cache(maxsize=512)(embedder.embed_query_array)
        # the embedding model's latent terms of each clause (store/latent.py), a fifth list; the question's own
        # are encoded on another thread while the dense query is embedded, each model on its own core
        self._latent: tuple[LatentTermsModel, csc_matrix] | None = None
        if latent_terms is not None and latent_terms_weight > 0:
            model, matrix = latent_terms
            if matrix.shape[0] != len(self._ids):
                raise StoreError(f"{matrix.shape[0]} latent-term rows for {len(self._ids)} clauses: re-run `policyqa ingest`")
            # by column: a question has at most 256 terms, so scoring reads only those terms' columns (9-14 ms a
            # search at 100k clauses; the whole-matrix product took ask p95 there to 2.11x the current size)
            self._latent = (model, matrix.tocsc())
            self._latent_query = functools.lru_cache(maxsize=512)(model.terms)
            self._latent_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="latent-terms")

    def clear_caches(self) -> None:
        """Forget cached question tokens and vectors (benchmarks time new questions with it)."""
        self._tokens.cache_clear()
        self._query_vector.cache_clear()
        if self._latent is not None:
            self._latent_query.cache_clear()

    # ---- lookups

    def get_clause(self, clause_id: str) -> Clause | None:
        return self._clauses.get(clause_id)

    def units(self, clause_id: str) -> tuple[str, ...]:
        """The clause's quotable sentences (none for an id the snapshot does not hold)."""
        clause = self._clauses.get(clause_id)
        return clause.units if clause else ()

    def get_document(self, doc_id: str) -> Document | None:
        return self._documents.get(doc_id)

    def list_documents(self, filters: SearchFilters | None = None) -> list[Document]:
        docs = [d for d in self._documents.values() if filters is None or document_matches(d, filters)]
        return sorted(docs, key=lambda d: (d.date is None, d.date or "", d.doc_id))

    def clauses_of(self, doc_id: str) -> list[Clause]:
        return list(self._by_doc.get(doc_id, []))

    def cites(self, clause_id: str) -> list[Reference]:
        """The statute citations printed in this clause (引用), resolved or not, in printed order."""
        return list(self._cites.get(clause_id, []))

    def citing_statutes(self) -> list[str]:
        """The clauses of circulars citing a statute article the corpus holds (引用 resolved at ingestion)."""
        return [
            cid
            for cid, refs in self._cites.items()
            if cid in self._clauses
            and not self._is_statute(cid)
            and any(r.target_clause_id and not r.is_internal for r in refs)
        ]

    def cited_by(self, clause_id: str) -> list[Reference]:
        """The citations of this statute article in other clauses (被引用)."""
        return list(self._cited_by.get(clause_id, []))

    def counterparts(self, clause_id: str) -> tuple[str, ...]:
        """The same provision in the statute's other versions in the corpus, best match first."""
        return self._counterparts.get(clause_id, ())

    def later_law_provision(self, clause_id: str) -> str | None:
        """The article of a later law of the same body carrying this article's provision (劳动法第二十一条 ->
        劳动合同法第十九条), None when there is none in the corpus."""
        return self._later_law.get(clause_id)

    def earlier_law_provisions(self, clause_id: str) -> tuple[str, ...]:
        """The articles of earlier laws whose provision this article of a later law carries (the other way round)."""
        return tuple(self._earlier_law.get(clause_id, ()))

    def neighbours(self, clause_id: str, window: int = 1) -> list[Clause]:
        """The clauses just before and after this one in its document (itself excluded), in order."""
        clause = self._require(clause_id)
        siblings = self._by_doc[clause.doc_id]
        i = next(n for n, c in enumerate(siblings) if c.clause_id == clause_id)
        return siblings[max(0, i - window) : i] + siblings[i + 1 : i + 1 + window]

    def parent(self, clause_id: str) -> Clause | None:
        """The clause that heads this one (二、 for 二、（三）), or None for a top-level clause."""
        clause = self._require(clause_id)
        label = clause.parent_label
        if not label and "、" in clause.label.rstrip("、"):
            label = clause.label[: clause.label.index("、") + 1]
        if not label or label == clause.label:
            return None
        return next((c for c in self._by_doc[clause.doc_id] if c.label == label and c.part <= 1), None)

    def query_vector(self, text: str) -> np.ndarray:
        """The question's vector (cached: a question is embedded once however often it is searched)."""
        return self._query_vector(text)

    def unit_similarities(self, clause_id: str, vector: np.ndarray) -> np.ndarray:
        """Cosine of ``vector`` with each quotable unit of the clause, in the clause's unit order
        (empty when the index holds no sentence vectors)."""
        rows = self._unit_rows.get(clause_id)
        if rows is None or self._unit_vectors is None:
            return np.zeros(0, dtype=np.float32)
        return self._unit_vectors[rows].astype(np.float32) @ vector

    def quote_similarity(self, clause_id: str, quote: str, vector: np.ndarray) -> float:
        """The cosine with ``vector`` of the clause's nearest quotable unit inside ``quote`` (of its nearest unit when
        the quote holds none whole; 0.0 when the index holds no sentence vectors)."""
        units = self.units(clause_id)
        similarities = self.unit_similarities(clause_id, vector)
        inside = [float(similarities[i]) for i, unit in enumerate(units) if i < len(similarities) and unit in quote]
        return max(inside, default=float(similarities.max()) if len(similarities) else 0.0)

    def sentence_level(self, vector: np.ndarray) -> tuple[float, float]:
        """Mean and spread of the cosines a question's vector gets from sentences across the corpus: a
        close sentence is one that stands out of this distribution, whatever the question's own level."""
        if self._baseline is None:
            return 0.0, 1.0
        cosines = self._baseline @ vector
        return float(cosines.mean()), float(cosines.std()) or 1.0

    def load_index(self) -> None:
        """Reads the vector index into memory now: the store reads it on its first search (0.2 s here, seconds at
        100,000 clauses), which would otherwise fall on the first question asked."""
        if self._ids:
            self._store.similarity_search_by_vector_with_relevance_scores(self._query_vector(self._clauses[self._ids[0]].text[:64]).tolist(), k=1)

    def sentence_standout(self, text: str) -> float:
        """How far the corpus's closest sentence to ``text`` stands out once the direction all texts share is taken
        off (retrieval/standout.py; 0 when the index holds no sentence vectors)."""
        return self._centred.standout(self._query_vector(text)) if self._centred is not None else 0.0

    def _require(self, clause_id: str) -> Clause:
        clause = self._clauses.get(clause_id)
        if clause is None:
            raise KeyError(f"unknown clause id {clause_id!r}")
        return clause

    def _doc_type(self, doc_id: str) -> DocType:
        doc = self._documents.get(doc_id)
        return doc.doc_type if doc else DocType.NOTICE

    # ---- search

    def _question(self, question: Question | str) -> Question:
        return question if isinstance(question, Question) else self.reader.read(question)

    def search(
        self, question: Question | str, k: int = 10, filters: SearchFilters | None = None, mode: Mode = "hybrid"
    ) -> list[Hit]:
        """The best ``k`` clauses for the question.

        ``hybrid`` fuses dense and BM25, reorders the fused head by concept coverage (``ConceptReranker``) and then
        by the fitted ranking model (retrieval/ranking.py, when on), and puts clauses the question names by 文号 /
        label first; ``dense`` and ``bm25`` return one retriever's ranking alone (for evaluation).
        """
        return self.retrieve(question, k, filters, mode, by_model=True).hits

    def retrieve(
        self,
        question: Question | str,
        k: int = 10,
        filters: SearchFilters | None = None,
        mode: Mode = "hybrid",
        *,
        by_model: bool = False,
    ) -> Retrieved:
        """The fused order with what each retriever saw (for the answer's confidence); ``by_model`` reorders its head
        by the fitted ranking model, as ``search`` does. The answer reads the fused order: its sentence choice was
        tuned on it and lost leads on the model's (docs/ARCHITECTURE.md, "The fused head reordered by a fitted
        model")."""
        asked = self._question(question)
        if not asked.text or k <= 0:
            return Retrieved([])
        allowed = self._allowed_docs(filters)
        n = max(self._candidates, k)
        if mode == "dense":
            ranked = self.dense(asked.text, n, allowed)[:k]
            return Retrieved([self._hit(cid, s, "dense", dense_rank=r) for r, (cid, s) in enumerate(ranked, 1)])
        if mode == "bm25":
            ranked = self.bm25(asked, n, allowed)[:k]
            return Retrieved([self._hit(cid, s, "bm25", bm25_rank=r) for r, (cid, s) in enumerate(ranked, 1)])

        hits, evidence = self._fused(asked, n, allowed)
        if by_model and self._ranking is not None:
            hits = learned_order(hits, evidence, self._ranking)
        hits = self._with_versions_in_force(hits, asked, allowed)
        # a hit's dense rank is its own words' (the answer's rank prior and confidence read it): an article the
        # question reached through its 条旨 is ranked by the fusion, not vouched for by its text
        dense_rank = {cid: r for r, (cid, _) in enumerate(evidence.dense, 1)}
        bm25_rank = {cid: r for r, (cid, _) in enumerate(evidence.sparse, 1)}
        for hit in hits[:k]:
            hit.dense_rank = dense_rank.get(hit.clause_id)
            hit.bm25_rank = bm25_rank.get(hit.clause_id)
        retrieved = Retrieved(hits[:k], list(evidence.dense), list(evidence.sparse))
        vouched = retrieved.first_vouched
        if vouched is not None:
            retrieved.lexical_coverage = self._bm25.weighted_share(self._tokens(asked.text), self._row_of[vouched.clause_id])
        return retrieved

    def with_documents_meant(self, question: Question, history: Sequence[Turn] = ()) -> Question:
        """The question with each short 文号 that fits several documents (13号文: 京人社劳字〔2020〕13号 and
        京城管发〔2020〕13号) written out as the ones its topic points to: those with a clause among the first
        ``MEANT_DEPTH`` its own search finds, the named documents aside. Unchanged when the topic points to all of them
        or to none (11号文第二条 names no topic: each is listed), or when no short form is ambiguous."""
        ref = question.references
        fitting = {
            short: [(have, d) for have, d in self._numbers if have.is_named_short(*short)] for short in ref.short_numbers
        }
        if not ref.has_topic or all(len(haves) < 2 for haves in fitting.values()):
            return question
        unnamed = replace(question, references=replace(ref, short_numbers=()))
        hits, _ = self._fused(unnamed, self._candidates, None)
        near = {hit.doc_id for hit in hits[:MEANT_DEPTH]}
        # a near clause printing the 文号 points to it too (17号's 说明 of 《…》（京人社劳字〔2020〕13号）)
        printed = "\n".join(f"{hit.title}\n{hit.text}" for hit in hits[:MEANT_DEPTH])
        written = {
            short: "、".join(have.normalized for have in meant)
            for short, bearing in fitting.items()
            if 0 < len(meant := [have for have, d in bearing if d in near or have.normalized in printed]) < len(bearing)
        }
        if not written:
            return question
        return replace(self.reader.read(write_out_short_numbers(question.text, written), history), asked=question.asked)

    def ranking_examples(self, question: Question | str) -> list[tuple[Hit, tuple[float, ...]]]:
        """The first ``RANKING_DEPTH`` fused hits, before the fitted model reorders them, with the features it
        reads (``policyqa eval fit-ranking`` fits the model on them)."""
        asked = self._question(question)
        if not asked.text:
            return []
        hits, evidence = self._fused(asked, self._candidates, None)
        head = hits[:RANKING_DEPTH]
        return list(zip(head, rank_features(head, evidence), strict=True))

    def _fused(self, asked: Question, n: int, allowed: set[str] | None) -> tuple[list[Hit], RankingEvidence]:
        """Every list fused by RRF, the clauses the question names by 文号 / label first, the head reordered by
        concept coverage; with what the retrievers saw, for the fitted model."""
        latent_query = self._latent_thread.submit(self._latent_query, asked.text) if self._latent else None
        # the clauses' own cosines are the confidence's evidence; the list items and statute gists only rank
        dense_clauses = self.dense(asked.text, n, allowed)
        dense_scored = self.with_other_vectors(dense_clauses, asked.text, n, allowed)
        sparse_scored = self.bm25(asked, n, allowed)
        dense = [cid for cid, _ in dense_scored]
        sparse = [cid for cid, _ in sparse_scored]
        expanded_dense: list[str] = []
        if self._expands_dense and (expanded := self.expanded_text(asked)) != asked.text:
            expanded_dense = [cid for cid, _ in self.dense(expanded, n, allowed)]
        by_sentence = [cid for cid, _ in self.dense_by_sentence(asked.text, n, allowed)]
        by_latent = [cid for cid, _ in self.latent_terms(asked.text, n, allowed, latent_query)]
        by_bigrams = [cid for cid, _ in self.by_bigrams(asked, n, allowed)]
        by_gist = [cid for cid, _ in self.by_gist(asked.text, allowed, dense=dense_clauses)]
        by_quoted = self.by_quoted(asked.references, allowed, dense)
        fused = reciprocal_rank_fusion(
            [dense, sparse, expanded_dense, by_sentence, by_latent, by_bigrams, by_gist, by_quoted],
            k=self._rrf_k,
            weights=self._weights,
            list_weights=self._list_weights,
        )
        exact = self.exact(asked.references, allowed, [cid for cid, _ in fused])
        fused_score = dict(fused)
        hits: list[Hit] = []
        seen: set[str] = set()
        for cid in exact:
            hits.append(self._hit(cid, 1.0 + fused_score.get(cid, 0.0), "exact"))
            seen.add(cid)
        for cid, score in fused:
            if cid not in seen:
                hits.append(self._hit(cid, score, "fused"))
                seen.add(cid)
        if self._reranker is not None:
            hits = self._reranker.rerank(asked.concepts, hits)
        vector = self._query_vector(asked.text)
        weight = self.statistics.weight
        evidence = RankingEvidence(
            dense=dense_clauses,
            merged_dense=dense_scored,
            sparse=sparse_scored,
            best_sentence=lambda clause_id: self._best_sentence(clause_id, vector),
            coverage=lambda hit: weighted_coverage(asked.concepts, hit, weight),
        )
        return hits, evidence

    def _best_sentence(self, clause_id: str, vector: np.ndarray) -> float | None:
        """The cosine of the clause's quotable sentence nearest ``vector`` (None: it has none)."""
        similarities = self.unit_similarities(clause_id, vector)
        return float(similarities.max()) if len(similarities) else None

    def _with_versions_in_force(self, hits: Sequence[Hit], asked: Question, allowed: set[str] | None) -> list[Hit]:
        """A statute article from a version not in force at the time the question is about is followed by the
        same provision in the version that was (asked about 2022, 突发事件应对法 2024 第九十条 brings 2007
        第六十一条), unless it ranks higher already; so is one from a version other than those the question
        names by year (2001年《若干问题的解释》). Of an article a revision split (2007 第六十一条 is 2024 第八十九条
        to 第九十一条), the part nearest the question in meaning. A question naming no time is about 2020-2022;
        a text in force for part of that (法释〔2020〕26号, from 2021) is then not followed: both versions answer it.
        A version the search filters leave out (``allowed``) is never brought in."""
        period = question_period(asked.time_years)
        ranked = {h.clause_id: h for h in hits}
        placed: set[str] = set()
        out: list[Hit] = []
        for hit in hits:
            if hit.clause_id in placed:
                continue
            out.append(hit)
            placed.add(hit.clause_id)
            if hit.clause_id not in self._counterparts or not (asked.references.names_versions or self._outside(hit, period)):
                continue
            wanted = [
                other
                for other in self._counterparts[hit.clause_id]
                if (allowed is None or self._clauses[other].doc_id in allowed) and self._wanted(other, period, asked.references)
            ]
            if wanted and placed.isdisjoint(wanted):
                vector = self._query_vector(asked.text)
                other = max(wanted, key=lambda cid: self._best_sentence(cid, vector) or 0.0)
                out.append(ranked.get(other) or self._hit(other, hit.score, "version"))
                placed.add(other)
        return out

    @staticmethod
    def _outside(hit: Hit, period: Period) -> bool:
        if period.named:
            return not in_force_throughout(hit.effective_from, hit.effective_to, period)
        return not in_force_during(hit.effective_from, hit.effective_to, period)

    def _wanted(self, clause_id: str, period: Period, ref: References) -> bool:
        """Whether this article's version is one the question names by year or was in force at its time."""
        doc = self._documents[self._clauses[clause_id].doc_id]
        return ref.names_version_of(doc.version_year) or in_force_during(doc.effective_from, doc.effective_to, period)

    def dense(self, text: str, n: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """Nearest clauses by embedding (cosine similarity), best first."""
        if allowed is not None and not allowed:
            return []
        where = {"doc_id": {"$in": sorted(allowed)}} if allowed is not None else None
        vector = self._query_vector(text).tolist()
        # the index holds the 题注 (a statute's history) it never returns: ask for a few more than n, and for as many
        # more as there are 题注 only when those few did not leave n (asking for all of them each time cost 42 ms a
        # question at 100,000 clauses, where there are 835)
        wider = min(n + len(self._unsearched), len(self._ids))
        k = min(n + UNSEARCHED_MARGIN, wider)
        while True:
            results = self._store.similarity_search_by_vector_with_relevance_scores(vector, k=k, filter=where)
            found = [(str(doc.id), 1.0 - distance) for doc, distance in results if doc.id in self._clauses]
            kept = [(cid, score) for cid, score in found if cid not in self._unsearched]
            if len(kept) >= n or len(results) < k or k >= wider:
                return kept[:n]
            k = wider

    def with_other_vectors(
        self, scored: Sequence[tuple[str, float]], text: str, n: int, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """``scored`` (the dense list) with each clause at the best of its own cosine and its other vectors' (list
        items, statute gists), each taken the question's sentence spread times its spread lower; best first, ``n``."""
        if not self._other_vectors or (allowed is not None and not allowed):
            return list(scored)
        vector = self._query_vector(text)
        question_spread = self.sentence_level(vector)[1]
        scores = dict(scored)
        floor = scored[-1][1] if len(scored) >= n else -np.inf
        for vectors, starts, clause_rows, searchable, spread in self._other_vectors:
            best = np.maximum.reduceat(vectors @ vector, starts) - spread * question_spread
            # only a vector above the floor can place or raise a clause: the rest are left out before the loop
            searched = self._searched(searchable, clause_rows, allowed) & (best > floor)
            for row, value in zip(clause_rows[searched], best[searched], strict=True):
                clause_id = self._ids[row]
                if value > scores.get(clause_id, floor):
                    scores[clause_id] = float(value)
        return sorted(scores.items(), key=lambda pair: -pair[1])[:n]

    def nearest_by_sentence(self, text: str, clause_ids: Sequence[str]) -> list[tuple[str, int]]:
        """Each of ``clause_ids`` with the rank, among all clauses, of its sentence nearest ``text`` in meaning
        (1 = no clause has a nearer sentence), nearest first; for the few clauses an answer weighs, whether or not
        the sentence list ranks (config.py sentence_dense_weight)."""
        if self._unit_vectors is None or not len(self._unit_starts) or not clause_ids:
            return []
        vector = self._query_vector(text)
        best = np.maximum.reduceat(self._unit_vectors @ vector.astype(self._unit_vectors.dtype), self._unit_starts)
        positions = [(cid, self._unit_position[cid]) for cid in clause_ids if cid in self._unit_position]
        ranked = [(cid, 1 + int((best > best[position]).sum())) for cid, position in positions]
        return sorted(ranked, key=lambda pair: pair[1])

    def by_gist(
        self, text: str, allowed: set[str] | None = None, dense: Sequence[tuple[str, float]] = ()
    ) -> list[tuple[str, float]]:
        """For a short question, the statute articles whose 条旨 or everyday words are nearest it, best first. Empty
        for a longer question, when the list is off, or when no 条旨 is as near the question as the nearest circular
        clause in ``dense`` (the question's dense list): then it is about the circulars' matters, and a 条旨 would
        pull in a law beside them. The nearest 条旨 is the nearer for 29 of short-dev's 30 questions and for 14 of
        gold's 78 circular ones of at most 40 characters."""
        if self._gist_list is None or self._gist_table is None or (allowed is not None and not allowed):
            return []
        depth, max_chars = self._gist_list
        if len("".join(text.split())) > max_chars:
            return []
        vectors, starts, clause_rows, searchable, _ = self._gist_table
        best = np.maximum.reduceat(vectors @ self._query_vector(text), starts)
        searched = self._searched(searchable, clause_rows, allowed)
        best = np.where(searched, best, -np.inf)
        top = top_n(best, depth)
        nearest_circular = next((score for cid, score in dense if not self._is_statute(cid)), -np.inf)
        if not len(top) or best[top[0]] < nearest_circular:
            return []
        return [(self._ids[clause_rows[i]], float(best[i])) for i in top if np.isfinite(best[i])]

    def _is_statute(self, clause_id: str) -> bool:
        return self._doc_type(self._clauses[clause_id].doc_id).is_statute

    def dense_by_sentence(self, text: str, n: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """Clauses by the cosine of their closest sentence to the question, best first (empty when off)."""
        if self._sentence_ranking is None or (allowed is not None and not allowed):
            return []
        vectors, starts, clause_rows = self._sentence_ranking
        best = np.maximum.reduceat(vectors @ self._query_vector(text), starts)
        if allowed is not None:
            best = np.where(self._in_documents(allowed)[clause_rows], best, -np.inf)
        best = np.where(np.isin(clause_rows, self._unsearched_rows), -np.inf, best)
        top = top_n(best, n)
        return [(self._ids[clause_rows[i]], float(best[i])) for i in top if np.isfinite(best[i])]

    def latent_terms(
        self, text: str, n: int, allowed: set[str] | None = None, encoding: Future[Terms] | None = None
    ) -> list[tuple[str, float]]:
        """Clauses by the latent-term weight they share with the question, best first; empty when the list is off.
        ``encoding``: the question's latent terms, already being encoded on the other thread."""
        if self._latent is None or (allowed is not None and not allowed):
            return []
        term_ids, weights = encoding.result() if encoding is not None else self._latent_query(text)
        scores = np.asarray(self._latent[1][:, term_ids.astype(np.intp)] @ weights).ravel()
        scores[self._unsearched_rows] = 0.0
        return self._best_scored(scores, n, allowed)

    @staticmethod
    def expanded_text(question: Question) -> str:
        """The question followed by the circulars' words for its colloquial ones (each once)."""
        expansion = question.expansion()
        return f"{question.text} {' '.join(dict.fromkeys(expansion))}" if expansion else question.text

    def bm25(self, question: Question, n: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """Best clauses by BM25 over jieba tokens of the question and the circulars' words for its
        colloquial ones, best first (only those sharing a token)."""
        tokens = self._tokens(self.expanded_text(question))
        if not tokens:
            return []
        return self._best_scored(self._bm25.get_scores(list(tokens)), n, allowed)

    def by_bigrams(self, question: Question, n: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """Best clauses by BM25 over pairs of Han characters of the question and the circulars' words for its
        colloquial ones, best first; empty when the list is off."""
        if self._bigrams is None or (allowed is not None and not allowed):
            return []
        return self._best_scored(self._bigrams.get_scores(bigram_tokens(self.expanded_text(question))), n, allowed)

    def by_quoted(self, ref: References, allowed: set[str] | None, order: Sequence[str]) -> list[str]:
        """Clauses printing words the question quotes (“限制人员流动、封闭管理”, “困难企业失业保险费返还”), those printing
        more of them first, then in ``order`` (then the corpus's); empty when the list is off. Words more than
        ``QUOTED_MAX_CLAUSES`` clauses print (“四方责任”) are the corpus's common phrase and tell no clause apart."""
        if not self._printed or not ref.quoted:
            return []
        counts: dict[str, int] = {}
        for words in ref.quoted:
            wanted = re.sub(r"\s+", "", words)
            printing = [cid for cid, text in self._printed.items() if wanted in text and (allowed is None or self._clauses[cid].doc_id in allowed)]
            if len(printing) <= QUOTED_MAX_CLAUSES:
                for cid in printing:
                    counts[cid] = counts.get(cid, 0) + 1
        position = {cid: i for i, cid in enumerate(order)}
        return sorted(counts, key=lambda cid: (-counts[cid], position.get(cid, len(position))))

    def _best_scored(self, scores: np.ndarray, n: int, allowed: set[str] | None) -> list[tuple[str, float]]:
        """The ``n`` clauses of highest score (one score per clause, in index order) within the allowed documents,
        best first; a clause scoring 0 shares nothing with the question and is left out."""
        if allowed is not None:
            scores = np.where(self._in_documents(allowed), scores, 0.0)
        top = top_n(scores, n)
        return [(self._ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def _titled(self, clauses: Sequence[Clause]) -> list[tuple[Clause, str]]:
        """Each clause with its document's title."""
        return [(c, d.title if (d := self._documents.get(c.doc_id)) else "") for c in clauses]

    def exact(self, ref: References, allowed: set[str] | None = None, ranked: Sequence[str] = ()) -> list[str]:
        """Clauses the question names: the labelled clause(s) of the named documents, or, with no label,
        the named documents' clauses in the order of ``ranked`` (then document order)."""
        articles = self.statute_articles_named(ref, allowed)
        # a clause of a document named by its title (a notice printing no 文号, carried into a follow-up: 《关于…的通知》
        # 第一条第（二）项): looked up as a 文号's would be
        titled = self.documents_titled(ref) if ref.article or ref.sub else []
        if not ref.names_document and not titled:
            return articles
        doc_ids = [d for d in dict.fromkeys([*self.documents_named(ref), *titled]) if allowed is None or d in allowed]
        if not doc_ids:
            return articles
        if ref.clauses:  # 13号第一条和17号第二条: each document's own clause, in the order named
            each = [
                c.clause_id
                for number, article, item in ref.clauses
                for d in self.documents_named(References(doc_numbers=(number,)))
                if allowed is None or d in allowed
                for c in labelled(self._by_doc.get(d, []), References(article=article, sub=item).label_candidates())
            ]
            if each:
                return list(dict.fromkeys([*articles, *each]))
        candidates = [c for d in doc_ids for c in self._by_doc.get(d, [])]
        labels = ref.label_candidates()
        if labels:
            named = labelled(candidates, labels)
            if not named and ref.sub and not ref.article:
                named = [c for c in candidates if c.label.endswith(labels[0])]
            if named:
                return list(dict.fromkeys([*articles, *(c.clause_id for c in named)]))
        if not ref.has_topic:  # "人社部发〔2020〕8号" alone: the document as printed
            return list(dict.fromkeys([*articles, *(c.clause_id for c in candidates)]))
        position = {cid: i for i, cid in enumerate(ranked)}
        ordered = sorted(candidates, key=lambda c: (position.get(c.clause_id, len(position)), c.doc_id, c.order))
        return list(dict.fromkeys([*articles, *(c.clause_id for c in ordered)]))

    def statute_articles_named(self, ref: References, allowed: set[str] | None = None) -> list[str]:
        """Articles the question cites by law and number (《失业保险条例》第十六条, 劳动法第三十六条), in every
        version of that law the corpus holds (only the one it names by year, if it does), in the order the question
        names them."""
        found: list[str] = []
        for law in ref.laws:
            versions = self._statutes.get(law.name, [])
            # a version the question names by year (2007年突发事件应对法第六十一条) is the one meant: the other text's
            # article of that number is another provision; of two named, the one written in the article's citation
            named = [
                d
                for d in versions
                if (doc := self._documents.get(d)) is not None
                and (doc.version_year in law.versions if law.versions else ref.names_version_of(doc.version_year))
            ]
            for doc_id in named or versions:
                if allowed is None or doc_id in allowed:
                    found += [cid for article in law.articles if (cid := self._labels.get((doc_id, article)))]
        return list(dict.fromkeys(found))

    def laws_named(self, ref: References) -> list[str]:
        """Every version the corpus holds of each law the question names (劳动合同法, 《突发事件应对法》)."""
        return list(dict.fromkeys(doc_id for each in self.laws_named_each(ref) for doc_id in each))

    def laws_named_each(self, ref: References) -> list[list[str]]:
        """For each law the question names, in the order it names them, every version the corpus holds."""
        return [each for law in ref.laws if (each := list(self._statutes.get(law.name, [])))]

    def documents_named(self, ref: References) -> list[str]:
        """Documents whose 文号 the reference names, fully or partly (人社部发〔2020〕8号, 〔2020〕8号, 8号文)."""
        return list(dict.fromkeys(d for each in self.documents_named_each(ref) for d in each))

    def documents_titled(self, ref: References) -> list[str]:
        """Documents the question names by title (《关于…的通知》), the title written whole or a long part of it."""
        found: list[str] = []
        for title in ref.titles:
            exact = [d.doc_id for d in self._documents.values() if d.title == title]
            found += exact or [
                d.doc_id for d in self._documents.values() if len(title) >= TITLE_PART_MIN and title in d.title
            ]
        return list(dict.fromkeys(found))

    def documents_named_each(self, ref: References) -> list[list[str]]:
        """For each 文号 the question names (full or partial ones in the order it names them, then the short
        forms like 11号文), the documents it names: several where more than one 文号 fits (〔2020〕13号)."""
        found: list[list[str]] = []
        for asked in ref.doc_numbers:
            # a 文号 with a wrong year names the one document of that issuer and number, if there is one (the
            # answer says which it read: answer/scope.py)
            found.append(documents_numbered(self._numbers, asked))
        for year, number in ref.short_numbers:
            found.append([d for have, d in self._numbers if have.is_named_short(year, number)])
        return [each for each in found if each]

    def _searched(self, searchable: np.ndarray, clause_rows: np.ndarray, allowed: set[str] | None) -> np.ndarray:
        """Which rows of a vector table (its clauses at ``clause_rows``) are searched, and admitted by the filter."""
        return searchable if allowed is None else searchable & self._in_documents(allowed)[clause_rows]

    def _in_documents(self, doc_ids: set[str]) -> np.ndarray:
        """For each clause, in index order, whether it belongs to one of these documents."""
        return np.isin(self._doc_of, [self._doc_codes[d] for d in doc_ids if d in self._doc_codes])

    def _allowed_docs(self, filters: SearchFilters | None) -> set[str] | None:
        if filters is None or filters.is_empty():
            return None
        return {d.doc_id for d in self._documents.values() if document_matches(d, filters)}

    def hit(self, clause_id: str) -> Hit | None:
        """A clause as a ``Hit`` outside any search (a statute article a cited circular clause cites)."""
        return self._hit(clause_id, 0.0, "exact") if clause_id in self._clauses else None

    def _hit(self, clause_id: str, score: float, match: str, **ranks: int | None) -> Hit:
        c = self._clauses[clause_id]
        d = self._documents.get(c.doc_id)
        return Hit(
            clause_id=c.clause_id,
            doc_id=c.doc_id,
            doc_number=d.doc_number if d else None,
            title=d.title if d else "",
            issuer=list(d.issuer) if d else [],
            date=d.date if d else None,
            label=c.label,
            text=c.text,
            score=round(score, 6),
            source=SourceRef(file=c.source.file, line_start=c.source.line_start, line_end=c.source.line_end),
            region=d.region if d else "",
            doc_type=d.doc_type.value if d else "notice",
            heading=c.heading,
            superseded_by=self._replaced_by.get(c.doc_id),
            match=match,  # type: ignore[arg-type]
            subdivisions=[SubdivisionSpan(label=u.label, start=u.start, end=u.end) for u in c.subdivisions],
            effective_from=d.effective_from if d else None,
            effective_to=d.effective_to if d else None,
            **ranks,
        )


def searched_statistics(clauses: Sequence[Clause]) -> CorpusStatistics:
    """The statistics of the clauses a search returns (a statute's 题注, its history, is never returned)."""
    return CorpusStatistics([c.text for c in clauses if c.label != HISTORY])


def build_retriever(settings: Settings, embedder: Embedder | None = None) -> Retriever:
    """Open the live index (``store/CURRENT.json``) with the embedder it was built with."""
    live = read_live_index(settings)
    pointer = live.pointer
    embedder = embedder or build_embedder(settings, cache=False)
    if embedder.model_id != pointer.model_id:
        raise StoreError(
            f"the index was built with {pointer.model_id} but settings give {embedder.model_id}: "
            "re-run `policyqa ingest` or switch POLICYQA_EMBEDDER back"
        )
    documents = live.documents
    client = build_chroma_client(settings)
    try:
        store = Chroma(
            client=client,
            collection_name=pointer.collection,
            embedding_function=embedder,
            create_collection_if_not_exists=False,
        )
    except Exception as exc:
        raise StoreError(
            f"collection {pointer.collection} is missing from the store: re-run `policyqa ingest`"
        ) from exc
    latent_terms = None
    if settings.latent_terms_weight > 0 and (model := latent_model_for(pointer.model_id)) is not None:
        cache = open_latent_cache(settings.data_dir, model.model_id)
        try:
            latent_terms = (model, latent_matrix(index_texts(live.clauses, documents), model, cache))
        finally:
            cache.close()
    tokenizer = build_tokenizer(settings)
    lexicon = load_lexicon()
    statistics = searched_statistics(live.clauses)
    retriever = Retriever(
        store,
        embedder,
        tokenizer,
        live.clauses,
        documents,
        live.tokens,
        reader=QuestionReader(
            lexicon,
            load_gazetteer(),
            law_names=[name for d in documents if d.doc_type.is_statute for name in d.aliases],
            words=tokenizer.words,
            corrector=TypoCorrector(lexicon_terms(lexicon), tokenizer.words, statistics.prints),
            corpus_prints=statistics.prints,
        ),
        unit_vectors=live.unit_vectors,
        item_vectors=live.item_vectors,
        list_item_spread=settings.list_item_spread if settings.list_items else None,
        gist_vectors=live.gist_vectors,
        gist_spread=settings.statute_gist_spread if settings.statute_gists else None,
        rrf_k=settings.rrf_k,
        candidates=settings.retrieve_candidates,
        non_notice_weight=settings.non_notice_weight,
        dense_weight=settings.dense_weight,
        bm25_weight=settings.bm25_weight,
        expanded_dense_weight=settings.expanded_dense_weight,
        sentence_dense_weight=settings.sentence_dense_weight,
        latent_terms=latent_terms,
        latent_terms_weight=settings.latent_terms_weight,
        bigram_weight=settings.bigram_weight,
        gist_list_weight=settings.statute_gist_list_weight,
        quoted_weight=settings.quoted_weight,
        gist_list_depth=settings.statute_gist_list_depth,
        gist_list_chars=settings.statute_gist_list_chars,
        rerank_weight=settings.rerank_weight,
        rerank_depth=settings.rerank_depth,
        ranking=RankingWeights() if settings.learned_ranking else None,
        references=live.references,
        statistics=statistics,
    )
    retriever.load_index()
    return retriever
