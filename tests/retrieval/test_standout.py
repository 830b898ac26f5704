"""retrieval/standout.py: the closest sentence's standing once the direction all texts share is taken off."""

import numpy as np

from retrieval.standout import CentredSentences


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


def test_the_standout_is_the_best_centred_cosine_in_standard_deviations_of_them_all() -> None:
    generator = np.random.default_rng(7)
    vectors = _unit(generator.normal(size=(200, 16)) + 3.0)  # every vector leans one way, as e5's do
    question = _unit(generator.normal(size=16) + 3.0)
    centre = vectors.mean(axis=0)
    centred = (vectors - centre) / np.linalg.norm(vectors - centre, axis=1, keepdims=True)
    cosines = centred @ ((question - centre) / np.linalg.norm(question - centre))
    expected = (cosines.max() - cosines.mean()) / cosines.std()
    assert np.isclose(CentredSentences(vectors).standout(question), expected, atol=1e-4)


def test_a_question_near_one_sentence_stands_out_more_than_one_along_the_shared_direction_only() -> None:
    generator = np.random.default_rng(11)
    dimensions = 384
    vectors = _unit(generator.normal(size=(300, dimensions)) + 3.0)
    sentences = CentredSentences(vectors)
    noise = 0.05 / np.sqrt(dimensions)
    near_one = _unit(vectors[42] + noise * generator.normal(size=dimensions))
    shared_only = _unit(vectors.mean(axis=0) + noise * generator.normal(size=dimensions))
    # the raw cosines cannot tell them apart: both are high against the whole corpus
    assert (vectors @ shared_only).mean() > (vectors @ near_one).mean()
    assert sentences.standout(near_one) > sentences.standout(shared_only) + 2.0


def test_an_empty_corpus_stands_nothing_out() -> None:
    assert CentredSentences(np.zeros((0, 16), dtype=np.float32)).standout(np.ones(16, dtype=np.float32)) == 0.0
