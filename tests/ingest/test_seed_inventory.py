"""Ingestion of the seeds against the hand-checked inventory (seed_inventory.tsv): every document,
its boundaries, title, 文号, issuers, date, region and type."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.models import Document

INVENTORY = Path(__file__).with_name("seed_inventory.tsv")


@dataclass(frozen=True)
class Row:
    locations: frozenset[str]
    doc_type: str
    doc_number: str | None
    title: str
    issuers: tuple[str, ...]
    date: str | None
    region: str
    note: str


def _none(value: str) -> str | None:
    return None if value == "-" else value


def read_inventory() -> list[Row]:
    with INVENTORY.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [
        Row(
            locations=frozenset(record["locations"].split()),
            doc_type=record["type"],
            doc_number=_none(record["doc_number"]),
            title=record["title"],
            issuers=tuple(record["issuers"].split(";")) if record["issuers"] != "-" else (),
            date=_none(record["date"]),
            region=record["region"],
            note=record["note"],
        )
        for record in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


ROWS = read_inventory()


def locations_of(document: Document) -> frozenset[str]:
    return frozenset(f"{span.file[:3]}:{span.line_start}-{span.line_end}" for span in document.sources)


@pytest.fixture(scope="module")
def seed_documents(parsed_corpus) -> list[Document]:
    """The documents of the five seed files (the statutes of corpus/statutes/ have their own tests)."""
    return [doc for doc in parsed_corpus.documents if not doc.doc_type.is_statute]


@pytest.fixture(scope="module")
def documents_by_location(seed_documents) -> dict[frozenset[str], Document]:
    return {locations_of(doc): doc for doc in seed_documents}


def test_the_inventory_lists_112_documents_by_type():
    assert len(ROWS) == 112
    assert len({row.locations for row in ROWS}) == len(ROWS)
    counts = {kind: sum(row.doc_type == kind for row in ROWS) for kind in ("notice", "qa", "news")}
    assert counts == {"notice": 75, "qa": 9, "news": 28}


def test_ingestion_finds_exactly_the_documents_of_the_inventory(seed_documents, documents_by_location):
    expected = {row.locations for row in ROWS}
    found = set(documents_by_location)
    missing = sorted(" ".join(sorted(locations)) for locations in expected - found)
    unexpected = sorted(
        f"{' '.join(sorted(locations))} {documents_by_location[locations].title[:30]}" for locations in found - expected
    )
    assert (missing, unexpected) == ([], [])
    assert len(seed_documents) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[" ".join(sorted(row.locations)) for row in ROWS])
def test_document_matches_its_inventory_row(row: Row, documents_by_location):
    document = documents_by_location.get(row.locations)
    assert document is not None, f"no document spans exactly {sorted(row.locations)}"
    found = (document.doc_type.value, document.doc_number, document.title, document.issuer, document.date, document.region)
    assert found == (row.doc_type, row.doc_number, row.title, row.issuers, row.date, row.region)


def test_a_doc_number_read_from_citations_says_so(documents_by_location):
    row = next(row for row in ROWS if row.doc_number == "京政办发〔2020〕4号")
    document = documents_by_location[row.locations]
    assert document.doc_number_printed is None
    assert any("京政办发〔2020〕4号" in note and "京政办发〔2020〕5号" in note for note in document.notes)


def test_the_one_seed_its_source_garbled_says_where_and_no_other_does(documents_by_location):
    # 003's page lost characters with their pinyin (主要?jiǎng)趧?wù)输入地): the lines are named, the text kept as printed
    garbled = {frozenset(loc): doc for loc, doc in documents_by_location.items() if any("乱码" in n for n in doc.notes)}
    assert [doc.title for doc in garbled.values()] == ["关于进一步做好新冠肺炎疫情防控期间务工人员返岗服务工作的通知"]
    (note,) = [n for doc in garbled.values() for n in doc.notes if "乱码" in n]
    assert note.startswith("原文第13、23、35行有无法还原的乱码")
