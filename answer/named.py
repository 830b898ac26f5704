"""Points for what a question names: a law's articles and their 款 and 项, a document's particulars (who issued it,
when, from when it applies), the citations a notice makes or an article receives, and each named document in the
order the question names them. Read from the index's lookups, never from a search."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from answer.choose import Candidate
from answer.compose import Point
from answer.notes import DocumentFacts
from answer.statutes import RESTATED_LIKENESS, citing_point
from ingest.clauses import CLOSING, HISTORY, PREAMBLE
from ingest.counterparts import character_pairs, pair_likeness
from ingest.models import document_keys
from ingest.sentences import clause_sentences
from lexicon.grammar import find_doc_numbers
from query.parts import QuestionPart
from query.question import Question
from query.references import References
from retrieval.models import Hit
from retrieval.retriever import Retriever

SIGNATURE_LABELS = (CLOSING, HISTORY)  # the clauses where a document says who made it and when: 落款, 题注


def is_signature(hit: Hit) -> bool:
    """The clause is a document's 落款 or a statute's 题注: its particulars, no rule."""
    return hit.label in SIGNATURE_LABELS


class NamedPoints:
    """The points a question's names call for, from one index snapshot's lookups."""

    def __init__(self, retriever: Retriever, facts: Mapping[str, DocumentFacts], max_citing_points: int) -> None:
        self.retriever = retriever
        self.facts = facts
        self.max_citing_points = max_citing_points  # sentences listed at most for a question on citations
        # a document by its 文号 and by its title, as a link's key names it (what a Q&A explains)
        self._by_key = {key: d.doc_id for d in retriever.list_documents() for key in document_keys(d.doc_number, d.title)}
        # the documents each one is followed by: those whose preamble names it (京人社劳字〔2020〕23号: 根据《…意见》（人社部发
        # 〔2020〕8号）…, 结合本市实际, 制定本实施意见)
        self._followed_by: dict[str, list[str]] = {}
        for document in retriever.list_documents():
            preamble = retriever.get_clause(f"{document.doc_id}#{PREAMBLE}")
            for ref in find_doc_numbers(preamble.text) if preamble is not None else ():
                followed = self._by_key.get(ref.normalized)
                if followed is not None and followed != document.doc_id:
                    self._followed_by.setdefault(followed, []).append(document.doc_id)

    def follows(self, follower: str, followed: str) -> bool:
        """Whether the document ``follower``'s preamble names ``followed``: it carries that one out."""
        return follower in self._followed_by.get(followed, ())

    @staticmethod
    def statute_units(question: Question, exact: Sequence[Hit]) -> list[Point]:
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
    def statute_articles(question: Question, exact: Sequence[Hit]) -> list[Point]:
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

    def particulars(
        self, part: QuestionPart, question: Question, points: Sequence[Point], kind: str | None = None
    ) -> list[Point]:
        """A document's particulars a part asks, as the document prints them: who issued it and when (its 落款, the
        issuers and the date under the text; a statute's 题注, adopted and amended, when and by whom), or from when
        it applies (本条例自2020年5月1日起施行) or until when (有效期至2020年底; none when it does not say). The document is
        the one the part names (17号的发文机关…), else one
        the question names, else the one the answer leads with."""
        def named_in(ref: References) -> list[str]:
            return self.retriever.documents_named(ref) + self.retriever.documents_titled(ref) + self.retriever.laws_named(ref)

        named = named_in(self.retriever.reader.read(part.text).references) or named_in(question.references)
        laws = set(self.retriever.laws_named(question.references))
        circular = next((p for p in points if p.hit.doc_id not in laws), None)
        asking = part.asking or part.text
        asks_number = (kind or part.kind) == "number" or any(
            fact.kind == "number" and fact.asks.search(asking) for fact in self.retriever.reader.lexicon.asked_facts
        )
        if asks_number and named and set(named) <= laws and circular is not None:
            # a law prints no 文号: one named where a 文号 is asked is what the document asked about cites (援引劳动合同法
            # 第40条…的那份明电，文号是什么; 出自哪份文件（文号）…援引的是《劳动法》哪一条), and the 文号 is the circular's
            named = self._signed_for(circular.hit.doc_id)
        # a document named by its 文号 and by its title (人社部发〔2020〕8号《关于…的意见》) is one document, signed once
        doc_ids = list(dict.fromkeys(named)) or (self._signed_for(points[0].hit.doc_id) if points else [])
        if (kind or part.kind) == "effective":
            # a notice that does not say from when it applies: its 落款 dates it (the answer says the rest is unstated)
            effects = [self._effect_point(doc_id) for doc_id in doc_ids]
            if any(effects):
                return [point for point in effects if point is not None]
        if (kind or part.kind) == "expiry":
            # until when it applies, where the document says so (有效期至2020年底); else, of a document the question
            # names, its 落款 (the answer says the end is unstated), and of the rule it describes, the rule
            says_end = part.asks.states if part.asks is not None else None
            ends = [self._effect_point(doc_id, whole_sentence=True) for doc_id in doc_ids]
            stated = [p for p in ends if p is not None and says_end is not None and says_end.search(p.quote)]
            if stated or not named:
                return stated
        signed = (self._signature(doc_id) for doc_id in doc_ids)
        return [Point(hit, hit.text) for hit in signed if hit is not None]

    def _signature(self, doc_id: str) -> Hit | None:
        """Where a document says who made it and when: a notice's 落款, a statute's 题注."""
        return next((hit for label in SIGNATURE_LABELS if (hit := self.retriever.hit(f"{doc_id}#{label}"))), None)

    def _signed_for(self, doc_id: str) -> list[str]:
        """The document whose particulars stand for the rule a lead from ``doc_id`` states: itself, or, for a Q&A or news
        item that signs nothing (…答记者问 has no 落款 and no 文号), the notices it explains or reports."""
        if self._signature(doc_id) is not None:
            return [doc_id]
        known = self.facts.get(doc_id)
        explained = [self._by_key[key] for key in (known.clarifies if known else ()) if key in self._by_key]
        return list(dict.fromkeys(explained)) or [doc_id]

    def grounds(self, question: Question) -> list[Point]:
        """The grounds each notice the question names states for itself: the sentence of its preamble naming another
        document (根据…《…意见》（人社部发〔2020〕8号）…; 现就执行《…》（京人社劳字〔2020〕13号）的有关问题). A notice's
        basis is a document before it is a law, and the preamble is where a notice says which."""
        found: list[Point] = []
        for doc_id in self.retriever.documents_named(question.references):
            preamble = self.retriever.hit(f"{doc_id}#{PREAMBLE}")
            if preamble is None:
                continue
            # the preamble is no quotable unit of a search (an addressee, a purpose); its sentences are read here
            naming = [unit for unit in clause_sentences(preamble.text) if "《" in unit or find_doc_numbers(unit)]
            found += [Point(preamble, unit) for unit in naming[:1]]
        return found

    def citations(self, part: QuestionPart, question: Question, points: Sequence[Point]) -> tuple[list[Point], str]:
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
            point = citing_point(self.retriever, reference)
            if point is not None and all(point.quote != p.quote for p in cited):
                cited.append(point)
        return cited[: self.max_citing_points], "" if cited else missing

    def _first_clause_hit(self, doc_id: str) -> Hit | None:
        """A hit of the document's first clause: what its title, 文号 and issuer are read from."""
        clauses = self.retriever.clauses_of(doc_id)
        return self.retriever.hit(clauses[0].clause_id) if clauses else None

    def _effect_point(self, doc_id: str, whole_sentence: bool = False) -> Point | None:
        """The words of a document saying from when it applies (本解释自2021年1月1日起施行), in its clause; with
        ``whole_sentence``, the quotable sentence holding them (its conditions: …从其规定，…不再有必要性的自然失效)."""
        facts = self.facts.get(doc_id)
        if facts is None or not facts.validity:
            return None
        clause = next((c for c in self.retriever.clauses_of(doc_id) if facts.validity in c.text), None)
        hit = self.retriever.hit(clause.clause_id) if clause is not None else None
        if hit is None:
            return None
        sentence = next((u for u in self.retriever.units(hit.clause_id) if facts.validity in u), None) if whole_sentence else None
        return Point(hit, sentence or facts.validity)

    def unanswered(self, points: Sequence[Point], candidates: Sequence[Candidate], question: Question) -> list[Point]:
        """For a question naming several documents by 文号 (17号与13号是什么关系) or several laws (年休假条例和实施办法
        有什么区别), the best sentence of each named one no point quotes yet: it asked about every one of them."""
        named = self._named_each(question)
        if len(named) < 2:
            return []
        # each naming stands for a document of its own: 两份都叫“11号文”… names two of the documents numbered 11
        quoted = list(dict.fromkeys(p.hit.doc_id for p in points))
        taken: set[str] = set()
        added: list[Point] = []
        for documents in named:
            standing = next((d for d in quoted if d in documents and d not in taken), None)
            if standing is not None:
                taken.add(standing)
                continue
            best = next((c for c in candidates if c.hit.doc_id in documents and c.hit.doc_id not in taken), None)
            if best is not None:
                added.append(Point(best.hit, best.quote))
                taken.add(best.hit.doc_id)
        return added

    def _named_each(self, question: Question) -> list[list[str]]:
        """The documents each 文号 names, in the order the question names them; of a question naming no 文号, each
        law's versions (laws named beside a notice are what the notice is read against, not what is compared)."""
        refs = question.references
        return self.retriever.documents_named_each(refs) if refs.names_document else self.retriever.laws_named_each(refs)

    def local_followers(self, question: Question, points: Sequence[Point]) -> list[Point]:
        """Asked of a named document's rule where the user is (人社部发〔2020〕8号第三部分…北京有没有配套的实施文件？), the
        same provision in each document of that place following the named one (its preamble names it: 京人社劳字〔2020〕23号
        三、（四）): the clause printing the most of the lead rule's wording, at the sentence most like the one quoted.
        None when the lead is not the named document's, the question names no place beyond it, names the follower too,
        or no clause of it says much the same (``RESTATED_LIKENESS``)."""
        places = {place.short for place in question.rule_places}
        named = set(self.retriever.documents_named(question.references))
        rule = points[0] if points else None
        if not places or rule is None or rule.hit.doc_id not in named or rule.hit.region in places:
            return []
        wording = character_pairs(rule.hit.text)
        quoted = character_pairs(rule.quote)
        found: list[Point] = []
        for follower in self._followed_by.get(rule.hit.doc_id, []):
            document = self.retriever.get_document(follower)
            if follower in named or document is None or document.region not in places:
                continue
            likeness, clause = max(
                ((pair_likeness(wording, character_pairs(c.text)), c) for c in self.retriever.clauses_of(follower)),
                key=lambda pair: pair[0],
                default=(0.0, None),
            )
            if clause is None or likeness < RESTATED_LIKENESS or (hit := self.retriever.hit(clause.clause_id)) is None:
                continue
            units = clause.units or (clause.text,)
            found.append(Point(hit, max(units, key=lambda unit: pair_likeness(quoted, character_pairs(unit)))))
        return found

    def in_named_order(self, points: Sequence[Point], question: Question) -> list[Point]:
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
