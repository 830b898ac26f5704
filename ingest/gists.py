"""The statute articles' 条旨 and everyday words (corpus/statutes/gists.tsv), read once at ingest.

A 条旨 is the short editorial summary a legal publisher prints above an article (试用期期限); the everyday words are
how an employee or an HR clerk names the situation the article governs (试用期多久|试用期延长). Neither is the
law's text: they are never quoted nor mixed into the article's own text, only searched (a vector of their own,
store/index.py ``gist_text``), so a lay question finds the article whose words it does not share. Written from each
article's own text alone; see the folder's README.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.tables import read_table

GISTS_FILE = "gists.tsv"
_COLUMNS = ("file", "article", "gist", "everyday")


@dataclass(frozen=True)
class Gist:
    """One article's 条旨 and the everyday words for what it governs."""

    gist: str
    everyday: tuple[str, ...] = ()


@dataclass(frozen=True)
class GistTable:
    """The table's rows by (file name, article label), and the rows it could not read (line: why)."""

    rows: dict[tuple[str, str], Gist]
    rejected: tuple[str, ...] = ()


def read_gists(path: Path) -> GistTable:
    """The rows of ``path``; a malformed row is reported in ``rejected`` and skipped, the others kept.
    A missing file is an empty table: the statutes are then searched by their own words alone."""
    if not path.is_file():
        return GistTable({})
    try:
        table = read_table(path)
    except (OSError, UnicodeDecodeError) as exc:
        return GistTable({}, (f"{path}: cannot be read ({exc}); save it as UTF-8 text",))
    if table.header is None:
        return GistTable({})
    if table.header[1] != _COLUMNS:
        return GistTable({}, (f"{path}:{table.header[0]}: the header must be the columns {', '.join(_COLUMNS)}",))
    rows: dict[tuple[str, str], Gist] = {}
    rejected: list[str] = []
    for number, row in table.rows:
        if len(row) != len(_COLUMNS):
            rejected.append(f"{path}:{number}: {len(row)} columns, expected {len(_COLUMNS)} (tab-separated); row skipped")
            continue
        file, article, gist, everyday = (cell.strip() for cell in row)
        if not (file and article and gist):
            rejected.append(f"{path}:{number}: file, article and gist must not be empty; row skipped")
            continue
        if (file, article) in rows:
            rejected.append(f"{path}:{number}: {file} {article} is listed twice; the first row is kept")
            continue
        rows[(file, article)] = Gist(gist, tuple(w.strip() for w in everyday.split("|") if w.strip()))
    return GistTable(rows, tuple(rejected))
