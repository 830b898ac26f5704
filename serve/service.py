"""The assistant as one object: built once from settings, shared by the CLI, the API and the UI."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from answer.models import AskResponse
from assistant.answer import Answerer, DocumentFacts
from assistant.llm import build_llm_answerer
from assistant.relevance import RelevanceTest
from config import Settings
from ingest.models import Clause, Document, Reference
from query.models import Turn
from retrieval.models import Hit, SearchFilters
from retrieval.retriever import Retriever, build_retriever


@dataclass
class PolicyAssistant:
    settings: Settings
    retriever: Retriever
    answerer: Answerer

    def ask(self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None) -> AskResponse:
        return self.answerer.ask(question, history, filters)

    def stream(
        self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None
    ) -> Iterator[str | AskResponse]:
        return self.answerer.stream(question, history, filters)

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None) -> list[Hit]:
        return self.retriever.search(query, k=k, filters=filters)

    def documents(self, filters: SearchFilters | None = None) -> list[Document]:
        return self.retriever.list_documents(filters)

    def document(self, doc_id: str) -> Document | None:
        return self.retriever.get_document(doc_id)

    def clauses_of(self, doc_id: str) -> list[Clause]:
        return self.retriever.clauses_of(doc_id)

    def clause(self, clause_id: str) -> Clause | None:
        return self.retriever.get_clause(clause_id)

    def cites(self, clause_id: str) -> list[Reference]:
        """The statute citations printed in a clause (引用), resolved or not."""
        return self.retriever.cites(clause_id)

    def cited_by(self, clause_id: str) -> list[Reference]:
        """The clauses that cite a statute article (被引用)."""
        return self.retriever.cited_by(clause_id)


def document_facts(retriever: Retriever) -> dict[str, DocumentFacts]:
    """Region, validity, supersession and clarification of every document, computed once."""
    documents = retriever.list_documents()
    clarified: dict[str, list[str]] = {}
    superseded: dict[str, str] = {}
    for doc in documents:
        later = doc.doc_number or f"《{doc.title}》"
        for target in doc.clarifies:
            clarified.setdefault(target, []).append(later)
        for target in doc.supersedes:
            superseded[target] = later
    facts: dict[str, DocumentFacts] = {}
    for doc in documents:
        keys = [k for k in (doc.doc_number, doc.title) if k]
        facts[doc.doc_id] = DocumentFacts(
            region=doc.region,
            validity=doc.validity,
            superseded_by=next((superseded[k] for k in keys if k in superseded), None),
            clarified_by=tuple(x for k in keys for x in clarified.get(k, [])),
            clarifies=tuple(doc.clarifies),
        )
    return facts


def build_assistant(settings: Settings, retriever: Retriever | None = None) -> PolicyAssistant:
    retriever = retriever or build_retriever(settings)
    facts = document_facts(retriever)

    def clause_text(clause_id: str) -> str | None:
        clause = retriever.get_clause(clause_id)
        return clause.text if clause else None

    stats = retriever.statistics
    answerer = Answerer(
        search=lambda q, k, f: retriever.search(q, k=k, filters=f),
        clause_text=clause_text,
        facts=facts.get,
        stats=stats,
        reader=retriever.concept_reader,
        relevance=RelevanceTest(min_coverage=settings.abstain_min_coverage),
        llm=build_llm_answerer(settings),
        k=settings.top_k,
    )
    return PolicyAssistant(settings, retriever, answerer)
