"""An answer as markdown a chat client can show: the text with its [n] markers, then a numbered reference
list (legal form and verbatim quote of each citation), then the notes.

Used where only text reaches the user (the OpenAI-compatible chat, the MCP tools). ``ChatAnswerStream``
renders the same markdown piece by piece while the answer is composed, so a streamed answer reads exactly
like the non-streamed one.
"""

from __future__ import annotations

from collections.abc import Sequence

from answer.models import AskResponse, Citation

# The plain list the answerer appends to its text ("\n\n引用：\n[1] 《…》…"); the reference list below,
# which adds the quotes, replaces it.
PLAIN_CITATION_LIST = "\n\n引用："
REFERENCES_HEADING = "**引用**"
NOTE_PREFIX = "注："
# When an answer streamed as written (an LLM's draft) differs from the answer that passed the citation
# check, the checked one follows: a chat client cannot take back text it has shown.
CHECKED_ANSWER_HEADING = "\n\n---\n\n**核对后的回答（以此为准）**\n\n"

_INLINE_MARKUP = "\\`*_<"  # emphasis, code and HTML in a clause's text would change what the reader sees
_LINE_MARKUP = "#>"  # a heading or a quote at the start of a line


class MarkdownText:
    """Plain answer text to markdown, one piece at a time: line breaks kept as hard breaks, markup
    characters escaped. The answer's own "- " points stay a list."""

    def __init__(self) -> None:
        self._line_start = True

    def feed(self, text: str) -> str:
        out: list[str] = []
        for ch in text:
            if ch == "\n":
                out.append("  \n")
                self._line_start = True
                continue
            if ch in _INLINE_MARKUP or (self._line_start and ch in _LINE_MARKUP):
                out.append("\\")
            out.append(ch)
            if ch not in " \t":
                self._line_start = False
        return "".join(out)


def escape_line(text: str) -> str:
    """One line of document text (a title, a quote line, a note) as literal markdown."""
    return MarkdownText().feed(" ".join(text.split("\n")))


def answer_body(answer: str) -> str:
    """The answer text without the plain citation list the answerer appends."""
    return answer.partition(PLAIN_CITATION_LIST)[0]


def references(citations: Sequence[Citation]) -> str:
    """``[n] legal form`` and the quote as a blockquote, for each citation."""
    entries = []
    for citation in citations:
        lines = [f"{citation.lead_in}……"] if citation.lead_in else []
        lines += [line for line in citation.quote.splitlines() if line.strip()]
        quote = "\n".join(f"> {escape_line(line)}" for line in lines)
        entries.append(f"[{citation.n}] {escape_line(citation.legal_form)}\n{quote}")
    return "\n\n".join(entries)


def answer_tail(response: AskResponse) -> str:
    """What follows the answer text: the reference list, then the notes."""
    tail = ""
    if response.citations:
        tail += f"\n\n{REFERENCES_HEADING}\n\n{references(response.citations)}"
    if response.notes:
        tail += "\n\n" + "  \n".join(f"{NOTE_PREFIX}{escape_line(note)}" for note in response.notes)
    return tail


def render_answer(response: AskResponse) -> str:
    """The whole answer as markdown: text with [n] markers, references with quotes, notes."""
    return MarkdownText().feed(answer_body(response.answer)) + answer_tail(response)


def _partial_suffix(text: str, marker: str) -> int:
    """Length of the longest end of ``text`` that is a proper beginning of ``marker``."""
    for size in range(min(len(marker) - 1, len(text)), 0, -1):
        if marker.startswith(text[-size:]):
            return size
    return 0


class ChatAnswerStream:
    """Markdown pieces for the text pieces of ``PolicyAssistant.stream``, then (``finish``) the rest of
    the verified answer, so that the pieces joined equal ``render_answer`` of the final answer.

    Text that might begin the plain citation list is held back until the next piece shows what it is.
    """

    def __init__(self) -> None:
        self._received = ""
        self._sent = 0  # characters of ``_received`` already rendered
        self._list_started = False
        self._markdown = MarkdownText()

    def piece(self, text: str) -> str:
        if self._list_started:
            return ""
        self._received += text
        cut = self._received.find(PLAIN_CITATION_LIST)
        if cut >= 0:
            self._list_started = True
            safe = cut
        else:
            safe = len(self._received) - _partial_suffix(self._received, PLAIN_CITATION_LIST)
        rendered = self._markdown.feed(self._received[self._sent : safe])
        self._sent = max(self._sent, safe)
        return rendered

    def finish(self, response: AskResponse) -> str:
        body = answer_body(response.answer)
        shown = self._received[: self._sent]
        if body.startswith(shown):
            return self._markdown.feed(body[len(shown) :]) + answer_tail(response)
        return CHECKED_ANSWER_HEADING + render_answer(response)
