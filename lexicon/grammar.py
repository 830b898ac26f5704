"""The grammar of Chinese circulars, one owner for ingest and query alike: the Han character class,
Chinese numerals (through cn2an) and the 文号 (京人社劳字〔2020〕11号, 人社部发[2020]8 号,
财政部 税务总局公告2020年第8号, 〔十五届〕第23号).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import cn2an

T = TypeVar("T")

HAN = "\u3400-\u4dbf\u4e00-\u9fff"  # CJK ideographs and extension A, inside a character class: [{HAN}]
HAN_RE = re.compile(f"[{HAN}]")
CN_DIGITS = "零〇一二三四五六七八九十百千两"  # the characters of a Chinese numeral, inside a class
ARTICLE_LABEL = rf"第[{CN_DIGITS}]+条"  # an article's label as a law prints it: 第四十条
PARAGRAPH_LABEL = rf"第[{CN_DIGITS}\d]+款"  # a 款 of an article, as people name it: 第三款


# how the title of a law, a regulation or an official document ends: its kind (文种), as the 党政机关公文处理工作条例
# lists them, the kinds of law and rule, and the kinds of guidance a department publishes. A name in 《》 ending
# otherwise (《员工手册》, 《劳动合同》, 《保密协议》) is the user's own paper, not a source the corpus could lack.
_DOCUMENT_KIND_END_RE = re.compile(
    r"(?:法|条例|规定|办法|细则|规则|规程|决定|解释|意见|通知|通告|公告|公报|通报|决议|命令|令|批复|函|纪要|报告|请示|"
    r"议案|答复|指引|指南|方案|措施|要求|要点|倡议书|答记者问|问答|解读|标准|目录|清单|纲要|规划|章程|守则)"
    r"(?:[（(][^（）()]*[）)])*$"
)


def is_document_title(name: str) -> bool:
    """Whether a name read as a title (from 《》) ends as an official source's title does, its bracketed edition
    (（2.0版）, （试行）) aside."""
    return bool(_DOCUMENT_KIND_END_RE.search(name.strip()))


def han_count(text: str) -> int:
    """How many Han characters ``text`` holds (the measure of a line's or a question's length)."""
    return len(HAN_RE.findall(text))


def numeral_value(text: str) -> int:
    """二十三 -> 23, 23 -> 23, 两 -> 2; raises ValueError for anything else."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    return int(cn2an.cn2an(text, "smart"))


def chinese_numeral(value: int) -> str:
    """23 -> 二十三, 10 -> 十 (the form clause labels are printed in: 第十条, 十、)."""
    return str(cn2an.an2cn(value))


_PERCENTAGE_RE = re.compile(r"\d+(?:\.\d+)?%")


def percentages(text: str) -> set[str]:
    """The percentages a text prints, however written: 200%, ２００％ and 百分之二百 are each 200%."""
    if "%" not in text and "％" not in text and "百分之" not in text:
        return set()
    try:
        written = cn2an.transform(unicodedata.normalize("NFKC", text), "cn2an")
    except (ValueError, KeyError):  # a numeral cn2an cannot read is no percentage it can give
        written = unicodedata.normalize("NFKC", text)
    return set(_PERCENTAGE_RE.findall(written))


# The pieces every 文号 pattern is built from: the year in any of the brackets printers use, the number.
_OPEN = "〔[【﹝（(［"
_CLOSE = "〕]】﹞）)］"
OPEN_BRACKET = f"[{re.escape(_OPEN)}]"
CLOSE_BRACKET = f"[{re.escape(_CLOSE)}]"
_YEAR = r"(?:19|20)\d{2}"
# a 文号 code without groups, to compose with: 京人社劳字〔2020〕11号
DOC_NUMBER_CODE = rf"[{HAN}]{{1,12}}\s*{OPEN_BRACKET}\s*{_YEAR}\s*{CLOSE_BRACKET}\s*\d{{1,4}}\s*号"
_ANNOUNCEMENT = rf"[{HAN}][{HAN} ]{{0,20}}?公告\s*{_YEAR}\s*年\s*第\s*\d{{1,4}}\s*号"  # 财政部 税务总局公告2020年第8号
_SESSION = rf"{OPEN_BRACKET}[{HAN}]+届{CLOSE_BRACKET}\s*第\s*\d+\s*号"  # 〔十五届〕第23号

# A 文号 anywhere in running text; ``prefix`` may carry lead-in words ("按照人社部发…"), see ref_from_match.
DOC_NUMBER_RE = re.compile(
    rf"(?P<prefix>[{HAN}]{{2,14}}?)?\s*{OPEN_BRACKET}\s*(?P<year>{_YEAR})\s*{CLOSE_BRACKET}\s*(?P<num>\d{{1,4}})\s*号"
)
ANNOUNCEMENT_NUMBER_RE = re.compile(
    rf"(?P<prefix>[{HAN}][{HAN} ]{{0,20}}?公告)\s*(?P<year>{_YEAR})\s*年\s*第\s*(?P<num>\d{{1,4}})\s*号"
)

# A 文号 whose code stands alone in running text, after （ ( 》 、 ， or at a line start, so nothing but the
# code precedes the bracket: 《…》（京政办发〔2020〕4号）.
CITED_DOC_NUMBER_RE = re.compile(rf"(?:(?<=[（(》、，])|^)({DOC_NUMBER_CODE})")

# A line that is nothing but a 文号: the line under a notice's title.
_DOC_NUMBER_LINE_RE = re.compile(rf"\s*(?:{DOC_NUMBER_CODE}|{_ANNOUNCEMENT}|{_SESSION})\s*")

# Words that precede a 文号 in running text but are not part of it ("按照人社部发〔2020〕11号").
_LEAD_IN_RE = re.compile(r"^.*(?:按照|根据|依据|依照|参照|执行|落实|贯彻|印发|文件|和|与|及|或|的|在)")


@dataclass(frozen=True)
class DocNumberRef:
    """A 文号 found in text; ``prefix`` may be empty (``〔2020〕11号``) or carry leading words."""

    prefix: str
    year: str
    number: str

    @property
    def core(self) -> str:
        return f"〔{self.year}〕{self.number}号"

    @property
    def normalized(self) -> str:
        return f"{self.prefix}{self.core}"

    def is_named_by(self, asked: DocNumberRef) -> bool:
        """Whether a 文号 a question gives is this one: the same year and number, the issuer's prefix perhaps
        shortened or lengthened by the words before it (人社部发, 〔2020〕8号)."""
        return (self.year, self.number) == (asked.year, asked.number) and self._issued_as(asked)

    def is_misdated_by(self, asked: DocNumberRef) -> bool:
        """Whether a 文号 a question gives is this one with another year (京人社劳字〔2019〕17号 for 〔2020〕17号): the
        same issuer's prefix, written out, and the same number."""
        return bool(asked.prefix) and self.number == asked.number and self.year != asked.year and self._issued_as(asked)

    def _issued_as(self, asked: DocNumberRef) -> bool:
        """Whether the prefix a question gives is this one's, perhaps shortened or lengthened by the words before
        it (an empty one is any issuer's)."""
        return self.prefix.endswith(asked.prefix) or asked.prefix.endswith(self.prefix)

    def is_named_short(self, year: str | None, number: str) -> bool:
        """Whether a question's short form (11号文, 2020年11号文) may name this 文号."""
        return self.number == number and year in (None, self.year)


def misdated_document(numbers: Sequence[tuple[DocNumberRef, T]], asked: DocNumberRef) -> list[T]:
    """The one document whose 文号 ``asked`` gives with a wrong year, as a list (empty when none or several are)."""
    near = [document for have, document in numbers if have.is_misdated_by(asked)]
    return near if len(near) == 1 else []


def documents_numbered(numbers: Sequence[tuple[DocNumberRef, T]], asked: DocNumberRef) -> list[T]:
    """The documents a 文号 a question gives names (several where a short one fits more than one: 〔2020〕13号); with
    none, the one it names with a wrong year (retrieval and the answer's scope read it alike)."""
    return [document for have, document in numbers if have.is_named_by(asked)] or misdated_document(numbers, asked)


def ref_from_match(m: re.Match[str]) -> DocNumberRef:
    prefix = _LEAD_IN_RE.sub("", (m.group("prefix") or "").replace(" ", ""))
    return DocNumberRef(prefix, m.group("year"), str(int(m.group("num"))))


def issuer_named(prefix: str, issuers: Iterable[str]) -> str:
    """The issuer code a 文号's prefix names: the longest known code it ends with, so the words a question puts
    before a 文号 (请提供京人社劳字…, 跟京城管发…, 依人社部函…) are not read as part of it; the prefix as read
    when it ends with none (an issuer the corpus does not hold)."""
    return max((code for code in issuers if code and prefix.endswith(code)), key=len, default=prefix)


# 京人社劳字〔2020〕13号和17号, 〔2020〕11号、13号: a number joined on to a 文号 is of its series and year
# a bare number joined on to a 文号, perhaps after a clause label of it (13号和17号, 13号第一条和17号第二条)
_CONTINUED_NUMBER_RE = re.compile(
    rf"(?:\s*第\s*[{CN_DIGITS}\d]+\s*[条项款](?:\s*第\s*[{CN_DIGITS}\d]+\s*[项款])*)?"
    r"\s*(?:和|与|及|以及|、|跟)\s*(\d{1,4})\s*号(?![文令])"
)


def find_doc_numbers_at(text: str) -> list[tuple[int, DocNumberRef]]:
    """Every 文号 in ``text`` with where it starts, in order (``find_doc_numbers``)."""
    found: list[tuple[int, DocNumberRef]] = []
    for m in DOC_NUMBER_RE.finditer(text):
        ref = ref_from_match(m)
        found.append((m.start(), ref))
        at = m.end()
        while following := _CONTINUED_NUMBER_RE.match(text, at):
            found.append((following.start(1), DocNumberRef(ref.prefix, ref.year, str(int(following.group(1))))))
            at = following.end()
    found += [(m.start(), ref_from_match(m)) for m in ANNOUNCEMENT_NUMBER_RE.finditer(text)]
    return sorted(found, key=lambda item: item[0])


def find_doc_numbers(text: str) -> list[DocNumberRef]:
    """Every 文号 in ``text``, brackets and spacing normalised; a bare number joined on to one (13号和17号,
    13号第一条和17号第二条) is read as the 文号 of the same series and year."""
    return [ref for _, ref in find_doc_numbers_at(text)]


# a name said only to leave it out: 除湖北省外, 湖北省以外的其他省份 (the rule is everyone else's)
_EXCLUDING = "除[^，。；：,;:]{{0,10}}?{name}[^，。；：,;:]{{0,6}}?以?外|{name}[^，。；：,;:]{{0,4}}?以外"


def _excluding(name: str) -> re.Pattern[str]:
    return re.compile(_EXCLUDING.format(name=re.escape(name)))


def leaves_out(text: str, name: str) -> bool:
    """Whether ``text`` names ``name`` to leave it out of what it rules (各省（除湖北省外）可…)."""
    return name in text and bool(_excluding(name).search(text))


# 新疆生产建设兵团 is a body of its own beside the provinces (各省…及新疆生产建设兵团), not 新疆's rule
_CORPS = re.compile("新疆生产建设兵团")


def named_beyond_exclusion(text: str, name: str) -> bool:
    """Whether ``text`` names ``name`` other than to leave it out (除湖北省外 does not name 湖北 as covered)."""
    return name in text and name in _excluding(name).sub("", _CORPS.sub("", text))


# a citation made to rule the cited article out (不得依据劳动合同法第四十条、四十一条与职工解除劳动合同): the article is
# not the basis of the rule printing it
_RULED_OUT_BEFORE = re.compile(r"(?:不得|不能|不可|不予|不再|不应)(?:依据|依照|按照|根据|适用|援引)[《]?$")


def cited_to_rule_out(text: str, start: int) -> bool:
    """Whether the citation printed at ``start`` in ``text`` names an article only to say it is not to be applied."""
    return bool(_RULED_OUT_BEFORE.search(text[max(0, start - 8) : start]))


def char_bigrams(text: str, digits: bool = False) -> set[str]:
    """Adjacent pairs of Han characters (and, with ``digits``, ASCII digits): a cheap wording overlap."""
    kept = re.sub(f"[^{HAN}\\d]" if digits else f"[^{HAN}]", "", text)
    return {kept[i : i + 2] for i in range(len(kept) - 1)}


_BIGRAM_RUN_RE = re.compile(f"[{HAN}]+|[A-Za-z0-9]+")


def bigram_tokens(text: str) -> list[str]:
    """The text as overlapping pairs of Han characters (a lone one kept as it is) and lower-cased ASCII words, in
    order and with repeats: words for a search that needs no dictionary and no tokenizer."""
    tokens: list[str] = []
    for run in _BIGRAM_RUN_RE.findall(text):
        if not HAN_RE.match(run):
            tokens.append(run.lower())
        elif len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


def normalise_doc_number(printed: str) -> str:
    """A 文号 as documents are filed under it: spaces dropped, the year's brackets made 〔〕.

    京人社劳字[2020]23 号 -> 京人社劳字〔2020〕23号; 财政部 税务总局公告2020年第8号 -> 财政部税务总局公告2020年第8号;
    ﹝十五届﹞第23号 -> 〔十五届〕第23号. The number is kept as printed (an announcement keeps its 年第 form).
    """
    text = re.sub(r"\s+", "", printed)
    text = re.sub(rf"{OPEN_BRACKET}({_YEAR}){CLOSE_BRACKET}", r"〔\1〕", text)
    return re.sub(rf"{OPEN_BRACKET}([{HAN}]+届){CLOSE_BRACKET}", r"〔\1〕", text)


def doc_number_of_line(line: str) -> tuple[str, str] | None:
    """(normalised, as printed) when the whole line is a 文号, else None."""
    if not _DOC_NUMBER_LINE_RE.fullmatch(line):
        return None
    printed = line.strip()
    return normalise_doc_number(printed), printed


def cited_doc_numbers(text: str) -> list[str]:
    """The 文号 cited in running text where the code stands alone (after （, 》, 、, ， or a line start),
    normalised, in order of mention."""
    return [normalise_doc_number(m.group(1)) for m in CITED_DOC_NUMBER_RE.finditer(text)]
