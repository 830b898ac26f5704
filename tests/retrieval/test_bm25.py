"""retrieval/bm25.py: the inverted-index BM25 scores exactly what rank_bm25 scores, and top_n ranks as argsort."""

from __future__ import annotations

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from retrieval.bm25 import SparseBM25, top_n
from store.index import bm25_text, read_clauses, read_documents
from store.tokens import ChineseTokenizer
from tests.retrieval_support import FIXTURES

QUESTIONS = (
    "隔离期间工资怎么发",
    "京人社劳字〔2020〕11号 延迟复工",
    "社会保险费 缓缴 社会保险费",  # a repeated token counts twice in rank_bm25 too
    "完全不相干的词语 火星",
    "的 了 工资",
)


@pytest.fixture(scope="module")
def corpus_tokens() -> list[list[str]]:
    tokenizer = ChineseTokenizer()
    docs = {d.doc_id: d for d in read_documents(FIXTURES / "documents.jsonl")}
    clauses = read_clauses(FIXTURES / "clauses.jsonl")
    return [tokenizer.tokenize(bm25_text(c, docs.get(c.doc_id))) or ["∅"] for c in clauses]


@pytest.mark.parametrize("question", QUESTIONS)
def test_scores_equal_rank_bm25_on_real_clauses(corpus_tokens: list[list[str]], question: str) -> None:
    tokens = ChineseTokenizer().tokenize(question)
    expected = BM25Okapi(corpus_tokens).get_scores(tokens)
    assert np.array_equal(SparseBM25(corpus_tokens).get_scores(tokens), expected)


def test_common_words_get_the_epsilon_idf_floor_like_rank_bm25() -> None:
    corpus = [["工资", "停工"], ["工资", "社保"], ["工资"], ["复工"]]
    reference = BM25Okapi(corpus)
    sparse = SparseBM25(corpus)
    assert sparse.idf == pytest.approx(reference.idf)
    assert np.array_equal(sparse.get_scores(["工资", "复工"]), reference.get_scores(["工资", "复工"]))


def test_top_n_matches_a_full_stable_argsort_including_ties() -> None:
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 5, size=2000).astype(float)  # many ties
    for n in (1, 10, 50, 1999, 2000, 5000):
        assert list(top_n(scores, n)) == list(np.argsort(-scores, kind="stable")[:n])
    assert list(top_n(scores, 0)) == []


def test_rows_left_out_score_nothing_and_move_no_other_rows_score() -> None:
    corpus = [["工资", "停工"], ["会议", "通过", "工资"], ["工资", "社保"], ["复工"]]
    kept = [corpus[0], corpus[2], corpus[3]]
    sparse = SparseBM25(corpus, unsearched=[1])
    scores = sparse.get_scores(["工资", "通过"])
    assert len(scores) == 4 and scores[1] == 0.0
    assert np.array_equal(scores[[0, 2, 3]], BM25Okapi(kept).get_scores(["工资", "通过"]))
