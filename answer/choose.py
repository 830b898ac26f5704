"""Which sentences answer: every quotable unit of the retrieved clauses, scored by retrieval order, its
meaning compared with the question (the unit vectors ingestion stored), the question's concepts it says,
whether it states the kind of fact asked, and whether it comes from a document with force of law."""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from answer.citations import STATUTE_TYPE_NAMES
from answer.tuning import AnswerTuning
from ingest.models import DocType
from ingest.sentences import is_annex_list, is_contact_line, lead_in_index
from lexicon import AskedFact
from lexicon.grammar import char_bigrams, leaves_out, named_beyond_exclusion
from lexicon.places import NATIONAL
from query.concepts import Concept
from retrieval.models import Hit

# documents with legal force: a notice and every kind of statute, by the type names ingestion writes
AUTHORITATIVE = STATUTE_TYPE_NAMES | {DocType.NOTICE.value}
_RELATIVE_AMOUNT = re.compile(r"([\u4e00-\u9fff]{2,12}?)的?\s*\d+(?:\.\d+)?\s*(?:%|％|倍)")
# a part asking the rate itself (按最低工资的多少发, 是工资的百分之几, 打几折): a rate of the thing it names answers it
_ASKS_RATE = re.compile(r"的(?:多少|百分之几|几成|几倍)|百分之几|几成|几折|比例")
# a part asking a multiple (加班费按多少倍算, 赔几倍) and a sentence stating one (百分之二百, 150%, 两倍)
_ASKS_MULTIPLE = re.compile(r"(?:多少|几)倍|百分之几|几成")
_STATES_RATE = re.compile(r"百分之[零一二三四五六七八九十百]+|\d+(?:\.\d+)?\s*(?:%|％|倍)|[一二两三四五六七八九十]+倍")


@dataclass(frozen=True)
class Candidate:
    """One quotable unit of a retrieved clause and how well it answers."""

    hit: Hit
    quote: str  # verbatim, a substring of the clause text
    rank: int  # the clause's place in the retrieved list (0: first)
    cosine: float
    score: float
    states_fact: bool = False


def states_fact(unit: str, asked: AskedFact | None, part: str) -> bool:
    """Whether ``unit`` states the kind of fact ``part`` asks (a date for 几号, a figure for 多少钱).

    A rate of the very thing asked is not its amount: asked 最低工资标准是多少, the sentence
    不低于最低工资标准的1.2倍 does not say it.
    """
    if asked is None or asked.states is None:
        return False
    if not asked.states.search(unit):
        return False
    if asked.kind not in ("amount", "money"):
        return True
    if _ASKS_MULTIPLE.search(part):
        # asked a multiple (加班费按几倍算), a count (年休假5天) states none; a rate does (百分之三百)
        return bool(_STATES_RATE.search(unit))
    if _ASKS_RATE.search(part):
        return True
    relative = [m for m in _RELATIVE_AMOUNT.finditer(unit)]
    # the rate's base named in the part as one run of words (最低工资标准是多少), not two of its characters pairs met apart
    # (病假工资最低能发多少 shares 工资 and 最低 with 最低工资标准的80%, and asks the 病假工资 that rate sets)
    about_asked = [m for m in relative if _common_run(m.group(1)[-6:], part) >= 3]
    if not about_asked:
        return True
    # the sentence states an amount only through rates of the thing asked
    rest = _RELATIVE_AMOUNT.sub("", unit)
    return bool(asked.states.search(rest))


def _common_run(a: str, b: str) -> int:
    """The length of the longest run of characters ``a`` and ``b`` share."""
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def about_the_ask(unit: str, subjects: Sequence[str]) -> bool:
    """Whether ``unit`` shares any wording with what a part asks the fact of: ``subjects``, the concepts its asking
    clause names, each in every form a circular may print it (年假 -> 年休假). A figure in a sentence sharing none is
    another thing's (年休假5天 or 试用期…六个月 asked 医疗期是几个月). An ask naming nothing but asking words (一天到底给
    多少钱啊) tells nothing apart: any sentence is about it."""
    wanted = {pair for subject in subjects for pair in char_bigrams(subject)}
    return not wanted or bool(wanted & char_bigrams(unit))


def states_multiple(unit: str, part: str) -> bool:
    """Whether ``part`` asks a multiple or a share and ``unit`` states a rate."""
    return bool(_ASKS_MULTIPLE.search(part)) and bool(_STATES_RATE.search(unit))


def sentence_coverage(unit: str, context: str, concepts: Sequence[Concept], weight: Callable[[Concept], float]) -> float:
    """The weighted share of the concepts the unit says (those only its headings or title say count half)."""
    total = sum(weight(c) for c in concepts)
    if not total:
        return 0.0
    said = sum(weight(c) * (1.0 if c.found_in(unit) else 0.5 if c.found_in(context) else 0.0) for c in concepts)
    return said / total


def score_units(
    hits: Sequence[Hit],
    units: Callable[[str], Sequence[str]],
    similarities: Callable[[str], np.ndarray],
    concepts: Sequence[Concept],
    weight: Callable[[Concept], float],
    asked: AskedFact | None,
    part: str,
    tuning: AnswerTuning,
    prefer_national: bool = False,
    circumstance: Callable[[str], np.ndarray] | None = None,
    places: Sequence[str] = (),
    not_in: Sequence[str] = (),
    years: Sequence[int] = (),
) -> list[Candidate]:
    """Every quotable unit of ``hits`` with its score, best first.

    Two choices in one score. Which clause: its retrieval order, how well its best sentence fits the
    situation the user tells and the question, whether it has force of law. Which sentence of it: its own
    meaning compared with the question, whether it states the fact asked, the question's words it says
    (a sentence below its clause's best loses ``sentence_weight`` per standard deviation).

    Cosines count relative to the other candidates' (standard deviations above their mean): E5's cosines
    sit in a narrow band whose level moves with each question, so only their spread is telling.

    ``places``: where the question is (湖北, 武汉 and the divisions it lies in); a sentence leaving one of them
    out (各省（除湖北省外）可…) rules for everyone else and falls ``excluded_place_weight``. ``not_in``: places the
    question says the user is not in (不在湖北), or provinces a question naming where the user is does not name; a
    sentence naming one other than to leave it out (湖北省可免征…), and none of ``places``, is that place's rule and
    falls as much. ``years``: the years the question is about; a circular of one of them comes before one of
    another year (``same_year_weight``).
    """

    def elsewhere(hit: Hit, text: str) -> bool:
        # a list naming the user's place among others (北京 …; 天津 …; 石家庄 河北…) is theirs as much as anyone's, and
        # the user's own place's rule on people from elsewhere (常德's 对湖北来常…人员) is the user's
        return (
            hit.region not in places
            and any(named_beyond_exclusion(text, place) for place in not_in)
            and not any(place in text for place in places)
        )

    # the year asked tells circulars apart only where they are of several years (22年5月…居家办公: the 2022 rules before
    # the 2020 ones); it does not set circulars before statutes
    circular_years = {_issued_in(hit) for hit in hits if not hit.quotes_a_statute and hit.date}
    years = years if len(circular_years) > 1 and circular_years & set(years) else ()
    rows: list[tuple[Hit, str, int, float, float]] = []
    for position, hit in enumerate(hits):
        if hit.dense_rank:
            rank = min(position, hit.dense_rank - 1 + tuning.dense_rank_lag)
        elif hit.match == "fused" and not hit.vouched:
            # placed by the fusion through its 条旨 (or another list) alone: it counts that lag lower, as a clause
            # only the meaning retriever ranks counts that lag below its rank there
            rank = position + tuning.dense_rank_lag
        else:
            rank = position
        texts = units(hit.clause_id)
        sims = similarities(hit.clause_id)
        situation = circumstance(hit.clause_id) if circumstance is not None else sims
        for i, text in enumerate(texts):
            if is_annex_list(text) or (is_contact_line(text) and (asked is None or asked.kind != "where")):
                continue
            cosine = float(sims[i]) if i < len(sims) else 0.0
            lead_in = lead_in_index(texts, i)
            if lead_in is not None and lead_in < len(sims) and tuning.lead_in_share > 0:
                # an item means what its list is about: (三)…请病假累计2个月以上的 is a case of 不享受当年的年休假
                cosine = (1 - tuning.lead_in_share) * cosine + tuning.lead_in_share * float(sims[lead_in])
            rows.append((hit, text, rank, cosine, float(situation[i]) if i < len(situation) else 0.0))
    if not rows:
        return []
    meaning = _standardised([r[3] for r in rows])
    fits = _standardised([r[4] for r in rows]) if circumstance is not None else [0.0] * len(rows)
    best_meaning: dict[str, float] = {}
    best_fit: dict[str, float] = {}
    for (hit, *_), z, fit in zip(rows, meaning, fits, strict=True):
        best_meaning[hit.clause_id] = max(z, best_meaning.get(hit.clause_id, z))
        best_fit[hit.clause_id] = max(fit, best_fit.get(hit.clause_id, fit))
    scored: list[Candidate] = []
    for (hit, text, rank, cosine, _), z, fit in zip(rows, meaning, fits, strict=True):
        context = f"{hit.title}\n{hit.heading or ''}"
        fact = states_fact(text, asked, part)
        clause = (
            tuning.rank_weight / (1 + rank / tuning.rank_scale)
            + tuning.meaning_weight * best_meaning[hit.clause_id]
            + tuning.circumstance_weight * best_fit[hit.clause_id]
            + (tuning.notice_weight if hit.doc_type in AUTHORITATIVE else 0.0)
            + (tuning.national_weight if prefer_national and hit.region == NATIONAL else 0.0)
            + (tuning.same_year_weight if not hit.quotes_a_statute and _issued_in(hit) in years else 0.0)
            + (tuning.specific_weight if hit.doc_type == DocType.NOTICE.value else 0.0)
        )
        sentence = (
            tuning.sentence_weight * (z - best_meaning[hit.clause_id])
            + tuning.coverage_weight * sentence_coverage(text, context, concepts, weight)
            + (tuning.fact_weight if fact else 0.0)
            - (tuning.excluded_place_weight if any(leaves_out(text, place) for place in places) else 0.0)
            - (tuning.excluded_place_weight if elsewhere(hit, text) else 0.0)
        )
        scored.append(Candidate(hit, text, rank, cosine, clause + sentence, fact))
    scored.sort(key=lambda c: (-c.score, c.rank))
    return scored


def _issued_in(hit: Hit) -> int | None:
    return int(hit.date[:4]) if hit.date else None


def _standardised(values: Sequence[float]) -> list[float]:
    """Each value in standard deviations from the values' mean (all 0 when they do not spread)."""
    mean = statistics.fmean(values)
    spread = statistics.pstdev(values) if len(values) > 1 else 0.0
    return [(v - mean) / spread if spread > 1e-6 else 0.0 for v in values]


def same_wording(a: str, b: str, overlap: float = 0.6) -> bool:
    """Two sentences that say much the same (most of the shorter one's wording is in the other)."""
    x, y = char_bigrams(a), char_bigrams(b)
    return bool(x and y) and len(x & y) / min(len(x), len(y)) >= overlap
