"""The chat REPL: questions about one profile, follow-ups resolved against the last answer,
answers drawn as markdown while their sentences arrive, every exchange logged.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from agent.cli.common import safe, safe_markdown
from agent.errors import ProfileAgentError
from agent.models import Profile
from agent.qa.answer import answer_question, cite_sentence
from agent.qa.answer_models import Answer, AnswerSentence
from agent.qa.chatlog import record_exchange, start_conversation
from agent.settings import Settings

if TYPE_CHECKING:
    from rich.console import Console
    from rich.live import Live

    from agent.protocols import ChatModel
    from agent.qa.seams import SentenceRetriever

HISTORY_FILE = "chat_history"
HELP = """Ask anything about the profile; follow-ups like "which of those have code?" refer to
the papers of the last answer.
  /sources        the last answer's sources with their evidence
  /profile NAME   switch to another ingested profile (starts a new conversation)
  /help           this help
  /exit           leave (Ctrl-D works too)"""


def answer_markdown(answer: Answer) -> str:
    """The answer text and its numbered source list, as markdown (profile text made safe)."""
    lines = [safe_markdown(answer.answer)]
    if answer.sources:
        lines += ["", "**Sources**", ""]
        lines += [
            f"{n}. {safe_markdown(s.title)}" + (f" ({s.year})" if s.year else "")
            for n, s in enumerate(answer.sources, 1)
        ]
    return "\n".join(lines)


def sources_markdown(answer: Answer | None) -> str:
    """Every source of ``answer`` with the evidence it contributed, quoted."""
    if answer is None:
        return "No sources: ask a question first."
    if not answer.sources:
        return "That answer cites nothing."
    blocks = []
    for n, source in enumerate(answer.sources, 1):
        year = f" ({source.year})" if source.year else ""
        blocks.append(
            f"**[{n}] {safe_markdown(source.title)}**{year}  \n`{source.paper_id}`\n\n"
            f"> {safe_markdown(source.evidence)}"
        )
    return "\n\n".join(blocks)


class ChatSession:
    """One conversation: the profile in focus, its retriever, the answers so far, the log."""

    def __init__(
        self,
        settings: Settings,
        slug: str,
        retriever: SentenceRetriever,
        llm: ChatModel | None = None,
        out: Console | None = None,
    ) -> None:
        from agent.cli.common import console

        self.settings = settings
        self.retriever = retriever
        self.llm = llm
        self.out = out or console()
        self.history: list[Answer] = []
        self.profile: Profile = self._load(slug)
        self.conversation_id = start_conversation(settings, self.profile.slug)

    def _load(self, slug: str) -> Profile:
        return self.retriever.index(slug).profile

    def handle(self, line: str) -> bool:
        """Run one line (a question or a /command); False when the user wants to leave."""
        line = line.strip()
        if not line:
            return True
        if line.startswith("/"):
            return self.command(line)
        self.ask(line)
        return True

    def command(self, line: str) -> bool:
        """/sources, /profile NAME, /help, /exit."""
        name, _, arg = line.partition(" ")
        if name in ("/exit", "/quit"):
            return False
        if name == "/sources":
            self._markdown(sources_markdown(self.history[-1] if self.history else None))
        elif name == "/profile":
            self.switch(arg.strip())
        elif name == "/help":
            self.out.print(HELP)
        else:
            self.out.print(f"Unknown command {safe(name)}; /help lists the commands.")
        return True

    def switch(self, slug: str) -> None:
        """Focus on another profile; the conversation starts over."""
        if not slug:
            self.out.print(f"Usage: /profile NAME (now: {self.profile.slug})")
            return
        self.profile = self._load(slug)
        self.history = []
        self.conversation_id = start_conversation(self.settings, self.profile.slug)
        self.out.print(
            f"Now asking about {safe(self.profile.name)} ({len(self.profile.papers)} papers)."
        )

    def ask(self, question: str) -> Answer:
        """Answer, drawing sentences as they are verified, then log the exchange."""
        started = time.perf_counter()
        with self._live() as show:
            answer = answer_question(
                question,
                self.profile,
                self.retriever,
                self.settings,
                llm=self.llm,
                history=self.history,
                on_sentence=show,
            )
            show.final(answer)
        record_exchange(
            self.settings,
            self.conversation_id,
            self.profile.slug,
            answer,
            round(time.perf_counter() - started, 3),
        )
        self.history.append(answer)
        return answer

    @contextmanager
    def _live(self) -> Iterator[_LiveAnswer]:
        from rich.live import Live
        from rich.markdown import Markdown

        with Live(
            Markdown("_searching the profile..._"),
            console=self.out,
            refresh_per_second=8,
            transient=False,
        ) as live:
            yield _LiveAnswer(live)

    def _markdown(self, text: str) -> None:
        from rich.markdown import Markdown

        self.out.print(Markdown(text))


class _LiveAnswer:
    """The on-sentence callback: redraws the growing answer as markdown."""

    def __init__(self, live: Live) -> None:
        self.live = live
        self.shown: list[str] = []

    def __call__(self, sentence: AnswerSentence, order: list[str]) -> None:
        from rich.markdown import Markdown

        self.shown.append(safe_markdown(cite_sentence(sentence, order)))
        self.live.update(Markdown(" ".join(self.shown)))

    def final(self, answer: Answer) -> None:
        from rich.markdown import Markdown

        self.live.update(Markdown(answer_markdown(answer)))


def run_chat(settings: Settings, slug: str, backend: str) -> None:
    """The REPL loop, with readline history kept in the data dir."""
    from agent.cli.common import console
    from agent.llm.connect import open_llm
    from agent.qa.llm_answer import answer_prefix
    from agent.store.retrieve import Retriever

    out = console()
    history = _start_readline(settings.data_dir / HISTORY_FILE)
    retriever = Retriever(settings)
    primed = open_llm(settings, prime=answer_prefix()) if backend == "llm" else _no_llm()
    with primed as llm:
        session = ChatSession(settings, slug, retriever, llm, out)
        out.print(
            f"Asking about {safe(session.profile.name)} ({len(session.profile.papers)} "
            f"papers, {backend} answers). /help for commands, /exit to leave."
        )
        try:
            _loop(session)
        finally:
            _save_readline(history)


@contextmanager
def _no_llm() -> Iterator[None]:
    yield None


def _loop(session: ChatSession) -> None:
    while True:
        try:
            line = input(f"{session.profile.slug}> ")
        except EOFError:
            session.out.print()
            return
        except KeyboardInterrupt:
            session.out.print("^C")
            continue
        try:
            if not session.handle(line):
                return
        except KeyboardInterrupt:
            session.out.print("(answer cancelled)")
        except ProfileAgentError as err:
            session.out.print(f"profile-agent: error: {err}")


def _start_readline(path: Path) -> Path | None:
    try:
        import readline
    except ImportError:  # pragma: no cover - platforms without readline
        return None
    readline.set_history_length(1000)
    if path.exists():
        readline.read_history_file(str(path))
    return path


def _save_readline(path: Path | None) -> None:
    if path is None:
        return
    import readline

    path.parent.mkdir(parents=True, exist_ok=True)
    readline.write_history_file(str(path))
