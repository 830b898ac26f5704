"""The grammar of Chinese circulars, one owner for ingest and query alike: the Han character class,
Chinese numerals (through cn2an) and the 文号 (京人社劳字〔2020〕11号, 人社部发[2020]8 号,
财政部 税务总局公告2020年第8号).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

HAN = "\u4e00-\u9fff"  # inside a character class: [{HAN}]
HAN_RE = re.compile(f"[{HAN}]")
CN_DIGITS = "零〇一二三四五六七八九十百千两"  # the characters of a Chinese numeral, inside a class


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

_OPEN = "〔[【﹝（(［"
_CLOSE = "〕]】﹞）)］"
DOC_NUMBER_RE = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff]{{2,14}}?)?\s*[{re.escape(_OPEN)}]\s*(?P<year>(?:19|20)\d{{2}})\s*"
    rf"[{re.escape(_CLOSE)}]\s*(?P<num>\d{{1,4}})\s*号"
)

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


# Announcements are numbered by year: 财政部 税务总局公告2020年第8号
ANNOUNCEMENT_NUMBER_RE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff][\u4e00-\u9fff ]{0,20}?公告)\s*(?P<year>(?:19|20)\d{2})\s*年\s*第\s*(?P<num>\d{1,4})\s*号"
)


def ref_from_match(m: re.Match[str]) -> DocNumberRef:
    prefix = _LEAD_IN_RE.sub("", (m.group("prefix") or "").replace(" ", ""))
    return DocNumberRef(prefix, m.group("year"), str(int(m.group("num"))))


def find_doc_numbers(text: str) -> list[DocNumberRef]:
    """Every 文号 in ``text``, brackets and spacing normalised."""
    found = [(m.start(), ref_from_match(m)) for m in DOC_NUMBER_RE.finditer(text)]
    found += [(m.start(), ref_from_match(m)) for m in ANNOUNCEMENT_NUMBER_RE.finditer(text)]
    return [ref for _, ref in sorted(found, key=lambda item: item[0])]


def char_bigrams(text: str, digits: bool = False) -> set[str]:
    """Adjacent pairs of Han characters (and, with ``digits``, ASCII digits): a cheap wording overlap."""
    kept = re.sub(f"[^{HAN}\\d]" if digits else f"[^{HAN}]", "", text)
    return {kept[i : i + 2] for i in range(len(kept) - 1)}
