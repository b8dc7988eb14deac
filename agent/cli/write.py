"""CLI commands: themes, bio, statement, grant (thin shells over ``agent.writers``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from agent.cli.common import console, print_json, safe, settings_of

if TYPE_CHECKING:
    from agent.models import Profile
    from agent.settings import Settings
    from agent.writers.draft import Draft
    from agent.writers.themes import ThemeMap

SlugArg = Annotated[
    str,
    typer.Argument(help="Profile slug (see `profiles`), or a profile file.", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of Markdown.")]
OutOption = Annotated[Path | None, typer.Option("--out", help="Write the draft to FILE.")]
FormatOption = Annotated[
    str,
    typer.Option("--format", help="md (default), txt (for form fields), docx (with --out) or tex."),
]
BibOption = Annotated[
    Path | None, typer.Option("--bib", help="Write the BibTeX of the cited papers to FILE.")
]
FlaggedOption = Annotated[
    bool, typer.Option("--include-flagged", help="Use papers flagged as possibly a namesake's.")
]
BackendOption = Annotated[
    str,
    typer.Option(
        help="extractive (default writer only) or llm (each sentence reworded, then verified)."
    ),
]
PersonOption = Annotated[str, typer.Option(help="first or third.")]
DraftOption = Annotated[
    str,
    typer.Option(
        "--draft",
        help="With --backend llm: sentence (each verified sentence reworded) or whole (the model "
        "writes each part from the verified facts; every sentence verified, failures replaced).",
    ),
]
MaxCharsOption = Annotated[
    int | None,
    typer.Option(
        "--max-chars",
        help="Fit a form field: at most N characters of text (the source list not counted), "
        "whole sentences left out from the end of the longest section.",
        min=1,
    ),
]
PronounsOption = Annotated[
    str | None,
    typer.Option(help="Pronouns to use in the third person, e.g. she/her; none by default."),
]


def themes(
    ctx: typer.Context,
    slug: SlugArg,
    as_json: JsonOption = False,
    include_flagged: FlaggedOption = False,
) -> None:
    """Research themes of a profile, and papers flagged as possibly a namesake's."""
    from agent.embed.model import analysis_embedder
    from agent.writers.themes import map_themes

    settings = settings_of(ctx)
    profile = load(slug, settings)
    found = map_themes(profile, analysis_embedder(settings), include_flagged=include_flagged)
    if as_json:
        print_json(found)
    else:
        _print_themes(profile, found)


def bio(
    ctx: typer.Context,
    slug: SlugArg,
    words: Annotated[int, typer.Option(help="Length in words (held within 10%).")] = 150,
    person: PersonOption = "third",
    pronouns: PronounsOption = None,
    out: OutOption = None,
    fmt: FormatOption = "md",
    bib: BibOption = None,
    as_json: JsonOption = False,
    include_flagged: FlaggedOption = False,
    backend: BackendOption = "extractive",
    draft_mode: DraftOption = "sentence",
    max_chars: MaxCharsOption = None,
) -> None:
    """A bio of N words in which every sentence cites the papers it states facts about."""
    _check(person=person, backend=backend, words=words, draft=draft_mode)
    _write(ctx, slug, "write_bio", (out, fmt, bib, as_json), max_chars, words=words, person=person,
           pronouns=pronouns, include_flagged=include_flagged, backend=backend,
           draft=draft_mode)  # fmt: skip


def statement(
    ctx: typer.Context,
    slug: SlugArg,
    person: PersonOption = "first",
    pronouns: PronounsOption = None,
    out: OutOption = None,
    fmt: FormatOption = "md",
    bib: BibOption = None,
    as_json: JsonOption = False,
    include_flagged: FlaggedOption = False,
    backend: BackendOption = "extractive",
    draft_mode: DraftOption = "sentence",
    max_chars: MaxCharsOption = None,
) -> None:
    """A research statement: a section per theme (what, methods, results, direction)."""
    _check(person=person, backend=backend, draft=draft_mode)
    _write(ctx, slug, "write_statement", (out, fmt, bib, as_json), max_chars, person=person,
           pronouns=pronouns, include_flagged=include_flagged, backend=backend,
           draft=draft_mode)  # fmt: skip


def grant(
    ctx: typer.Context,
    slug: SlugArg,
    template: Annotated[
        str, typer.Option(help="nsf-biosketch, nih-personal-statement or generic.")
    ] = "generic",
    out: OutOption = None,
    fmt: FormatOption = "md",
    bib: BibOption = None,
    as_json: JsonOption = False,
    include_flagged: FlaggedOption = False,
    backend: BackendOption = "extractive",
    draft_mode: DraftOption = "sentence",
    max_chars: MaxCharsOption = None,
) -> None:
    """A grant summary laid out by a template in prompts/ (sections and their limits)."""
    _check(backend=backend, draft=draft_mode)
    _write(ctx, slug, "write_grant", (out, fmt, bib, as_json), max_chars, template=template,
           include_flagged=include_flagged, backend=backend, draft=draft_mode)  # fmt: skip


Output = tuple[Path | None, str, Path | None, bool]  # --out, --format, --bib, --json


def _write(
    ctx: typer.Context,
    slug: str,
    writer: str,
    output: Output,
    max_chars: int | None,
    **options: Any,
) -> None:
    """Write the draft with ``agent.writers.compose.<writer>`` (cut to ``max_chars`` when
    given) and print or save it."""
    from agent.writers import compose
    from agent.writers.limits import fit_characters

    _check_output(output)
    settings = settings_of(ctx)
    profile = load(slug, settings)
    draft = getattr(compose, writer)(profile, settings, **options)
    _emit(fit_characters(draft, max_chars) if max_chars else draft, profile, output)


def _check_output(output: Output) -> None:
    from agent.errors import InputError
    from agent.writers.export import FORMATS

    out, fmt, _, _ = output
    if fmt not in FORMATS:
        raise InputError("--format", f"unknown format {fmt!r}", f"use {', '.join(FORMATS)}")
    if fmt == "docx" and out is None:
        raise InputError("--format docx", "a Word file needs a path", "add --out FILE.docx")


def load(slug: str, settings: Settings) -> Profile:
    """The stored profile ``slug``; an existing file path is read directly instead."""
    path = Path(slug)
    if path.suffix and path.is_file():
        from agent.sources import load_profile, require_works

        profile = load_profile(path, settings)
        require_works([profile])
        return profile
    from agent.store.records import load_profile_record

    return load_profile_record(settings, slug)


def _check(
    person: str = "third", backend: str = "extractive", words: int = 150, draft: str = "sentence"
) -> None:
    from agent.errors import InputError
    from agent.writers.compose import BACKENDS, DRAFT_MODES

    if draft not in DRAFT_MODES:
        raise InputError("--draft", f"unknown draft mode {draft!r}", "use sentence or whole")
    if draft == "whole" and backend != "llm":
        raise InputError("--draft whole", "needs an LLM", "add --backend llm")

    if person not in ("first", "third"):
        raise InputError("--person", f"unknown person {person!r}", "use first or third")
    if backend not in BACKENDS:
        raise InputError("--backend", f"unknown backend {backend!r}", "use extractive or llm")
    if not 20 <= words <= 2000:
        raise InputError("--words", f"{words} is out of range", "use 20 to 2000")


def _emit(draft: Draft, profile: Profile, output: Output) -> None:
    from agent.writers import export
    from agent.writers.draft import to_markdown

    out, fmt, bib, as_json = output
    if bib is not None:
        bib.write_text(export.to_bibtex(draft, profile), encoding="utf-8")
    if fmt == "docx" and out is not None:
        export.write_docx(draft, out)
    else:
        if fmt == "tex":
            text = export.to_tex(draft, bib.stem if bib else "references")
        else:
            text = export.to_text(draft) if fmt == "txt" else to_markdown(draft)
        if out is not None:
            out.write_text(text, encoding="utf-8")
        elif not as_json:
            console().print(safe(text), end="", soft_wrap=True)
    if as_json:
        print_json(draft.public())
    elif out is not None:
        console(stderr=True).print(f"wrote {out} ({draft.words} words)")


def _print_themes(profile: Profile, found: ThemeMap) -> None:
    out = console()
    from agent.writers.themes import is_theme

    alone = [t for t in found.themes if not is_theme(t, profile)]
    for theme in found.themes:
        if theme in alone:
            continue
        t = theme.trajectory
        years = f"{t.first_year}-{t.last_year}" if t.first_year != t.last_year else t.first_year
        out.print(
            f"{theme.id}  {safe(theme.name)}  ({len(theme.paper_ids)} papers, {years}, {t.trend})"
        )
        out.print(f"    phrases: {safe(', '.join(theme.phrases))}")
        for pid in theme.paper_ids:
            paper = profile.paper(pid)
            out.print(f"    {paper.year or '----'}  {safe(paper.title)}")
    if alone:
        count = sum(len(t.paper_ids) for t in alone)
        out.print(f"Other work ({count} paper{'' if count == 1 else 's'} on no theme):")
        for pid in (pid for theme in alone for pid in theme.paper_ids):
            paper = profile.paper(pid)
            out.print(f"    {paper.year or '----'}  {safe(paper.title)}")
    if found.flagged:
        state = "included" if found.included_flagged else "left out of drafts"
        out.print(f"\nPossibly a namesake's ({len(found.flagged)}, {state}):")
        for flag in found.flagged:
            out.print(f"    {flag.year or '----'}  {safe(flag.title)}\n        {safe(flag.reason)}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    for command in (themes, bio, statement, grant):
        app.command()(command)
