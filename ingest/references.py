"""Citations of statutes printed in clauses (引用), found and resolved to the statute's article clause.

Finds 《中华人民共和国劳动合同法》第四十条, 劳动合同法第四十条、四十一条, 《突发事件应对法》第三十八条第三款,
依照《传染病防治法》… (the law as a whole) and, inside a statute, 本法第三十九条 or a bare 第四十条第一项.
Each is resolved against the statutes ingested with the corpus: to the version in force on the citing
document's date, then to the article's clause; what cannot be resolved (a law not in corpus/statutes, an
article beyond a law's end) is kept with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ingest.models import Clause, Document, Reference, ReferenceStatus
from lexicon.grammar import CN_DIGITS, chinese_numeral, numeral_value

# The circulars of this corpus date from 2020-2022: an undated one cites the statutes in force then.
UNDATED_CITING_DATE = "2020-01-01"

_N = rf"[{CN_DIGITS}]+|\d{{1,3}}"
_ARTICLE = rf"第?\s*(?P<article>{_N})\s*条(?:之(?P<sub>[{CN_DIGITS}]+))?"
_UNIT = (
    rf"第\s*(?P<para>{_N})\s*款|第\s*(?P<item>{_N})\s*项"
    rf"|第?\s*[（(](?P<bare_item>[{CN_DIGITS}]+)[)）](?:\s*项)?"  # 第（三）项, and 第（二）、（三）项 listed
)
_ARTICLE_RE = re.compile(_ARTICLE)
_UNIT_RE = re.compile(_UNIT)
_SEPARATOR_RE = re.compile(r"\s*(?:、|和|及|以及|或者|或|至)\s*")
# What may stand between a law's name and its article: a version note （2018年修正）, 的.
_GAP_RE = re.compile(r"(?:\s*[（(][^（）()]{1,16}[)）])?\s*(?:的)?\s*")
_BRACKETED_RE = re.compile(r"《([^《》]{2,60})》")
# A name the circulars print without 《》: only after a verb of citing, and only when an article follows.
_CITING = "依照|依据|根据|按照|符合|违反|适用|参照|对照|执行"  # verbs of citing a law
_UNBRACKETED_UNKNOWN_RE = re.compile(
    rf"(?:{_CITING})(?!本)(?P<name>[\u4e00-\u9fff]{{1,20}}?(?:法|条例))(?=第)"
)
# 《中华人民共和国劳动合同法》（以下简称劳动合同法）: a name a text defines for itself
_DEFINED_NAME_RE = re.compile(r"《([^《》]{2,60})》\s*[（(]以下简称\s*《?([^《》（）()]{1,20}?)》?\s*[)）]")
_SELF_RE = re.compile(r"本(?:法|条例|规定|办法|解释|细则)")
# Inside a statute, 第四十条 with no name before it cites the statute itself; after another word
# (前款第一条 …) it is part of a longer phrase. The characters allowed before end a verb of citing or a list.
_BARE_ARTICLE_RE = re.compile(rf"(?:(?<=[照据按合反用见和及、或的，；：])|(?<![\u4e00-\u9fff]))第(?:{_N})条")
# A name a question asks about without 《》 and without a citing verb (个人所得税法哪一条, 民法典第五百九十条): at the start of
# a sentence, a law or a code followed by an article or by the ask for one.
_ASKED_UNKNOWN_RE = re.compile(
    rf"(?:^|(?<=[，。？！?!；;：:、\s]))(?:{_CITING})?"
    rf"(?P<name>(?!何|这|那|该|本|此|各|有关|相关|其他|其它)(?:(?!哪|什么|啥|了|{_CITING}|援引|引用)[\u4e00-\u9fff]){{1,14}}?"
    rf"(?:法典|法|条例))(?=第(?:{_N})条|哪一?条|哪个条款)"
)
# A statute-like name in 《》: a law, a code (民法典), a regulation or a rule, not a notice, plan or guide.
_STATUTE_NAME_RE = re.compile(r"(法|典|条例|规定|办法|细则|解释)(（[^）]{1,12}）)?$")
# 劳动法律法规, 社会保险法规: a known name followed by these is not that law (劳动法规定 is).
_NOT_THE_LAW_AFTER = re.compile(r"[律学典]|规(?!定)")
_IMPLEMENTING_RULES_RE = re.compile(r"实施(?:条例|办法|细则)")


def is_statute_name(name: str) -> bool:
    """Whether a name (with or without its 《》) is a statute's: a law, code, regulation, rule or interpretation."""
    return bool(_STATUTE_NAME_RE.search(name.strip().removesuffix("》")))


@dataclass(frozen=True)
class Mention:
    """A citation as printed: the law (None for 本法 / a bare article inside a statute) and what of it."""

    law: str | None
    articles: tuple[tuple[str, str | None], ...]  # (第四十条, 第一款 / 第（三）项 / None); () = the law as a whole
    start: int
    end: int


def find_mentions(text: str, known_names: Iterable[str], inside_statute: bool, asked: bool = False) -> list[Mention]:
    """Every citation of a statute in ``text``, in order; ``known_names`` are the names printed without 《》
    that count (the corpus's statutes); inside a statute, 本法 and bare article numbers cite the statute itself.
    ``asked``: the text is a question, which may name a law the corpus lacks without 《》 or a verb of citing."""
    mentions: list[Mention] = []
    bracketed = [m.span() for m in _BRACKETED_RE.finditer(text)]
    read: list[tuple[int, int]] = []  # spans of the mentions found so far

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in (*bracketed, *read))

    def add(law: str | None, start: int, name_end: int, law_level: bool) -> None:
        articles, end = read_articles(text, name_end)
        if articles or law_level:
            mentions.append(Mention(law, articles, start, end if articles else name_end))
            read.append((start, end if articles else name_end))

    for match in _BRACKETED_RE.finditer(text):
        name = _squash(match.group(1))
        add(name, match.start(), match.end(), law_level=bool(_STATUTE_NAME_RE.search(name)))
    names = sorted({_squash(n) for n in known_names if n}, key=len, reverse=True)
    if names:
        pattern = re.compile("|".join(re.escape(n) for n in names))
        for match in pattern.finditer(text):
            before = text[match.start() - 1] if match.start() else ""
            if not free(*match.span()) or before == "本":
                continue
            if rules := _IMPLEMENTING_RULES_RE.match(text, match.end()):  # 传染病防治法实施办法: another text
                add(match.group(0) + rules.group(0), match.start(), rules.end(), law_level=True)
            elif not _NOT_THE_LAW_AFTER.match(text, match.end()):
                add(match.group(0), match.start(), match.end(), law_level=True)
    for match in _UNBRACKETED_UNKNOWN_RE.finditer(text):
        if free(match.start("name"), match.end("name")):
            add(match.group("name"), match.start("name"), match.end("name"), law_level=False)
    if asked:
        for match in _ASKED_UNKNOWN_RE.finditer(text):
            if free(match.start("name"), match.end("name")):
                add(match.group("name"), match.start("name"), match.end("name"), law_level=True)
    if inside_statute:
        for match in _SELF_RE.finditer(text):
            if free(*match.span()):
                add(None, match.start(), match.end(), law_level=False)
        for match in _BARE_ARTICLE_RE.finditer(text):
            if match.start() > 0 and free(*match.span()):  # at 0 it is the article's own label
                add(None, match.start(), match.start(), law_level=False)
    return sorted(mentions, key=lambda m: m.start)


def read_articles(text: str, at: int) -> tuple[tuple[tuple[str, str | None], ...], int]:
    """The articles (and 款/项) cited from ``at``: 第四十条第一项、第二项、第四十一条 -> ((第四十条, 第（一）项),
    (第四十条, 第（二）项), (第四十一条, None)); 第三条至第五条 is every article between. Returns the end offset."""
    gap = _GAP_RE.match(text, at)
    position = gap.end() if gap else at
    first = _ARTICLE_RE.match(text, position)
    if not first or not text.startswith("第", position):
        return (), at
    cited: list[tuple[str, str | None]] = []
    article = _article_label(first)
    end = first.end()
    units, end = _read_units(text, end)
    cited.extend((article, u) for u in units or [None])
    while True:
        separator = _SEPARATOR_RE.match(text, end)
        if not separator:
            break
        following = separator.end()
        if next_article := _ARTICLE_RE.match(text, following):
            label = _article_label(next_article)
            units, after = _read_units(text, next_article.end())
            if separator.group(0).strip() == "至":
                cited.extend((a, None) for a in _between(article, label))
            cited.extend((label, u) for u in units or [None])
            article, end = label, after
            continue
        units, after = _read_units(text, following)
        if not units:
            break
        cited.extend((article, u) for u in units)
        end = after
    # 第四十条第一项 also wrote (第四十条, None) first when units followed: keep the most specific only
    return tuple(dict.fromkeys(cited)), end


def _article_label(match: re.Match[str]) -> str:
    label = f"第{_cn(match.group('article'))}条"
    return label + (f"之{match.group('sub')}" if match.group("sub") else "")


def _read_units(text: str, at: int) -> tuple[list[str], int]:
    """第一款第（三）项 -> [第一款第（三）项]; 第一款、第三款 is read by the caller's separator loop."""
    label = ""
    end = at
    while unit := _UNIT_RE.match(text, end):
        if unit.group("para"):
            if label:
                break
            label = f"第{_cn(unit.group('para'))}款"
        else:
            label += f"第（{_cn(unit.group('item') or unit.group('bare_item'))}）项"
        end = unit.end()
    return ([label] if label else []), end


def _between(first: str, last: str) -> list[str]:
    low, high = _number(first), _number(last)
    return [f"第{chinese_numeral(n)}条" for n in range(low + 1, high)] if low and high and high - low < 50 else []


def _number(label: str) -> int | None:
    match = re.fullmatch(rf"第([{CN_DIGITS}]+)条", label)
    return numeral_value(match.group(1)) if match else None


def _cn(number: str) -> str:
    return chinese_numeral(int(number)) if number.isdigit() else chinese_numeral(numeral_value(number))


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


# ---------------------------------------------------------------- resolution


class StatuteTable:
    """The statutes of the corpus by every name they are cited by, each name with all its versions."""

    def __init__(self, documents: Sequence[Document], clauses: Sequence[Clause]) -> None:
        self.versions: dict[str, list[Document]] = {}
        self.documents = {d.doc_id: d for d in documents}
        for doc in documents:
            if not doc.doc_type.is_statute:
                continue
            for name in doc.aliases or (doc.title,):
                self.versions.setdefault(_squash(name), []).append(doc)
        self.articles: dict[tuple[str, str], Clause] = {(c.doc_id, c.label): c for c in clauses if c.part <= 1}

    @property
    def names(self) -> list[str]:
        return list(self.versions)

    def version(self, name: str, on: str) -> tuple[Document | None, str]:
        """The version of the law called ``name`` in force on ``on`` and a note when that is not exact."""
        versions = self.versions.get(name)
        if not versions:
            return None, ""
        in_force = [d for d in versions if d.in_force_on(on)]
        if in_force:
            return in_force[0], ""
        later = sorted((d for d in versions if (d.effective_from or "") > on), key=lambda d: d.effective_from or "")
        chosen = later[0] if later else max(versions, key=lambda d: d.effective_from or "")
        return chosen, f"在{on}施行的文本不在现有文件中，链接到{chosen.effective_from or '（日期未知）'}起施行的文本"


def citing_date(document: Document) -> str:
    """The day a document speaks from: a statute its effective date, a circular its date."""
    return document.effective_from or document.date or UNDATED_CITING_DATE


def resolve_references(documents: Sequence[Document], clauses: Sequence[Clause]) -> list[Reference]:
    """Every statute citation printed in every clause, resolved where the corpus can (see the module docstring)."""
    table = StatuteTable(documents, clauses)
    defined: dict[str, dict[str, str]] = {}  # doc id -> {short name the text defines: the law's name}
    for clause in clauses:
        for match in _DEFINED_NAME_RE.finditer(clause.text):
            if _STATUTE_NAME_RE.search(name := _squash(match.group(1))):  # not 《…指导意见》（以下简称《意见》）
                defined.setdefault(clause.doc_id, {})[_squash(match.group(2))] = name
    references: list[Reference] = []
    for clause in clauses:
        source = table.documents.get(clause.doc_id)
        if source is None:
            continue
        own = defined.get(clause.doc_id, {})
        definitions = [(m.end(1), m.end()) for m in _DEFINED_NAME_RE.finditer(clause.text)]
        for mention in find_mentions(clause.text, [*table.names, *own], source.doc_type.is_statute):
            if any(start <= mention.start < end for start, end in definitions):
                continue  # the short name inside （以下简称…） is the definition, not a citation
            if mention.law in own:
                mention = replace(mention, law=own[mention.law])
            references.extend(_resolve(mention, clause, source, table))
    return references


def _resolve(mention: Mention, clause: Clause, source: Document, table: StatuteTable) -> list[Reference]:
    printed = clause.text[mention.start : mention.end]
    if mention.law is None:
        target: Document | None = source
        law, note = source.title, ""
    else:
        law = mention.law
        target, note = table.version(law, citing_date(source))

    def make(article: str | None, unit: str | None, status: ReferenceStatus, clause_id: str | None, why: str) -> Reference:
        return Reference(
            source_clause_id=clause.clause_id,
            source_doc_id=clause.doc_id,
            printed=printed,
            law=law,
            article=article,
            unit=unit,
            status=status,
            target_doc_id=target.doc_id if target else None,
            target_clause_id=clause_id,
            note="；".join(x for x in (note, why) if x),
            start=mention.start,
            end=mention.end,
        )

    if target is None:
        return [make(a, u, ReferenceStatus.LAW_NOT_IN_CORPUS, None, "现有文件中没有这部法律法规")
                for a, u in mention.articles or ((None, None),)]
    if not mention.articles:
        return [make(None, None, ReferenceStatus.RESOLVED, None, "")]
    out: list[Reference] = []
    for article, unit in mention.articles:
        found = table.articles.get((target.doc_id, article))
        if found is None:
            count = sum(1 for (doc_id, label) in table.articles if doc_id == target.doc_id and label.endswith("条"))
            out.append(make(article, unit, ReferenceStatus.NO_SUCH_ARTICLE, None, f"该文本共{count}条，没有{article}"))
            continue
        missing = unit and not any(u.label == unit or u.label.endswith(unit) for u in found.subdivisions)
        why = f"{article}没有{unit}" if missing else ""
        out.append(make(article, unit, ReferenceStatus.RESOLVED, found.clause_id, why))
    return out
