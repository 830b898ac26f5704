"""Document metadata read off the text: 文号, title, issuer, date, region, type, validity, references."""

from __future__ import annotations

import re

from ingest.clean import ORG_SUFFIX, TITLE_NOTE
from ingest.models import CrossReference, DocType
from lexicon.grammar import DOC_NUMBER_CODE, cited_doc_numbers, normalise_doc_number
from lexicon.places import NATIONAL, load_gazetteer

_CITED_TITLE = re.compile(r"《([^《》]{4,80})》")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_VALIDITY = re.compile(
    r"(有效期至[^。；，（()）]*(?:[（(][^（()）]*[）)])?|(?:本|以上)[^。；]{0,20}自[^。；]{1,30}起(?:施行|实施|执行)[^。；]*|自[^。；]{1,20}起施行)"
)
# A city's own body or words: 市医保局, 市新冠肺炎疫情防控工作领导小组, 本市, 市委书记
_LOCAL_BODY = re.compile(r"^[市区县](?!场|民)")
_LOCAL_WORDS = re.compile(r"本市|我市|市委|市政府")
_ANSWERING_BODY = re.compile(r"^(?:(?P<by>.{2,40}?)(?:有关司局|有关部门|有关)?负责人就|(?P<interpreter>.{2,12}?[局部委厅办])解读《)")
_ORG_NAME = re.compile(r".+?(?:总局|部|局|委员会|委|厅|署|办公室|办)(?:[^、，\s]{2,6}司)?")
_LEAD_DATE = re.compile(r"^[^，。；：]{0,30}?(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日")
_SUPERSEDE_SENTENCE = re.compile(r"[^。]*(?:以本[^。，]{1,6}为准|同时废止|停止执行)[^。]*。?")


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


def region_of(issuers: tuple[str, ...], title: str, text_head: str, doc_type: DocType, local_region: str | None) -> str:
    """The place a document's rules apply to, through the gazetteer: the place its issuers name, else the
    place its title names. A body that names no place is central (全国), unless it is a city's own
    (市医保局, 本市, 市委…): then it is the city of the documents around it (``local_region``). An unsigned
    notice or Q&A that names no place in its title takes the place its first lines name."""
    gazetteer = load_gazetteer()
    place = gazetteer.region_of(issuers) or gazetteer.region_of([title])
    if place:
        return place
    local = any(_LOCAL_BODY.match(issuer) for issuer in issuers) or _LOCAL_BODY.match(title)
    if local or _LOCAL_WORDS.search(title + text_head[:150]):
        return local_region or NATIONAL
    if not issuers and doc_type is not DocType.NEWS:
        place = gazetteer.region_of([text_head])
        if place:
            return place
    return NATIONAL


def issuers_named_in_title(title: str) -> tuple[str, ...]:
    """The bodies a press Q&A names as answering: '人力资源社会保障部财政部税务总局有关司局负责人就…答记者问',
    '市医保局解读《…》'."""
    match = _ANSWERING_BODY.match(title)
    if not match:
        return ()
    named = match.group("by") or match.group("interpreter")
    return tuple(org for part in re.split(r"[、，\s]+", named) for org in _ORG_NAME.findall(part))


def lead_date(lines: list[str], year: str | None) -> str | None:
    """The day a news item's first sentence names (2月6日下午，… / 新华社北京2月23日电), its year from the
    sentence or, when the sentence gives month and day only, ``year``."""
    for text in lines[:2]:
        match = _LEAD_DATE.match(text.lstrip("-— "))
        if match and (match.group("year") or year):
            y, m, d = int(match.group("year") or year), int(match.group("month")), int(match.group("day"))
            if 1 <= m <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def classify(title: str, doc_number: str | None, text: str, is_web_page: bool) -> DocType:
    questions = len(re.findall(r"(?m)^\s*(?:问[：:]|\d+[.、]?\s*问[：:])", text))
    answers = len(re.findall(r"(?m)^\s*答[：:]", text))
    if re.search(r"答记者问|问答|答问|解读|热点问题|答疑", title) or max(questions, answers) >= 3:
        return DocType.QA
    if is_web_page:
        return DocType.NEWS
    if doc_number:
        return DocType.NOTICE
    if re.search(r"(通知|通告|公告|意见|指南|方案|决定|办法|若干措施|措施|规定|细则|指引)$", TITLE_NOTE.sub("", title)) and not re.search(
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
