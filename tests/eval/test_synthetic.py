"""eval/synthetic.py and the scale run's helpers: copies of real documents that exercise the same code."""

from __future__ import annotations

import numpy as np

from eval.scale import real_clause_id
from eval.synthetic import derived_vector, noise_sigma, synthesize


def test_synthetic_corpus_has_exactly_n_unique_clauses_with_the_real_ones_first(parsed_corpus) -> None:
    corpus = synthesize(parsed_corpus.documents, parsed_corpus.clauses, 3000)
    ids = [c.clause_id for c in corpus.clauses]
    assert len(ids) == len(set(ids)) == 3000
    assert corpus.clauses[: len(parsed_corpus.clauses)] == parsed_corpus.clauses
    assert {c.doc_id for c in corpus.clauses} <= {d.doc_id for d in corpus.documents}


def test_a_copy_is_reissued_by_another_province_with_a_new_doc_number(parsed_corpus) -> None:
    corpus = synthesize(parsed_corpus.documents, parsed_corpus.clauses, 3000)
    real = {d.doc_id: d for d in parsed_corpus.documents}
    copy = next(d for d in corpus.documents if "~s" in d.doc_id and d.region != "全国" and d.doc_number)
    original = real[copy.doc_id.split("~s")[0]]
    assert copy.title != original.title and "北京" not in copy.title
    assert copy.doc_number != original.doc_number and copy.date != original.date
    assert copy.supersedes == () and copy.clarifies == ()


def test_copies_map_back_to_the_real_clause_they_came_from(parsed_corpus) -> None:
    corpus = synthesize(parsed_corpus.documents, parsed_corpus.clauses, 3000)
    assert all(real_clause_id(copy) == source for copy, source in corpus.source_of.items())
    assert real_clause_id("京人社劳字〔2020〕11号#二、") == "京人社劳字〔2020〕11号#二、"


def test_noise_puts_a_derived_vector_at_the_calibrated_cosine() -> None:
    source = np.random.default_rng(0).normal(size=384).astype(np.float32)
    source /= np.linalg.norm(source)
    sigma = noise_sigma(0.98, 384)
    cosines = [float(derived_vector(source, f"doc~s{i:05d}#一、", sigma) @ source) for i in range(200)]
    assert abs(np.mean(cosines) - 0.98) < 0.002
    assert np.array_equal(derived_vector(source, "x", sigma), derived_vector(source, "x", sigma))
