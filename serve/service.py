"""The assistant as one object: built once from settings, shared by the CLI, the API and the UI.

Each ask reads the question once (``query``), and the one ``Question`` goes to retrieval and the answer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from answer.answerer import Answerer
from answer.llm import build_llm_answerer
from answer.models import AskResponse
from answer.notes import document_facts
from answer.scope import CorpusScope
from answer.tuning import AnswerTuning
from config import Settings
from ingest.models import Clause, Document, Reference
from query.models import Turn
from query.question import Question
from retrieval.models import Hit, SearchFilters
from retrieval.retriever import Retriever, build_retriever


@dataclass
class PolicyAssistant:
    settings: Settings
    retriever: Retriever
    answerer: Answerer

    def read(self, question: str, history: Sequence[Turn] = ()) -> Question:
        return self.retriever.with_documents_meant(self.retriever.reader.read(question, history), history)

    def ask(self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None) -> AskResponse:
        return self.answerer.ask(self.read(question, history), filters)

    def stream(
        self, question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None
    ) -> Iterator[str | AskResponse]:
        return self.answerer.stream(self.read(question, history), filters)

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None) -> list[Hit]:
        return self.retriever.search(self.read(query), k=k, filters=filters)

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

    def counterparts(self, clause_id: str) -> list[Clause]:
        """The same provision in the statute's other versions, best match first."""
        return self._clauses(self.retriever.counterparts(clause_id))

    def later_law(self, clause_id: str) -> list[Clause]:
        """The article of a later law of the same body carrying this article's provision (none or one)."""
        later = self.retriever.later_law_provision(clause_id)
        return self._clauses([later] if later else [])

    def earlier_law(self, clause_id: str) -> list[Clause]:
        """The articles of earlier laws whose provision this one carries."""
        return self._clauses(self.retriever.earlier_law_provisions(clause_id))

    def _clauses(self, clause_ids: Sequence[str]) -> list[Clause]:
        return [c for c in map(self.retriever.get_clause, clause_ids) if c is not None]


def build_assistant(settings: Settings, retriever: Retriever | None = None, tuning: AnswerTuning | None = None) -> PolicyAssistant:
    retriever = retriever or build_retriever(settings)
    documents = retriever.list_documents()
    scope = CorpusScope(documents, {d.doc_id: retriever.clauses_of(d.doc_id) for d in documents}, retriever.reader.gazetteer)
    answerer = Answerer(retriever, scope, document_facts(documents), tuning, build_llm_answerer(settings))
    return PolicyAssistant(settings, retriever, answerer)
