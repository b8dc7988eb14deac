"""A written draft: sentences with citations and support, numbered sources, notes, Markdown."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from agent.models import CitedPaper

DraftKind = Literal["bio", "statement", "grant"]
_MARKER = re.compile(r"\s*\[\d+\]")


class DraftSentence(BaseModel):
    """One sentence as printed (without [n] markers), what it cites and how well it is supported."""

    text: str
    citations: list[str] = Field(default_factory=list)
    section: str = ""
    kind: str = ""
    support: float = 0.0
    ok: bool = False
    reason: str = ""
    rewritten: bool = False
    default_text: str | None = Field(default=None, description="The default writer's wording.")
    bullet: bool = False

    @property
    def words(self) -> int:
        return prose_words(self.text)


class DraftSource(CitedPaper):
    """[n] in the text is ``sources[n - 1]``."""

    n: int
    authors: str = ""


class Draft(BaseModel):
    """A bio, statement or grant summary in which every sentence cites its sources."""

    kind: DraftKind
    title: str
    slug: str
    name: str
    person: str
    backend: str = "extractive"
    template: str | None = None
    target_words: int | None = None
    sentences: list[DraftSentence] = Field(default_factory=list)
    sources: list[DraftSource] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    left_out: list[str] = Field(default_factory=list, description="Flagged paper ids not used.")

    @property
    def words(self) -> int:
        """Words of the prose: [n] markers, headings and the source list not counted."""
        return sum(s.words for s in self.sentences)

    def numbers(self, sentence: DraftSentence) -> list[int]:
        order = {s.paper_id: s.n for s in self.sources}
        return [order[c] for c in sentence.citations if c in order]

    def public(self) -> dict:
        """The ``--json`` shape."""
        data = self.model_dump(mode="json")
        data["words"] = self.words
        for item, sentence in zip(data["sentences"], self.sentences, strict=True):
            item["numbers"] = self.numbers(sentence)
        return data


def prose_words(text: str) -> int:
    """Whitespace-separated words of ``text`` once [n] markers are removed."""
    return len(_MARKER.sub("", text).split())


def cited(draft: Draft, sentence: DraftSentence, markdown: bool = True) -> str:
    """The sentence with its [n] markers before the final stop (``markdown``: links defused)."""
    marks = "".join(f"[{n}]" for n in draft.numbers(sentence))
    text = defuse_markdown(sentence.text) if markdown else sentence.text
    if not marks:
        return text
    if text.endswith((".", "?", "!")):
        return f"{text[:-1]} {marks}{text[-1]}"
    return f"{text} {marks}"


def to_markdown(draft: Draft) -> str:
    """Headings for sections (none for a bio), paragraphs or bullets, then Sources and Notes."""
    lines: list[str] = [] if draft.kind == "bio" else [f"# {draft.title}", ""]
    for section, sentences in sections(draft):
        if section and draft.kind != "bio":
            lines += [f"## {section}", ""]
        bullets = [s for s in sentences if s.bullet]
        prose = [s for s in sentences if not s.bullet]
        if prose:
            lines += [" ".join(cited(draft, s) for s in prose), ""]
        lines += [f"- {cited(draft, s)}" for s in bullets] + ([""] if bullets else [])
    heading = "References" if draft.kind == "statement" else "Sources"
    lines += [f"## {heading}" if draft.kind != "bio" else f"{heading}:", ""]
    lines += [f"{s.n}. {reference(s)}" for s in draft.sources]
    if draft.notes:
        lines += ["", "Notes:" if draft.kind == "bio" else "## Notes", ""]
        lines += [f"- {note}" for note in draft.notes]
    return "\n".join(lines).rstrip() + "\n"


def sections(draft: Draft) -> list[tuple[str, list[DraftSentence]]]:
    """The sentences grouped by section, in order (a bio's are printed as one)."""
    grouped: dict[str, list[DraftSentence]] = {}
    for sentence in draft.sentences:
        grouped.setdefault(sentence.section, []).append(sentence)
    return list(grouped.items())


def reference(source: DraftSource, markdown: bool = True) -> str:
    """'Authors. “Title” (year).' (``markdown``: links defused)."""
    escape = defuse_markdown if markdown else str
    year = f" ({source.year})" if source.year else ""
    authors = f"{escape(source.authors.rstrip('.'))}. " if source.authors else ""
    return f"{authors}“{escape(source.title)}”{year}."


def defuse_markdown(text: str) -> str:
    """Profile text with its links, images and HTML/autolinks escaped, so a Markdown viewer
    shows them as typed instead of rendering a link the profile planted."""
    text = _LINK.sub(r"\\[\1\\](", text)
    return text.replace("<", "\\<")


_LINK = re.compile(r"\[([^\[\]]*)\]\s*\(")
