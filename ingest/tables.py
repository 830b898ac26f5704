"""The tab-separated tables beside the corpus (corpus/statutes/versions.tsv, gists.tsv): one reading for both."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Table:
    """A table's header and rows, each with its line number in the file (blank and ``#`` lines left out)."""

    header: tuple[int, tuple[str, ...]] | None
    rows: list[tuple[int, list[str]]]


def read_table(path: Path) -> Table:
    """``path`` as a header line and tab-separated rows; ``OSError`` / ``UnicodeDecodeError`` are the caller's to
    report, each in its own words."""
    lines = path.read_text(encoding="utf-8").splitlines()
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip() and not line.startswith("#")]
    if not numbered:
        return Table(None, [])
    (first, header), body = numbered[0], numbered[1:]
    rows = csv.reader((line for _, line in body), delimiter="\t")
    # not strict: a stray quote makes csv join lines, and the rows then run short of the line numbers
    return Table((first, tuple(header.split("\t"))), list(zip((n for n, _ in body), rows)))
