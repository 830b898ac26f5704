"""jieba's own dictionary, without the corpus's user words: where words begin. One owner for the gazetteer (a
place's name must begin a word: 民营口腔 names no 营口) and for cleaning (a line break inside a dictionary word, 置工作
/ 浸泡或擦拭, is no paragraph's end). BM25's tokenizer (store/tokens.py) and the concept reader (query/concepts.py) each
add the corpus's user dictionary to theirs; here nothing guessed or added may decide."""

from __future__ import annotations

import functools
import logging

import jieba


@functools.lru_cache(maxsize=1)
def dictionary_words() -> jieba.Tokenizer:
    """A private jieba tokenizer (never the global one) over its own dictionary, loaded (0.4 s) on first use and
    then shared: it is read, never changed."""
    jieba.setLogLevel(logging.WARNING)
    words = jieba.Tokenizer()
    words.initialize()
    return words
