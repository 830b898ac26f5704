"""What a question names: 文号 (full, partial or short: 11号文), a clause label (第二条, 二、（三）), a law and
its article (《劳动合同法》第四十条), a document title (《关于…的通知》, 关于…的意见), and years."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ingest.references import find_mentions, is_statute_name
from lexicon.grammar import CN_DIGITS, DOC_NUMBER_RE, HAN, DocNumberRef, chinese_numeral, find_doc_numbers_at

_SHORT_DOC_RE = re.compile(
    r"(?:(?P<year>(?:19|20)\d{2})\s*年\s*)?(?<![\d〕\]】﹞）)])(?P<num>\d{1,4})\s*号\s*(?:文件|文|通知|令)"
)
_NUMERAL = rf"[{CN_DIGITS}]+|\d{{1,3}}"
# words quoted in “” 「」 『』 or straight quotes, at least four characters (“四方责任”)
_QUOTED_RE = re.compile(r"[“「『\"](?P<words>[^”」』\"“「『]{4,60})[”」』\"]")
# 第二条, and 第二部分 as lawyers call a circular's 二、
_ARTICLE_RE = re.compile(rf"第\s*(?P<n>{_NUMERAL})\s*(?:条|部分)")
# 二、, and 二（一） as users type 二、（一） without the 、
_TOP_LABEL_RE = re.compile(rf"(?<![（({CN_DIGITS}])(?P<n>[{CN_DIGITS}]+)(?:、|(?=\s*[（(][{CN_DIGITS}]+[）)]))")
_SUB_LABEL_RE = re.compile(rf"[（(](?P<n>[{CN_DIGITS}]+|\d{{1,2}})[）)]|第\s*(?P<m>{_NUMERAL})\s*[项款]")
# a document title a user names: 《关于…的通知》 (not a law), or unquoted 关于…的意见, which may also be plain words
# for rules on a topic (有没有关于隔离期间工资支付的规定 / …的通知)
_TITLE_RE = re.compile(
    r"《(?P<quoted>[^《》]{4,80})》|(?P<bare>关于[^，。？?！；、《》]{4,40}?的(?:指导意见|实施意见|意见|通知|通告|公告|决定|办法|规定|解释|答复|批复|指引|方案))"
)
# …unless the question asks whether such rules exist (有没有关于…的通知, 关于…的规定有吗): then it describes a topic
_ASKS_EXISTENCE_BEFORE = re.compile(r"(?:有|有无|有没|出台了?)\s*$")  # 有 ends 有没有 and 是否有 too
_ASKS_EXISTENCE_AFTER = re.compile(r"\s*(?:吗|么|没|有吗|有没有)")  # 没 begins 没有 too
# …or a provision of a law or a notice it has just named (突发事件应对法关于单位不得解除劳动合同的规定, 劳动合同法里关于
# 试用期的规定, 人社厅明电〔2020〕5号第三条关于…仲裁时效中止的规定)
_AFTER_A_NAME = re.compile(rf"^\s*(?:第\s*(?:{_NUMERAL})\s*[条款项]\s*)*(?:中|里|里面|中的|里的|的)?\s*$")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?=年|[—–\-~～至到]\s*(?:19|20)\d\d\s*年)")  # 2020年; 2020—2022年
# a year naming a text's version, not a time: 2007年《突发事件应对法》, 2020年版的解释（一）, 2012年修正的劳动合同法
# a year of this century written with two digits, as users write dates (22年5月, 20年2月, 22年底, 22年那阵子); only before
# a month or a part of the year, so that 工作了20年 stays a length
_SHORT_YEAR_RE = re.compile(
    rf"(?<![\d〔\[（(第])(1[5-9]|2\d)\s*年(?=\s*(?:\d{{1,2}}|[{CN_DIGITS}]{{1,2}})月|初|底|末|春节|上半年|下半年|那(?:阵子|会儿|时候?))"
)
_TEXT_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?:版|文本|修订|修正|通过)?的?\s*(?=《)|(?<!\d)((?:19|20)\d\d)\s*年(?:版|文本|修订|修正)")
# a year naming the amendment a text came before: 2012年修正前的文本, 2024年修订之前的突发事件应对法
_PRE_AMENDMENT_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?:修正|修订|修改)(?:以前|之前|前)")
_EFFECT_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年[^，。？?；;]{0,8}?起?(?:施行|生效|实施)")
_FILLER_RE = re.compile(r"的|规定|内容|全文|原文|条款|是什么|说了什么|讲了什么|怎么说|什么|哪些|请问|关于|文件|通知")


def _law_name(name: str) -> str:
    return name.strip().removeprefix("《").removesuffix("》").removeprefix("中华人民共和国")


def _numeral(text: str) -> str:
    return chinese_numeral(int(text)) if text.isdigit() else text


@dataclass(frozen=True)
class LawReference:
    """A law (or regulation, interpretation) a question names, and the articles it names of it (none: the
    law as a whole). Read with the statute-citation grammar ingestion reads the circulars with."""

    name: str  # as written, without 《》 and without 中华人民共和国: 劳动合同法
    articles: tuple[str, ...] = ()  # 第四十条, 第四十一条
    # the 款 and 项 it names of them, as the statutes label them: (第四十条, 第（三）项), (第四十一条, 第二款)
    units: tuple[tuple[str, str], ...] = ()
    # the years of the texts its articles are cited in (突发事件应对法（2007年）第六十一条): those texts' articles, even
    # where the question names another text by year too (那2024年修订后的新版本怎么规定的, after 2007's article)
    versions: tuple[int, ...] = ()


@dataclass(frozen=True)
class References:
    """Where a question says to look."""

    doc_numbers: tuple[DocNumberRef, ...] = ()
    short_numbers: tuple[tuple[str | None, str], ...] = ()  # (year or None, number) from "11号文"
    article: str | None = None  # 二 from 第二条 / 二、 (a circular's clause, not a law's article)
    sub: str | None = None  # 三 from （三） / 第三项
    # each 文号 with the clause (and item) named after it, when the question names clauses of several
    # (13号第一条和17号第二条; 8号第三条第（六）项和23号第三条第（六）项)
    clauses: tuple[tuple[DocNumberRef, str, str | None], ...] = ()
    laws: tuple[LawReference, ...] = ()
    titles: tuple[str, ...] = ()  # document titles named in 《》 (not laws)
    # words quoted in “” or 「」 (“限制人员流动、封闭管理”, “困难企业失业保险费返还”): a lawyer quoting the text's own words
    quoted: tuple[str, ...] = ()
    # 关于…的通知 without 《》 in a question asking whether such rules exist (有没有关于…的通知): plain words for rules
    # on a topic; only a document by that title makes it a name
    described_titles: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    text_years: tuple[int, ...] = ()  # years written only as a text's version (2007年《突发事件应对法》)
    effect_years: tuple[int, ...] = ()  # years named as when a text took effect (自2021年1月1日起施行的新司法解释)
    # years of an amendment the text asked for came before (2012年修正前的劳动合同法: a text older than 2012's)
    before_years: tuple[int, ...] = ()
    has_topic: bool = True  # False when the question is only a 文号 / label ("京人社劳字〔2020〕11号第二条")

    @property
    def names_document(self) -> bool:
        return bool(self.doc_numbers or self.short_numbers)

    @property
    def names_clause(self) -> bool:
        """A document and a clause label: 京人社劳字〔2020〕11号第二条, 11号文二、（三）."""
        return self.names_document and bool(self.article or self.sub)

    @property
    def names_statute_article(self) -> bool:
        """A law and one of its articles: 《劳动合同法》第四十条, 劳动法第五十条."""
        return any(law.articles for law in self.laws)

    @property
    def names_versions(self) -> bool:
        """Whether the question asks for a text by its year (2007年文本) or by an amendment it came before."""
        return bool(self.text_years or self.before_years)

    def names_version_of(self, version_year: int | None) -> bool:
        """Whether a text of this year is one the question asks for: named by its year, or older than an amendment
        the question asks for the text before (2012年修正前的文本)."""
        return version_year is not None and (
            version_year in self.text_years or any(version_year < year for year in self.before_years)
        )

    def label_candidates(self) -> list[str]:
        """Labels this reference may mean, most specific first: 二、（三） / 第二条 / 二、 / （三）."""
        sub = f"（{self.sub}）" if self.sub else ""
        if self.article:
            return [f"{self.article}、{sub}", f"第{self.article}条{sub}"]
        return [sub] if sub else []


def write_out_short_numbers(text: str, written: Mapping[tuple[str | None, str], str]) -> str:
    """The text with each short 文号 (13号文, 2020年11号文) that ``written`` holds replaced by the full 文号 it stands
    for (京人社劳字〔2020〕13号), the other short forms as they were."""

    def full(m: re.Match[str]) -> str:
        return written.get((m.group("year"), str(int(m.group("num")))), m.group(0))

    return _SHORT_DOC_RE.sub(full, text)


# a version's year written between a law's name and its article (突发事件应对法2024年文本第九十条, …（2007年版）第六十一条)
_YEAR_INSIDE_RE = re.compile(
    r"(?<=[法例定释》])\s*[（(]?(?P<year>(?:19|20)\d\d)\s*年(?:文本|版本|版|修订本?|修正本?)?的?[）)]?(?=\s*第)"
)
# a text's year just before an article, the law named elsewhere (…第六十一条和2024年文本第六十一条)
_YEAR_OF_ARTICLE_RE = re.compile(r"(?P<year>(?:19|20)\d\d)\s*年(?:文本|版本|版|修订本|修正本)的?\s*(?=第)")
_QUOTED_LAW_RE = re.compile(r"《([^《》]*(?:法|条例))》")
_YEAR_BEFORE_RE = re.compile(r"(?P<year>(?:19|20)\d\d)\s*年(?:版|文本|修订|修正)?的?\s*$")  # 2007年突发事件应对法


_BEFORE_ITEM = re.compile(r"[第 ]*")  # between 第三条 and its （六）: 第 of 第（六）项, or a space


def _item_after(text: str, at: int) -> str | None:
    """The item a clause label is followed by (第三条第（六）项, 第三条（六）), if any."""
    m = _SUB_LABEL_RE.match(text, _BEFORE_ITEM.match(text, at).end())
    return _numeral(m.group("n") or m.group("m")) if m else None


def read_references(text: str, law_names: Iterable[str] = ()) -> References:
    """Find 文号, clause labels, laws and their articles, titles and years in a question. ``law_names`` are the
    names statutes are cited by without 《》 (劳动合同法, 年休假条例); a bare 第十三条 after a question names one law
    is that law's."""
    inside = [int(m.group("year")) for m in _YEAR_INSIDE_RE.finditer(text)]
    versions_of = _versions_inside(text, law_names)
    text = _YEAR_INSIDE_RE.sub("", text)
    # a bare label right after a 文号 (人社厅明电〔2020〕5号 第三条) is that circular's clause, not the named law's article
    numbered_ends = {m.end() for m in DOC_NUMBER_RE.finditer(text)}
    mentions = [
        m
        for m in find_mentions(text, law_names, inside_statute=True, asked=True)
        if (m.law is None and len(text[: m.start].rstrip()) not in numbered_ends)
        or (m.law is not None and is_statute_name(m.law))
    ]
    named = {m.law for m in mentions if m.law}
    laws: dict[str, list[str]] = {}
    units: dict[str, list[tuple[str, str]]] = {}
    law_spans: list[tuple[int, int]] = []
    for mention in mentions:
        law = mention.law if mention.law is not None else (next(iter(named)) if len(named) == 1 else None)
        if law is None:
            continue
        articles = laws.setdefault(_law_name(law), [])
        articles.extend(article for article, _ in mention.articles if article not in articles)
        units.setdefault(_law_name(law), []).extend((a, u) for a, u in mention.articles if u)
        law_spans.append((mention.start, mention.end))
    # a label that belongs to a law (劳动合同法第四十条) is not a circular's clause label
    rest = text
    for start, end in reversed(law_spans):
        rest = rest[:start] + " " * (end - start) + rest[end:]
    numbered = find_doc_numbers_at(text)
    # a clause label belongs to the 文号 named last before it, and an item label right after it to that clause
    paired = [
        (owner[-1][1], _numeral(m.group("n")), _item_after(rest, m.end()))
        for m in _ARTICLE_RE.finditer(rest)
        if (owner := [(at, ref) for at, ref in numbered if at < m.start()])
    ]
    article = sub = None
    if m := _ARTICLE_RE.search(rest):
        article = _numeral(m.group("n"))
    elif m := _TOP_LABEL_RE.search(rest):
        article = m.group("n")
    if m := _SUB_LABEL_RE.search(rest):
        sub = _numeral(m.group("n") or m.group("m"))
    named_laws = set(laws)
    named: list[str] = []
    described: list[str] = []
    named_ends = [end for _, end in law_spans] + [m.end() for m in DOC_NUMBER_RE.finditer(text)]
    for m in _TITLE_RE.finditer(text):
        if m.group("quoted"):
            if _law_name(t := m.group("quoted").strip()) not in named_laws:
                named.append(t)
        elif (
            _ASKS_EXISTENCE_BEFORE.search(text[max(0, m.start() - 8) : m.start()])
            or _ASKS_EXISTENCE_AFTER.match(text[m.end() :])
            or any(end <= m.start() and _AFTER_A_NAME.match(text[end : m.start()]) for end in named_ends)
        ):
            described.append(m.group("bare").strip())
        else:
            named.append(m.group("bare").strip())
    titles, described_titles = tuple(dict.fromkeys(named)), tuple(dict.fromkeys(described))
    topic = text
    for pattern in (DOC_NUMBER_RE, _SHORT_DOC_RE, _ARTICLE_RE, _TOP_LABEL_RE, _SUB_LABEL_RE, _FILLER_RE):
        topic = pattern.sub(" ", topic)
    before_years = tuple(dict.fromkeys(int(y) for y in _PRE_AMENDMENT_YEAR_RE.findall(text)))
    return References(
        doc_numbers=tuple(ref for _, ref in numbered),
        clauses=tuple(dict.fromkeys(paired)) if len({ref for ref, _, _ in paired}) > 1 else (),
        short_numbers=tuple((m.group("year"), str(int(m.group("num")))) for m in _SHORT_DOC_RE.finditer(text)),
        article=article,
        sub=sub,
        laws=tuple(
            LawReference(name, tuple(articles), tuple(dict.fromkeys(units[name])), tuple(versions_of.get(name, ())) if articles else ())
            for name, articles in laws.items()
        ),
        titles=titles,
        described_titles=described_titles,
        quoted=tuple(dict.fromkeys(q for m in _QUOTED_RE.finditer(text) if not _SHORT_DOC_RE.search(q := m.group("words")))),
        years=(
            years := tuple(
                dict.fromkeys([*(int(y) for y in _YEAR_RE.findall(text)), *(2000 + int(y) for y in _SHORT_YEAR_RE.findall(text)), *inside])
            )
        ),
        text_years=tuple(y for y in _named_text_years(text, years, inside, law_spans) if y not in before_years),
        effect_years=tuple(dict.fromkeys(int(y) for y in _EFFECT_YEAR_RE.findall(text))),
        before_years=before_years,
        has_topic=len(re.findall(f"[{HAN}]", topic)) >= 2,
    )


def _versions_inside(text: str, law_names: Iterable[str]) -> dict[str, list[int]]:
    """For each law, the years written between its name and an article (《突发事件应对法》（2024年文本）第九十条), or
    before an article as a text's (…和2024年文本第六十一条) when the question names one law."""
    names = sorted({_law_name(n) for n in law_names}, key=len, reverse=True)
    found: dict[str, list[int]] = {}
    for m in _YEAR_INSIDE_RE.finditer(text):
        before = text[: m.start()].rstrip()
        if before.endswith("》") and "《" in before:
            name = _law_name(before[before.rfind("《") :])
        else:
            name = next((n for n in names if before.endswith(n)), "")
        if name:
            found.setdefault(name, []).append(int(m.group("year")))
    named = {n for n in names if n in text} | {_law_name(t) for t in _QUOTED_LAW_RE.findall(text)}
    if len(named) == 1:
        only = found.setdefault(next(iter(named)), [])
        only += [int(m.group("year")) for m in _YEAR_OF_ARTICLE_RE.finditer(text) if int(m.group("year")) not in only]
    return {name: years for name, years in found.items() if years}


def _named_text_years(text: str, years: tuple[int, ...], inside: list[int], law_spans: list[tuple[int, int]]) -> list[int]:
    """Every year the question names a text's version by: alone (2007年《…》), inside a citation (…2024年文本第九十条)
    or just before a law's name (2007年突发事件应对法)."""
    before_law = [int(m.group("year")) for start, _ in law_spans if (m := _YEAR_BEFORE_RE.search(text[:start]))]
    return list(dict.fromkeys([*_text_years(text, years), *inside, *before_law]))


def _text_years(text: str, years: tuple[int, ...]) -> tuple[int, ...]:
    """The named years that only ever name a text's version: 2020年《解释（一）》 names the interpretation,
    where 2022年发生的 names when things happened."""
    as_version = [int(a or b) for a, b in _TEXT_YEAR_RE.findall(text)]
    as_time = [int(y) for y in _YEAR_RE.findall(_TEXT_YEAR_RE.sub(" ", text))]
    return tuple(y for y in years if y in as_version and y not in as_time)
