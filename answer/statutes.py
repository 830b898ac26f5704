"""The statutes behind an answer: the article a quoted circular cites, the same provision in a version the question
names by year, and the statute texts in force at the time the question is about put first, read from the index's
citation and version links (resolved at ingestion); and, of a law the question names that nothing quotes, its
best sentence among the answer's candidates."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from answer.choose import Candidate
from answer.citations import clause_list, short_form
from answer.compose import Point
from answer.tuning import AnswerTuning
from answer.versions import hit_in_force
from ingest.clauses import HISTORY, PREAMBLE
from ingest.counterparts import character_pairs, holding, pair_likeness
from ingest.models import Clause, DocType, Reference, ReferenceStatus
from lexicon.grammar import char_bigrams, cited_to_rule_out, find_doc_numbers, percentages
from query.period import in_force_during, question_period
from query.question import Question
from retrieval.models import Hit
from retrieval.retriever import Retriever

FIRST_ARTICLE = "第一条"  # where a statute says which law it was made to implement
# how much of its wording (Dice of character pairs) a lower rule's sentence shares with the article of the law it implements
# that it restates: 实施办法第十条 and 条例第五条第三款 0.48, 第九条 and 第五条第一款 0.66; a provision of its own that only
# borrows the law's words (第十二条's 离职 折算, 第十一条's 21.75天) 0.30-0.31
RESTATED_LIKENESS = 0.4
# how near, among all clauses, another circular's sentence must be to a quoted rule to count as saying the same rule.
# 人社部发〔2020〕8号's 不得解除 and 工资照发 sentences find 人社厅明电〔2020〕5号第一条 sixth and ninth (their own
# document's and 京人社劳字〔2020〕23号's copies come first); the next clause citing a statute is 269th
SAME_RULE_DEPTH = 10
# how many times closer in wording than any other article's sentence a law's sentence must be to the rule an answer
# leads with to be taken for the article the rule restates: 劳动争议调解仲裁法第二十七条 to 人社厅明电〔2020〕5号 三、 0.43
# against 0.17; 传染病防治法第四十一条 to 人社部发〔2020〕8号 三、（六） 0.13 against 0.08
RESTATING_MARGIN = 1.5
# how many statute articles may print a percentage asked of a rule for them to be its basis: 200% is printed by two
# (劳动法第四十四条, 工资支付暂行规定第十三条), 300% by five, 50% by four
FIGURE_MAX_ARTICLES = 3


def citing_point(retriever: Retriever, reference: Reference) -> Point | None:
    """The clause printing ``reference``, at its sentence that prints it (the whole clause when none does alone)."""
    hit = retriever.hit(reference.source_clause_id)
    if hit is None:
        return None
    return Point(hit, next((u for u in retriever.units(hit.clause_id) if reference.printed in u), hit.text))


def with_basis(points: Sequence[Point], basis: Sequence[Point]) -> list[Point]:
    """The points and then the basis found for them, a clause quoted among the points moved to where the basis puts it
    (企业职工带薪年休假实施办法第一条, quoted for its words and then as the law the rule is made under)."""
    moved = {p.hit.clause_id for p in basis}
    return [p for p in points if p.hit.clause_id not in moved] + list(basis)


def quoted_or_candidate(clause_id: str, points: Sequence[Point], candidates: Sequence[Candidate]) -> Point | None:
    """The clause's point already quoted (the first, if several), else its best candidate sentence as a point."""
    quoted = next((p for p in points if p.hit.clause_id == clause_id), None)
    if quoted is not None:
        return quoted
    candidate = next((c for c in candidates if c.hit.clause_id == clause_id), None)
    return Point(candidate.hit, candidate.quote) if candidate is not None else None


def circular_points(points: Sequence[Point]) -> list[Point]:
    """The points quoting a circular, not a statute (the hit carries its document's type)."""
    return [p for p in points if not p.hit.quotes_a_statute]


def asked_law_points(points: Sequence[Point], candidates: Sequence[Candidate], tuning: AnswerTuning) -> list[Point]:
    """Asked which law rules on it (法律上有没有哪一条规定…) where the rules quoted are circulars citing none: the statute
    article the search ranks first among the first ``tuning.asked_document_depth`` clauses, beside them."""
    if not points or any(p.hit.quotes_a_statute for p in points):
        return []
    quoted = {p.hit.clause_id for p in points}
    return _ranked_first(candidates, tuning, lambda hit: hit.quotes_a_statute and hit.clause_id not in quoted)


def numbered_circular(points: Sequence[Point], candidates: Sequence[Candidate], tuning: AnswerTuning) -> list[Point]:
    """Asked a 文号 where the answer quotes only statutes, which print none: the circular on the matter the search ranks
    first among the first ``tuning.asked_document_depth`` clauses, whose 文号 answers it."""
    if not points or not all(p.hit.quotes_a_statute for p in points):
        return []
    return _ranked_first(candidates, tuning, lambda hit: not hit.quotes_a_statute and bool(hit.doc_number))


def _ranked_first(candidates: Sequence[Candidate], tuning: AnswerTuning, wanted: Callable[[Hit], bool]) -> list[Point]:
    """The first candidate of the kind of document asked for, within the search's first clauses: its rank is the
    search's, not a word list's, and none is quoted when none ranks that high."""
    for candidate in candidates:
        if candidate.rank >= tuning.asked_document_depth:
            break
        if wanted(candidate.hit):
            return [Point(candidate.hit, candidate.quote)]
    return []


def unquotable(references: Sequence[Reference]) -> str:
    """What a statement says of citations that give no article to quote: a law cited as a whole (依照《传染病防治法》),
    a law the corpus does not hold, an article its text does not have."""
    by_status: dict[str, list[str]] = {}
    for reference in references:
        resolved = reference.status == ReferenceStatus.RESOLVED
        kind = ("cited" if reference.article else "whole") if resolved else reference.status.value
        by_status.setdefault(kind, []).append(reference.printed)
    said = {
        "whole": "引用了{}，未指明条文",
        "cited": "引用了{}",
        ReferenceStatus.LAW_NOT_IN_CORPUS.value: "引用的{}不在现有文件中",
        ReferenceStatus.NO_SUCH_ARTICLE.value: "引用的{}在现有文件所收的法律文本中没有这一条",
    }
    return "；".join(said[kind].format("、".join(dict.fromkeys(printed))) for kind, printed in by_status.items())


# the rank of a statute's body: a regulation or a ministry's rule elaborating a law's article sits below it (a judicial
# interpretation reads laws for the courts and is not placed below them here)
_RANK = {DocType.LAW.value: 0, DocType.ADMINISTRATIVE_REGULATION.value: 1, DocType.DEPARTMENTAL_RULE.value: 2}


class StatuteLinks:
    """The citation and version links of one index snapshot, as points and orderings of an answer."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        self._pairs_of: dict[str, list[tuple[str, str, frozenset[str]]]] = {}

    def in_force_first(self, hits: Sequence[Hit], question: Question) -> list[Hit]:
        """A statute text not in force at the time the question is about answers only when no text in force
        does, and gives way to the same provision in the version that was (retrieval brings it in), unless the
        question names it by year (2020年《解释（一）》新增的吗) or by its 文号 and article (法释〔2020〕26号第四十五条和
        2001年解释第十五条有什么区别: what a lawyer names is answered)."""
        period = question_period(question.time_years)
        in_force = [
            h for h in hits if h.match == "exact" or hit_in_force(h, period) or self.names_version(question, h.doc_id)
        ]
        then = {h.clause_id for h in in_force}
        return in_force + [
            h for h in hits if h.clause_id not in then and not then.intersection(self.retriever.counterparts(h.clause_id))
        ]

    def names_version(self, question: Question, doc_id: str) -> bool:
        doc = self.retriever.get_document(doc_id)
        return bool(doc and (doc.replaces or doc.replaced_by) and question.references.names_version_of(doc.version_year))

    def names_asked_version(self, question: Question, doc_id: str) -> bool:
        """Whether the document is a text the question asks for by its year, not the one its article is cited in:
        2024 of （2007年）第六十一条在2024年文本中对应哪一条."""
        doc = self.retriever.get_document(doc_id)
        cited_in = {year for law in question.references.laws for year in law.versions}
        asked = set(question.references.text_years) - cited_in
        return bool(doc and (doc.replaces or doc.replaced_by) and doc.version_year in asked)

    def same_provision(self, clause_id: str) -> list[Clause]:
        """The same provision in the statute's other versions (ingest/counterparts.py)."""
        return [c for c in map(self.retriever.get_clause, self.retriever.counterparts(clause_id)) if c is not None]

    def basis_points(self, question: Question, points: Sequence[Point], restate: bool = True) -> tuple[list[Point], str]:
        """The statute article a quoted circular cites (resolved at ingestion), when the question asks for the
        law behind the rule or names that law: the circular and the article are cited together.

        Asked first for the law behind the rule of a circular it names, where the circular cites none (人社部发〔2020〕8号里
        说隔离期间不得解除劳动合同，依据的是哪条法律？), the answer says so, and cites another circular saying the same rule that does
        (人社厅明电〔2020〕5号第一条: 不得依据劳动合同法第四十条、四十一条…) with the articles it cites: the statement is
        returned beside the points."""
        named = {law.name for law in question.references.laws}
        asks_basis = question.asks("basis")
        if not (asks_basis or named):
            return [], ""
        quoted = {p.hit.clause_id for p in points}
        vector = self.retriever.query_vector(question.text)
        added: list[Point] = []
        for point in points:
            # the text of a named law asked (劳动合同法里原文怎么说): each cited article of it whole, not its sentence nearest a
            # question of few words
            added += self._cited_points(point.hit.clause_id, quoted, vector, asks_basis, named, whole=question.asks("text"))
        circulars = circular_points(points)
        # only a question naming the circular asks for the law behind its rule; a story ending 法律上怎么规定的 asks
        # for the rule (on the unsealed sets the statement and another circular's articles, added to those, cited
        # 劳动合同法第四十条 for a wage question)
        # (or a percentage its rule prints, of a notice named by its title, as a follow-up carries one without a 文号:
        # 《关于进一步做好疫情防控期间本市…的通知》第一条第（二）项…这个200%是根据哪部法律)
        asks_of_a_figure = bool(question.references.titles) and bool(percentages(question.asked))
        asks_law_behind = (question.references.names_document or asks_of_a_figure) and question.parts[0].kind == "basis"
        asks_of_its_own_law = set(self.retriever.laws_named(question.references)) <= {points[0].hit.doc_id} if points else False
        if asks_basis and not added and not circulars and asks_of_its_own_law and question.parts[0].kind == "basis":
            # a statute's article citing nothing (企业职工带薪年休假实施办法第三条): the law its own text says it is made
            # to apply (第一条 为了实施《职工带薪年休假条例》), and that law's article restating the rule, if one clearly does;
            # not when the question names another law or text to look in (在2021年施行的解释（一）里是第几条)
            return self.enacting_basis(points[0], question)
        if added or not circulars or len(circulars) < len(points) or not asks_law_behind:
            return added, ""
        printing = {p.hit.clause_id: (p.hit, self._statute_references(p.hit.clause_id)) for p in circulars}
        silent = [hit for hit, references in printing.values() if not references]
        unstated = f"{clause_list(silent)}没有引用法律、法规的条文" if silent else ""
        statutes = [d.doc_id for d in self.retriever.list_documents() if d.doc_type.is_statute]
        if speaking := [(hit, references) for hit, references in printing.values() if references]:
            # they cite a law as a whole, or one the corpus lacks: said of each, clause by clause; a clause citing none
            # is shown the article restating its rule, as when none cites (它在法律上的依据是哪一条 of 人社厅明电〔2020〕5号
            # 三、's 时效中止, quoted beside its 一、, which cites 劳动合同法: conversations54b k54b-07)
            said = [f"{short_form(hit)}{unquotable(references)}" for hit, references in speaking]
            restated = [
                (p, r)
                for p in circulars
                if restate and p.hit in silent and (r := self._restating(p, statutes, question)) is not None
            ]
            closest = [f"措辞与{short_form(p.hit)}最接近的法规条文是{short_form(r.hit)}" for p, r in restated]
            return [r for _, r in restated], "；".join([*([unstated] if unstated else []), *closest, *said]) + "。"
        if preamble := self.preamble_citing(circulars):
            # the notice says in its opening what it applies (根据《中华人民共和国劳动合同法》…): that is its basis
            references = self._statute_references(preamble.hit.clause_id)
            cited = self._cited_points(preamble.hit.clause_id, set(quoted), vector, True, named)
            return [preamble, *cited], f"{unstated}；{short_form(preamble.hit)}{unquotable(references)}。"
        sibling = self.same_rule_citing(circulars)
        if sibling is None:
            # no circular cites a law for it: the article whose wording clearly restates the rule is shown as that, not
            # as the circular's basis (人社厅明电〔2020〕5号 二、's 停工停产在一个工资支付周期内 is 工资支付暂行规定第十二条's)
            ranked = self._nearest_articles(circulars[0], statutes, question) if restate else []
            restating = self._clearly_nearest(ranked)
            figures = percentages(question.asked) & percentages(circulars[0].quote)
            if restating is None and (same_figure := self._printing_the_figure(figures, ranked)):
                # 这个200%是哪条法律规定的: no article restates the whole rule (a law's and the rule applying it are as
                # near), but the articles printing the figure asked are few (劳动法第四十四条, 工资支付暂行规定第十三条)
                figure = "、".join(sorted(figures))
                return same_figure, f"{unstated}；规定同一比例（{figure}）的法规条文是{clause_list([p.hit for p in same_figure])}。"
            if restating is None:
                return [], f"{unstated}。"
            return [restating], f"{unstated}；措辞与之最接近的法规条文是{short_form(restating.hit)}。"
        # what the other circular cites, quoted as the statement says: "就相同情形引用了…"
        cited = self._cited_points(sibling.hit.clause_id, quoted | {sibling.hit.clause_id}, vector, True, named, as_basis=False)
        printed = "、".join(dict.fromkeys(r.printed for r in self._statute_references(sibling.hit.clause_id)))
        return [sibling, *cited], f"{unstated}；{short_form(sibling.hit)}就相同情形引用了{printed}。"

    def enacting_basis(self, rule: Point, question: Question) -> tuple[list[Point], str]:
        """The law a statute says it is made under (its first article citing another law as a whole: 根据《中华人民共和国
        劳动法》…制定本规定), quoted at that sentence, with the article of that law restating ``rule`` when one clearly
        does; nothing when the statute names none (a law of the National People's Congress rests on the Constitution)."""
        if not rule.hit.quotes_a_statute:
            return [], ""
        enacting = next(
            (
                reference
                for clause in self.retriever.clauses_of(rule.hit.doc_id)
                if clause.label != HISTORY
                for reference in self._statute_references(clause.clause_id)
                if reference.article is None and reference.target_doc_id is not None
            ),
            None,
        )
        cited = citing_point(self.retriever, enacting) if enacting is not None else None
        if enacting is None or cited is None or cited.hit.clause_id == rule.hit.clause_id:
            return [], ""
        restating = self._restating(rule, [enacting.target_doc_id], question)  # type: ignore[list-item]
        said = f"{short_form(cited.hit)}载明其制定依据为{enacting.printed}"
        if restating is None:
            return [cited], f"{said}；{enacting.printed}中没有措辞明显与{short_form(rule.hit)}最接近的条文。"
        return [cited, restating], f"{said}；其中措辞与{short_form(rule.hit)}最接近的条文是{short_form(restating.hit)}。"

    def _statute_references(self, clause_id: str) -> list[Reference]:
        """The statutes the clause cites; a statute's own 本法第三十九条 is how it is worded, not the law behind it."""
        return [r for r in self.retriever.cites(clause_id) if not r.is_internal]

    def _cited_points(
        self,
        clause_id: str,
        quoted: set[str],
        vector: np.ndarray,
        asks_basis: bool,
        named: set[str],
        as_basis: bool = True,
        whole: bool = False,
    ) -> list[Point]:
        """The articles the clause cites that the answer does not quote yet, each at its sentence nearest the
        question (``quoted`` grows by them). ``as_basis``: quoted as the basis of the rule, so not one the clause
        cites only to rule it out (不得依据劳动合同法第四十条…解除: that article is not the basis of the rule)."""
        added = []
        clause = self.retriever.get_clause(clause_id)
        for reference in self._statute_references(clause_id):
            target = reference.target_clause_id
            if target is None or target in quoted or not (asks_basis or reference.law in named):
                continue
            if as_basis and reference.law not in named and clause is not None and cited_to_rule_out(clause.text, reference.start):
                continue
            hit = self.retriever.hit(target)
            units = self.retriever.units(target)
            if hit is None or not units:
                continue
            # whole when the text asked is of the law the question names (not of one a quoted article only cites)
            added.append(Point(hit, hit.text if whole and reference.law in named else self.nearest_unit(target, units, vector)))
            quoted.add(target)
        return added

    def preamble_citing(self, rules: Sequence[Point]) -> Point | None:
        """The opening of a quoted rule's notice, at its sentence citing a statute (根据《中华人民共和国劳动合同法》…), if
        it cites one."""
        for doc_id in dict.fromkeys(p.hit.doc_id for p in rules):
            opening = next((c for c in self.retriever.clauses_of(doc_id) if c.label == PREAMBLE), None)
            if opening is not None and (references := self._statute_references(opening.clause_id)):
                return citing_point(self.retriever, references[0])
        return None

    def same_rule_citing(self, rules: Sequence[Point]) -> Point | None:
        """Another circular's sentence saying a rule ``rules`` quote and citing a statute the corpus holds: of the
        clauses citing one, the first whose sentence nearest a quoted rule in meaning is among the few nearest
        across the corpus (agreement of meaning, no word list), quoted at the sentence printing the citation."""
        own = {p.hit.doc_id for p in rules}
        citing = [cid for cid in self.retriever.citing_statutes() if (c := self.retriever.get_clause(cid)) and c.doc_id not in own]
        for rule in rules:
            for clause_id, rank in self.retriever.nearest_by_sentence(rule.quote, citing):
                if rank > SAME_RULE_DEPTH:
                    break
                if (point := citing_point(self.retriever, self._statute_references(clause_id)[0])) is not None:
                    return point
        return None

    def named_law_points(self, question: Question, points: Sequence[Point], candidates: Sequence[Candidate]) -> list[Point]:
        """For each law the question names that no point quotes (人社厅明电〔2020〕5号第三条…上位法依据是什么？请给出
        《劳动争议调解仲裁法》相关条款原文), the article restating the rule the answer leads with, if one clearly does,
        else its best candidate sentence: the law a lawyer asked about is cited beside the circular, even where the
        circular does not cite it."""
        quoted = {p.hit.doc_id for p in points}
        circulars = circular_points(points)
        # the rule the question names (a clause carried from the previous answer) before one its words found
        rule = next((p for p in circulars if p.hit.match == "exact"), circulars[0] if circulars else None)
        added: list[Point] = []
        for versions in self.retriever.laws_named_each(question.references):
            if quoted.intersection(versions):
                continue
            restating = self._restating(rule, versions, question) if rule is not None else None
            best = restating or next((Point(c.hit, c.quote) for c in candidates if c.hit.doc_id in versions), None)
            if best is not None:
                added.append(best)
                quoted.add(best.hit.doc_id)
        return added

    def _printing_the_figure(self, figures: set[str], ranked: Sequence[tuple[str, tuple[float, str]]]) -> list[Point]:
        """Of the articles ``ranked`` by nearness to a rule's wording (``_nearest_articles``), those printing a percentage
        the question asks of the rule (``figures``: 这个200%, printed by the rule too), each at its sentence printing it,
        nearest first; none when more than ``FIGURE_MAX_ARTICLES`` print it (50% tells no article apart), or when the
        article nearest the rule's wording is not among them (待岗生活费按最低工资70%: only 工伤保险条例第三十六条's 伤残津贴
        prints 70%)."""
        printing = [clause_id for clause_id, _ in ranked if figures & percentages(self._text_of(clause_id))] if figures else []
        if not printing or len(printing) > FIGURE_MAX_ARTICLES or printing[0] != ranked[0][0]:
            return []
        points = []
        for clause_id in printing:
            # at its sentence printing the figure (the sentence nearest the rule may be the article's lead-in)
            units = [u for u in self.retriever.units(clause_id) if figures & percentages(u)] or [self._text_of(clause_id)]
            if (hit := self.retriever.hit(clause_id)) is not None:
                points.append(Point(hit, units[0]))
        return points

    def _text_of(self, clause_id: str) -> str:
        clause = self.retriever.get_clause(clause_id)
        return clause.text if clause is not None else ""

    def _nearest_articles(self, rule: Point, laws: Sequence[str], question: Question) -> list[tuple[str, tuple[float, str]]]:
        """Every article of the laws in force at the question's time, with its sentence closest in wording to the rule's
        and how close, closest first."""
        period = question_period(question.time_years)
        # the rule's whole wording: its sentences one by one found short generic ones in other articles (measured: the
        # 5号 二、 and 11号 二、 follow-ups lost or changed their article)
        quoted = character_pairs(rule.quote)
        best: dict[str, tuple[float, str]] = {}  # each article's closest sentence
        for doc_id in laws:
            doc = self.retriever.get_document(doc_id)
            if doc is None or not in_force_during(doc.effective_from, doc.effective_to, period):
                continue
            for clause_id, unit, pairs in self._sentence_pairs(doc_id):
                likeness = pair_likeness(quoted, pairs)
                if likeness > best.get(clause_id, (0.0, ""))[0]:
                    best[clause_id] = (likeness, unit)
        return sorted(best.items(), key=lambda item: item[1][0], reverse=True)

    def _restating(self, rule: Point, laws: Sequence[str], question: Question) -> Point | None:
        """The sentence of a law (its versions in force at the question's time) whose wording is clearly the closest to
        the rule's: a circular applying a law restates its article (因受疫情影响…仲裁时效中止 and 劳动争议调解仲裁法第二十七条's
        因不可抗力…仲裁时效中止). Clearly: RESTATING_MARGIN times as close as any other article's sentence."""
        return self._clearly_nearest(self._nearest_articles(rule, laws, question))

    def _clearly_nearest(self, ranked: Sequence[tuple[str, tuple[float, str]]]) -> Point | None:
        """The first of ``ranked`` (``_nearest_articles``) at its sentence, when RESTATING_MARGIN times as near as the
        second."""
        if not ranked or (len(ranked) > 1 and ranked[0][1][0] < RESTATING_MARGIN * ranked[1][1][0]):
            return None
        clause_id, (_, unit) = ranked[0]
        hit = self.retriever.hit(clause_id)
        return Point(hit, unit) if hit is not None else None

    def _sentence_pairs(self, doc_id: str) -> list[tuple[str, str, frozenset[str]]]:
        """Each quotable sentence of a statute's articles with its character pairs, read once per index snapshot."""
        if doc_id not in self._pairs_of:
            self._pairs_of[doc_id] = [
                (clause.clause_id, unit, character_pairs(unit))
                for clause in self.retriever.clauses_of(doc_id)
                if clause.label != HISTORY
                for unit in (self.retriever.units(clause.clause_id) or (clause.text,))
            ]
        return self._pairs_of[doc_id]

    def named_version_points(self, question: Question, points: Sequence[Point]) -> list[Point]:
        """A quoted statute article's counterpart in a version the question names by year (2001年《若干问题的
        解释》怎么表述的): a lawyer comparing the texts is shown both."""
        if not question.references.names_versions:
            return []
        # asked what the article is in that text (…第六十一条第三款在2024年文本中对应哪一条), only the part of a split
        # article holding what was quoted, as counterpart_points narrows
        return self._other_version_points(
            question,
            points,
            points,
            wanted=lambda other: self.names_version(question, other.doc_id),
            narrowed=question.asks("counterpart"),
        )

    def later_law_first(self, question: Question, points: Sequence[Point], candidates: Sequence[Candidate]) -> list[Point]:
        """The points with a later law's article carrying the lead article's provision first (ingest/counterparts.py
        ``later_law_provisions``): 劳动合同法第十九条's limits by contract length before 劳动法第二十一条's 试用期最长不得超过
        六个月, which it narrowed; the earlier article stays beside it. Only when the later article is itself a candidate
        for the question, and the question does not name the earlier law (劳动法第二十一条怎么规定的 asks that one)."""
        lead = points[0] if points else None
        if lead is None or not lead.hit.quotes_a_statute:
            return list(points)
        later = self.retriever.later_law_provision(lead.hit.clause_id)
        if later is None or lead.hit.doc_id in self.retriever.laws_named(question.references):
            return list(points)
        point = quoted_or_candidate(later, points, candidates)
        return [point, *(p for p in points if p is not point)] if point else list(points)

    def elaborated_first(self, question: Question, points: Sequence[Point], candidates: Sequence[Candidate]) -> list[Point]:
        """The points with the law article a lower-ranking lead elaborates first (劳动合同法实施条例第二十七条 劳动合同法第四十七条
        规定的经济补偿的月工资… elaborates 第四十七条's months), when that article, quoted or a candidate, is at least as
        near the question in meaning as the lead: 补偿算几个月工资 is answered by the law's 每满一年支付一个月工资, not by the
        regulation's 月工资 it rests on. The regulation stays beside it. A rule made to implement a higher law (its first
        article: 为了实施《职工带薪年休假条例》) elaborates, without citing it, the law's article its sentence restates in much
        the same words (``RESTATED_LIKENESS``; 实施办法第十条 restates 条例第五条第三款's 300%)."""
        lead = points[0] if points else None
        rank = _RANK.get(lead.hit.doc_type) if lead is not None else None
        if lead is None or rank is None or question.references.names_statute_article:
            return list(points)
        elaborated = [
            r.target_clause_id
            for r in self.retriever.cites(lead.hit.clause_id)
            if r.target_clause_id and not r.is_internal and r.article
        ]
        ranked = self._nearest_articles(lead, self._implemented(lead.hit.doc_id, rank), question)
        restated = self._clearly_nearest(ranked) if ranked and ranked[0][1][0] >= RESTATED_LIKENESS else None
        if restated is not None:
            # an article of the law the lead's document was made to implement (企业职工带薪年休假实施办法 为了实施《职工带薪
            # 年休假条例》): the one restating the lead's provision, though the lead does not cite it (实施办法第十条's 按照其日
            # 工资收入的300%支付 is 条例第五条第三款's)
            elaborated.append(restated.hit.clause_id)
        found = (quoted_or_candidate(clause_id, points, candidates) for clause_id in dict.fromkeys(elaborated))
        higher = [p for p in found if p is not None and _RANK.get(p.hit.doc_type, rank) < rank]
        if not higher:
            return list(points)
        vector = self.retriever.query_vector(question.text)

        def nearness(point: Point) -> float:
            return self.retriever.quote_similarity(point.hit.clause_id, point.quote, vector)

        best_near, best = max(((nearness(p), p) for p in higher), key=lambda scored: scored[0])
        if best_near < nearness(lead):
            return list(points)
        return [best, *(p for p in points if p is not best)]

    def _implemented(self, doc_id: str, rank: int) -> list[str]:
        """The higher-ranking statutes a statute says in its first article it was made to implement or under (为了实施
        《职工带薪年休假条例》…制定本办法; 根据《中华人民共和国劳动法》…制定本规定), as a whole and not by an article."""
        first = next((c for c in self.retriever.clauses_of(doc_id) if c.label == FIRST_ARTICLE), None)
        if first is None:
            return []
        return [
            r.target_doc_id
            for r in self.retriever.cites(first.clause_id)
            if r.target_doc_id and r.target_doc_id != doc_id and not r.article and _RANK.get(self._doc_type_of(r.target_doc_id), rank) < rank
        ]

    def _doc_type_of(self, doc_id: str) -> str | None:
        doc = self.retriever.get_document(doc_id)
        return doc.doc_type.value if doc is not None else None

    def exception_points(self, question: Question, points: Sequence[Point]) -> list[Point]:
        """The provisions that rule the lead article out in some cases, each at its case nearest the question, read off
        the citations: the law's own (劳动合同法第四十二条: 用人单位不得依照本法第四十条、第四十一条的规定解除劳动合同：…（三）
        患病或者非因工负伤，在规定的医疗期内的), and a circular's ruling it out in the epidemic's cases (人社厅明电〔2020〕5号
        一、: …隔离…不能提供正常劳动的企业职工…不得依据劳动合同法第四十条、四十一条与职工解除劳动合同). A permission is not
        quoted without the cases it does not reach: 我还在病假里头…能这么开了我吗 was quoted 第四十条's 医疗期满后…可以解除 alone
        (probe s54-23), 被封在老家回不来…以客观情况发生重大变化为由把人辞了 第四十条 alone (h60-26). A question naming the
        article asks about that article alone."""
        lead = points[0] if points else None
        if lead is None or not lead.hit.quotes_a_statute or question.references.names_statute_article:
            return []
        quoted = {p.hit.clause_id for p in points}
        vector: np.ndarray | None = None
        added: list[Point] = []
        for exception in self._ruling_out(lead.hit.clause_id):
            if (
                exception.clause_id in quoted
                or not exception.units
                or (hit := self.retriever.hit(exception.clause_id)) is None
            ):
                continue
            vector = self.retriever.query_vector(question.text) if vector is None else vector
            added.append(Point(hit, self.nearest_unit(exception.clause_id, exception.units, vector)))
            quoted.add(exception.clause_id)
        # the law's own exceptions first: a circular's are the epidemic's cases (隔离, 封控)
        return sorted(added, key=lambda p: not p.hit.quotes_a_statute)

    def _ruling_out(self, clause_id: str) -> list[Clause]:
        """The clauses citing an article to rule it out (不得依照本法第四十条…解除): its own law's, and circulars'."""
        found: dict[str, Clause] = {}
        for reference in self.retriever.cited_by(clause_id):
            exception = self.retriever.get_clause(reference.source_clause_id)
            if (
                exception is not None
                and (reference.is_internal or not self._is_statute(exception.doc_id))
                and cited_to_rule_out(exception.text, reference.start)
            ):
                found.setdefault(exception.clause_id, exception)
        return list(found.values())

    def _is_statute(self, doc_id: str) -> bool:
        doc_type = self._doc_type_of(doc_id)
        return doc_type is not None and DocType(doc_type).is_statute

    def exception_first(self, question: Question, points: Sequence[Point]) -> list[Point]:
        """The points with the article ruling the lead out first, when its case quoted is at least as near the question
        in meaning as the lead's permission: 还在医疗期内…公司能裁掉我吗 is answered by 第四十二条's 在规定的医疗期内的 (用人单位不得
        …解除), not by 第四十条's 医疗期满后…可以解除 before it (paraphrases56 p56-09: five wordings, none led with it). A
        circular's ruling out stays after them: led by it, a layoff in 2023 (哪些人是不能裁的) was answered by the quarantine
        rule (statutes-gold gS-21)."""
        lead = points[0] if points else None
        if lead is None or not lead.hit.quotes_a_statute:
            return list(points)
        ruling_out = {e.clause_id for e in self._ruling_out(lead.hit.clause_id) if self._is_statute(e.doc_id)}
        exceptions = [i for i, p in enumerate(points) if p.hit.clause_id in ruling_out]
        if not exceptions:
            return list(points)
        vector = self.retriever.query_vector(question.text)
        first = exceptions[0]
        exception_near, permission_near = (
            self.retriever.quote_similarity(p.hit.clause_id, p.quote, vector) for p in (points[first], lead)
        )
        if exception_near < permission_near and not tells_the_case(points[first].quote, lead.quote, question.text):
            return list(points)
        return [points[first], *points[:first], *points[first + 1 :]]

    def in_force_first_points(self, question: Question, points: Sequence[Point]) -> list[Point]:
        """Asked of a time a quoted statute text was not in force (如果起诉是在2021年以后呢 of 法释〔2001〕14号第十三条,
        carried from the turn before): each such article comes after the same provision in the text in force then,
        which the notes name too; the article is still quoted. A text the question itself names (2001年解释第十五条,
        法释〔2020〕26号第四十五条) is what was asked for, of whatever time."""
        if not question.time_years or find_doc_numbers(question.asked) or any(law.name in question.asked for law in question.references.laws):
            return list(points)
        period = question_period(question.time_years)

        def in_force_then(other: Clause) -> bool:
            doc = self.retriever.get_document(other.doc_id)
            return doc is not None and in_force_during(doc.effective_from, doc.effective_to, period)

        ordered: list[Point] = []
        for point in points:
            if point.hit.quotes_a_statute and not hit_in_force(point.hit, period):
                ordered += self._other_version_points(question, [point], [*points, *ordered], in_force_then, narrowed=False)
            ordered.append(point)
        return ordered

    def counterpart_points(self, question: Question, points: Sequence[Point], quoted_already: Sequence[Point] = ()) -> list[Point]:
        """Asked what a quoted statute article is in its law's other versions (新法对应的是第几条, 修订后是哪条): its
        counterpart in each (ingest/counterparts.py), where the notes alone had said the number; of an article the new
        text split (2007 第六十一条 -> 2024 第八十九条 to 第九十一条), the one holding what was quoted, as the notes name it."""
        if not question.asks("counterpart"):
            return []
        return self._other_version_points(question, points, (*points, *quoted_already), wanted=lambda other: True, narrowed=True)

    def _other_version_points(
        self,
        question: Question,
        points: Sequence[Point],
        quoted_already: Sequence[Point],
        wanted: Callable[[Clause], bool],
        narrowed: bool,
    ) -> list[Point]:
        """Each point's counterparts in its law's other versions that ``wanted`` keeps (with ``narrowed``, only those
        holding the point's quote), each by its sentence nearest the question, none quoted twice."""
        quoted = {p.hit.clause_id for p in quoted_already}
        vector = self.retriever.query_vector(question.text)
        added: list[Point] = []
        for point in points:
            counterparts = self.same_provision(point.hit.clause_id)
            for other in holding(point.quote, counterparts) if narrowed else counterparts:
                hit = self.retriever.hit(other.clause_id)
                if other.clause_id in quoted or hit is None or not other.units or not wanted(other):
                    continue
                added.append(Point(hit, self.nearest_unit(other.clause_id, other.units, vector)))
                quoted.add(other.clause_id)
        return added

    def nearest_unit(self, clause_id: str, units: Sequence[str], vector: np.ndarray) -> str:
        """The clause's quotable unit nearest the question in meaning (the first when no unit vectors)."""
        similarities = self.retriever.unit_similarities(clause_id, vector)
        return units[max(range(len(units)), key=lambda i: float(similarities[i]) if i < len(similarities) else 0.0)]


def tells_the_case(exception: str, permission: str, question: str) -> bool:
    """Whether the question tells the case the exception's quote names, in words the permission's quote does not share:
    我还在医疗期内 is 第四十二条's 在规定的医疗期内的, not 第四十条's 在规定的医疗期满后 (paraphrases56 p56-09-4); 刚查出怀孕…孕期公司
    能这么辞退我吗 is 第四十二条's 女职工在孕期、产期、哺乳期的, though the story repeats the employer's 不能胜任 (statutes59 t59-04).
    Meaning alone leaned to the permission, whose ground the story tells at length. ``exception`` is the unit
    ``exception_points`` quoted, the item itself: the list's lead-in is added only when the answer is written."""
    return bool((char_bigrams(exception) & char_bigrams(question)) - char_bigrams(permission))
