"""Question -> cited answer. One ``Question`` (read once by the query stage) is retrieved, tested for what the
corpus lacks and for how close anything is, and answered from the sentences that answer it; every quote is
verified verbatim before the answer leaves.

The assistant refuses (现有文件中没有找到相关规定) in two cases only: the question is about something the
corpus lacks (a 文号, a title, a law or article: ``answer/scope.py``), or the calibrated retrieval
confidence says nothing is close (``answer/confidence.py``). Otherwise it answers what it can and says
exactly what the documents do not: a place with no local rules, a part nothing answers, a date or an
amount the rule refers to but does not state.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from answer.choose import AUTHORITATIVE, Candidate, same_wording, score_units, states_fact
from answer.citations import verify_citations
from answer.compose import NO_ANSWER, Point, compose, compose_lines
from answer.confidence import Signals, probability, read_signals
from answer.llm import LLMAnswerer
from answer.models import AskResponse, Citation
from answer.notes import ASK_AGAIN, CHECK_CURRENT_RULES, LOW_CONFIDENCE, DocumentFacts, context_notes
from answer.scope import CorpusScope, PlaceScope, unique
from answer.tuning import AnswerTuning
from answer.versions import hit_in_force, version_notes
from ingest.clauses import CLOSING, HISTORY, without_label
from ingest.models import Clause
from ingest.sentences import with_its_list
from lexicon import STATED_FACTS
from lexicon.places import NATIONAL
from query.parts import QuestionPart
from query.period import Period, question_period
from query.question import Question
from query.references import References
from retrieval.models import Hit, SearchFilters
from retrieval.retriever import Retrieved, Retriever

log = logging.getLogger(__name__)


def is_document(hit: Hit, key: str) -> bool:
    """Whether the hit comes from the document a link's key names (a 文号, a title, a title in 《》)."""
    return key in (hit.doc_number, hit.title, f"《{hit.title}》")

NOT_FOUND_FOR = "现有文件中没有找到直接回答以下问题的规定：“{}”。"
CITATION_KINDS = ("cites", "cited_by")  # asked kinds answered from the citations between documents
PARTICULARS = ("issuer", "effective")  # asked kinds answered from the document's own 落款, 题注 or 施行 sentence
FACT_NOT_STATED = {
    "date": "现有文件未载明“{}”所问的具体日期。",
    "duration": "现有文件未载明“{}”所问的具体期限。",
    "amount": "现有文件未载明“{}”所问的具体数额。",
    "money": "现有文件未载明“{}”所问的具体金额。",
    "effective": "现有文件未载明“{}”所问的施行日期。",
}


@dataclass(frozen=True)
class Evidence:
    """What retrieval found for a question and how close it is."""

    retrieved: Retrieved
    places: PlaceScope
    pool: list[Hit]  # the retrieved clauses whose rules apply where the question is
    candidates: list[Candidate]  # their quotable sentences, best first
    signals: Signals
    near: frozenset[str] = frozenset()  # the clauses the search ranks within part_agreement_depth


@dataclass
class Draft:
    """What the answer will say, before it is written out (by the extractive composer or an LLM)."""

    question: Question
    hits: list[Hit]
    points: list[Point] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)  # what the documents do not say, said precisely
    refused: bool = False
    confidence: float = 0.0
    named: bool = False  # the question names a document the corpus holds: confidence does not judge it
    period: Period = field(default_factory=lambda: question_period(()))  # the time the question is about


def _only_its_heading(candidate: Candidate) -> bool:
    """The sentence is the clause's heading and nothing more (三、协商处理疫情防控期间的工资待遇问题; an item's
    3.强化复工复产要素保障。): a title, which states no rule."""
    own = (candidate.hit.heading or "").split(" > ")[-1].strip()
    if not own:
        return False
    # a unit opens with its own number (3.), not with the clause's whole label (一、3.)
    return without_label(candidate.quote).strip(" 。") == own


def stating_rules(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates worth quoting: a clause's heading line is its title, quoted with nothing it governs
    beside it, so it is left out unless nothing else was found; a law's 题注 (adopted, amended) answers only
    who made it and when (``_particular_points``)."""
    rules = [c for c in candidates if c.hit.label != HISTORY]
    return [c for c in rules if not _only_its_heading(c)] or rules or list(candidates)


def with_their_lists(points: Sequence[Point]) -> list[Point]:
    """Each point that leads into a list (登记以下5项重要信息：) quoted with the list's items, unless the answer
    already quotes the item that answers (第十五条's (一), cited as 第十五条第一款第（一）项): the lead-in alone
    says there is a list, not what is on it."""
    listed = []
    for point in points:
        whole = with_its_list(point.quote, point.hit.text)
        said = any(o.hit.clause_id == point.hit.clause_id and o.quote != point.quote and o.quote in whole for o in points)
        listed.append(point if said else Point(point.hit, whole))
    return listed


class Answerer:
    """Retrieve, decide, choose sentences, compose (extractively or with an LLM), verify, add notes."""

    def __init__(
        self,
        retriever: Retriever,
        scope: CorpusScope,
        facts: Mapping[str, DocumentFacts],
        tuning: AnswerTuning | None = None,
        llm: LLMAnswerer | None = None,
    ) -> None:
        self.retriever = retriever
        self.scope = scope
        self.facts = facts
        self.tuning = tuning or AnswerTuning()
        self.llm = llm

    # ---------------------------------------------------------------- deciding and choosing

    def _units(self, clause_id: str) -> tuple[str, ...]:
        clause = self.retriever.get_clause(clause_id)
        return clause.units if clause else ()

    def _candidates(self, question: Question, hits: Sequence[Hit], part: QuestionPart) -> list[Candidate]:
        vector = self.retriever.query_vector(question.text)
        told = question.circumstance if self.tuning.circumstance_weight > 0 else ""
        situation = self.retriever.query_vector(told) if told else None
        return score_units(
            hits,
            self._units,
            lambda cid: self.retriever.unit_similarities(cid, vector),
            question.topic_concepts,
            self.retriever.statistics.weight,
            part.asks,
            part.asking or part.text,
            self.tuning,
            prefer_national=not question.rule_places,
            circumstance=(lambda cid: self.retriever.unit_similarities(cid, situation)) if situation is not None else None,
        )

    @staticmethod
    def _within_places(hits: Sequence[Hit], places: PlaceScope, question: Question) -> list[Hit]:
        """The hits whose rules apply where the question is: a named place's own and the national ones;
        a question asking for the national rules (国家层面) alone gets those."""
        if question.rule_places:
            return [h for h in hits if h.region in places.regions]
        if question.national:
            national = [h for h in hits if h.region == NATIONAL]
            return national or list(hits)
        return list(hits)

    def evidence(self, question: Question, filters: SearchFilters | None = None) -> Evidence:
        """What retrieval found for the whole question, within the places that apply, and the signals of
        how close it is (``policyqa eval calibrate`` fits the confidence on these)."""
        # one search, read deeper than the candidates for the clauses a later part may quote from (the first
        # ``candidates`` hits are the same at any depth)
        deeper = self.retriever.retrieve(question, max(self.tuning.candidates, self.tuning.part_agreement_depth), filters)
        near = frozenset(h.clause_id for h in deeper.hits[: self.tuning.part_agreement_depth])
        retrieved = replace(deeper, hits=deeper.hits[: self.tuning.candidates])
        places = self.scope.places(question)
        pool = self._in_force_first(self._within_places(retrieved.hits, places, question), question)
        candidates = self._candidates(question, pool, question.parts[0])
        vector = self.retriever.query_vector(question.text)
        signals = read_signals(retrieved, [c.cosine for c in candidates], self.retriever.sentence_level(vector))
        return Evidence(retrieved, places, pool, candidates, signals, near)

    def draft(self, question: Question, filters: SearchFilters | None = None) -> Draft:
        tuning = self.tuning
        found = self.evidence(question, filters)
        hits, places, pool, candidates = found.retrieved.hits, found.places, found.pool, found.candidates
        missing = self.scope.missing(question)
        statements = [m.statement for m in missing] + [self.scope.place_statement(p, places.local) for p in places.uncovered]
        draft = Draft(question, hits, period=question_period(question.time_years))
        main_part = question.parts[0]
        draft.confidence = probability(found.signals, tuning.confidence)
        named = draft.named = question.references.names_document and any(h.match == "exact" for h in pool)
        if any(m.central for m in missing) or not candidates or (not named and draft.confidence < tuning.confidence.threshold):
            draft.refused = True
            draft.gaps = unique(statements)
            return draft

        candidates = stating_rules(candidates)
        exact = [h for h in pool if h.match == "exact"]
        asks_named_article = question.references.names_statute_article and question.asks("text")
        named_units = self._named_statute_units(question, exact) or self._named_statute_articles(question, exact)
        if named_units:
            # a lawyer naming an article's 款 or 项 (劳动合同法第四十条第三项), or an article without asking for the law
            # behind something else, is quoted that first, whatever the rest of the question asks; the answer to the
            # rest follows
            draft.points = list(named_units)
            if not asks_named_article:
                best = self._provision_before_its_items(self._rule_before_explanation(candidates), candidates)
                draft.points += [
                    p
                    for p in self._whole_question_points(best, candidates, national_first=not question.rule_places)
                    if not any(p.hit.clause_id == u.hit.clause_id for u in named_units)
                ]
        elif (question.references.names_clause or asks_named_article) and exact:
            # the user named the clause (or asked a law's article's text): it is quoted whole, as a lawyer asked for it
            draft.points = [Point(h, h.text) for h in exact[:2]]
        else:
            # a lawyer naming a notice (17号的发文机关…) asked about that notice, not the one it explains
            best = candidates[0] if question.references.names_document else self._rule_before_explanation(candidates)
            best = self._provision_before_its_items(best, candidates)
            draft.points = self._whole_question_points(best, candidates, national_first=not question.rule_places)
            if not question.references.names_document:  # a lawyer naming a notice asked about that notice
                draft.points += self._related_notice_points(draft.points, candidates)
            draft.points += self._statute_points(question, draft.points)
            draft.points += self._named_version_points(question, draft.points)
        if question.references.names_document or len(question.references.laws) > 1:
            draft.points = self._in_named_order(draft.points + self._unanswered_named(draft.points, candidates, question), question)
        # a lawyer asking first for the document's particulars (文号, 发文机关, 成文日期) is answered first from its 落款
        # a law's or notice's 施行 date asked (…条例什么时候开始施行的) is answered from the sentence saying it
        asks_particulars = main_part.kind in PARTICULARS or (main_part.kind == "number" and question.asks("issuer"))
        if asks_particulars and (signatures := self._particular_points(main_part, question, draft.points)):
            # who issued it and when: of a document named, its rules were not asked; of the rule the question
            # describes (看护孩子工资照发的规定是哪个部门发的), the rule is quoted after its signature
            signed = {p.hit.clause_id for p in signatures}
            named = question.references.names_document or question.references.laws
            draft.points = signatures + ([] if named else [p for p in draft.points if p.hit.clause_id not in signed])
        if main_part.kind in CITATION_KINDS:
            # which laws a notice cites, or which documents cite an article: the 引用 links read at ingestion
            cited, statement = self._citation_points(main_part, question, draft.points)
            if not cited and main_part.kind == "cites":
                # none found: the notice is identified by its 落款, not by rules that were not asked about
                cited = self._particular_points(main_part, question, draft.points, kind="issuer")
            draft.points = cited or draft.points
            statements += [statement] if statement else []
        chosen = {p.quote for p in draft.points}
        gaps = list(statements)
        if main_part.kind in STATED_FACTS and not states_fact(draft.points[0].quote, main_part.asks, main_part.asking):
            gaps.append(FACT_NOT_STATED[main_part.kind].format(main_part.asking))
        # a later part's point must be a clause the whole question's search ranks near it
        agreeing = found.near if tuning.part_agreement_depth else None
        for sub in question.subquestions[: tuning.max_later_parts]:
            if sub.parts[0].kind in PARTICULARS and (signatures := self._particular_points(sub.parts[0], question, draft.points)):
                fresh = [p for p in signatures if p.hit.clause_id not in {c.hit.clause_id for c in draft.points}]
                draft.points += fresh
                chosen.update(p.quote for p in fresh)
                continue
            point, gap = self._part_point(sub, question, pool, places, chosen, filters, agreeing)
            if point is not None:
                draft.points.append(point)
                chosen.add(point.quote)
            if gap:
                gaps.append(gap)
        draft.points = with_their_lists(draft.points)
        draft.gaps = unique(gaps)
        return draft

    def _whole_question_points(self, best: Candidate, candidates: Sequence[Candidate], national_first: bool) -> list[Point]:
        """The lead sentence (``best``, as its representative prints it); the best sentence of the other place's
        rules (national beside local) when it scores near the lead, first when it is the rule of where the user
        is (the national rule when the question names no place, the named place's own when it names one);
        further sentences that score nearly as well and say something else."""
        tuning = self.tuning
        lead = self._representative(best, candidates, national_first)
        points = [Point(lead.hit, lead.quote)]
        other_place = next(
            (
                c
                for c in candidates
                if c.hit.region != lead.hit.region
                and c.score >= tuning.other_place_ratio * lead.score
                and self._near_in_meaning(c)
            ),
            None,
        )
        if other_place is not None:
            # the rule of where the user is leads: their named place's own; with no place named, the national
            # rule when it answers about as well (it is a default, not what they told)
            own_rule = (
                (other_place.hit.region == NATIONAL) == national_first
                and other_place.hit.doc_type in AUTHORITATIVE
                and (not national_first or other_place.score >= tuning.national_first_ratio * lead.score)
            )
            points.insert(0 if own_rule else 1, Point(other_place.hit, other_place.quote))
        for c in candidates[1:]:
            if len(points) >= tuning.max_points:
                break
            if c.score < tuning.second_point_ratio * lead.score:
                break
            if c.hit.region != lead.hit.region and not self._near_in_meaning(c):
                continue  # another place's rule beside the lead meets the other-place bar, whichever way it comes
            same_clause = any(c.hit.clause_id == p.hit.clause_id for p in points)
            if same_clause and c.cosine < lead.cosine - tuning.second_point_cosine_gap:
                continue  # another sentence of a quoted clause needs its own evidence of meaning
            if any(c.quote == p.quote or same_wording(c.quote, p.quote) for p in points):
                continue
            points.append(Point(c.hit, c.quote))
        return points

    @staticmethod
    def _named_statute_units(question: Question, exact: Sequence[Hit]) -> list[Point]:
        """The 款 and 项 the question names of a law's articles (第四十条第三项), each quoted as printed, from the
        named articles retrieval put first; a unit the article does not have is not quoted (the scope says so)."""
        points: list[Point] = []
        for law in question.references.laws:
            for article, unit in law.units:
                hit = next((h for h in exact if h.label == article and law.name in h.title), None)
                if hit is None:
                    continue
                exact_unit = [u for u in hit.subdivisions if u.label == unit]
                # 第一项 of an article of several 款 names the item wherever it is, when only one 款 has it
                inside = exact_unit or [u for u in hit.subdivisions if u.label.endswith(unit) and "款第" in u.label]
                if len(inside) == 1:
                    points.append(Point(hit, hit.text[inside[0].start : inside[0].end].strip()))
        return points

    @staticmethod
    def _named_statute_articles(question: Question, exact: Sequence[Hit]) -> list[Point]:
        """The articles the question names of a law (工伤保险条例第十四条哪些情形…), each quoted whole, in every version
        held: what a lawyer named is what is quoted first. Not when the question asks which provision is the basis
        of something (《传染病防治法》第四十一条针对的是甲类…，法律依据是哪一条): the article named is then the
        premise, not the answer; nor when it names a circular's clause too (that clause is quoted first)."""
        refs = question.references
        if not refs.names_statute_article or refs.names_document or question.asks("basis"):
            return []
        named = [(law.name, article) for law in refs.laws for article in law.articles]
        return [
            Point(h, h.text)
            for h in exact
            if any(h.label == article and name in h.title for name, article in named)
        ]

    def _particular_points(
        self, part: QuestionPart, question: Question, points: Sequence[Point], kind: str | None = None
    ) -> list[Point]:
        """A document's particulars a part asks, as the document prints them: who issued it and when (its 落款, the
        issuers and the date under the text; a statute's 题注, adopted and amended, when and by whom), or from when
        it applies (本条例自2020年5月1日起施行). The document is the one the part names (17号的发文机关…), else one
        the question names, else the one the answer leads with."""
        def named_in(ref: References) -> list[str]:
            return self.retriever.documents_named(ref) + self.retriever.documents_titled(ref) + self.retriever.laws_named(ref)

        named = named_in(self.retriever.reader.read(part.text).references) or named_in(question.references)
        doc_ids = named or ([points[0].hit.doc_id] if points else [])
        if (kind or part.kind) == "effective":
            # a notice that does not say from when it applies: its 落款 dates it (the answer says the rest is unstated)
            effects = [self._effect_point(doc_id) for doc_id in doc_ids]
            if any(effects):
                return [point for point in effects if point is not None]
        signed = (self.retriever.hit(f"{doc_id}#{CLOSING}") or self.retriever.hit(f"{doc_id}#{HISTORY}") for doc_id in doc_ids)
        return [Point(hit, hit.text) for hit in signed if hit is not None]

    def _citation_points(self, part: QuestionPart, question: Question, points: Sequence[Point]) -> tuple[list[Point], str]:
        """The sentences printing a citation of a statute: those of the document the part names (人社部发〔2020〕8号
        引用了哪些法律), or those citing the article it names (哪些文件引用了劳动合同法第四十条), each as printed; and,
        when there are none, the statement that none was found."""
        refs = self.retriever.reader.read(part.text).references
        if part.kind == "cited_by":
            articles = self.retriever.statute_articles_named(refs) or self.retriever.statute_articles_named(question.references)
            if not articles:
                return [], ""
            found = [r for cid in articles for r in self.retriever.cited_by(cid) if not r.is_internal]
            named = "、".join(f"{law.name}{''.join(law.articles)}" for law in (refs.laws or question.references.laws))
            missing = f"现有文件中没有找到引用{named}的条文。"
        else:
            docs = (
                self.retriever.documents_named(refs) + self.retriever.documents_titled(refs) + self.retriever.laws_named(refs)
            ) or self.retriever.documents_named(question.references) + self.retriever.documents_titled(question.references)
            docs = docs or ([points[0].hit.doc_id] if points else [])
            found = [r for d in docs for c in self.retriever.clauses_of(d) for r in self.retriever.cites(c.clause_id) if not r.is_internal]
            names = [h.doc_number or f"《{h.title}》" for d in docs if (h := self._first_clause_hit(d)) is not None]
            missing = f"在{'、'.join(names)}的条文中没有找到对法律、法规的引用。" if names else ""
        cited: list[Point] = []
        for reference in found:
            hit = self.retriever.hit(reference.source_clause_id)
            if hit is None:
                continue
            quote = next((u for u in self._units(hit.clause_id) if reference.printed in u), hit.text)
            if all(quote != p.quote for p in cited):
                cited.append(Point(hit, quote))
        return cited[: self.tuning.max_citing_points], "" if cited else missing

    def _first_clause_hit(self, doc_id: str) -> Hit | None:
        """A hit of the document's first clause: what its title, 文号 and issuer are read from."""
        clauses = self.retriever.clauses_of(doc_id)
        return self.retriever.hit(clauses[0].clause_id) if clauses else None

    def _effect_point(self, doc_id: str) -> Point | None:
        """The sentence of a document saying from when it applies (本解释自2021年1月1日起施行), in its clause."""
        facts = self.facts.get(doc_id)
        if facts is None or not facts.validity:
            return None
        clause = next((c for c in self.retriever.clauses_of(doc_id) if facts.validity in c.text), None)
        hit = self.retriever.hit(clause.clause_id) if clause is not None else None
        return Point(hit, facts.validity) if hit is not None else None

    def _unanswered_named(self, points: Sequence[Point], candidates: Sequence[Candidate], question: Question) -> list[Point]:
        """For a question naming several documents by 文号 (17号与13号是什么关系) or several laws (年休假条例和实施办法
        有什么区别), the best sentence of each named one no point quotes yet: it asked about every one of them."""
        named = self._named_each(question)
        if len(named) < 2:
            return []
        quoted = {p.hit.doc_id for p in points}
        added: list[Point] = []
        for documents in named:
            if quoted.intersection(documents):
                continue
            best = next((c for c in candidates if c.hit.doc_id in documents), None)
            if best is not None:
                added.append(Point(best.hit, best.quote))
                quoted.add(best.hit.doc_id)
        return added

    def _named_each(self, question: Question) -> list[list[str]]:
        """The documents each 文号 names, in the order the question names them; of a question naming no 文号, each
        law's versions (laws named beside a notice are what the notice is read against, not what is compared)."""
        refs = question.references
        return self.retriever.documents_named_each(refs) if refs.names_document else self.retriever.laws_named_each(refs)

    def _in_named_order(self, points: Sequence[Point], question: Question) -> list[Point]:
        """Points from the documents a question names by 文号, in the order it names them (A与B分别怎么要求: A's
        rule, then B's), whatever their scores; points from other documents follow. Laws named likewise."""
        named = self._named_each(question)
        if len(named) < 2:
            return list(points)
        order: dict[str, int] = {}
        for n, documents in enumerate(named):
            for doc_id in documents:
                order.setdefault(doc_id, n)  # a partial 文号 naming two documents leaves their order to the scores
        return sorted(points, key=lambda p: order.get(p.hit.doc_id, len(named)))

    def _provision_before_its_items(self, best: Candidate, candidates: Sequence[Candidate]) -> Candidate:
        """The best sentence, or, when it is one item of a provision (二、5. of 二、; 一、（二）3. of 一、（二）) and
        the provision's own best sentence scores near it, that one: the provision states the rule its items spell
        out, and which of the two wins a near tie moves with the wording. A provision that prints only its
        heading (三、协商处理…的工资待遇问题) states no rule and does not lead."""
        return next(
            (
                c
                for c in candidates
                if c.hit.doc_id == best.hit.doc_id
                and c.hit.label != best.hit.label
                and best.hit.label.startswith(c.hit.label)
                and c.score >= self.tuning.provision_first_ratio * best.score
                and not _only_its_heading(c)
            ),
            best,
        )

    def _near_in_meaning(self, candidate: Candidate) -> bool:
        """The meaning retriever also ranks the candidate's clause high: words a story shares with another place's
        rule for another circumstance (在家, 出勤) do not make it near the question."""
        rank = candidate.hit.dense_rank
        return rank is not None and rank <= self.tuning.other_place_dense_depth

    def _rule_before_explanation(self, candidates: Sequence[Candidate]) -> Candidate:
        """The best sentence, or, when it comes from a notice explaining another (17号 说明 13号) and the explained
        notice's best sentence scores near it, that one: the rule leads and its explanation follows. A Q&A or a news
        item retelling a rule likewise gives way to a notice or a statute answering nearly as well."""
        best = candidates[0]
        if best.hit.doc_type not in AUTHORITATIVE:
            # a Q&A or a news item retelling a rule: the rule itself leads when it answers nearly as well
            return next(
                (c for c in candidates if c.hit.doc_type in AUTHORITATIVE and c.score >= self.tuning.retold_rule_ratio * best.score),
                best,
            )
        facts = self.facts.get(best.hit.doc_id)
        if facts is None or not facts.clarifies:
            return best
        return next(
            (
                c
                for c in candidates
                if c.score >= self.tuning.explained_rule_ratio * best.score
                and any(is_document(c.hit, key) for key in facts.clarifies)
            ),
            best,
        )

    def _related_notice_points(self, points: Sequence[Point], candidates: Sequence[Candidate]) -> list[Point]:
        """The best sentence of a notice that explains a cited one, or that a cited one explains (17号 on
        13号's 看护未成年子女): the documents themselves say they are read together."""
        cited_docs = {p.hit.doc_id for p in points}
        linked: set[str] = set()
        for doc_id in cited_docs:
            facts = self.facts.get(doc_id)
            if facts is not None:
                linked.update(facts.clarified_by)
                linked.update(facts.clarifies)
        added: list[Point] = []
        for key in linked:
            best = next(
                (
                    c
                    for c in candidates
                    if c.hit.doc_id not in cited_docs
                    and is_document(c.hit, key)
                    and c.hit.doc_type in AUTHORITATIVE
                ),
                None,
            )
            if best is not None:
                added.append(Point(best.hit, best.quote))
                cited_docs.add(best.hit.doc_id)
        return added

    def _representative(self, best: Candidate, candidates: Sequence[Candidate], national_first: bool) -> Candidate:
        """The rule the best sentence states, as printed by the document that should speak for it: several
        notices print the same rule in nearly the same words (5号 第一条 and the Beijing notice's 一、（一）1.),
        and a question worded another way must still lead with the same one. The national text when the
        question names no place; else the named place's own; then a notice before a Q&A or news, the
        earliest, the smallest id — an order that does not depend on the wording of the question."""
        near = [c for c in candidates if c.score >= self.tuning.second_point_ratio * best.score]
        family = [c for c in near if c.quote == best.quote or same_wording(c.quote, best.quote, overlap=0.8)]

        def preference(c: Candidate) -> tuple[int, int, str, str]:
            own_place = (c.hit.region == NATIONAL) == national_first
            return (0 if own_place else 1, 0 if c.hit.doc_type in AUTHORITATIVE else 1, c.hit.date or "9999", c.hit.clause_id)

        return min(family, key=preference)

    def _statute_points(self, question: Question, points: Sequence[Point]) -> list[Point]:
        """The statute article a quoted circular cites (resolved at ingestion), when the question asks for the
        law behind the rule or names that law: the circular and the article are cited together."""
        named = {law.name for law in question.references.laws}
        asks_basis = question.asks("basis")
        if not (asks_basis or named):
            return []
        quoted = {p.hit.clause_id for p in points}
        vector = self.retriever.query_vector(question.text)
        added: list[Point] = []
        for point in points:
            for reference in self.retriever.cites(point.hit.clause_id):
                target = reference.target_clause_id
                if target is None or target in quoted or not (asks_basis or reference.law in named):
                    continue
                hit = self.retriever.hit(target)
                units = self._units(target)
                if hit is None or not units:
                    continue
                added.append(Point(hit, self._nearest_unit(target, units, vector)))
                quoted.add(target)
        return added

    def _named_version_points(self, question: Question, points: Sequence[Point]) -> list[Point]:
        """A quoted statute article's counterpart in a version the question names by year (2001年《若干问题的
        解释》怎么表述的): a lawyer comparing the texts is shown both."""
        if not question.text_years:
            return []
        quoted = {p.hit.clause_id for p in points}
        vector = self.retriever.query_vector(question.text)
        added: list[Point] = []
        for point in points:
            for other in self._same_provision(point.hit.clause_id):
                hit = self.retriever.hit(other.clause_id)
                if other.clause_id in quoted or hit is None or not other.units or not self._names_version(question, other.doc_id):
                    continue
                added.append(Point(hit, self._nearest_unit(other.clause_id, other.units, vector)))
                quoted.add(other.clause_id)
        return added

    def _nearest_unit(self, clause_id: str, units: Sequence[str], vector: np.ndarray) -> str:
        """The clause's quotable unit nearest the question in meaning (the first when no unit vectors)."""
        similarities = self.retriever.unit_similarities(clause_id, vector)
        return units[max(range(len(units)), key=lambda i: float(similarities[i]) if i < len(similarities) else 0.0)]

    def _part_point(
        self,
        sub: Question,
        question: Question,
        pool: Sequence[Hit],
        places: PlaceScope,
        chosen: set[str],
        filters: SearchFilters | None,
        agreeing: frozenset[str] | None = None,
    ) -> tuple[Point | None, str | None]:
        """The sentence that answers one later part (its own search, with the first part's topic carried),
        or the statement that nothing does; a part asking a date or an amount the sentence does not state
        is told so. ``agreeing``: the clauses the whole question's search ranks near it; a sentence of any
        other clause is not added (the part alone carries too little of the story to be trusted on it)."""
        part = sub.parts[0]
        retrieved: Retrieved = self.retriever.retrieve(sub, self.tuning.part_candidates, filters)
        own = self._within_places(retrieved.hits, places, question)
        seen = {h.clause_id for h in own}
        hits = self._in_force_first(own + [h for h in pool if h.clause_id not in seen], question)
        candidates = self._candidates(sub, hits, part)
        if not candidates:
            return None, NOT_FOUND_FOR.format(part.asking)
        level = self.retriever.sentence_level(self.retriever.query_vector(sub.text))
        confidence = probability(
            read_signals(retrieved, [c.cosine for c in candidates], level), self.tuning.confidence
        )
        if confidence < self.tuning.confidence.threshold:
            return None, NOT_FOUND_FOR.format(part.asking)
        best = stating_rules(candidates)[0]
        if part.kind in STATED_FACTS and not best.states_fact:
            if any(c.states_fact and any(c.quote in quoted for quoted in chosen) for c in candidates):
                # the part's own search finds a sentence already quoted that states it (稳岗返还怎么申请？什么时候
                # 截止？: the 申报流程 quoted for the first part gives the dates): told, not denied
                return None, None
            # the fact asked is not stated: saying so is the answer, a sentence that does not state it is not
            return None, FACT_NOT_STATED[part.kind].format(part.asking)
        if any(best.quote in quoted for quoted in chosen):
            return None, None  # already quoted, alone or inside a whole article
        if agreeing is not None and best.hit.clause_id not in agreeing:
            return None, None  # the two searches disagree: no point, and no claim that nothing answers it
        return Point(best.hit, best.quote), None

    # ---------------------------------------------------------------- writing the answer out

    def ask(self, question: Question, filters: SearchFilters | None = None) -> AskResponse:
        draft = self.draft(question, filters)
        if draft.refused:
            return self.refusal(draft)
        answer, citations = None, []
        if self.llm is not None:
            try:
                answer, citations = self.llm.answer(question.text, self._clauses_of(draft))
            except Exception as exc:  # noqa: BLE001 - any LLM failure falls back to the extractive answer
                log.warning("LLM answer failed (%s); falling back to the extractive answer", exc)
                answer = None
        if answer is None or not citations:
            answer, citations = compose(draft.points, draft.hits, draft.gaps, self.tuning.restated_min_chars)
        return self.finish(draft, answer, citations)

    def stream(self, question: Question, filters: SearchFilters | None = None) -> Iterator[str | AskResponse]:
        """Yield the answer's text as it is produced (point by point, or as the LLM writes), then the verified
        ``AskResponse``."""
        draft = self.draft(question, filters)
        if draft.refused:
            response = self.refusal(draft)
            yield response.answer
            yield response
            return
        if self.llm is not None:
            text = ""
            chosen = self._clauses_of(draft)
            try:
                for piece in self.llm.stream(question.text, chosen):
                    text += piece
                    yield piece
                answer, citations = self.llm.parse(text, chosen)
            except Exception as exc:  # noqa: BLE001 - any LLM failure falls back to the extractive answer
                log.warning("LLM stream failed (%s); falling back to the extractive answer", exc)
                answer, citations = None, []
            if answer and citations:
                yield self.finish(draft, answer, citations)
                return
        lines: list[str] = []
        citations = []
        for line, cited in compose_lines(draft.points, draft.hits, self.tuning.restated_min_chars):
            yield ("\n" if lines else "") + line
            lines.append(line)
            citations.extend(cited)
        for gap in draft.gaps:
            yield "\n" + gap
            lines.append(gap)
        yield self.finish(draft, "\n".join(lines), citations)

    @staticmethod
    def _clauses_of(draft: Draft) -> list[Hit]:
        return list({p.hit.clause_id: p.hit for p in draft.points}.values()) or draft.hits[:5]

    def _in_force_first(self, hits: Sequence[Hit], question: Question) -> list[Hit]:
        """A statute text not in force at the time the question is about answers only when no text in force
        does, and gives way to the same provision in the version that was (retrieval brings it in), unless the
        question names it by year (2020年《解释（一）》新增的吗)."""
        period = question_period(question.time_years)
        in_force = [h for h in hits if hit_in_force(h, period) or self._names_version(question, h.doc_id)]
        then = {h.clause_id for h in in_force}
        return in_force + [
            h for h in hits if h.clause_id not in then and not then.intersection(self.retriever.counterparts(h.clause_id))
        ]

    def _names_version(self, question: Question, doc_id: str) -> bool:
        doc = self.retriever.get_document(doc_id)
        return bool(question.text_years and doc and (doc.replaces or doc.replaced_by) and doc.version_year in question.text_years)

    def _same_provision(self, clause_id: str) -> list[Clause]:
        """The same provision in the statute's other versions (ingest/counterparts.py)."""
        return [c for c in map(self.retriever.get_clause, self.retriever.counterparts(clause_id)) if c is not None]

    def _is_circular(self, doc_id: str) -> bool:
        doc = self.retriever.get_document(doc_id)
        return doc is None or not doc.doc_type.is_statute

    def refusal(self, draft: Draft) -> AskResponse:
        return AskResponse(
            question=draft.question.asked,
            standalone_question=draft.question.text,
            answer=NO_ANSWER + "".join(draft.gaps),
            abstained=True,
            citations=[],
            related=list(draft.hits[:3]),
            notes=[ASK_AGAIN, CHECK_CURRENT_RULES],
            gaps=draft.gaps,
            confidence=round(draft.confidence, 3),
        )

    def finish(self, draft: Draft, answer: str, citations: list[Citation]) -> AskResponse:
        def clause_text(clause_id: str) -> str | None:
            clause = self.retriever.get_clause(clause_id)
            return clause.text if clause else None

        verified = verify_citations(citations, clause_text)
        if not verified:
            draft.refused = True
            return self.refusal(draft)
        for n in {c.n for c in citations} - {c.n for c in verified}:
            answer = answer.replace(f"[{n}]", "")
        cited = {c.clause_id for c in verified}
        unsure = not draft.named and draft.confidence < self.tuning.confidence.hedge_below
        return AskResponse(
            question=draft.question.asked,
            standalone_question=draft.question.text,
            answer=answer,
            abstained=False,
            citations=verified,
            related=[h for h in draft.hits[:5] if h.clause_id not in cited][:3],
            notes=([LOW_CONFIDENCE] if unsure else [])
            + version_notes(verified, self.retriever.get_document, draft.period, self._same_provision)
            + context_notes(verified, self.facts.get, epidemic_rules=any(self._is_circular(c.doc_id) for c in verified)),
            gaps=draft.gaps,
            confidence=round(draft.confidence, 3),
        )
