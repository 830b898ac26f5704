"""Document metadata read off the text: 文号, title, issuer, date, region, type, validity, references."""

from __future__ import annotations

import re

from ingest.clean import ends_paragraph
from ingest.models import CrossReference, DocType
from lexicon.grammar import DOC_NUMBER_CODE, cited_doc_numbers, han_count, normalise_doc_number

_CITED_TITLE = re.compile(r"《([^《》]{4,80})》")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_VALIDITY = re.compile(
    r"(有效期至[^。；，)）(]*|(?:本|以上)[^。；]{0,20}自[^。；]{1,30}起(?:施行|实施|执行)[^。；]*|自[^。；]{1,20}起施行)"
)
_SUPERSEDE_SENTENCE = re.compile(r"[^。]*(?:以本[^。，]{1,6}为准|同时废止|停止执行)[^。]*。?")

ORG_SUFFIX = re.compile(
    r"(政府|办公厅|办公室|人民法院|人民检察院|委员会|常务委员会|局|部|委|厅|院|署|会|中心|总局|集团|小组|机制|综合组|协会|工会|联合会|企业家协会|银行|监管局|管委会)$"
)

# Codes whose issuer is not printed in the compilation; a small table, extended as the corpus grows.
_ISSUER_BY_PREFIX = {
    "国办发": "国务院办公厅",
    "国发": "国务院",
    "人社部": "人力资源社会保障部",
    "人社厅": "人力资源社会保障部办公厅",
    "京政办发": "北京市人民政府办公厅",
    "京政发": "北京市人民政府",
    "京人社": "北京市人力资源和社会保障局",
    "医保发": "国家医保局",
    "工信明电": "工业和信息化部",
    "法发": "最高人民法院",
}

_REGION_MARKERS = (("京", "北京"), ("北京", "北京"), ("常德", "常德"), ("湖南", "湖南"), ("湖北", "湖北"), ("武汉", "武汉"))


def is_org_line(text: str, max_han: int = 50) -> bool:
    """A line that is only an issuer's name: 北京市人力资源和社会保障局, 国务院应对…联防联控机制."""
    return (
        bool(ORG_SUFFIX.search(text.strip()))
        and not ends_paragraph(text)
        and han_count(text) <= max_han
        and "关于" not in text
    )


def parse_date(text: str) -> str | None:
    match = _DATE.search(text)
    if not match:
        return None
    y, m, d = (int(g) for g in match.groups())
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def split_issuers(lines: list[str]) -> tuple[str, ...]:
    """Signature lines -> issuer names; names wrapped over two lines are re-joined."""
    issuers: list[str] = []
    pending = ""
    for line in lines:
        line = re.sub(r"[（(]代\s*章[)）]", " ", line)
        for token in re.split(r"\s+", line.strip()):
            token = token.strip()
            if not token:
                continue
            if re.search(r"[，。：:；]", token) or len(token) > 40:
                pending = ""
                continue
            pending += token
            if ORG_SUFFIX.search(pending):
                issuers.append(pending)
                pending = ""
    if pending and len(pending) >= 2:
        issuers.append(pending)
    seen: dict[str, None] = {}
    for issuer in issuers:
        seen.setdefault(issuer, None)
    return tuple(seen)


def issuer_from_doc_number(doc_number: str | None) -> tuple[str, ...]:
    if not doc_number:
        return ()
    for prefix, issuer in _ISSUER_BY_PREFIX.items():
        if doc_number.startswith(prefix):
            return (issuer,)
    return ()


def detect_region(doc_number: str | None, issuers: tuple[str, ...], title: str, text_head: str = "") -> str:
    """The region a rule applies to: 北京 / 常德 … or 全国 for central authorities."""
    if doc_number and doc_number.startswith("京"):
        return "北京"
    if not issuers and re.search(r"本市|北京|首都", text_head):
        return "北京"
    for text in (*issuers, title):
        for marker, region in _REGION_MARKERS:
            if marker == "京":
                continue
            if text.startswith(marker) or (text is title and marker in text):
                return region
    return "全国"


def classify(title: str, doc_number: str | None, text: str, is_web_page: bool) -> DocType:
    if re.search(r"答记者问|问答|答问|解读|热点问题|答疑", title) or len(re.findall(r"(?m)^\s*(?:问[：:]|\d+[.、]?\s*问[：:])", text)) >= 3:
        return DocType.QA
    if is_web_page:
        return DocType.NEWS
    if doc_number:
        return DocType.NOTICE
    if re.search(r"(通知|通告|公告|意见|指南|方案|决定|办法|若干措施|措施|规定|细则|指引)(（(摘录|试行|暂行)）)?$", title) and not re.search(
        r"会议|发布会|召开", title
    ):
        return DocType.NOTICE
    return DocType.NEWS


def find_validity(text: str) -> str | None:
    match = _VALIDITY.search(text)
    return match.group(1).strip() if match else None


def find_references(text: str, own_number: str | None, own_title: str) -> tuple[CrossReference, ...]:
    """文号 and 《titles》 a document cites, in order of first mention, without itself."""
    refs: dict[tuple[str | None, str | None], None] = {}
    for match in re.finditer(rf"《([^《》]{{4,80}})》\s*[（(]?\s*({DOC_NUMBER_CODE})?", text):
        title = match.group(1)
        number = normalise_doc_number(match.group(2)) if match.group(2) else None
        if number == own_number or title == own_title:
            continue
        refs.setdefault((number, title), None)
    cited_numbers = {n for n, _ in refs}
    for number in cited_doc_numbers(text):
        if number != own_number and number not in cited_numbers:
            refs.setdefault((number, None), None)
            cited_numbers.add(number)
    return tuple(CrossReference(doc_number=n, title=t) for n, t in refs)


def find_supersessions(text: str) -> tuple[str, ...]:
    """Documents this one prevails over: '与《…》(京城管发〔2020〕8号)…不一致的，以本通告为准'."""
    prevailed: list[str] = []
    for sentence in _SUPERSEDE_SENTENCE.findall(text):
        numbers = [normalise_doc_number(m) for m in re.findall(DOC_NUMBER_CODE, sentence)]
        titles = _CITED_TITLE.findall(sentence)
        for item in numbers or titles:
            if item not in prevailed:
                prevailed.append(item)
    return tuple(prevailed)


def find_clarified(title: str, text_head: str) -> tuple[str, ...]:
    """A notice that explains another (说明/解释/补充): the 文号 or title it clarifies."""
    if not re.search(r"说明|解释|补充|解读", title):
        return ()
    numbers = [normalise_doc_number(m) for m in re.findall(DOC_NUMBER_CODE, text_head)]
    if numbers:
        return tuple(dict.fromkeys(numbers))
    return tuple(dict.fromkeys(_CITED_TITLE.findall(title)))
