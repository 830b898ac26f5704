"""A synthetic corpus of N clauses grown from the real one, for the scale run (``eval/scale.py``).

Each synthetic document is a copy of a real document re-issued by another province: the region
names, the 文号 (province prefix, year, number), the date and the title change, and every other
clause loses one sentence, so BM25 sees different text. Copies keep the real clause labels and
structure, so the index and the retriever run exactly the code they run on the real corpus.

Copies carry no 废止/解释 links (they would re-point the real documents' supersession at copies)
and each one remembers the real clause it came from (``SyntheticCorpus.source_of``), which lets the
scale run derive its vector instead of embedding 100k passages.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np

from ingest.models import Clause, Document
from ingest.sentences import quotable_units

# (region as written in text, 文号 abbreviation): provinces that re-issue the real notices.
PROVINCES: tuple[tuple[str, str], ...] = (
    ("天津", "津"), ("上海", "沪"), ("河北", "冀"), ("山西", "晋"), ("江苏", "苏"), ("浙江", "浙"),
    ("安徽", "皖"), ("福建", "闽"), ("江西", "赣"), ("山东", "鲁"), ("河南", "豫"), ("湖北", "鄂"),
    ("湖南", "湘"), ("广东", "粤"), ("广西", "桂"), ("重庆", "渝"), ("四川", "川"), ("贵州", "黔"),
    ("云南", "滇"), ("陕西", "陕"), ("甘肃", "甘"), ("辽宁", "辽"), ("吉林", "吉"), ("海南", "琼"),
)
_REAL_REGIONS = ("北京", "常德")
_SENTENCE_RE = re.compile(r"(?<=[。；！？])")


@dataclass
class SyntheticCorpus:
    """Real documents and clauses first, then the synthetic copies; ``source_of`` maps copy -> real clause."""

    documents: list[Document]
    clauses: list[Clause]
    source_of: dict[str, str] = field(default_factory=dict)

    @property
    def n_synthetic(self) -> int:
        return len(self.source_of)


def _stable_int(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:8], "big")


def swap_region(text: str, province: str) -> str:
    """北京 / 常德 -> the copy's province (本市 and 全国 stay: they read right in any province)."""
    for real in _REAL_REGIONS:
        text = text.replace(real, province)
    return text


def drop_one_sentence(text: str, seed: int) -> str:
    """Remove one inner sentence of a clause with three or more; the label line is never touched."""
    sentences = [s for s in _SENTENCE_RE.split(text) if s]
    if len(sentences) < 3:
        return text
    victim = 1 + seed % (len(sentences) - 1)
    return "".join(s for i, s in enumerate(sentences) if i != victim)


def copy_doc_number(doc: Document, abbr: str, copy: int) -> str | None:
    """京人社劳字〔2020〕11号 -> 粤人社劳字〔2021〕311号: new province prefix, year and number."""
    if not doc.doc_number:
        return None
    m = re.match(r"^(?P<prefix>.*?)〔(?P<year>\d{4})〕(?P<num>\d+)号$", doc.doc_number)
    if not m:
        return f"{abbr}{doc.doc_number}-{copy}"
    prefix = m.group("prefix")
    prefix = abbr + (prefix[1:] if prefix[:1] in ("京", "常") else prefix)
    year = int(m.group("year")) + copy % 3
    number = 100 + _stable_int(doc.doc_id, str(copy)) % 900
    return f"{prefix}〔{year}〕{number}号"


def copy_date(value: str | None, copy: int) -> str | None:
    if not value:
        return None
    try:
        when = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return (when + timedelta(days=7 + 13 * copy % 700)).isoformat()


def copy_document(doc: Document, clauses: Sequence[Clause], copy: int) -> tuple[Document, list[Clause]]:
    """The ``copy``-th re-issue of one real document and its clauses (ids suffixed ``~sNNNNN``)."""
    province, abbr = PROVINCES[copy % len(PROVINCES)]
    doc_id = f"{doc.doc_id}~s{copy:05d}"
    title = swap_region(doc.title, province)
    if title == doc.title:
        title = f"{province}转发：{doc.title}"
    number = copy_doc_number(doc, abbr, copy)
    new_doc = replace(
        doc,
        doc_id=doc_id,
        doc_number=number,
        doc_number_printed=number,
        title=title,
        issuer=tuple(swap_region(i, province) for i in doc.issuer),
        date=copy_date(doc.date, copy),
        region=province if doc.region in _REAL_REGIONS else doc.region,
        cites=(),
        supersedes=(),
        clarifies=(),
    )
    new_clauses = []
    for c in clauses:
        text = swap_region(c.text, province)
        if c.order % 2 == 1:
            text = drop_one_sentence(text, _stable_int(c.clause_id, str(copy)))
        new_clauses.append(
            replace(
                c,
                clause_id=f"{doc_id}#{c.clause_id.split('#', 1)[1]}",
                doc_id=doc_id,
                text=text,
                heading=swap_region(c.heading, province) if c.heading else c.heading,
                units=quotable_units(text),  # what may be quoted of the copy's own text, as ingestion does
            )
        )
    return new_doc, new_clauses


def synthesize(documents: Sequence[Document], clauses: Sequence[Clause], n_clauses: int) -> SyntheticCorpus:
    """The real corpus plus re-issued copies of its documents, round-robin, until there are ``n_clauses``."""
    corpus = SyntheticCorpus(list(documents), list(clauses))
    by_doc: dict[str, list[Clause]] = {}
    for c in clauses:
        by_doc.setdefault(c.doc_id, []).append(c)
    templates = [d for d in documents if by_doc.get(d.doc_id)]
    copy = 0
    while len(corpus.clauses) < n_clauses:
        for doc in templates:
            room = n_clauses - len(corpus.clauses)
            if room <= 0:
                break
            originals = by_doc[doc.doc_id][:room]
            new_doc, new_clauses = copy_document(doc, originals, copy)
            corpus.documents.append(new_doc)
            corpus.clauses.extend(new_clauses)
            corpus.source_of.update((n.clause_id, o.clause_id) for n, o in zip(new_clauses, originals))
        copy += 1
    return corpus


def noise_sigma(mean_cosine: float, dim: int) -> float:
    """Per-dimension Gaussian noise that puts a unit vector at ``mean_cosine`` from itself once renormalised.

    For unit ``v`` and ``e ~ N(0, s^2 I_d)``: cos(v, v + e) ~= 1 / sqrt(1 + d s^2).
    """
    mean_cosine = min(max(mean_cosine, 0.5), 0.9999)
    return float(np.sqrt((1.0 / mean_cosine**2 - 1.0) / dim))


def derived_vector(source: np.ndarray, clause_id: str, sigma: float) -> np.ndarray:
    """The source clause's vector plus deterministic noise (seeded by the copy's id), unit length."""
    rng = np.random.default_rng(_stable_int(clause_id))
    vec = source.astype(np.float32) + rng.normal(0.0, sigma, source.shape[-1]).astype(np.float32)
    return vec / np.linalg.norm(vec)
