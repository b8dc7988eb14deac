"""A draft in the forms people paste it into: plain text (web forms), Word (python-docx, headings
and numbered references), LaTeX (``\\cite{}`` keys) and the BibTeX of the papers it cites.

Every form holds the same sentences, in the same order, with the same sources as the Markdown;
only the markup differs. BibTeX keys are the cited papers' ids, so a ``.tex`` draft and its
``.bib`` agree; each entry holds what the profile records (authors, title, year, venue, DOI,
arXiv id), nothing more.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from agent.writers.draft import Draft, DraftSentence, cited, reference, sections

if TYPE_CHECKING:
    from agent.models import Paper, Profile

FORMATS = ("md", "txt", "docx", "tex")
_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def to_text(draft: Draft) -> str:
    """Plain text for a form field: no markup, paragraphs, [n] markers, the numbered sources."""
    lines: list[str] = [] if draft.kind == "bio" else [draft.title, ""]
    for section, sentences in sections(draft):
        if section and draft.kind != "bio":
            lines += [section, ""]
        lines += [" ".join(cited(draft, s, markdown=False) for s in sentences), ""]
    lines += ["References:" if draft.kind == "statement" else "Sources:", ""]
    lines += [f"{s.n}. {reference(s, markdown=False)}" for s in draft.sources]
    return "\n".join(lines).rstrip() + "\n"


def write_docx(draft: Draft, path: Path) -> None:
    """A Word document: the title and section headings, one paragraph per section (bullets as
    list items), the references as a numbered list."""
    from docx import Document

    document = Document()
    if draft.kind != "bio":
        document.add_heading(draft.title, level=1)
    for section, sentences in sections(draft):
        if section and draft.kind != "bio":
            document.add_heading(section, level=2)
        prose = [s for s in sentences if not s.bullet]
        if prose:
            document.add_paragraph(" ".join(cited(draft, s, markdown=False) for s in prose))
        for bullet in (s for s in sentences if s.bullet):
            document.add_paragraph(cited(draft, bullet, markdown=False), style="List Bullet")
    document.add_heading("References" if draft.kind == "statement" else "Sources", level=2)
    for source in draft.sources:
        document.add_paragraph(reference(source, markdown=False), style="List Number")
    document.save(str(path))


def tex_escape(text: str) -> str:
    """``text`` with LaTeX's special characters escaped."""
    return "".join(_TEX_SPECIALS.get(ch, ch) for ch in text)


def to_tex(draft: Draft, bibliography: str = "references") -> str:
    """A LaTeX fragment: sections, sentences citing their papers by key (``\\cite{pid}``), and
    a ``\\bibliography`` line naming the ``--bib`` file; the profile's header facts are cited
    as ``profile``."""
    lines: list[str] = (
        [] if draft.kind == "bio" else [rf"\section*{{{tex_escape(draft.title)}}}", ""]
    )
    for section, sentences in sections(draft):
        if section and draft.kind != "bio":
            lines += [rf"\subsection*{{{tex_escape(section)}}}", ""]
        lines += [" ".join(_tex_sentence(s) for s in sentences), ""]
    lines.append(rf"\bibliography{{{bibliography}}}")
    return "\n".join(lines).rstrip() + "\n"


def _tex_sentence(sentence: DraftSentence) -> str:
    text = tex_escape(sentence.text)
    if not sentence.citations:
        return text
    cite = rf"~\cite{{{','.join(sentence.citations)}}}"
    return f"{text[:-1]}{cite}{text[-1]}" if text.endswith((".", "?", "!")) else text + cite


def to_bibtex(draft: Draft, profile: Profile) -> str:
    """One entry per cited paper (key: its id), from what the profile records of it."""
    entries = []
    for source in draft.sources:
        paper = profile.paper(source.paper_id)
        if paper is None:  # the profile header: a @misc naming the profile
            entries.append(f"@misc{{{source.paper_id},\n  title = {{{_bib(source.title)}}}\n}}")
            continue
        entries.append(_entry(paper))
    return "\n\n".join(entries) + "\n"


def _entry(paper: Paper) -> str:
    kind = "article" if paper.venue else "misc"
    fields = {
        "title": paper.title,
        "author": " and ".join(paper.authors) + (" and others" if paper.authors_truncated else ""),
        "year": str(paper.year) if paper.year else "",
        "journal": paper.venue or "",
        "doi": paper.doi or "",
        "eprint": paper.arxiv_id or "",
        "archiveprefix": "arXiv" if paper.arxiv_id else "",
        "url": paper.url or "",
    }
    body = ",\n".join(f"  {name} = {{{_bib(value)}}}" for name, value in fields.items() if value)
    return f"@{kind}{{{paper.id},\n{body}\n}}"


def _bib(value: str) -> str:
    """A value safe inside BibTeX braces: braces balanced by removal, LaTeX specials escaped."""
    value = re.sub(r"[{}]", "", value)
    return "".join(_TEX_SPECIALS.get(ch, ch) if ch in "&%$#_" else ch for ch in value)
