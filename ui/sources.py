"""The corpus files named in words (corpus/sources.tsv), so a citation's source reads as a document, not a hash."""

from __future__ import annotations

import csv
from pathlib import Path


def read_source_names(path: Path) -> dict[str, str]:
    """file name -> its name in words; empty when the table is missing (sources then show as file names)."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return {row["file"].strip(): row["name"].strip() for row in rows if row.get("file") and row.get("name")}
