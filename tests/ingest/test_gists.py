"""corpus/statutes/gists.tsv: every article's 条旨 and everyday words, searched (a vector of their own) but never
quoted nor mixed into the article's own text; a malformed row is reported and skipped, the rest kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.clauses import HISTORY, PREAMBLE
from ingest.gists import GISTS_FILE, read_gists
from ingest.statutes import CATALOG_FILE, ParsedStatute, parse_statutes
from store.index import bm25_text, context_text, gist_counts, gist_texts

STATUTES = Path(__file__).resolve().parents[2] / "corpus" / "statutes"
STATUTE_FILES = sorted(p.name for p in STATUTES.glob("*.md") if p.name != "README.md")
LAW = "劳动合同法(2012-12-28).md"


@pytest.fixture(scope="module")
def statutes() -> list[ParsedStatute]:
    parsed, skipped, warnings = parse_statutes(STATUTES.parent, [f"statutes/{name}" for name in STATUTE_FILES])
    assert skipped == [] and warnings == []  # no row rejected, none naming an article the texts lack
    return parsed


def test_every_article_of_every_statute_has_a_gist(statutes):
    articles = [c for s in statutes for c in s.clauses if c.label not in (HISTORY, PREAMBLE) and not c.label.startswith("附")]
    assert len(articles) > 1100
    assert [c.clause_id for c in articles if not c.gist] == []
    assert all(4 <= len(c.gist or "") <= 24 for c in articles)


def test_the_gist_is_searched_by_a_vector_of_its_own_and_never_quoted(statutes):
    law = next(s for s in statutes if s.document.sources[0].file.endswith(LAW))
    article = next(c for c in law.clauses if c.label == "第十九条")
    assert article.gist and article.everyday and article.text.startswith("第十九条")
    # the article's own vector and BM25 text hold its words only: its cosine is the answer's evidence
    for own in (context_text(article, law.document, {}), bm25_text(article, law.document)):
        assert article.gist not in own and not any(word in own for word in article.everyday)
    texts = gist_texts(law.clauses, [law.document])
    assert len(texts) == sum(gist_counts(law.clauses)) == sum(1 for c in law.clauses if c.gist)
    assert f"{law.document.title}\n{article.gist} {' '.join(article.everyday)}" in texts
    assert all(article.gist not in unit for unit in article.units)  # what may be quoted is the law's own words


def _corpus_with(tmp_path: Path, gists: str | None) -> Path:
    """One statute and the catalog, with this gists table (none: no table)."""
    folder = tmp_path / "statutes"
    folder.mkdir()
    shutil.copy(STATUTES / LAW, folder / LAW)
    shutil.copy(STATUTES / CATALOG_FILE, folder / CATALOG_FILE)
    if gists is not None:
        (folder / GISTS_FILE).write_text(gists, encoding="utf-8")
    return tmp_path


def test_a_malformed_row_is_reported_by_its_line_and_the_other_rows_are_kept(tmp_path):
    corpus = _corpus_with(
        tmp_path,
        "file\tarticle\tgist\teveryday\n"
        f"{LAW}\t第十九条\t试用期期限\t试用期多久|试用期延长\n"
        f"{LAW}\t第二十条\n"
        f"{LAW}\t第三百条\t不存在的条文\t\n",
    )
    table = read_gists(corpus / "statutes" / GISTS_FILE)
    assert len(table.rows) == 2 and len(table.rejected) == 1 and f"{GISTS_FILE}:3:" in table.rejected[0]
    parsed, skipped, warnings = parse_statutes(corpus, [f"statutes/{LAW}"])
    assert skipped == []
    clauses = {c.label: c for c in parsed[0].clauses}
    assert (clauses["第十九条"].gist, clauses["第十九条"].everyday) == ("试用期期限", ("试用期多久", "试用期延长"))
    assert clauses["第二十条"].gist is None  # searched by its own words
    assert any(":3:" in w for w in warnings) and any("第三百条" in w for w in warnings)


def test_a_table_with_a_wrong_header_is_reported_and_the_statutes_still_ingested(tmp_path):
    corpus = _corpus_with(tmp_path, "file\tgist\n")
    parsed, skipped, warnings = parse_statutes(corpus, [f"statutes/{LAW}"])
    assert skipped == [] and all(c.gist is None for c in parsed[0].clauses)
    assert any("header" in w and GISTS_FILE in w for w in warnings)


def test_without_a_gists_table_the_statutes_are_searched_by_their_own_words_alone(tmp_path):
    parsed, skipped, warnings = parse_statutes(_corpus_with(tmp_path, None), [f"statutes/{LAW}"])
    assert skipped == [] and len(parsed[0].clauses) > 90
    assert all(c.gist is None and not c.everyday for c in parsed[0].clauses)
    assert gist_texts(parsed[0].clauses, [parsed[0].document]) == []
    assert not any(GISTS_FILE in w for w in warnings)  # an optional table: its absence is not an error
