"""What the corpus covers, and what a question names that it lacks: a 文号, a title, a law or one of its
articles, a year, a place's own rules. Every statement made here must be true of the corpus, so each is
read off the documents themselves (their numbers, titles, issuers and regions, their clauses' labels)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from answer.citations import book_title
from answer.versions import version_label
from ingest.models import Clause, Document
from lexicon.grammar import (
    CN_DIGITS,
    DocNumberRef,
    char_bigrams,
    chinese_numeral,
    documents_numbered,
    find_doc_numbers,
    is_document_title,
    issuer_named,
)
from lexicon.places import NATIONAL, Gazetteer
from query.question import Question
from query.references import References

_ARTICLE = re.compile(f"^第[{CN_DIGITS}]+条$")  # a statute's article label
_TOP_LABEL = re.compile(f"^[{CN_DIGITS}]+、")  # a circular's numbered provision: 一、 … 十二、 (and its items)
_TOP_ITEM = re.compile(f"^[{CN_DIGITS}]+、（([{CN_DIGITS}]+)）")  # an item of a provision: 五、（十）
TITLE_MATCH = 0.6  # share of a named title's character pairs some real title must share to be the same document
CIRCULAR_TYPES = ("notice", "qa", "news")
REPORT_NAMES = {"qa": "答记者问", "news": "新闻报道"}  # circulars without force: what a year holding only them holds
CENTRAL_KINDS = ("doc_number", "title", "law", "article", "clause", "jurisdiction")  # what a question can be about (a year or a place qualifies it)


def abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` is a lay abbreviation of a law's name: its first and last characters are the name's, and the
    rest appear in it in order (年假条例 for 职工带薪年休假条例's 年休假条例, 劳动仲裁法 for 劳动争议调解仲裁法, 传染病法);
    a law the corpus lacks shares no such run (民法典, 个人所得税法, 刑法)."""
    if len(short) < 3 or len(short) >= len(name) or short[-1] != name[-1]:
        return False
    start = name.find(short[0])
    if start < 0:
        return False
    rest = iter(name[start + 1 :])
    return all(char in rest for char in short[1:])


def named_in_side_question(question: Question, name: str) -> bool:
    """Named in a later part of the question and not in the first: a side question, not what it is about."""
    first, *later = question.parts
    return bool(later) and name not in first.text and any(name in part.text for part in later)


@dataclass(frozen=True)
class Missing:
    """Something the question names that the corpus lacks, said as the user will read it."""

    what: str  # doc_number, title, law, article, year, place
    statement: str
    central: bool  # the question is about it (nothing else it names is in the corpus)


@dataclass(frozen=True)
class PlaceScope:
    """Which documents' regions apply to the places a question names."""

    regions: tuple[str, ...]  # the regions whose rules apply (the named places' own, then 全国)
    uncovered: tuple[str, ...]  # named places the corpus has no local rules for

    @property
    def local(self) -> tuple[str, ...]:
        """The named places' own regions whose rules apply (not the national one)."""
        return tuple(r for r in self.regions if r != NATIONAL)


class CorpusScope:
    """The 文号, titles, laws and their articles, years and regions of an index snapshot."""

    def __init__(self, documents: Sequence[Document], clauses_of: Mapping[str, Sequence[Clause]], gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        # each province's short name and its names, read once from the gazetteer (not per question)
        self._provinces = [
            (place.short, tuple(dict.fromkeys((place.name, place.short)))) for place in gazetteer.places if place.level == "province"
        ]
        self.numbers = [(ref, d) for d in documents if d.doc_number for ref in find_doc_numbers(d.doc_number)[:1]]
        self._printed_numbers = [(ref, (ref.normalized, d)) for ref, d in self.numbers]  # each with its 文号 as printed
        self.issuers = {ref.prefix for ref, _ in self.numbers}
        self.titles = [(d.title, d) for d in documents]
        self._labels_of = {d.doc_id: [c.label for c in clauses_of.get(d.doc_id, ())] for d in documents}
        # each statute article's 款 and 项 (第二款, 第（三）项, 第一款第（二）项)
        self._units_of = {
            (c.doc_id, c.label): [u.label for u in c.subdivisions] for cs in clauses_of.values() for c in cs if c.subdivisions
        }
        self.regions = sorted({d.region for d in documents if d.region and d.region != NATIONAL})
        self.circular_years = sorted({int(d.date[:4]) for d in documents if d.date and d.doc_type.value in CIRCULAR_TYPES})
        self.notice_years = sorted({int(d.date[:4]) for d in documents if d.date and d.doc_type.value == "notice"})
        # the years a law, regulation or interpretation held was made in: a question naming one may mean that text
        # (2001年解释), and saying the circulars lack that year would read as the corpus lacking it
        self.statute_years = sorted({int(d.date[:4]) for d in documents if d.date and d.doc_type.value not in CIRCULAR_TYPES})
        # the years a text held took effect in: 自2021年1月1日起施行的新司法解释 names 法释〔2020〕26号, not a year of circulars
        self.effect_years = sorted(
            {int(d.effective_from[:4]) for d in documents if d.effective_from and d.doc_type.value not in CIRCULAR_TYPES}
        )
        self.reports = {  # the years with circulars but no notice: what they hold
            int(d.date[:4]): REPORT_NAMES[d.doc_type.value]
            for d in documents
            if d.date and d.doc_type.value in REPORT_NAMES and int(d.date[:4]) not in self.notice_years
        }
        # the law documents (not circulars) under every name they are cited by (their titles without 中华人民共和国,
        # the catalog's aliases: 劳动争议司法解释（一）), and their article labels
        self.laws = [
            (name, d, labels)
            for d in documents
            if d.doc_type.value not in CIRCULAR_TYPES
            for labels in [{c.label for c in clauses_of.get(d.doc_id, ())}]
            for name in dict.fromkeys((d.title.removeprefix("中华人民共和国"), *d.aliases))
        ]

    # ---- places

    def provinces_elsewhere(self, question: Question) -> list[str]:
        """The provinces a question naming where the user is does not name at all (for 北京的公司, 湖北): a sentence
        naming one other than to leave it out (湖北省可免征…) is that province's rule, not the user's."""
        if not question.rule_places:
            return []
        named = {name for place in question.places for name in (*place.lineage, place.name)}
        return [name for short, names in self._provinces if short not in named for name in names]

    def places(self, question: Question) -> PlaceScope:
        """The regions whose rules answer a question: a named place's own (or the region it lies in:
        朝阳区 -> 北京) and the national ones; a named place with no local rules is said to be uncovered."""
        regions: list[str] = []
        uncovered: list[str] = []
        for place in question.rule_places:
            if place.outside_mainland:  # no rule here is its; said by ``missing``
                continue
            own = [r for r in self.regions if self._gazetteer.within(place.short, r)]
            anchored = any(other.short in place.lineage for other in question.places if other != place)
            if not own and not anchored:
                # 朝阳 alone reads as 辽宁's city, yet it is also 北京's 朝阳区: a covered place's rules may be the
                # user's, and "no local rules for 朝阳" would not be true (辽宁朝阳 is the city alone)
                counties = self._gazetteer.county_readings(place.short)
                own = [r for r in self.regions if any(r in county.lineage for county in counties)]
            if own:
                regions.extend(own)
            else:
                uncovered.append(place.short)
        # 湖北监利: saying 湖北 has no local rules says it of 监利 too
        widest = [p for p in uncovered if not any(o != p and self._gazetteer.within(p, o) for o in uncovered)]
        return PlaceScope(tuple(dict.fromkeys([*regions, NATIONAL])), tuple(dict.fromkeys(widest)))

    def place_statement(self, place: str, local: Sequence[str] = (), quoting: bool = True) -> str:
        """What the documents lack for a named place; ``local``: the other named places whose own rules are cited
        (then the answer does not quote national rules only); ``quoting``: whether the answer quotes any rule (a
        refusal quotes none, so it does not say what it quotes)."""
        inside = [r for r in self.regions if self._gazetteer.within(r, place)]
        if inside:
            return f"现有文件中没有{place}的地方规定，只有其中{'、'.join(inside)}的。"
        if local or not quoting:
            return f"现有文件中没有{place}的地方规定。"
        return f"现有文件中没有{place}的地方规定，以下只引全国性规定。"

    # ---- named documents, laws, years

    def _has_number(self, ref: DocNumberRef) -> bool:
        return any(have.is_named_by(ref) for have, _ in self.numbers)

    def _documents_numbered(self, ref: DocNumberRef) -> list[tuple[str, Document]]:
        """The documents a 文号 names, each with its 文号 as printed; given with a wrong year, the one document of
        that issuer and number (as retrieval reads it)."""
        return documents_numbered(self._printed_numbers, ref)

    def _title_document(self, title: str) -> Document | None:
        wanted = char_bigrams(title)
        if not wanted:
            return None
        best = max(self.titles, key=lambda t: len(wanted & char_bigrams(t[0])), default=None)
        if best is None or len(wanted & char_bigrams(best[0])) / len(wanted) < TITLE_MATCH:
            return None
        return best[1]

    def _laws(self, name: str) -> list[tuple[str, Document, set[str]]]:
        """The law documents cited by ``name``, the closest name first: several versions (and a name two texts
        share) are all held; the answer says which was in force."""
        exact = [law for law in self.laws if law[0] == name]
        close = [law for law in self.laws if name in law[0]] or [law for law in self.laws if abbreviates(name, law[0])]
        first: dict[str, tuple[str, Document, set[str]]] = {}
        for law in exact or sorted(close, key=lambda law: len(law[0])):
            first.setdefault(law[1].doc_id, law)  # each document once, under its closest name
        return list(first.values())

    @staticmethod
    def _version_missing(ref: References, held_by: Sequence[tuple[str, Document, set[str]]]) -> str:
        """When the question names a law by a year of a text the corpus does not hold (2025年修订后的传染病防治法, where
        only the 2013 text is held), or asks for the text before an amendment when every text held is of that
        amendment or later (2012年修正前的劳动合同法): which texts it holds. A year any held text was adopted,
        amended or took effect in names that text; with several laws named, a year is not known to be any one's,
        and nothing is said."""
        if len(ref.laws) != 1 or not ref.names_versions:
            return ""
        docs = [doc for _, doc, _ in held_by]
        held = {int(day[:4]) for doc in docs for day in (doc.adopted, doc.amended, doc.effective_from, doc.date) if day and day[:4].isdigit()}
        unheld = [f"{year}年的" for year in ref.text_years if year not in held]
        # 2012年修正前的劳动合同法 asks for a text older than any held when every held text is of 2012 or later
        unheld += [
            f"{year}年修改前的" for year in ref.before_years if not any(doc.version_year and doc.version_year < year for doc in docs)
        ]
        if not unheld:
            return ""
        texts = "、".join(f"{doc.version_year}年" for doc in docs if doc.version_year)
        return f"现有文件中没有{unheld[0]}{book_title(docs[0].title)}文本，只有{texts}的。"

    def article_counts(self, question: Question) -> list[tuple[str, str]]:
        """How many articles (a law's 第N条, a circular's 一、…) each document the question names has, said, with the
        clause opening its last: (statement, clause id) per document, a law's versions each."""
        ref = question.references
        counted: list[tuple[str, str]] = []
        for law in ref.laws:
            held_by = self._laws(law.name)
            for _, doc, labels in held_by:
                last = next((label for label in reversed(self._labels_of.get(doc.doc_id, ())) if _ARTICLE.match(label)), None)
                if last:
                    name = _version_name(doc, len(held_by) > 1)
                    counted.append((f"{name}共{_articles(labels)}条（第一条至{last}）。", f"{doc.doc_id}#{last}"))
        for name, doc in self._numbered(ref):
            labels = self._labels_of.get(doc.doc_id, ())
            top = _provisions(labels)
            if top:
                opening = next(label for label in labels if label.startswith(top[-1]))
                last = top[-1].rstrip("、")
                # a notice numbering its items through its provisions (人社部发〔2020〕8号: 五、（十）) has that many too
                items = list(dict.fromkeys(m.group(1) for label in labels if (m := _TOP_ITEM.match(label))))
                counting_items = f"，{len(items)}项（（{items[0]}）至（{items[-1]}））" if len(items) > 1 else ""
                counted.append((f"{name}正文共{len(top)}条（第一条至第{last}条）{counting_items}。", f"{doc.doc_id}#{opening}"))
        return counted

    def _numbered(self, ref: References) -> list[tuple[str, Document]]:
        """The documents a question names by 文号 (or by 11号文), each with its 文号 as printed."""
        found = [pair for number in ref.doc_numbers for pair in self._documents_numbered(number)]
        found += [
            (have.normalized, doc)
            for year, number in ref.short_numbers
            for have, doc in self.numbers
            if have.is_named_short(year, number)
        ]
        return list({doc.doc_id: (name, doc) for name, doc in found}.values())

    def _clause_missing(self, ref: References) -> tuple[str, bool]:
        """When the question names a circular's clause (京人社劳字〔2020〕11号第五条, 8号文三、（九）; of each document when
        it names several: 13号第一条和17号第五条) that none of the documents it names has: what they hold instead, as a
        statement ("" when all are held), and whether every clause named is missing."""
        if not ref.article or ref.laws:
            return "", False
        asks = (
            [(self._numbered(References(doc_numbers=(number,))), article, item) for number, article, item in ref.clauses]
            if ref.clauses
            else [(self._numbered(ref), ref.article, ref.sub)]
        )
        said = [statement for named, article, sub in asks if named and (statement := self._lacking(named, article, sub))]
        if not said:
            return "", False
        return "；".join(s.removesuffix("。") for s in said) + "。", len(said) == len(asks)

    def _lacking(self, named: Sequence[tuple[str, Document]], article: str, sub: str | None) -> str:
        """What ``named`` hold instead of clause ``article`` (item ``sub``), when none of them has it; else ""."""
        item = f"（{sub}）" if sub else ""
        wanted = (f"{article}、{item}", f"第{article}条{item}")
        if any(label.startswith(wanted) for _, doc in named for label in self._labels_of.get(doc.doc_id, ())):
            return ""
        asked = f"第{article}条{f'第{item}项' if item else ''}"
        held = []
        for name, doc in named:
            labels = self._labels_of.get(doc.doc_id, ())
            top = _provisions(labels)
            if item and any(label.startswith(f"{article}、") for label in labels):
                items = [label[len(article) + 1 :] for label in labels if re.fullmatch(f"{article}、（[{CN_DIGITS}]+）", label)]
                spans = f"{items[0]}至{items[-1]}" if len(items) > 1 else "".join(items)
                held.append(f"{name}第{article}条" + (f"只有{spans}项" if items else "不分项"))
            elif top:
                first, last = top[0].rstrip("、"), top[-1].rstrip("、")
                held.append(f"{name}正文只有第{first}条至第{last}条" if len(top) > 1 else f"{name}正文只有第{first}条")
            else:
                held.append(f"{name}正文不分条")
        return f"{'；'.join(held)}，没有{asked}。"

    def _unit_missing(self, units: Sequence[tuple[str, str]], held_by: Sequence[tuple[str, Document, set[str]]]) -> str:
        """When the question names a 款 or 项 of an article (劳动合同法第四十条第（四）项) that no version held has: what
        the article has instead, as a statement; else "". A 项 named without its 款 is found in whichever 款 has it."""
        for article, unit in units:
            versions = [(doc, self._units_of.get((doc.doc_id, article), [])) for _, doc, _ in held_by]
            if any(unit in have or any(u.endswith(unit) and "款第" in u for u in have) for _, have in versions):
                continue
            said = [f"{_version_name(doc, len(versions) > 1)}{article}{_units_held(unit, have)}" for doc, have in versions]
            return f"{'，'.join(said)}，{'都' if len(said) > 1 else ''}没有{unit}。"
        return ""

    def _years_held(self, missing: int) -> str:
        """The years the circulars are from, saying which hold notices and which only Q&As or news: a year with
        only a news report is no year of rules."""
        reports = "、".join(f"{year}年的{self.reports[year]}" for year in sorted(self.reports))
        if not self.notice_years:
            return f"现有文件只有{reports}，没有{missing}年的。"
        also = f"，另有{reports}" if reports else ""
        return f"现有文件中的通知只有{_years(self.notice_years)}年的{also}，没有{missing}年的。"

    def missing(self, question: Question) -> list[Missing]:
        """Everything the question names that the corpus lacks, each said precisely."""
        ref = question.references
        found: list[tuple[str, str, str]] = []  # (what, statement, the name as the question gives it)
        present = 0
        clause_missing, none_held = self._clause_missing(ref)
        if clause_missing:
            # only when no clause named is held is the question about what is missing
            found.append(("clause" if none_held else "part", clause_missing, ref.article or ref.sub or ""))
        clause_missing = clause_missing if none_held else ""
        for number in ref.doc_numbers:
            if self._has_number(number):
                present += not clause_missing
            else:
                named = DocNumberRef(issuer_named(number.prefix, self.issuers), number.year, number.number)
                if near := self._documents_numbered(number):
                    # a wrong year (京人社劳字〔2019〕17号): answered from the document of that number, and said so
                    printed, doc = near[0]
                    statement = f"现有文件中没有{named.normalized}，只有{printed}{book_title(doc.title)}。"
                    found.append(("misdated", statement, number.core))
                    present += not clause_missing
                    continue
                found.append(("doc_number", f"现有文件中没有{named.normalized}。", number.core))
        for year, number in ref.short_numbers:
            if any(have.is_named_short(year, number) for have, _ in self.numbers):
                present += not clause_missing
            else:
                found.append(("doc_number", f"现有文件中没有{year + '年' if year else ''}{number}号文。", f"{number}号"))
        for title in ref.titles:
            if self._title_document(title) is not None:
                present += 1
            elif is_document_title(title) and not any(title in law[0] or law[0] in title for law in self.laws):
                found.append(("title", f"现有文件中没有《{title}》。", title))
        # unquoted, it names a document only when one has that title; else it is the question's topic
        present += sum(1 for title in ref.described_titles if self._title_document(title) is not None)
        for law in ref.laws:
            held_by = self._laws(law.name)
            if not held_by:
                found.append(("law", f"现有文件中没有《{law.name}》的条文。", law.name))
                continue
            unheld = self._version_missing(ref, held_by)
            if unheld:
                found.append(("law", unheld, law.name))
                continue
            labels = {label for _, _, version_labels in held_by for label in version_labels}
            beyond = [a for a in law.articles if not any(label.startswith(a) for label in labels)]
            if beyond:
                counts = [f"{_version_name(doc, len(held_by) > 1)}共{_articles(labels)}条" for _, doc, labels in held_by]
                found.append(("article", f"{'，'.join(counts)}，{'都' if len(counts) > 1 else ''}没有{beyond[0]}。", law.name))
                continue
            unit_missing = self._unit_missing(law.units, held_by)
            if unit_missing:
                found.append(("article", unit_missing, law.name))
                continue
            present += 1
        # 香港, 澳门, 台湾 are governed by their own law: no national rule here is theirs. Beside a mainland place (a
        # Hong Kong firm's staff in Beijing, 台湾员工在北京工作) the mainland place's rules are the user's, and nothing is said
        if not any(not p.outside_mainland for p in question.rule_places):
            for place in (p for p in question.rule_places if p.outside_mainland):
                statement = f"现有文件都是中国内地的规定，不适用于{place.short}；{place.short}的劳动用工适用其本地法律。"
                found.append(("jurisdiction", statement, place.short))
        # a question about a law names its versions by year (2007年文本), or the time its case is in (如果起诉是在2021年
        # 以后呢 of 法释〔2001〕14号 第十三条): the circulars' years are beside the point
        of_a_law = any(
            doc.doc_type.value not in CIRCULAR_TYPES for number in ref.doc_numbers for _, doc in self._documents_numbered(number)
        )
        missing_years = (
            []
            if ref.laws or of_a_law
            else [
                y
                for y in question.years
                if y not in self.circular_years
                and y not in self.statute_years
                and not (y in ref.effect_years and y in self.effect_years)
            ]
        )
        if missing_years and self.circular_years:
            found.append(("year", self._years_held(missing_years[0]), str(missing_years[0])))
        # what the question is about: a document it names that the corpus lacks, when nothing else it names is
        # held and the name is not only in a side question (另，…援引的《治安管理处罚法》…): the parts the
        # corpus answers are answered, and the missing one is said
        central = present == 0 and any(what in CENTRAL_KINDS for what, _, _ in found)
        return [
            Missing(what, statement, central and what in CENTRAL_KINDS and not named_in_side_question(question, name))
            for what, statement, name in found
        ]


def _units_held(unit: str, have: Sequence[str]) -> str:
    """What an article has of the kind of unit asked: 只有第（一）至第（三）项, 只有两款, 不分项."""
    if unit.endswith("项"):
        within = unit[: unit.index("第（")] if "款第（" in unit else ""
        items = [u[len(within) :] for u in have if u.endswith("项") and u.startswith(within) and (within or "款" not in u)]
        where = within or ""
        if not items:
            return f"{where}不分项"
        return f"{where}只有{items[0]}至{items[-1]}" if len(items) > 1 else f"{where}只有{items[0]}"
    paragraphs = [u for u in have if u.endswith("款")]
    return f"只有{chinese_numeral(len(paragraphs))}款" if len(paragraphs) > 1 else "不分款"


def _years(years: Iterable[int]) -> str:
    return "、".join(str(y) for y in years)


def unique(statements: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(statements))


def _articles(labels: set[str]) -> int:
    return sum(1 for label in labels if _ARTICLE.match(label))


def _provisions(labels: Sequence[str]) -> list[str]:
    """A circular's numbered provisions (一、 … 十二、) in order, each once, from its clauses' labels."""
    return list(dict.fromkeys(m.group(0) for label in labels if (m := _TOP_LABEL.match(label))))


def _version_name(doc: Document, among_versions: bool) -> str:
    """《中华人民共和国突发事件应对法》, with （2007年文本） when it is one of several texts the name covers."""
    return f"{book_title(doc.title)}{version_label(doc) if among_versions else ''}"
