"""jieba's dictionaries (each takes ~0.5 s and tens of MB to load, so each is built once where it is used and shared).

- ``dictionary_words``: jieba's own dictionary, without the corpus's user words: where words begin. One owner for the
  gazetteer (a place's name must begin a word: 民营口腔 names no 营口) and for cleaning (a line break inside a
  dictionary word, 置工作 / 浸泡或擦拭, is no paragraph's end); here nothing guessed or added may decide.
- ``user_words``: the same with the corpus's user dictionary, which BM25's tokenizer (store/tokens.py) and the concept
  reader (query/concepts.py) both cut with. It builds a new one each call (a cache would keep one alive for every
  data folder a long process ever ingests into); the retriever hands its BM25 tokenizer's to its question reader,
  so a serving process loads it once."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import jieba

from lexicon import USER_DICT


@functools.lru_cache(maxsize=1)
def dictionary_words() -> jieba.Tokenizer:
    """A private jieba tokenizer (never the global one) over its own dictionary, loaded (0.4 s) on first use and
    then shared: it is read, never changed."""
    jieba.setLogLevel(logging.WARNING)
    words = jieba.Tokenizer()
    words.initialize()
    return words


def user_words(cache_dir: Path | None = None, user_dict: Path = USER_DICT) -> jieba.Tokenizer:
    """A private jieba tokenizer (never the global one) with ``user_dict`` loaded; ``cache_dir`` is where jieba keeps
    its own dictionary's parsed form. It is read, never changed, so it may be shared."""
    jieba.setLogLevel(logging.WARNING)
    words = jieba.Tokenizer()
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        words.tmp_dir = str(cache_dir)
    words.load_userdict(str(user_dict))
    return words
