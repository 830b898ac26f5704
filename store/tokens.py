"""Chinese tokens for BM25: jieba with the lexicon's user dictionary, 文号 kept whole
(the 文号 grammar itself is ``lexicon.grammar``)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import jieba

from lexicon import STOP_WORDS, USER_DICT, word_list
from lexicon.grammar import DOC_NUMBER_RE, ref_from_match
from lexicon.words import user_words

_PUNCT_RE = re.compile(r"^[\W_]+$")


class ChineseTokenizer:
    """jieba search-mode tokens over the shared private ``jieba.Tokenizer`` with the user dictionary
    (``lexicon.words.user_words``; never the global one)."""

    def __init__(self, cache_dir: Path | None = None, user_dict: Path = USER_DICT, stop_list: Path = STOP_WORDS) -> None:
        self._jieba = user_words(cache_dir, user_dict)
        self._stop_words = word_list(stop_list)

    @property
    def words(self) -> jieba.Tokenizer:
        """The jieba tokenizer it cuts with (the concept reader cuts with the same one)."""
        return self._jieba

    def tokenize(self, text: str) -> list[str]:
        tokens: list[str] = []
        pos = 0
        for m in DOC_NUMBER_RE.finditer(text):
            tokens += self._cut(text[pos : m.start()])
            ref = ref_from_match(m)
            # A short form ("〔2020〕11号") must still match, so the core goes in too.
            tokens += [ref.normalized, ref.core] if ref.prefix else [ref.core]
            pos = m.end()
        tokens += self._cut(text[pos:])
        return tokens

    def _cut(self, text: str) -> list[str]:
        return [
            t.lower()
            for t in self._jieba.cut_for_search(text)
            if t.strip() and t not in self._stop_words and not _PUNCT_RE.match(t)
        ]


def tokenizer_digest(user_dict: Path = USER_DICT, stop_list: Path = STOP_WORDS) -> str:
    """What the tokens of a text depend on besides the text: this module's code, the user dictionary and the stop
    words."""
    return hashlib.sha256(Path(__file__).read_bytes() + user_dict.read_bytes() + stop_list.read_bytes()).hexdigest()[:16]


def cached_tokens(
    texts: dict[str, str],
    cache_path: Path,
    tokenizer: Callable[[], ChineseTokenizer],
    *,
    keep_others: bool = False,
    on_tokenise: Callable[[int], None] | None = None,
) -> dict[str, list[str]]:
    """BM25 tokens of ``texts`` (id -> text), reusing the tokens of any text tokenized before with the same
    code and dictionary (jieba takes ~2 s for the corpus, most of a warm re-ingest). The cache file keeps only
    this call's texts, so it never grows past the corpus (``keep_others``: it keeps what it held too, for an
    update that passes only the new texts); the tokenizer is built only if something is new.
    ``on_tokenise(n)`` is told how many texts were tokenized afresh."""
    digest = tokenizer_digest()
    try:
        cached = json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.is_file() else {}
    except ValueError:  # a damaged cache is rebuilt, never trusted
        cached = {}
    keys = {i: hashlib.sha256(f"{digest}\n{text}".encode()).hexdigest() for i, text in texts.items()}
    missing = [i for i, key in keys.items() if key not in cached]
    if missing:
        built = tokenizer()
        cached.update({keys[i]: built.tokenize(texts[i]) for i in missing})
    if on_tokenise is not None:
        on_tokenise(len(missing))
    kept = cached if keep_others else {key: cached[key] for key in keys.values()}
    tmp = cache_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, cache_path)
    return {i: kept[key] for i, key in keys.items()}
