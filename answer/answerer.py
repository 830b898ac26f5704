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
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from answer.choose import Candidate, about_the_ask, score_units, states_fact, states_multiple
from answer.citations import verify_citations
from answer.compose import NO_ANSWER, Point, compose, compose_lines
from answer.confidence import Signals, probability, read_signals
from answer.lead import (
    provision_before_its_items,
    related_notice_points,
    rule_before_explanation,
    stating_rules,
    whole_question_points,
)
from answer.llm import LLMAnswerer
from answer.models import AskResponse, Citation
from answer.named import NamedPoints, is_signature
from answer.notes import ASK_AGAIN, CHECK_CURRENT_RULES, LOW_CONFIDENCE, DocumentFacts, context_notes
from answer.scope import CorpusScope, PlaceScope, unique
from answer.statutes import StatuteLinks, asked_law_points, numbered_circular, with_basis
from answer.tuning import AnswerTuning
from answer.versions import hit_in_force, later_law_notes, version_end, version_notes
from ingest.sentences import with_its_list
from ingest.statutes import says_only_when_in_force
from lexicon import STATED_FACTS
from lexicon.grammar import find_doc_numbers
from lexicon.places import NATIONAL
from query.parts import QuestionPart, asking_clause
from query.period import Period, question_period
from query.question import Question
from retrieval.models import Hit, SearchFilters
from retrieval.retriever import Retrieved, Retriever

log = logging.getLogger(__name__)

_CLAUSE_BREAK = re.compile(r"[，,；;。：:]")


NOT_FOUND_FOR = "现有文件中没有找到直接回答以下问题的规定：“{}”。"
CITATION_KINDS = ("cites", "cited_by")  # asked kinds answered from the citations between documents
# asked kinds answered from the document's own 落款, 题注, 施行 or 有效期 sentence; a 文号 asked is printed by the citation
# of the 落款 (or said not to exist)
PARTICULARS = ("issuer", "effective", "expiry", "number")
NO_DOC_NUMBER = "现有文件未载明《{}》的文号。"
# a date, a length of time or an amount is checked in the sentences found for the part, not in every clause: the claim
# says so (公司协商解除…能拿几个月 once said 现有文件未载明, while 劳动合同法第四十七条, which the search missed, states it).
# A document's own 施行 or 有效期 is checked in that document
FACT_NOT_STATED = {
    "date": "所找到的条文未载明“{}”所问的具体日期。",
    "duration": "所找到的条文未载明“{}”所问的具体期限。",
    "amount": "所找到的条文未载明“{}”所问的具体数额。",
    "money": "所找到的条文未载明“{}”所问的具体金额。",
    "effective": "现有文件未载明“{}”所问的施行日期。",
    "expiry": "现有文件未载明“{}”所问的失效日期或有效期。",
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
    # said before the points: which document the answer reads for the one named (现有文件中没有京人社劳字〔2019〕17号，只有…，
    # 以下按该文件回答), so a lawyer knows before the quotes that they are not from the number asked
    preface: list[str] = field(default_factory=list)
    refused: bool = False
    confidence: float = 0.0
    named: bool = False  # the question names a document the corpus holds: confidence does not judge it
    period: Period = field(default_factory=lambda: question_period(()))  # the time the question is about


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


def rule_before_particulars(points: Sequence[Point], later_rule: Point | None = None) -> list[Point]:
    """A document's 落款 or a law's 题注 quoted for its particulars (文号, issuer, date) leads only an answer to nothing
    else (the caller asks): asked a rule besides (文号是什么？假期延长到哪天), the rule leads and its citation names the
    document and its 文号, the 落款 right after it saying who issued it and when. The rule is the signed document's: the
    one a later part asking of it found (``later_rule``: …的范围界定在第几条 found 17号 一、), else its first quoted;
    none, none moves."""
    if not points or not is_signature(points[0].hit):
        return list(points)
    signed = {p.hit.doc_id for p in points if is_signature(p.hit)}
    rules = [*([later_rule] if later_rule is not None else []), *points]
    rule = next((p for p in rules if p.hit.doc_id in signed and not is_signature(p.hit)), None)
    if rule is None:
        return list(points)
    return [rule, *(p for p in points if p is not rule)]


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
        self.named = NamedPoints(retriever, facts, self.tuning.max_citing_points)
        self.statutes = StatuteLinks(retriever)

    # ---------------------------------------------------------------- deciding and choosing

    def _candidates(self, question: Question, hits: Sequence[Hit], part: QuestionPart) -> list[Candidate]:
        vector = self.retriever.query_vector(question.text)
        told = question.circumstance if self.tuning.circumstance_weight > 0 else ""
        situation = self.retriever.query_vector(told) if told else None
        return score_units(
            hits,
            self.retriever.units,
            lambda cid: self.retriever.unit_similarities(cid, vector),
            # a concept no clause says (公司员工, 心脏病) tells no sentence from another; counted, it only shrinks the
            # share of the concepts that do (隔离 of 北京朝阳区的公司员工隔离工资怎么发 in 京人社劳字〔2020〕11号 二、)
            [c for c in question.topic_concepts if self.retriever.statistics.used(c)],
            self.retriever.statistics.weight,
            part.asks,
            part.asking or part.text,
            self.tuning,
            prefer_national=not question.rule_places,
            years=question.time_years,
            circumstance=(lambda cid: self.retriever.unit_similarities(cid, situation)) if situation is not None else None,
            places=list(dict.fromkeys(name for place in question.rule_places for name in place.lineage)),
            not_in=list(
                dict.fromkeys(
                    [
                        *(name for place in question.not_in for name in (place.short, place.name)),
                        *self.scope.provinces_elsewhere(question),
                    ]
                )
            ),
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
        pool = self.statutes.in_force_first(self._within_places(retrieved.hits, places, question), question)
        candidates = self._candidates(question, pool, question.parts[0])
        signals = read_signals(retrieved, [c.cosine for c in candidates], self.retriever.sentence_standout(question.text))
        return Evidence(retrieved, places, pool, candidates, signals, near)

    def draft(self, question: Question, filters: SearchFilters | None = None) -> Draft:
        tuning = self.tuning
        found = self.evidence(question, filters)
        hits, places, pool, candidates = found.retrieved.hits, found.places, found.pool, found.candidates
        missing = self.scope.missing(question)
        draft = Draft(question, hits, period=question_period(question.time_years))
        main_part = question.parts[0]
        draft.confidence = probability(found.signals, tuning.confidence)
        named = draft.named = question.references.names_document and any(h.match == "exact" for h in pool)
        if named and not question.references.has_topic:
            # asked only what a named document says (人社部发〔2020〕11号规定了什么): that document answers, not a Q&A
            # retelling it, however near in meaning
            candidates = [c for c in candidates if c.hit.match == "exact"] or candidates
        refused = any(m.central for m in missing) or not candidates or (not named and draft.confidence < tuning.confidence.threshold)
        statements = [m.statement for m in missing] + [
            self.scope.place_statement(p, places.local, quoting=not refused) for p in places.uncovered
        ]
        if refused:
            draft.refused = True
            draft.gaps = unique(statements)
            return draft
        substituted = [m.statement for m in missing if m.what == "misdated"]
        draft.preface = unique(f"{s.removesuffix('。')}，以下按该文件回答。" for s in substituted)
        statements = [s for s in statements if s not in substituted]

        candidates = stating_rules(candidates)
        exact = [h for h in pool if h.match == "exact"]
        asks_named_article = question.references.names_statute_article and question.asks("text")
        named_units = self.named.statute_units(question, exact) or self.named.statute_articles(question, exact)
        if named_units:
            # a lawyer naming an article's 款 or 项 (劳动合同法第四十条第三项), or an article without asking for the law
            # behind something else, is quoted that first, whatever the rest of the question asks; the answer to the
            # rest follows
            draft.points = list(named_units)
            # the same provision in another text the question names by year (突发事件应对法（2007年）第六十一条…2024年修订后的
            # 新版本怎么规定的): its number there is another provision's
            draft.points += self.statutes.named_version_points(question, draft.points)
            if not asks_named_article:
                best = provision_before_its_items(rule_before_explanation(candidates, self.facts, tuning), candidates, tuning)
                draft.points += [
                    p
                    for p in whole_question_points(best, candidates, not question.rule_places, tuning, self.named.follows)
                    if not any(p.hit.clause_id == u.hit.clause_id for u in named_units)
                ]
        elif (question.references.names_clause or asks_named_article) and exact:
            # the user named the clause (or asked a law's article's text): it is quoted whole, as a lawyer asked for it
            draft.points = [Point(h, h.text) for h in exact[:2]]
            if main_part.kind == "basis" or any(not law.articles for law in question.references.laws):
                # …and the law behind it, asked of it (人社厅明电〔2020〕5号第二条的出处是哪个规章的哪一条), or the articles it
                # cites of a law named beside it (人社厅明电〔2020〕5号第一条…劳动合同法里原文怎么说: 第四十条、第四十一条)
                basis, unstated = self.statutes.basis_points(question, draft.points)
                draft.points = with_basis(draft.points, basis)
                statements += [unstated] if unstated else []
        else:
            # a lawyer naming a notice (17号的发文机关…) asked about that notice, not the one it explains nor another
            # the search ranks first (京人社劳字〔2020〕17号的依据是什么 led with 11号 二、)
            best = (
                next((c for c in candidates if c.hit.match == "exact"), candidates[0])
                if question.references.names_document
                else rule_before_explanation(candidates, self.facts, tuning)
            )
            best = provision_before_its_items(best, candidates, tuning)
            draft.points = whole_question_points(best, candidates, not question.rule_places, tuning, self.named.follows)
            asks_grounds = question.references.names_document and main_part.kind == "basis"
            grounds = self.named.grounds(question) if asks_grounds else []
            if not question.references.names_document:  # a lawyer naming a notice asked about that notice
                draft.points += related_notice_points(draft.points, candidates, self.facts)
            elif grounds:
                # what a named notice rests on is what its preamble says it executes or follows; of the rest, only the
                # notice's own rules stand beside it
                draft.points = grounds + [p for p in draft.points if p.hit.match == "exact"]
            # a notice whose preamble names the document it executes rests on that: no article is looked for by wording
            basis, unstated = self.statutes.basis_points(question, draft.points, restate=not grounds)
            draft.points = with_basis(draft.points, basis)
            statements += [unstated] if unstated else []
            if not question.references.names_document and question.asks("basis"):
                draft.points += asked_law_points(draft.points, candidates, tuning)
            draft.points += self.statutes.named_version_points(question, draft.points)
        # asked of a named notice's rule where the user is, the local notice following it leads (…北京有没有配套的实施文件)
        draft.points = self.named.local_followers(question, draft.points) + draft.points
        draft.points = self.statutes.later_law_first(question, draft.points, candidates)
        draft.points = self.statutes.elaborated_first(question, draft.points, candidates)
        draft.points += self.statutes.named_law_points(question, draft.points, candidates)
        # asked what the lead article is in its law's other version (新法对应的是第几条): that article, next to it
        draft.points[1:1] = self.statutes.counterpart_points(question, draft.points[:1], draft.points)
        in_asked_text = (
            [self.statutes.names_asked_version(question, p.hit.doc_id) for p in draft.points] if question.asks("counterpart") else []
        )
        if in_asked_text and not in_asked_text[0]:
            # …in a text it names by year (（2007年）第六十一条在2024年文本中对应哪一条): that text's article is the answer and leads
            order = sorted(range(len(draft.points)), key=lambda i: not in_asked_text[i])
            draft.points = [draft.points[i] for i in order]
        # …and, after a law's permission it leads with, the article of that law ruling it out in cases (第四十二条 after 第四十条)
        draft.points[1:1] = self.statutes.exception_points(question, draft.points)
        draft.points = self.statutes.exception_first(question, draft.points)
        # a law named without an article in the first part of a question naming no 文号 (上面说的规则是工资支付暂行规定
        # 哪一条？, the circular only carried from the answer before): its article leads the circular applying it; articles
        # named (哪份通知明确不得依据劳动合同法第四十条…) describe what is asked for, and a notice the user names leads
        names_no_document = not find_doc_numbers(question.asked)
        law_asked_first = names_no_document and any(
            law.name in main_part.text and not law.articles for law in question.references.laws
        )
        # …and the law behind the rule the previous answer led with, asked by pointing at it (这条依据的是哪个法？ the
        # notice only carried from that answer): the article answering it leads, not the rule the user has just read
        basis_of_carried_rule = (
            main_part.kind == "basis"
            and question.text != question.asked
            and (question.references.names_document or bool(question.references.titles) or bool(question.references.laws))
            and names_no_document
            and not any(name in question.asked for name in (*question.references.titles, *(law.name for law in question.references.laws)))
        )
        laws = set(self.retriever.laws_named(question.references))
        if question.references.names_document or len(question.references.laws) > 1:
            draft.points = self.named.in_named_order(draft.points + self.named.unanswered(draft.points, candidates, question), question)
        if law_asked_first:
            draft.points = sorted(draft.points, key=lambda p: p.hit.doc_id not in laws)
        elif basis_of_carried_rule:
            draft.points = sorted(draft.points, key=lambda p: not p.hit.quotes_a_statute)
        draft.points = self.statutes.in_force_first_points(question, draft.points)
        if not (question.asks("effective") or question.asks("date")):
            # an article saying when its text takes effect answers no other question (请给出2024年11月1日起施行的修订文本
            # 对应条文 led with 本法自2024年11月1日起施行: statutes58 t58-06, conversations57b k57b-06); it goes last
            draft.points = sorted(draft.points, key=lambda p: p.hit.quotes_a_statute and says_only_when_in_force(p.hit.text))
        if draft.points and all(p.hit.quotes_a_statute and hit_in_force(p.hit, draft.period) for p in draft.points):
            # the years the circulars lack are said of the circulars: an answer quoting none of them, only statutes in
            # force then (离职一年多…2023年底了，还能去申请劳动仲裁吗), is not about them (statutes55 t55-04, t55-27, t55-35)
            years_lacked = {m.statement for m in missing if m.what == "year"}
            statements = [s for s in statements if s not in years_lacked]
        # a lawyer asking first for the document's particulars (文号, 发文机关, 成文日期) is answered first from its 落款
        # a law's or notice's 施行 date asked (…条例什么时候开始施行的) is answered from the sentence saying it
        ended: list[str] = []  # until when each replaced statute text asked about applied (versions table)
        if question.asks("number") and not question.references.names_document:
            # a 文号 asked beside a law's article (仲裁时效中止有无专门文件（文号）？…调解仲裁法第二十七条哪一款): a law prints none,
            # the circular on the matter does; quoted the article alone, the answer led with the law's 题注 (t62-20, s57-36)
            draft.points += numbered_circular(draft.points, candidates, tuning)
        if main_part.kind in PARTICULARS and (signatures := self.named.particulars(main_part, question, draft.points)):
            # who issued it and when: of a document named, its rules were not asked; of the rule the question
            # describes (看护孩子工资照发的规定是哪个部门发的), the rule is quoted after its signature
            signed = {p.hit.clause_id for p in signatures}
            named = question.references.names_document or any(p.hit.doc_id in laws for p in signatures)
            # the signed document's own rules first, then what it cites (援引劳动合同法第40条…的那份明电: the 明电's rule, then
            # the articles)
            signers = {p.hit.doc_id for p in signatures}
            described = sorted((p for p in draft.points if p.hit.clause_id not in signed), key=lambda p: p.hit.doc_id not in signers)
            draft.points = signatures + ([] if named else described)
            statements += self._unnumbered(signatures) if main_part.kind == "number" else []
            ended = self._ended(signatures) if main_part.kind == "expiry" else []
            statements += ended
        if main_part.kind == "count" and (counts := self.scope.article_counts(question)):
            # how many articles a named law or notice has: its last article quoted, the count said (the corpus's own
            # labels, not a figure any sentence states)
            last = [hit for _, clause_id in counts if (hit := self.retriever.hit(clause_id)) is not None]
            draft.points = [Point(hit, hit.text) for hit in last] or draft.points
            statements += [statement for statement, _ in counts]
        if main_part.kind in CITATION_KINDS:
            # which laws a notice cites, or which documents cite an article: the 引用 links read at ingestion
            cited, statement = self.named.citations(main_part, question, draft.points)
            if not cited and main_part.kind == "cites":
                # none found: the notice is identified by its 落款, not by rules that were not asked about
                cited = self.named.particulars(main_part, question, draft.points, kind="issuer")
            # the article asked about stays after the sentences citing it (哪一份援引了…第三十八条第三款？该款原文如何？):
            # a lawyer cites the statute itself, not a retelling of it
            named_article = [p for p in named_units if p not in cited] if main_part.kind == "cited_by" else []
            draft.points = cited + named_article if cited else draft.points
            statements += [statement] if statement else []
        unstated = (
            main_part.kind in STATED_FACTS
            and not self._lead_states_asked(draft.points[0], main_part)
            and not ended
        )
        if unstated and (stating := self._stated_in_the_lead_clause(draft.points, candidates, main_part)) is not None:
            # the lead's own provision states it in another sentence (…给予一次性吸纳就业补贴… / 补贴金额…按照1000元/人标准
            # 予以确定): that sentence is quoted next, and nothing is said to be unstated
            draft.points.insert(1, stating)
            unstated = False
        chosen = {p.quote for p in draft.points}
        gaps = list(statements)
        if unstated:
            gaps.append(FACT_NOT_STATED[main_part.kind].format(main_part.said))
        # a later part's point must be a clause the whole question's search ranks near it
        agreeing = found.near if tuning.part_agreement_depth else None
        later_rules: list[tuple[str | None, Point]] = []  # the points later parts found, with the kind each asks
        for sub in question.subquestions[: tuning.max_later_parts]:
            if sub.parts[0].kind in PARTICULARS and (signatures := self.named.particulars(sub.parts[0], question, draft.points)):
                fresh = [p for p in signatures if p.hit.clause_id not in {c.hit.clause_id for c in draft.points}]
                draft.points += fresh
                chosen.update(p.quote for p in fresh)
                gaps += self._unnumbered(signatures) if sub.parts[0].kind == "number" else []
                continue
            if sub.parts[0].kind in CITATION_KINDS:
                # which documents cite the article, or which laws the notice cites, asked after its text: the 引用
                # links, or that none was found (a sentence near in meaning is no citation)
                cited, statement = self.named.citations(sub.parts[0], question, draft.points)
                fresh = [p for p in cited if p.quote not in chosen]
                draft.points += fresh
                chosen.update(p.quote for p in fresh)
                gaps += [statement] if statement else []
                continue
            point, gap = self._part_point(sub, question, pool, places, chosen, filters, agreeing)
            if point is not None:
                draft.points.append(point)
                chosen.add(point.quote)
                later_rules.append((sub.parts[0].kind, point))
            if gap:
                gaps.append(gap)
        if unstated and self._stated_beside_the_lead(draft.points, main_part):
            gaps.remove(FACT_NOT_STATED[main_part.kind].format(main_part.said))
        # a part asking a kind of fact (…范围界定在第几条，原文如何表述) found its point by it; an open one (它与13号是什么关系)
        # by its words alone
        later_rule = next((p for kind, p in later_rules if kind is not None), later_rules[0][1] if later_rules else None)
        # a rule asked besides the particulars: a part asking a kind of fact, or a rule's text asked anywhere (…的文号、联合发文
        # 机关及成文日期，并原文引用其中…的条款); an open part (它与13号是什么关系) finds its point by its words alone, and the 落款
        # stays first
        if question.quotes_asked or any(part.kind is not None and part.kind not in PARTICULARS for part in question.parts):
            draft.points = rule_before_particulars(draft.points, later_rule)
        draft.points = with_their_lists(draft.points)
        draft.gaps = unique(gaps)
        return draft

    def _lead_states_asked(self, lead: Point, part: QuestionPart) -> bool:
        """Whether the lead states the kind of fact the part asks, and its clause names what the part asks it of
        (its whole clause: a lead's figure is taken for the one asked unless the provision is about something else,
        年休假条例第三条's 年休假5天 asked 员工的医疗期具体是几个月)."""
        return states_fact(lead.quote, part.asks, part.asking) and about_the_ask(lead.hit.text, self._subjects(part))

    def _subjects(self, part: QuestionPart) -> list[str]:
        """The concepts the part's last clause names, in every form, less places, asking words and aspects; none for a
        document's own 施行 or 失效 (京政办发〔2020〕7号还有效吗 names the document, whose sentences do not repeat it)."""
        if part.kind in ("effective", "expiry"):
            return []
        lexicon = self.retriever.reader.lexicon
        named = [
            concept
            for concept in self.retriever.reader.concepts(asking_clause(part.asking or part.text, clauses=1))
            if concept.place is None
            and lexicon.asked_fact(concept.word) is None
            and not lexicon.follow_up["aspect"].fullmatch(concept.word)
        ]
        longest = max((len(c.word) for c in named), default=0)
        return [form for concept in named if len(concept.word) == longest for form in concept.forms]

    def _states_asked(self, quote: str, part: QuestionPart, subjects: Sequence[str]) -> bool:
        """Whether a sentence besides the lead states the kind of fact the part asks, of the thing it asks about: the
        concepts its last clause names (医疗期 of 医疗期最长能有几个月), not a place, an asking word (多少钱) or an aspect
        of a topic (标准, 待遇). The lead is checked on its whole clause instead (``_lead_states_asked``): its own
        sentence rarely repeats the ask's words (每人每天300元 for 一天到底给多少钱, 补助2.4万元 for 标准多少). ``subjects``: the
        part's ``_subjects``, read once by the caller for all the sentences it weighs."""
        return states_fact(quote, part.asks, part.asking) and about_the_ask(quote, subjects)

    def _stated_in_the_lead_clause(self, points: Sequence[Point], candidates: Sequence[Candidate], part: QuestionPart) -> Point | None:
        """Another sentence of the lead's clause that states the kind of fact the question asks, not quoted yet."""
        lead = points[0]
        quoted = {p.quote for p in points}
        subjects = self._subjects(part)
        return next(
            (
                Point(c.hit, c.quote)
                for c in candidates
                if c.hit.clause_id == lead.hit.clause_id
                and c.states_fact
                and c.quote not in quoted
                and c.quote not in lead.quote
                and self._states_asked(c.quote, part, subjects)
            ),
            None,
        )

    def _stated_beside_the_lead(self, points: Sequence[Point], part: QuestionPart) -> bool:
        """Whether another quoted sentence states the fact the part asks and is at least as near the ask in meaning as
        the lead: a later part's point can (最晚什么时候必须补完 beside 延期期间…会不会受影响 brought 延长至3月底), and a
        claim that the documents do not state it must be true. A sentence stating some other date or amount is further
        from the ask than the lead that is about it."""
        subjects = self._subjects(part)
        stating = [p for p in points[1:] if self._states_asked(p.quote, part, subjects)]
        if not stating:
            return False
        if subjects and any(self._states_in_one_clause(p.quote, part, subjects) for p in stating):
            return True
        vector = self.retriever.query_vector(part.asking or part.text)
        lead = self._nearness(points[0], vector)
        # a rate asked (按多少倍算) is about as near in any sentence stating one as in the lead about the same pay
        return any(
            self._nearness(p, vector) >= lead - (self.tuning.rate_nearness_gap if states_multiple(p.quote, part.asking or part.text) else 0.0)
            for p in stating
        )

    @staticmethod
    def _states_in_one_clause(quote: str, part: QuestionPart, subjects: Sequence[str]) -> bool:
        """Whether one clause of the sentence (between its commas) names the most particular thing the part asks the
        fact of and states a fact of the kind asked: 劳动争议申请仲裁的时效期间为一年 says how long the 时效 asked is, however near in meaning
        the lead about its 中止 is."""
        # the most particular thing named (月人均失业保险金标准 over 每人, 年度): a general word beside a figure (每人1000元)
        # is no sign the figure is the one asked
        subject = max(subjects, key=len)
        return any(states_fact(clause, part.asks, part.asking) and subject in clause for clause in _CLAUSE_BREAK.split(quote))

    def _nearness(self, point: Point, vector: np.ndarray) -> float:
        """The cosine with ``vector`` of the point's sentence (of its nearest sentence when it quotes more than one)."""
        return self.retriever.quote_similarity(point.hit.clause_id, point.quote, vector)

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
        hits = self.statutes.in_force_first(own + [h for h in pool if h.clause_id not in seen], question)
        candidates = self._candidates(sub, hits, part)
        if not candidates:
            return None, NOT_FOUND_FOR.format(part.said)
        standout = self.retriever.sentence_standout(sub.text)
        confidence = probability(read_signals(retrieved, [c.cosine for c in candidates], standout), self.tuning.confidence)
        stating = stating_rules(candidates)
        best = stating[0]

        def quoted_already(candidate: Candidate) -> bool:
            return any(candidate.quote in quoted for quoted in chosen)  # alone or inside a whole article

        if confidence < self.tuning.confidence.threshold:
            # unsure of its own search, the part is not said to be unanswered when one of the few sentences it finds
            # best is one the answer quotes already (要不要先跟工会说 beside 劳动法第二十七条's 向工会…说明情况): that
            # would be untrue. The part's own sentence is not added either: read alone it is too little to go on
            told = any(
                quoted_already(c) and (part.kind not in STATED_FACTS or c.states_fact)
                for c in stating[: self.tuning.part_told_depth]
            )
            return None, None if told else NOT_FOUND_FOR.format(part.said)
        subjects = self._subjects(part) if part.kind in STATED_FACTS else []
        if part.kind in STATED_FACTS and not self._states_asked(best.quote, part, subjects):
            if any(self._states_asked(quote, part, subjects) for quote in chosen):
                # a sentence already quoted states it (稳岗返还怎么申请？什么时候截止？: the 申报流程 quoted for the first part
                # gives the dates; 补不了休的话加班费给多少 beside 劳动法第四十四条's 百分之二百, which the part's own search, carrying
                # the notice named before, did not find: conversations55 k55-12): told, not denied. (A candidate of the
                # part's own search already quoted is inside one of these quotes, and states what its quote states.)
                return None, None
            # the fact asked is not stated: saying so is the answer, a sentence that does not state it is not
            return None, FACT_NOT_STATED[part.kind].format(part.said)
        if quoted_already(best):
            return None, None
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
            answer, citations = compose(draft.points, draft.hits, draft.gaps, self.tuning.restated_min_chars, draft.preface)
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
        for said in draft.preface:
            yield ("\n" if lines else "") + said
            lines.append(said)
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

    def _ended(self, points: Sequence[Point]) -> list[str]:
        """Until when each quoted statute text applied, of those a later text replaced (versions table)."""
        docs = dict.fromkeys(p.hit.doc_id for p in points)
        found = (self.retriever.get_document(doc_id) for doc_id in docs)
        return [end for doc in found if doc is not None and (end := version_end(doc, self.retriever.get_document))]

    def _unnumbered(self, signatures: Sequence[Point]) -> list[str]:
        """Of the circulars whose 文号 was asked, those printing none (an answer citing them shows only issuer and
        date): said, not left for the user to infer."""
        return [
            NO_DOC_NUMBER.format(p.hit.title) for p in signatures if not p.hit.doc_number and not p.hit.quotes_a_statute
        ]

    def refusal(self, draft: Draft) -> AskResponse:
        related = list(draft.hits[:3])
        # the statutes are not temporary: the epidemic rules' caution goes with a circular shown as related
        circulars_shown = any(not hit.quotes_a_statute for hit in related)
        return AskResponse(
            question=draft.question.asked,
            standalone_question=draft.question.text,
            answer=NO_ANSWER + "".join(draft.gaps),
            abstained=True,
            citations=[],
            related=related,
            notes=[ASK_AGAIN, *([CHECK_CURRENT_RULES] if circulars_shown else [])],
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
            + version_notes(verified, self.retriever.get_document, draft.period, self.statutes.same_provision)
            + later_law_notes(verified, self.retriever.later_law_provision)
            + context_notes(verified, self.facts.get, epidemic_rules=any(
                not hit.quotes_a_statute for c in verified if (hit := self.retriever.hit(c.clause_id)) is not None
            )),
            gaps=[*draft.preface, *draft.gaps],
            confidence=round(draft.confidence, 3),
        )
