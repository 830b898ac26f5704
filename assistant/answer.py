"""Question -> cited answer. The extractive answerer (default, no LLM) picks the sentences of the
retrieved clauses that answer the question and cites each one; a calibrated relevance test makes it
abstain when the corpus does not answer. Every quote is verified verbatim before an answer leaves.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from answer.models import AskResponse, Citation
from assistant.citations import legal_form, make_citation, verify_citations
from assistant.conversation import rewrite_follow_up
from assistant.question_parts import asked_fact, question_parts
from assistant.relevance import (
    Concept,
    ConceptReader,
    CorpusStatistics,
    RelevanceTest,
    char_bigrams,
    out_of_scope,
    weighted_coverage,
)
from assistant.sentences import (
    clause_sentences,
    is_boilerplate,
    is_list_item,
    is_question,
    same_wording,
    sentences_in,
    unwrap,
    with_continuations,
    without_heading,
)
from assistant.terms import normalise_question
from lexicon.grammar import find_doc_numbers
from query.models import Turn
from retrieval.models import Hit, SearchFilters
from retrieval.retriever import parse_reference

log = logging.getLogger(__name__)

NO_ANSWER = "现有文件中没有找到相关规定。"
MAX_LATER_PARTS = 4  # a question asking more things gets its first five answered (each part is a search)
MAX_PLACES = 3
NOT_FOUND_FOR = "现有文件中没有找到直接回答以下问题的规定："
CHECK_CURRENT_RULES = (
    "这些是2020–2022年疫情期间的阶段性规定，多数已随防控政策调整而不再执行；"
    "据此行事前请核实现行规定，或咨询当地人社部门（12333）。"
)
_NUMERIC = re.compile(r"\d|％|%|[一二三四五六七八九十]+[天日月年倍]")


def heading_context(hit: Hit) -> str:
    """What applies to every sentence of a clause: its document's title and its headings."""
    return f"{hit.title}\n{hit.heading or ''}"


class QuotableUnits(NamedTuple):
    """What may be quoted of a clause: its sentences (each with the ones leaning on it), or the whole
    clause when it is short enough that its conditions and exceptions stay with the rule."""

    units: tuple[str, ...]
    whole: bool


@functools.lru_cache(maxsize=4096)
def quotable_units(text: str, whole_clause_chars: int, max_quote_chars: int) -> QuotableUnits:
    """The quotable units of a clause text (cached: the same clause is read for the relevance test,
    the sentence choice and every part of a question)."""
    body = without_heading(text)
    if len(body) <= whole_clause_chars and not is_question(body) and not is_boilerplate(body):
        return QuotableUnits((body,), True)
    units = with_continuations(text, clause_sentences(text), max_quote_chars)
    return QuotableUnits(tuple(x for x in units if not is_question(x) and not is_boilerplate(x) and len(x) >= 6), False)


class PartAnswer(NamedTuple):
    """More to say than the whole question's best sentences, best sentence first: a later part of a
    question that asks several things (what it adds, the kind of fact it asks), a place the question
    compares (answered unless a point already applies there), or the notice that clarifies a cited one
    (or that a cited one clarifies)."""

    concepts: list[Concept]
    sentences: list[tuple[Hit, str]]
    fact: re.Pattern[str] | None = None
    region: str | None = None
    related: bool = False


class ExtractiveAnswerer:
    """The default answerer: extractive, needs no LLM and no key.

    ``weight`` tells how specific a concept is (rarer in the corpus = more telling); the lead
    sentence is the one that matches the question's most specific concepts.
    """

    def __init__(
        self,
        relevance: RelevanceTest | None = None,
        weight: Callable[[Concept], float] | None = None,
        max_clauses: int = 2,
        max_points: int = 2,
        whole_clause_chars: int = 160,
        keep_ratio: float = 0.75,
        union_margin: float = 0.15,
        point_ratio: float = 0.7,
        rank_decay: float = 0.8,
        max_parallel: int = 1,
        new_point_ratio: float = 0.4,
        part_topic: float = 0.75,
        max_items: int = 3,
        max_quote_chars: int = 220,
    ) -> None:
        self.max_quote_chars = max_quote_chars
        self.max_items = max_items
        self.new_point_ratio = new_point_ratio
        self.part_topic = part_topic
        self.max_parallel = max_parallel
        self.rank_decay = rank_decay
        self.point_ratio = point_ratio
        self.union_margin = union_margin
        self.keep_ratio = keep_ratio
        self.whole_clause_chars = whole_clause_chars
        self.relevance = relevance or RelevanceTest()
        self.weight = weight or (lambda concept: 1.0)
        self.max_clauses = max_clauses
        self.max_points = max_points

    def supported(
        self, hits: Sequence[Hit], concepts: Sequence[Concept], names_clause: bool = False, limit: int | None = None
    ) -> list[tuple[Hit, float]]:
        """Hits that pass the relevance test, with their concept coverage, best first.

        ``names_clause``: the question named a clause (11号文第二条), so the exact hits are the answer.
        """
        # a signature block says who and when, never what the rule is;
        # a signature block or a preamble that is all framing (…通知如下：) has nothing to quote
        window = [h for h in hits[: self.relevance.window] if h.label != "结尾" and self._quotable(h)]
        exact = [h for h in hits if h.match == "exact" and h.label != "结尾" and (names_clause or self._quotable(h))]
        topic = [c for c in concepts if not c.word.endswith("号")]  # what is asked besides the 文号
        if exact and names_clause:
            # 〔2020〕13号第二条 may name the 二、 of two notices: the one about the question's topic
            on_topic = [h for h in exact if any(c.covered_by(h) for c in topic)]
            return [(h, 1.0) for h in (on_topic or exact)][: self.max_clauses]
        if exact:  # a named document: its clauses that the question's topic points to
            window = exact
        scored = [(h, weighted_coverage(concepts, h, self.weight)) for h in window]
        passing = [(h, cov) for h, cov in scored if cov >= self.relevance.min_coverage]
        if not passing and exact and not topic:
            passing = [(h, 1.0) for h in exact[:1]]  # only a 文号 was asked: the document's first clause
        if not passing and exact:
            # the user named a document the corpus has: its clauses that best match the topic, as long
            # as they match it at all (half the usual bar: the document is known to be the right one)
            on_topic = [(h, weighted_coverage(topic, h, self.weight)) for h, _ in scored]
            passing = [(h, cov) for h, cov in on_topic if cov >= self.relevance.min_coverage / 2]
        if not passing:
            return self._complementary(scored, concepts)
        best = max(cov for _, cov in passing)
        kept = [(h, cov) for h, cov in passing if cov >= best * self.keep_ratio]
        return kept[: self.max_clauses if limit is None else limit]

    def _complementary(
        self, scored: Sequence[tuple[Hit, float]], concepts: Sequence[Concept]
    ) -> list[tuple[Hit, float]]:
        """Two clauses that together answer a question asking two things (错峰上下班？…加班吗).

        Each must cover part of what the other misses, and together they must clear the threshold
        by ``union_margin``: two half-answers are weaker evidence than one whole one.
        """
        total = sum(self.weight(c) for c in concepts)
        if not total or len(scored) < 2:
            return []
        covered = {h.clause_id: {c.word for c in concepts if c.covered_by(h)} for h, _ in scored}
        best: tuple[float, tuple[Hit, float], tuple[Hit, float]] | None = None
        for i, first in enumerate(scored):
            for second in scored[i + 1 :]:
                a, b = covered[first[0].clause_id], covered[second[0].clause_id]
                if not (a - b) or not (b - a) or min(first[1], second[1]) < self.relevance.min_coverage / 2:
                    continue
                # summed in the question's order: a set's order changes per process, and float sums with it
                union = sum(self.weight(c) for c in concepts if c.word in a | b) / total
                if best is None or union > best[0]:
                    best = (union, first, second)
        if best is None or best[0] < self.relevance.min_coverage + self.union_margin:
            return []
        return [best[1], best[2]]

    def sentence_score(
        self,
        sentence: str,
        concepts: Sequence[Concept],
        question: str = "",
        context: str = "",
        implicit: Sequence[Concept] | None = None,
    ) -> float:
        """How well a sentence answers: the weight of the concepts it says, half the weight of those its
        ``context`` says (only the ``implicit`` ones, if given), a little for wording shared with the question."""
        score = sum(self.weight(c) for c in concepts if c.found_in(sentence))
        if score and context:
            unsaid = [c for c in (concepts if implicit is None else implicit) if not c.found_in(sentence)]
            score += 0.5 * sum(self.weight(c) for c in unsaid if c.found_in(context))
        if score and question:
            # wording shared with the question (一次性社会保险补贴) breaks ties between sentences
            score += 0.05 * len(char_bigrams(question, digits=True) & char_bigrams(sentence, digits=True))
        return score * (1.15 if score and _NUMERIC.search(sentence) else 1.0)

    def compose(
        self,
        concepts: Sequence[Concept],
        support: Sequence[tuple[Hit, float]],
        question: str = "",
        names_clause: bool = False,
        others: Sequence[Hit] = (),
        more: Sequence[PartAnswer] = (),
    ) -> tuple[str, list[Citation]]:
        """A direct first sentence, then supporting points, each with its [n]; quotes are verbatim.

        ``others``: more retrieved clauses; one from another document that prints the same sentence
        (a Beijing notice repeating the national one) is cited beside it, [1][2].
        ``more``: what else to say (``PartAnswer``): a later part of a question that asks several
        things, each place a question compares, the notice clarifying a cited one.
        """
        if support and support[0][0].match == "exact" and names_clause:
            # the user named the clause: quote it whole, it is what a lawyer asked for
            points = [(hit, hit.text) for hit, _ in support]
        else:
            points = self.best_sentences(concepts, support, question)
        points += self._sibling_items(points, concepts, question, others)
        points += self._more_points(points, more)
        if not points:
            return NO_ANSWER, []
        citations: list[Citation] = []
        marked: list[str] = []
        cited_docs = {hit.doc_id for hit, _ in points}
        comparing = any(part.region for part in more) and len({hit.region for hit, _ in points}) > 1
        for hit, quote in points:
            markers = ""
            for source, said in [(hit, quote), *self._restated(hit, quote, others, cited_docs, comparing)]:
                cited_docs.add(source.doc_id)
                citations.append(make_citation(len(citations) + 1, source, said))
                markers += f"[{citations[-1].n}]"
            # a question comparing places is told which place each point is the rule of
            place = f"（{'全国性' if hit.region == '全国' else hit.region}规定）" if comparing and hit.region else ""
            marked.append(f"{place}{unwrap(quote)}{markers}")
        lines = [f"根据{legal_form(points[0][0])}：{marked[0]}"]
        if len(marked) > 1:
            lines.append("要点：")
            lines.extend(f"- {p}" for p in marked[1:])
        return "\n".join(lines), citations

    def _more_points(self, points: Sequence[tuple[Hit, str]], more: Sequence[PartAnswer]) -> list[tuple[Hit, str]]:
        """One point from each of ``more`` that says something the chosen points do not."""
        points = list(points)
        added: list[tuple[Hit, str]] = []
        for part in more:
            if part.region is not None and any(hit.region == part.region for hit, _ in points):
                continue
            total = sum(self.weight(c) for c in part.concepts)
            already = sum(self.weight(c) for c in part.concepts if any(c.found_in(said) for _, said in points))
            fact_stated = part.fact is None or any(part.fact.search(said) for _, said in points)
            said_already = (not total or already >= total / 2) and fact_stated
            if part.region is None and not part.related and said_already:
                continue  # the answer already says what this part asks
            if part.related and any(hit.doc_id == part.sentences[0][0].doc_id for hit, _ in points):
                continue
            # another place's or notice's rule may well use the same words; it is still its rule
            exact_only = part.region is not None or part.related
            fresh = [
                (h, q)
                for h, q in part.sentences
                if not any(q == said if exact_only else same_wording(q, said) for _, said in points)
            ]
            points.extend(fresh[:1])
            added.extend(fresh[:1])
        return added

    def _restated(
        self, hit: Hit, quote: str, others: Sequence[Hit], cited: set[str], same_place: bool = False
    ) -> list[tuple[Hit, str]]:
        """The same sentence in another notice (a Beijing notice repeating the national one); a news
        item or a Q&A retelling a notice adds nothing a lawyer can rely on. ``same_place``: only a notice
        of the same place (an answer comparing places labels each point with its place)."""
        if len(quote) < 12:
            return []
        return [
            (other, quote)
            for other in others
            if other.doc_id not in cited
            and other.doc_type == "notice"
            and quote in other.text
            and (not same_place or other.region == hit.region)
        ][: self.max_parallel]

    def part_answers(
        self,
        part_concepts: Sequence[Concept],
        topic: Sequence[Concept],
        concepts: Sequence[Concept],
        hits: Sequence[Hit],
        part: str,
    ) -> list[tuple[Hit, str]]:
        """The sentences that answer one later part of a question (…？几号之前申请？): from clauses that
        pass the relevance test for the whole question's topic plus the part, a sentence that says
        what the part asks (``part_concepts``), not only the topic again, in a clause on the first
        part's ``topic`` (每人最高多少钱 about the 一次性社保补贴, not any 最高)."""
        support = [
            (h, cov)
            for h, cov in self.supported(hits, concepts, limit=len(hits))
            if weighted_coverage(topic, h, self.weight) >= self.part_topic
        ]
        if not support:
            return []
        total = sum(self.weight(c) for c in part_concepts)
        found_sentences: list[tuple[Hit, str]] = []
        said = asked_fact(part)
        places = [c for c in concepts if c.region]  # 北京…: the place's own rule before another's
        for _, _, _, hit, sentence in self._candidates([*part_concepts, *topic, *places], support, part):
            if said is not None and not said.search(sentence):
                continue
            # what the part adds must be said (its title or heading may say it), not only a generic
            # word of it (标准, 申请)
            context = heading_context(hit)
            found = sum(
                self.weight(c) * (1.0 if c.found_in(sentence) else 0.5 if c.found_in(context) else 0.0)
                for c in part_concepts
            )
            if found >= total / 2 and (part_concepts or said is not None):
                found_sentences.append((hit, sentence))
        return found_sentences

    def _sibling_items(
        self, points: Sequence[tuple[Hit, str]], concepts: Sequence[Concept], question: str, others: Sequence[Hit]
    ) -> list[tuple[Hit, str]]:
        """The other retrieved items of the list the lead is one item of ((1)…30%的补贴 (2)…50%的补贴 under
        补贴标准) that match the question about as well as the lead (within ``point_ratio``): when the
        question does not single one out, the standard is quoted with its other tiers."""
        if not points:
            return []
        lead, quote = points[0]
        body = without_heading(lead.text)
        if not is_list_item(body) or quote != body or not lead.heading:
            return []
        context = heading_context(lead)
        lead_score = self.sentence_score(body, concepts, question, context)
        quoted = {hit.clause_id for hit, _ in points}
        items: list[tuple[Hit, str]] = []
        for hit in others:
            item = without_heading(hit.text)
            if (
                hit.doc_id == lead.doc_id
                and hit.heading == lead.heading
                and hit.clause_id not in quoted
                and is_list_item(item)
                and len(item) <= self.whole_clause_chars
                and self.sentence_score(item, concepts, question, context) >= self.point_ratio * lead_score
            ):
                items.append((hit, item))
                quoted.add(hit.clause_id)
        return sorted(items, key=lambda p: p[0].source.line_start)[: self.max_items]  # printed order

    def _quotable(self, hit: Hit) -> list[str]:
        return list(self._units(hit.text).units)

    def _units(self, text: str) -> QuotableUnits:
        return quotable_units(text, self.whole_clause_chars, self.max_quote_chars)

    def _candidates(
        self, concepts: Sequence[Concept], support: Sequence[tuple[Hit, float]], question: str
    ) -> list[tuple[float, int, int, Hit, str]]:
        """Every quotable sentence of the support that matches the question, best first."""
        candidates: list[tuple[float, int, int, Hit, str]] = []
        for rank, (hit, _) in enumerate(support):
            sentences, whole = self._units(hit.text)
            # what the clause's title and headings say applies to each of its sentences, at half weight
            context = heading_context(hit)
            # a place the question names (北京, 国家层面) is met by the region the clause applies to
            regional = 0.5 * sum(self.weight(c) for c in concepts if c.region and c.region == hit.region)
            # the headings stand in for what the clause leaves unsaid; when one of its sentences does say
            # it (隔离), that sentence is the one about it, not its neighbours
            implicit = [c for c in concepts if not any(c.found_in(x) for x in sentences)]
            for position, sentence in enumerate(sentences):
                # a rule quoted with its continuation scores as its best sentence, the continuation
                # read with what it leans on: joining must not add up the concepts of two sentences
                # (a short clause quoted whole still scores as a whole)
                parts = [sentence] if whole else sentences_in(sentence)
                score = max(
                    self.sentence_score(part, concepts, question, f"{context}\n{parts[i - 1] if i else ''}", implicit)
                    for i, part in enumerate(parts)
                )
                score += regional if score else 0.0
                # the retriever's order (fusion + concept rerank) is the better judge of which clause
                # answers; a sentence from the next clause must match clearly better to lead
                score *= self.rank_decay**rank
                if score > 0:
                    candidates.append((score, rank, position, hit, sentence))
        return sorted(candidates, key=lambda c: (-c[0], c[1], c[2]))

    def scored_sentences(
        self, concepts: Sequence[Concept], support: Sequence[tuple[Hit, float]], question: str
    ) -> list[tuple[Hit, str]]:
        """The support's sentences that match the question, best first (none when nothing matches)."""
        return [(c[3], c[4]) for c in self._candidates(concepts, support, question)]

    def best_sentences(
        self, concepts: Sequence[Concept], support: Sequence[tuple[Hit, float]], question: str
    ) -> list[tuple[Hit, str]]:
        candidates = self._candidates(concepts, support, question)
        if not candidates:  # the clause passed on its headings and title: its first quotable sentence
            return [(hit, quotable[0]) for hit, _ in support[:1] if (quotable := self._quotable(hit))]
        best = max(c[0] for c in candidates)
        chosen: list[tuple[float, int, int, Hit, str]] = []
        seen: set[str] = set()
        said: set[str] = set()  # the question's concepts the chosen points already cover
        per_clause: dict[str, int] = {}
        for candidate in candidates:
            score, _, _, hit, sentence = candidate
            if sentence in seen or per_clause.get(hit.clause_id, 0) >= 2:
                continue
            if any(same_wording(sentence, c[4]) for c in chosen if c[3].doc_id != hit.doc_id):
                continue  # another document restating a chosen point (a news item retelling the notice)
            new = {c.word for c in concepts if c.found_in(sentence)} - said
            # a close second point may repeat what is said (the same rule, its condition); a weaker
            # one must answer a part of the question no chosen point answers yet
            if not chosen or score >= self.point_ratio * best or (new and score >= self.new_point_ratio * best):
                chosen.append(candidate)
                seen.add(sentence)
                said |= new
                per_clause[hit.clause_id] = per_clause.get(hit.clause_id, 0) + 1
            if len(chosen) >= self.max_points:
                break
        lead, rest = chosen[0], chosen[1:]
        # supporting points read in document order: by clause rank, then position in the clause
        return [(lead[3], lead[4])] + [(c[3], c[4]) for c in sorted(rest, key=lambda c: (c[1], c[2]))]


@dataclass(frozen=True)
class DocumentFacts:
    """What the answerer says about a cited document beyond its text."""

    region: str
    validity: str | None
    superseded_by: str | None
    clarified_by: tuple[str, ...]
    clarifies: tuple[str, ...] = ()


def context_notes(citations: Sequence[Citation], facts: Callable[[str], DocumentFacts | None]) -> list[str]:
    notes: list[str] = []
    seen: set[str] = set()
    for citation in citations:
        if citation.doc_id in seen:
            continue
        seen.add(citation.doc_id)
        info = facts(citation.doc_id)
        name = citation.doc_number or f"《{citation.title}》"
        dated = f"（{citation.date}）" if citation.date else ""
        if info is None:
            continue
        if info.region and info.region != "全国":
            notes.append(f"{name}{dated}是{info.region}的地方规定，只适用于{info.region}，不是全国性规定。")
        else:
            notes.append(f"{name}{dated}是全国性规定。")
        if info.superseded_by:
            notes.append(f"注意：{name}的相关内容与后来的{info.superseded_by}不一致的，以{info.superseded_by}为准。")
        for later in info.clarified_by:
            notes.append(f"{later}对{name}的有关问题作了说明，请一并参照。")
        if info.validity:
            notes.append(f"{name}写明其效力：“{info.validity}”。")
    notes.append(CHECK_CURRENT_RULES)
    return notes


def format_citation_list(citations: Sequence[Citation]) -> str:
    return "\n".join(f"[{c.n}] {c.legal_form}" for c in citations)


def abstention(question: str, standalone: str, hits: Sequence[Hit], reason: str | None = None) -> AskResponse:
    related = list(hits[:3])
    answer = NO_ANSWER + (reason or "")
    if related:
        answer += "以下条文可能相关，但不能直接回答您的问题，仅供参考："
        answer += "".join(f"\n- {legal_form(h)}" for h in related)
    return AskResponse(
        question=question,
        standalone_question=standalone,
        answer=answer,
        abstained=True,
        citations=[],
        related=related,
        notes=["可以换个说法，或写明地区、文号或具体情形再问。", CHECK_CURRENT_RULES],
    )


class Prepared(NamedTuple):
    standalone: str
    hits: list[Hit]
    concepts: list[Concept]
    support: list[tuple[Hit, float]]
    out_of_scope: str | None
    names_clause: bool = False


class _Reading(NamedTuple):
    hits: list[Hit]
    concepts: list[Concept]
    support: list[tuple[Hit, float]]
    reason: str | None


class Answerer:
    """Retrieve, test relevance, answer (extractively or with an LLM), verify, add context notes."""

    def __init__(
        self,
        search: Callable[[str, int, SearchFilters | None], list[Hit]],
        clause_text: Callable[[str], str | None],
        facts: Callable[[str], DocumentFacts | None],
        stats: CorpusStatistics,
        reader: ConceptReader | None = None,
        relevance: RelevanceTest | None = None,
        llm: LLMAnswererProtocol | None = None,
        k: int = 8,
    ) -> None:
        self._search = search
        self._reader = reader or ConceptReader()
        self.stats = stats
        self._clause_text = clause_text
        self._facts = facts
        self.extractive = ExtractiveAnswerer(relevance, weight=stats.weight)
        self.llm = llm
        self.k = k

    def prepare(
        self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None
    ) -> Prepared:
        standalone = rewrite_follow_up(normalise_question(question), history)
        names_clause = parse_reference(standalone).names_clause
        read = self._read(standalone, names_clause, filters)
        parts = question_parts(standalone)
        if not read.support and not read.reason and len(parts) > 1:
            # a question asking many things at once matches no one clause well enough: answer its
            # first part, and the later parts on their own (``part_points``)
            first = self._read(parts[0], names_clause, filters)
            if first.support:
                return Prepared(standalone, first.hits, first.concepts, first.support, None, names_clause)
        return Prepared(standalone, read.hits, read.concepts, read.support, read.reason, names_clause)

    def _read(self, text: str, names_clause: bool, filters: SearchFilters | None) -> _Reading:
        """Search ``text``, read its concepts, and test what it retrieved (nothing when out of scope)."""
        hits = self._search(text, self.k, filters)
        concepts = self._reader.concepts(text)
        reason = out_of_scope(text, concepts, self.stats)
        support = [] if reason else self.extractive.supported(hits, concepts, names_clause)
        return _Reading(hits, concepts, support, reason)

    def ask(
        self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None
    ) -> AskResponse:
        prepared = self.prepare(question, history, filters)
        standalone, hits, _, support, reason, _ = prepared
        if not support:
            return abstention(question, standalone, hits, reason)
        answer, citations = None, []
        if self.llm is not None:
            try:
                answer, citations = self.llm.answer(standalone, [h for h, _ in support] or hits[:5])
            except Exception as exc:  # noqa: BLE001 - any LLM failure falls back to the extractive answer
                log.warning("LLM answer failed (%s); falling back to the extractive answer", exc)
                answer = None
        if answer is None or not citations:
            answer, citations = self.extractive_answer(prepared, filters)
        return self.finish(question, standalone, answer, citations, hits)

    def extractive_answer(self, prepared: Prepared, filters: SearchFilters | None = None) -> tuple[str, list[Citation]]:
        """The extractive answer: the best sentences, then what the question's other parts, the places
        it compares and the notices clarifying the cited ones add."""
        standalone, hits, concepts, support, _, names_clause = prepared
        more, unanswered = ([], []) if names_clause else self.part_points(standalone, concepts, filters)
        more += self.region_points(standalone, concepts, support, filters)
        more += self.related_points(standalone, concepts, support, filters)
        answer, citations = self.extractive.compose(concepts, support, standalone, names_clause, hits, more)
        if unanswered and citations:
            answer += f"\n{NOT_FOUND_FOR}" + "；".join(f"“{part}”" for part in unanswered) + "。"
        return answer, citations

    def related_points(
        self,
        question: str,
        concepts: Sequence[Concept],
        support: Sequence[tuple[Hit, float]],
        filters: SearchFilters | None = None,
    ) -> list[PartAnswer]:
        """What the notice that clarifies a supporting one says on the question (17号 on 13号's 看护
        未成年子女: 落实请假制度), or, the other way round, what the clarified notice says."""
        if parse_reference(question).names_document:
            return []  # the user asked about the notice they named
        topic = [c for c in concepts if not c.region and not c.word.endswith("号")]
        if not topic:
            return []
        cited = {hit.doc_number for hit, _ in support if hit.doc_number}
        answers: list[PartAnswer] = []
        notices = [hit for hit, _ in support if hit.doc_type == "notice"]
        for doc_id in dict.fromkeys(hit.doc_id for hit in notices):
            info = self._facts(doc_id)
            if info is None:
                continue
            for number in (*info.clarified_by, *info.clarifies):
                if number in cited or not find_doc_numbers(number):
                    continue
                cited.add(number)
                hits = [
                    h
                    for h in self._search(f"{number} {question}", self.k, filters)
                    if h.doc_number == number and h.doc_type == "notice"
                ]
                support_there = self.extractive.supported(hits, topic)
                best = self.extractive.scored_sentences(topic, support_there, question)[:1]
                if best:
                    answers.append(PartAnswer([], best, related=True))
        return answers

    def region_points(
        self,
        question: str,
        concepts: Sequence[Concept],
        support: Sequence[tuple[Hit, float]],
        filters: SearchFilters | None = None,
    ) -> list[PartAnswer]:
        """For a question comparing places (国家层面和北京市的规定分别是什么), each place's own rule
        (the lead's place already has it)."""
        regions = list(dict.fromkeys(c.region for c in concepts if c.region))[:MAX_PLACES]
        if len(regions) < 2 or (filters is not None and filters.region):
            return []
        topic = [c for c in concepts if not c.region]
        answers: list[PartAnswer] = []
        for region in regions:
            if support and support[0][0].region == region:
                continue
            within = (filters or SearchFilters()).model_copy(update={"region": region})
            hits = self._search(question, self.k, within)
            support = self.extractive.supported(hits, concepts)
            sentences = self.extractive.best_sentences(topic, support, question) if topic and support else []
            if sentences:
                answers.append(PartAnswer([], sentences[:1], region=region))
        return answers

    def part_points(
        self, question: str, concepts: Sequence[Concept], filters: SearchFilters | None = None
    ) -> tuple[list[PartAnswer], list[str]]:
        """One point per later part of a question that asks several things (要满足哪些条件？什么时候申请？),
        and the parts nothing answers (the user is told, not left guessing).

        The whole question's answer leads with its first part; each later part is searched together
        with the first (它 carries the topic: 社保延到7月底 … 几号之前申请) and answered by a sentence
        that says what the part adds."""
        parts = question_parts(question)
        points: list[PartAnswer] = []
        unanswered = parts[1 + MAX_LATER_PARTS :]
        if not any(not c.region for c in concepts):
            return points, unanswered
        first = [c for c in self._reader.concepts(parts[0]) if not c.region and not c.word.endswith("号")]
        first_words = {c.word for c in first}
        places = [c.word for c in concepts if c.region]
        for part in parts[1 : 1 + MAX_LATER_PARTS]:  # each costs a search
            own = [c for c in self._reader.concepts(part) if not c.region]
            new = [c for c in own if c.word not in first_words]
            if not (new or asked_fact(part)):
                continue
            # the part with the first part's topic and place, not its 文号: 北京对此类工伤认定时限… asks
            # beyond the named notice
            carried = [w for w in (*(c.word for c in first), *places) if w not in part]  # in the question's order
            query = f"{part} {' '.join(carried)}"
            hits = self._search(query, self.k, filters)
            answers = self.extractive.part_answers(new, first, self._reader.concepts(query), hits, part)
            if answers:
                points.append(PartAnswer(new, answers, asked_fact(part)))
            else:
                unanswered.insert(len(unanswered) - len(parts[1 + MAX_LATER_PARTS :]), part)
        return points, unanswered

    def finish(
        self, question: str, standalone: str, answer: str, citations: list[Citation], hits: Sequence[Hit]
    ) -> AskResponse:
        verified = verify_citations(citations, self._clause_text)
        if not verified:
            return abstention(question, standalone, hits)
        dropped = {c.n for c in citations} - {c.n for c in verified}
        for n in dropped:
            answer = answer.replace(f"[{n}]", "")
        cited_ids = {c.clause_id for c in verified}
        return AskResponse(
            question=question,
            standalone_question=standalone,
            answer=answer,  # the citations travel as structured data (``citations``), listed once by each front end
            abstained=False,
            citations=verified,
            related=[h for h in hits[:5] if h.clause_id not in cited_ids][:3],
            notes=context_notes(verified, self._facts),
        )

    def stream(
        self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None
    ) -> Iterator[str | AskResponse]:
        """Yield answer text as it is produced, then the final verified ``AskResponse``."""
        if self.llm is None:
            response = self.ask(question, history, filters)
            yield response.answer
            yield response
            return
        prepared = self.prepare(question, history, filters)
        standalone, hits, _, support, reason, _ = prepared
        if not support:
            response = abstention(question, standalone, hits, reason)
            yield response.answer
            yield response
            return
        chosen = [h for h, _ in support]
        text = ""
        try:
            for piece in self.llm.stream(standalone, chosen):
                text += piece
                yield piece
            answer, citations = self.llm.parse(text, chosen)
        except Exception as exc:  # noqa: BLE001 - any LLM failure falls back to the extractive answer
            log.warning("LLM stream failed (%s); falling back to the extractive answer", exc)
            answer, citations = None, []
        if answer is None or not citations:
            answer, citations = self.extractive_answer(prepared, filters)
        yield self.finish(question, standalone, answer, citations, hits)


class LLMAnswererProtocol:
    """What ``Answerer`` needs of an LLM answerer (see ``assistant/llm.py``)."""

    def answer(self, question: str, hits: Sequence[Hit]) -> tuple[str, list[Citation]]:
        raise NotImplementedError

    def stream(self, question: str, hits: Sequence[Hit]) -> Iterator[str]:
        raise NotImplementedError

    def parse(self, text: str, hits: Sequence[Hit]) -> tuple[str, list[Citation]]:
        raise NotImplementedError
