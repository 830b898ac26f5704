"""The national statutes under corpus/statutes/: each markdown text -> one document and its clauses.

A statute file opens with ``# title``, its adoption and amendment history and ``<!-- INFO END -->``;
its body is ``## 第X章`` / ``### 第X节`` headings and articles ``第X条 …``. Each article is one clause
(label 第四十条, heading the 编/章/节 path); inside it each paragraph is a 款 and each （一） line a 项, kept as
``Subdivision`` spans so a quote can be cited as 第四十条第（三）项. What the text does not say (its kind, the
dates a version was in force, which text replaced which) comes from the folder's ``versions.tsv``; each
article's 条旨 and everyday words, searched but never quoted, from its ``gists.tsv`` (``ingest/gists.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ingest.clauses import HISTORY, split_clauses
from ingest.gists import GISTS_FILE, Gist, read_gists
from ingest.load import LoadError, load_file
from ingest.models import Clause, DocType, Document, Line, SourceSpan, Subdivision
from ingest.tables import read_table
from lexicon.grammar import ARTICLE_LABEL, CN_DIGITS, chinese_numeral

STATUTES_DIR = "statutes"  # the folder under corpus/ that holds them
CATALOG_FILE = "versions.tsv"
INFO_END = "<!-- INFO END -->"
NATIONAL = "全国"
STATE_PREFIX = "中华人民共和国"

ARTICLE_RE = re.compile(rf"^({ARTICLE_LABEL}(?:之[{CN_DIGITS}]+)?)[\s\u3000]+")
_DIVISION_RE = re.compile(rf"^第[{CN_DIGITS}]+(编|分编|章|节)")
_DIVISION_RANK = {"编": 0, "分编": 1, "章": 2, "节": 3}
ITEM_RE = re.compile(rf"^[（(]([{CN_DIGITS}]+)[)）]")
# how a 款 or 项 ends: a full stop, semicolon or colon (a list follows), perhaps inside closing quotes or brackets
_ENDS_PARAGRAPH = re.compile(r"[。；：！？;:!?…][”’」）)]*\s*$")
_APPENDIX_RE = re.compile(r"^附\s*录[：:]?$")
_APPENDIX_PART_RE = re.compile(rf"^([{CN_DIGITS}]+)、")
_EFFECTIVE_RE = re.compile(r"(本(?:法|条例|规定|办法|解释)自[^。]*?起(?:施行|执行))")
_HEADER_EFFECTIVE_RE = re.compile(r"^(\d{4}年\d{1,2}月\d{1,2}日)\s*(施行|执行)$")
_KIND_BY_SUFFIX = (
    ("解释", DocType.JUDICIAL_INTERPRETATION),
    ("法", DocType.LAW),
    ("条例", DocType.ADMINISTRATIVE_REGULATION),
)


class CatalogError(LoadError):
    """versions.tsv cannot be read; the message names the line and what to fix."""


@dataclass(frozen=True)
class StatuteFacts:
    """One row of versions.tsv: what a statute text is and when it was in force."""

    file: str  # the file name: 劳动合同法(2012-12-28).md
    kind: DocType
    issuer: str
    doc_number: str | None = None
    adopted: str | None = None
    amended: str | None = None
    effective_from: str | None = None
    effective_to: str | None = None
    replaced_by: str | None = None  # file name of the later version in the folder
    aliases: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class ParsedStatute:
    document: Document
    clauses: list[Clause]
    header: tuple[str, ...]  # the history lines between the title and INFO END, as printed


# ---------------------------------------------------------------- the catalog

_CATALOG_COLUMNS = (
    "file", "kind", "issuer", "doc_number", "adopted", "amended",
    "effective_from", "effective_to", "replaced_by", "aliases", "note",
)  # fmt: skip
_DATE_COLUMNS = ("adopted", "amended", "effective_from", "effective_to")


def read_catalog(path: Path) -> dict[str, StatuteFacts]:
    """The rows of versions.tsv by file name; raise ``CatalogError`` naming the line of a malformed row."""
    try:
        table = read_table(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{path}: cannot be read ({exc}); save it as UTF-8 text") from exc
    if table.header is None:
        return {}
    if table.header[1] != _CATALOG_COLUMNS:
        raise CatalogError(f"{path}:{table.header[0]}: the header must be the columns {', '.join(_CATALOG_COLUMNS)}")
    facts: dict[str, StatuteFacts] = {}
    for number, row in table.rows:
        if len(row) != len(_CATALOG_COLUMNS):
            raise CatalogError(f"{path}:{number}: {len(row)} columns, expected {len(_CATALOG_COLUMNS)} (tab-separated)")
        cells = {name: value.strip() or None for name, value in zip(_CATALOG_COLUMNS, row)}
        try:
            kind = DocType(cells["kind"])
            if not kind.is_statute:
                raise ValueError(f"{kind.value} is not a statute kind")
            for column in _DATE_COLUMNS:
                if cells[column]:
                    date.fromisoformat(cells[column])  # type: ignore[arg-type]
        except ValueError as exc:
            raise CatalogError(f"{path}:{number}: {exc}; kinds are law, administrative_regulation, "
                               "departmental_rule, judicial_interpretation and dates YYYY-MM-DD") from exc
        file = cells["file"] or ""
        facts[file] = StatuteFacts(
            file=file,
            kind=kind,
            issuer=cells["issuer"] or "",
            doc_number=cells["doc_number"],
            adopted=cells["adopted"],
            amended=cells["amended"],
            effective_from=cells["effective_from"],
            effective_to=cells["effective_to"],
            replaced_by=cells["replaced_by"],
            aliases=tuple(a for a in (cells["aliases"] or "").split("|") if a),
            note=cells["note"],
        )
    return facts


def facts_for_unlisted(file: str, title: str) -> StatuteFacts:
    """A statute file versions.tsv does not list: its kind guessed from the title, nothing else known."""
    kind = next((k for suffix, k in _KIND_BY_SUFFIX if title.endswith(suffix)), DocType.DEPARTMENTAL_RULE)
    return StatuteFacts(file=file, kind=kind, issuer="")


# ---------------------------------------------------------------- one file


def doc_id_of(file_name: str) -> str:
    """A statute's document id is its file name without .md: 劳动合同法(2012-12-28) (unique per version)."""
    return Path(file_name).stem


def short_title(title: str) -> str:
    """中华人民共和国劳动合同法 -> 劳动合同法: how the circulars usually cite a law."""
    return title.removeprefix(STATE_PREFIX)


def parse_statute(path: Path, name: str, facts: StatuteFacts | None) -> ParsedStatute:
    """One statute file -> its document and clauses; raise ``LoadError`` when it has no ``# title``."""
    loaded = load_file(path, name)
    lines = [Line(_clean(text), number, number) for number, text in loaded.lines]
    lines = [line for line in lines if line.text]
    title_at = next((i for i, line in enumerate(lines) if line.text.startswith("# ")), None)
    if title_at is None:
        raise LoadError(f"{name}: no '# title' line; a statute file opens with its title as '# 中华人民共和国…法'")
    title = lines[title_at].text[2:].strip()
    rest = lines[title_at + 1 :]
    end = next((i for i, line in enumerate(rest) if line.text == INFO_END), None)
    header = rest[:end] if end is not None else []
    body = rest[end + 1 :] if end is not None else rest
    facts = facts or facts_for_unlisted(path.name, title)
    doc_id = doc_id_of(path.name)
    clauses = statute_clauses(doc_id, name, body)
    if header:  # who adopted and amended it, and when: a lawyer cites these words, so they are a clause
        history = replace(_clause(doc_id, name, HISTORY, None, header, 0), subdivisions=())  # no 款 or 项: a note
        clauses = [history, *(replace(c, order=c.order + 1) for c in clauses)]
    document = Document(
        doc_id=doc_id,
        doc_number=facts.doc_number,
        doc_number_printed=facts.doc_number,
        title=title,
        issuer=(facts.issuer,) if facts.issuer else (),
        date=facts.amended or facts.adopted,
        region=NATIONAL,
        doc_type=facts.kind,
        sources=(SourceSpan(name, lines[title_at].line_start, lines[-1].line_end),),
        validity=effective_statement(header, clauses),
        adopted=facts.adopted,
        amended=facts.amended,
        effective_from=facts.effective_from,
        effective_to=facts.effective_to,
        replaced_by=doc_id_of(facts.replaced_by) if facts.replaced_by else None,
        version_note=facts.note,
        aliases=statute_aliases(title, facts.aliases),
    )
    return ParsedStatute(document, clauses, tuple(line.text for line in header))


def statute_aliases(title: str, extra: tuple[str, ...]) -> tuple[str, ...]:
    """Every name a statute is cited by: its title, without 中华人民共和国, and the catalog's aliases."""
    return tuple(dict.fromkeys((title, short_title(title), *extra)))


def _clean(text: str) -> str:
    """A statute line as printed, without its indentation: the database's texts need no repair, and quotes
    taken from them (the question sets', a lawyer's) must match character for character."""
    return re.sub(r"[ \t\u3000]+", " ", text).strip()


def says_only_when_in_force(article_text: str) -> bool:
    """Whether an article opens by saying when its text takes effect (第一百零六条 本法自2024年11月1日起施行。, perhaps with
    the texts it repeals): a statement about the text, no rule of conduct."""
    return _EFFECTIVE_RE.match(ARTICLE_RE.sub("", article_text.strip(), count=1)) is not None


def effective_statement(header: list[Line], clauses: list[Clause]) -> str | None:
    """The text's own words on when it takes effect: 本法自2008年1月1日起施行 (or the header's 2004年12月1日 施行)."""
    for clause in reversed(clauses):
        if match := _EFFECTIVE_RE.search(clause.text):
            return match.group(1)
    for line in header:
        if _HEADER_EFFECTIVE_RE.match(line.text):
            return line.text
    return None


# ---------------------------------------------------------------- articles, 款 and 项


@dataclass
class _Article:
    label: str
    heading: str | None
    lines: list[Line]


def statute_clauses(doc_id: str, file: str, body: list[Line]) -> list[Clause]:
    """Clauses of a statute body: the preamble, one per article, the appendix; a text without
    articles (a notice published among the statutes) is split along its own numbering instead."""
    appendix_at = next((i for i, line in enumerate(body) if _APPENDIX_RE.match(line.text)), len(body))
    main, appendix = body[:appendix_at], body[appendix_at + 1 :]
    if not any(ARTICLE_RE.match(line.text) for line in main):
        return split_clauses(doc_id, file, [_unmark_heading(line) for line in main], [])
    divisions: list[tuple[int, str]] = []
    preamble: list[Line] = []
    articles: list[_Article] = []
    for line in main:
        if line.text.startswith("#"):
            heading = re.sub(r"^#+\s*", "", line.text)
            rank = _division_rank(heading)
            divisions = [d for d in divisions if d[0] < rank] + [(rank, heading)]
            continue
        if match := ARTICLE_RE.match(line.text):
            path = " > ".join(text for _, text in divisions) or None
            articles.append(_Article(match.group(1), path, [line]))
        elif articles:
            articles[-1].lines.append(line)
        else:
            preamble.append(line)
    clauses: list[Clause] = []
    if preamble:
        clauses.append(_clause(doc_id, file, "引言", None, preamble, len(clauses)))
    for article in articles:
        clauses.append(_clause(doc_id, file, article.label, article.heading, rejoined_paragraphs(article.lines), len(clauses)))
    clauses.extend(_appendix_clauses(doc_id, file, appendix, len(clauses)))
    return clauses


def _division_rank(heading: str) -> int:
    match = _DIVISION_RE.match(heading)
    return _DIVISION_RANK[match.group(1)] if match else len(_DIVISION_RANK)


def _unmark_heading(line: Line) -> Line:
    """'## 一、制度工作时间的计算' -> '一、制度工作时间的计算'; a bare '## 三' is the section label 三、."""
    if not line.text.startswith("#"):
        return line
    text = re.sub(r"^#+\s*", "", line.text)
    if re.fullmatch(f"[{CN_DIGITS}]+", text):
        text += "、"
    return Line(text, line.line_start, line.line_end)


def _appendix_clauses(doc_id: str, file: str, lines: list[Line], order: int) -> list[Clause]:
    """附录 parts (一、二、…) as clauses 附录一, 附录二; a title line before the first part heads them all."""
    parts: list[tuple[str, list[Line]]] = []
    lead: list[Line] = []
    for line in lines:
        if match := _APPENDIX_PART_RE.match(line.text):
            parts.append((f"附录{match.group(1)}", [line]))
        elif parts:
            parts[-1][1].append(line)
        else:
            lead.append(line)
    heading = " ".join(["附录", *(line.text for line in lead)])
    return [_clause(doc_id, file, label, heading, part, order + n) for n, (label, part) in enumerate(parts)]


def rejoined_paragraphs(lines: list[Line]) -> list[Line]:
    """An article's paragraphs, with those the source broke inside a sentence joined again: a 款 or 项 ends with
    。；：or the like, so a paragraph stopping short of one (劳动法第三十七条 …合理确定其劳动 / 定额和计件报酬标准。) runs on
    into the next, unless that opens an item (（二）). Left apart, each piece was a 款 of its own, and a lawyer was
    shown 劳动法第三十七条第二款：定额和计件报酬标准。"""
    joined: list[Line] = []
    for line in lines:
        if joined and not _ENDS_PARAGRAPH.search(joined[-1].text) and not ITEM_RE.match(line.text):
            previous = joined[-1]
            joined[-1] = Line(previous.text + line.text, previous.line_start, line.line_end)
        else:
            joined.append(line)
    return joined


def _clause(doc_id: str, file: str, label: str, heading: str | None, lines: list[Line], order: int) -> Clause:
    paragraphs = [line.text for line in lines]
    return Clause(
        clause_id=f"{doc_id}#{label}",
        doc_id=doc_id,
        label=label,
        heading=heading,
        text="\n".join(paragraphs),
        source=SourceSpan(file, lines[0].line_start, lines[-1].line_end),
        order=order,
        subdivisions=article_subdivisions(paragraphs),
    )


def article_subdivisions(paragraphs: list[str]) -> tuple[Subdivision, ...]:
    """The 款 and 项 of an article whose paragraphs are joined by newlines, as spans of that text.

    A paragraph that opens with （一） is a 项 of the 款 before it; any other paragraph starts a 款. 款 are
    labelled only when the article has more than one (第一款 of a one-paragraph article is not how law is cited),
    and a 项 carries its 款 then: 第二款第（一）项.
    """
    sections: list[tuple[int, int, list[tuple[str, int, int]]]] = []  # (start, end, items)
    offset = 0
    for text in paragraphs:
        start, end = offset, offset + len(text)
        offset = end + 1
        item = ITEM_RE.match(text)
        if item and sections:
            first, _, items = sections[-1]
            items.append((f"第（{item.group(1)}）项", start, end))
            sections[-1] = (first, end, items)
        else:
            sections.append((start, end, []))
    several = len(sections) > 1
    units: list[Subdivision] = []
    for n, (start, end, items) in enumerate(sections, start=1):
        prefix = f"第{chinese_numeral(n)}款" if several else ""
        if several:
            units.append(Subdivision(prefix, start, end))
        units.extend(Subdivision(prefix + label, s, e) for label, s, e in items)
    return tuple(units)


# ---------------------------------------------------------------- the folder


def is_statute_file(relative_name: str) -> bool:
    """A file of corpus/statutes/ holding a statute text (not the catalog or the README)."""
    parts = Path(relative_name).parts
    return len(parts) == 2 and parts[0] == STATUTES_DIR and relative_name.endswith(".md")


def article_count(clauses: list[Clause]) -> int:
    return sum(1 for c in clauses if ARTICLE_RE.match(c.label + " "))


def parse_statutes(corpus_dir: Path, names: list[str]) -> tuple[list[ParsedStatute], list[tuple[str, str]], list[str]]:
    """Parse the statute files ``names`` (relative to ``corpus_dir``) with the folder's versions.tsv, each article
    with its 条旨 and everyday words from the folder's gists.tsv.

    Returns the statutes with each replaced version linked both ways, the files skipped (file, reason) and
    warnings: a file the catalog does not list, a row whose file is missing, a replacement that is not there.
    """
    skipped: list[tuple[str, str]] = []
    warnings: list[str] = []
    catalog_path = corpus_dir / STATUTES_DIR / CATALOG_FILE
    catalog: dict[str, StatuteFacts] = {}
    catalog_read = False
    if catalog_path.is_file():
        try:
            catalog, catalog_read = read_catalog(catalog_path), True
        except CatalogError as exc:
            skipped.append((f"{STATUTES_DIR}/{CATALOG_FILE}", str(exc)))
    elif names:
        warnings.append(f"{catalog_path}: missing; the statutes are ingested without their kinds and dates")
    parsed: list[ParsedStatute] = []
    for name in names:
        path = corpus_dir / name
        facts = catalog.get(path.name)
        if facts is None and catalog_read:
            warnings.append(f"{name}: not listed in {CATALOG_FILE}; add a row with its kind and dates")
        try:
            parsed.append(parse_statute(path, name, facts))
        except LoadError as exc:
            skipped.append((name, str(exc)))
    present = {Path(n).name for n in names}
    warnings += [f"{CATALOG_FILE}: {file} is listed but not in {STATUTES_DIR}/" for file in catalog if file not in present]
    table = read_gists(corpus_dir / STATUTES_DIR / GISTS_FILE)
    warnings += list(table.rejected)
    parsed = with_gists(parsed, table.rows, warnings)
    return link_versions(parsed, warnings), skipped, warnings


def with_gists(parsed: list[ParsedStatute], rows: Mapping[tuple[str, str], Gist], warnings: list[str]) -> list[ParsedStatute]:
    """Each article with its 条旨 and everyday words from gists.tsv; a row naming no article of the texts is
    reported (a renamed file or a mistyped label), an article without a row is searched by its own words."""
    used: set[tuple[str, str]] = set()
    out: list[ParsedStatute] = []
    for statute in parsed:
        file = Path(statute.document.sources[0].file).name
        clauses = []
        for clause in statute.clauses:
            gist = rows.get((file, clause.label))
            if gist is not None:
                used.add((file, clause.label))
                clause = replace(clause, gist=gist.gist, everyday=gist.everyday)
            clauses.append(clause)
        out.append(replace(statute, clauses=clauses))
    files = {Path(s.document.sources[0].file).name for s in parsed}
    warnings += [
        f"{GISTS_FILE}: {file} {label} is not an article of the texts; row unused"
        for file, label in rows
        if (file, label) not in used and file in files
    ]
    return out


def link_versions(parsed: list[ParsedStatute], warnings: list[str]) -> list[ParsedStatute]:
    """Give each text that replaced another the ``replaces`` link back (versions.tsv names only ``replaced_by``)."""
    ids = {p.document.doc_id for p in parsed}
    replaces: dict[str, list[str]] = {}
    for item in parsed:
        later = item.document.replaced_by
        if later is None:
            continue
        if later not in ids:
            warnings.append(f"{item.document.doc_id}: replaced_by {later} is not among the statutes")
            continue
        replaces.setdefault(later, []).append(item.document.doc_id)
    return [
        replace(item, document=replace(item.document, replaces=tuple(replaces.get(item.document.doc_id, ()))))
        for item in parsed
    ]
