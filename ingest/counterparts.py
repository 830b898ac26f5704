"""The same provision in another version of a statute: which article of one text is which of the text that
replaced it (突发事件应对法 2007 第六十一条 and 2024 第九十条; 法释〔2001〕14号 第十九条 and 法释〔2020〕26号 第五十条).

Revisions renumber, merge and split articles, so the match is by wording, paragraph against paragraph: an
article's counterpart is the other version's article holding the paragraph most like one of its own. Both
directions are kept, since a 2007 article of three paragraphs can be three 2024 articles and each of those
names it."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

import numpy as np
from scipy.sparse import csr_matrix, diags

from ingest.clauses import HISTORY
from ingest.models import Clause, Document
from lexicon.grammar import ARTICLE_LABEL, CN_DIGITS

# Dice overlap of character pairs at which two paragraphs say the same thing in other words. Between the seed
# statutes' versions the best match of a carried-over article scores 0.5-1.0 and the second best under 0.5;
# an article a revision dropped scores 0.3-0.45 with whatever is nearest.
SAME_PROVISION = 0.5
# Cosine of idf-weighted character pairs (whole articles) at which an article of one law and an article of a later law
# of the same body carry the same provision in other words. Between 劳动法 and 劳动合同法 the articles a lawyer pairs
# score 0.37-0.82 (第二十一条's 试用期最长不得超过六个月 and 第十九条's graded limits 0.37, 第二十六条 and 第四十条 0.82), each
# well above its second best; the nearest article of another provision scores under 0.3 (第四十四条's overtime rates and
# 第三十一条's 加班费 0.26 on the paragraph measure above, under 0.3 here).
SAME_PROVISION_ACROSS_LAWS = 0.35
# A later statute took over an earlier one's provisions only where this many of their articles pair: 劳动合同法 pairs
# with about 30 of 劳动法's articles and 劳动争议调解仲裁法 with 6, while unrelated statutes of one body pair one or two
# articles of the wording every statute prints (主管部门, 法律责任, 适用范围).
PROVISIONS_TAKEN_OVER = 4
_HEADING_LABEL = re.compile(rf"第[{CN_DIGITS}]+[编章节]|[\s>]")
_LABEL_RE = re.compile(rf"^{ARTICLE_LABEL}(?:之[{CN_DIGITS}]+)?[\s\u3000]*")
_SHORTEST_PARAGRAPH = 6  # a heading-like fragment (（一）停工；) matches anything of its kind


def article_counterparts(documents: Sequence[Document], clauses: Sequence[Clause]) -> dict[str, tuple[str, ...]]:
    """For each article of a statute with another version in the corpus: the other version's articles that
    carry the same provision, best first."""
    by_doc: dict[str, list[Clause]] = {}
    for clause in clauses:
        if clause.part <= 1 and clause.label != HISTORY:  # the note under the title is about the text, no provision
            by_doc.setdefault(clause.doc_id, []).append(clause)
    found: dict[str, dict[str, float]] = {}
    for doc in documents:
        newer = doc.replaced_by
        if not newer or doc.doc_id not in by_doc or newer not in by_doc:
            continue
        old, new = by_doc[doc.doc_id], by_doc[newer]
        similarity = _article_similarity(old, new)  # old articles x new articles
        for mine, theirs, scores in ((old, new, similarity), (new, old, similarity.T)):
            for n, clause in enumerate(mine):
                best = int(np.argmax(scores[n]))
                if scores[n, best] >= SAME_PROVISION:
                    other = theirs[best].clause_id
                    found.setdefault(clause.clause_id, {})[other] = float(scores[n, best])
                    found.setdefault(other, {}).setdefault(clause.clause_id, float(scores[n, best]))
    return {cid: tuple(sorted(others, key=lambda o: -others[o])) for cid, others in found.items()}


def _article_similarity(old: Sequence[Clause], new: Sequence[Clause]) -> np.ndarray:
    """The best paragraph-to-paragraph Dice overlap of character pairs, for every pair of articles."""
    old_paragraphs, old_owner = _paragraphs(old)
    new_paragraphs, new_owner = _paragraphs(new)
    vocabulary: dict[str, int] = {}
    old_matrix = _pair_matrix(old_paragraphs, vocabulary)
    new_matrix = _pair_matrix(new_paragraphs, vocabulary)
    old_matrix.resize((old_matrix.shape[0], len(vocabulary)))
    shared = (old_matrix @ new_matrix.T).toarray()
    sizes = np.asarray(old_matrix.sum(axis=1)).ravel()[:, None] + np.asarray(new_matrix.sum(axis=1)).ravel()[None, :]
    dice = np.divide(2 * shared, sizes, out=np.zeros_like(shared, dtype=np.float64), where=sizes > 0)
    articles = np.zeros((len(old), len(new)))
    np.maximum.at(articles, (old_owner[:, None], new_owner[None, :]), dice)
    return articles


def _paragraphs(articles: Sequence[Clause]) -> tuple[list[str], np.ndarray]:
    """Each article's paragraphs without the label, and the article each belongs to."""
    paragraphs: list[str] = []
    owner: list[int] = []
    for n, clause in enumerate(articles):
        for paragraph in _paragraph_texts(clause, _SHORTEST_PARAGRAPH):
            paragraphs.append(paragraph)
            owner.append(n)
    return paragraphs, np.array(owner, dtype=np.int64)


def _paragraph_texts(clause: Clause, shortest: int) -> list[str]:
    """The clause's paragraphs, the article label taken off the first, at least ``shortest`` characters long."""
    return [p for line in clause.text.split("\n") if len(p := _LABEL_RE.sub("", line.strip())) >= shortest]


def _pairs(text: str) -> set[str]:
    """The character pairs a text holds (a set: a pair repeated counts once)."""
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _pair_matrix(paragraphs: Sequence[str], vocabulary: dict[str, int]) -> csr_matrix:
    """Which character pairs each paragraph holds."""
    rows: list[int] = []
    columns: list[int] = []
    for row, paragraph in enumerate(paragraphs):
        for pair in _pairs(paragraph):
            rows.append(row)
            columns.append(vocabulary.setdefault(pair, len(vocabulary)))
    data = np.ones(len(rows), dtype=np.float64)
    return csr_matrix((data, (rows, columns)), shape=(len(paragraphs), len(vocabulary)))


def holding(quote: str, articles: Sequence[Clause]) -> list[Clause]:
    """Those of ``articles`` (one provision's counterparts) that hold a paragraph saying what ``quote`` says:
    of 2024 第八十九条 to 第九十一条, the one carrying a quoted paragraph of 2007 第六十一条; all when none does."""
    # every paragraph with a character pair counts here: a quote is compared, not matched paragraph to paragraph
    close = [a for a in articles if wording_likeness(quote, _paragraph_texts(a, 2)) >= SAME_PROVISION]
    return close or list(articles)


def wording_likeness(quote: str, passages: Sequence[str]) -> float:
    """How much of its wording the closest of ``passages`` shares with ``quote``: the Dice coefficient of their
    character pairs (1.0 for the same words)."""
    quoted = _pairs(quote)
    return max((pair_likeness(quoted, p) for p in map(_pairs, passages)), default=0.0)


def character_pairs(text: str) -> frozenset[str]:
    """The character pairs a text holds, for ``pair_likeness`` (read once for a text compared many times)."""
    return frozenset(_pairs(text))


def pair_likeness(first: AbstractSet[str], second: AbstractSet[str]) -> float:
    """The Dice coefficient of two texts' character pairs."""
    return 2 * len(first & second) / (len(first) + len(second)) if first and second else 0.0


def later_law_provisions(documents: Sequence[Document], clauses: Sequence[Clause]) -> dict[str, str]:
    """For an article of a statute, the article of a statute of the same kind, made by the same body and adopted
    later, that carries the same provision (劳动法第二十六条 -> 劳动合同法第四十条). Where they differ the later one
    applies (立法法: 同一机关制定的法律……新的规定与旧的规定不一致的，适用新的规定), and it is the one a lawyer cites.

    Versions of one statute are left to ``article_counterparts``. A pair is kept only when each article is the
    other's nearest in its statute, the earlier article is near one statute of its body and kind alone (an article
    near several, 本法自…起施行 or 构成犯罪的，依法追究刑事责任, is wording every statute prints, not a provision one of them
    took over), the later statute takes up the subject of the earlier article's chapter (``_same_subject``), and the two
    statutes pair at least ``PROVISIONS_TAKEN_OVER`` articles."""
    statutes = {d.doc_id: d for d in documents if d.doc_type.is_statute and d.adopted and not d.upload_id}
    articles = [
        c
        for c in clauses
        if c.doc_id in statutes and c.part <= 1 and c.label != HISTORY and _LABEL_RE.match(c.text)
    ]
    if not articles:
        return {}
    similarity = _idf_pair_similarity(articles)
    rows: dict[str, list[int]] = {}
    for row, clause in enumerate(articles):
        rows.setdefault(clause.doc_id, []).append(row)
    found: dict[tuple[str, str], dict[str, str]] = {}
    for earlier_id, earlier_rows in rows.items():
        earlier = statutes[earlier_id]
        peers = [
            d for d in statutes.values()
            if d.doc_id != earlier_id
            and d.doc_id in rows
            and d.doc_type == earlier.doc_type
            and set(d.issuer) == set(earlier.issuer)
            and d.doc_id not in (*earlier.replaces, earlier.replaced_by)
        ]
        for row in earlier_rows:
            near = [
                (d, rows[d.doc_id][int(np.argmax(similarity[row, rows[d.doc_id]]))])
                for d in peers
                if similarity[row, rows[d.doc_id]].max() >= SAME_PROVISION_ACROSS_LAWS
            ]
            if len(near) != 1:
                continue
            later, best = near[0]
            mutual = earlier_rows[int(np.argmax(similarity[best, earlier_rows]))] == row
            if mutual and later.adopted > earlier.adopted and _same_subject(articles[row], earlier, articles[best], later):  # type: ignore[operator]
                found.setdefault((earlier_id, later.doc_id), {})[articles[row].clause_id] = articles[best].clause_id
    return {a: b for pairs in found.values() if len(pairs) >= PROVISIONS_TAKEN_OVER for a, b in pairs.items()}


def _same_subject(earlier: Clause, earlier_doc: Document, later: Clause, later_doc: Document) -> bool:
    """Whether the later law takes up the subject of the chapter the earlier article sits in: the chapter's heading
    (its own words, not the earlier law's title's) shares a character pair with the later law's title or the later
    article's chapter. 劳动法's 劳动合同和集体合同 and 劳动争议 chapters are 劳动合同法's and 劳动争议调解仲裁法's subjects;
    its 工作时间和休息休假 chapter is not 劳动合同法's, whose 非全日制用工 article words its hours alike (第三十六条, 第六十八条)."""
    own_title = _pairs(earlier_doc.title)
    subject = _pairs(_HEADING_LABEL.sub("", earlier.heading or "")) - own_title
    return bool(subject & (_pairs(later_doc.title) | _pairs(_HEADING_LABEL.sub("", later.heading or ""))))


def _idf_pair_similarity(articles: Sequence[Clause]) -> np.ndarray:
    """The cosine of every two articles' character pairs (labels taken off), each pair weighted (1 + log tf) * idf
    over these articles: pairs every article prints (用人单位, 劳动者) weigh little."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    counts: list[float] = []
    for row, article in enumerate(articles):
        text = "".join(_paragraph_texts(article, 1))
        for pair, n in Counter(text[i : i + 2] for i in range(len(text) - 1)).items():
            rows.append(row)
            columns.append(vocabulary.setdefault(pair, len(vocabulary)))
            counts.append(1 + math.log(n))
    matrix = csr_matrix((counts, (rows, columns)), shape=(len(articles), len(vocabulary)))
    frequency = np.bincount(columns, minlength=len(vocabulary))
    matrix = matrix @ diags(np.log(len(articles) / frequency))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = diags(1 / np.where(norms > 0, norms, 1.0)) @ matrix
    return (matrix @ matrix.T).toarray()
