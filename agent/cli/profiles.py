"""CLI commands over the store: ingest, profiles, show, search."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from agent.cli.common import console, print_json, safe, settings_of

if TYPE_CHECKING:
    from agent.models import Paper, Profile
    from agent.store.ingest import IngestReport
    from agent.store.retrieve import PaperHit

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
FORMAT_HELP = (
    "Input format: auto, profile, s2, arxiv, orcid, openalex, dblp, bibtex, publist (a publication "
    "list or CV: text, Markdown or PDF) or text (prose, read by the LLM)."
)


def ingest(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Profile files to read; several are merged into one person.", show_default=False
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "auto",
    author: Annotated[
        str | None,
        typer.Option(help="Whose profile it is, for sources without a name (arXiv, ORCID works)."),
    ] = None,
    enrich: Annotated[bool, typer.Option("--enrich", help="Add methods/tasks/domains.")] = False,
    merge_into: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="Merge into this profile slug (with the sources it was built from before).",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Parse the FILES, validate them and store one profile (re-ingesting updates it in place;
    a source ingested again replaces only what it gave)."""
    from agent.store.ingest import ingest_paths

    show_bar = not as_json and sys.stdout.isatty()
    with _progress(show_bar) as progress:
        report = ingest_paths(
            files,
            settings_of(ctx),
            fmt=fmt,
            author=author,
            enrich=enrich,
            merge_into=merge_into,
            progress=progress,
        )
    if as_json:
        print_json(report)
    else:
        _print_report(report)


@contextmanager
def _progress(show_bar: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A progress callback: a rich bar on a TTY; otherwise only 'waiting' notes on stderr."""
    err = console(stderr=True)
    if not show_bar:

        def quiet(stage: str, done: int, total: int) -> None:
            if stage.startswith("waiting"):
                err.print(f"profile-agent: {stage}...")
            elif stage == "extracting" and done == 0 and total:
                err.print(f"profile-agent: extracting {total} records with the LLM...")

        yield quiet
        return
    from rich.progress import Progress

    with Progress(console=console()) as bar:
        task = bar.add_task("reading", total=None)

        def update(stage: str, done: int, total: int) -> None:
            if stage.startswith("waiting"):
                err.print(f"profile-agent: {stage}...")
            bar.update(task, description=stage, completed=done, total=total or None)

        yield update


def _print_report(report: IngestReport) -> None:
    out = console()
    out.print(
        f"Ingested {safe(report.name)} as {report.slug}: {report.papers} papers, "
        f"{report.sentences} sentences",
        soft_wrap=True,
    )
    out.print(
        f"  added {report.added}, updated {report.updated}, "
        f"unchanged {report.unchanged}, removed {report.removed}; "
        f"embedded {report.embedded_texts} texts in {report.seconds:.1f}s",
        soft_wrap=True,
    )
    if report.sources:
        out.print(f"  merged from: {safe(', '.join(report.sources))}", soft_wrap=True)
    for warning in report.warnings:
        out.print(f"  warning: {safe(warning)}", soft_wrap=True)


def profiles(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the stored profiles."""
    from agent.store.records import list_profiles

    found = list_profiles(settings_of(ctx))
    if as_json:
        print_json([summary.model_dump(mode="json") for summary in found])
        return
    if not found:
        console().print("No profiles yet (add one with `profile-agent ingest FILE`).")
        return
    from rich.table import Column, Table

    table = Table(Column("slug", no_wrap=True), "name", "papers", "last ingested")
    for summary in found:
        table.add_row(
            summary.slug,
            safe(summary.name),
            str(summary.papers),
            summary.ingested_at.strftime("%Y-%m-%d %H:%M UTC"),
        )
    console().print(table)


def show(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="Profile slug (see `profile-agent profiles`).")],
    as_json: JsonOption = False,
) -> None:
    """Show a stored profile: metrics, warnings and its papers."""
    from agent.store.records import load_profile_record

    profile = load_profile_record(settings_of(ctx), slug)
    if as_json:
        print_json(profile)
        return
    _print_profile(profile)


def _print_profile(profile: Profile) -> None:
    from rich.table import Column, Table

    out = console()
    out.print(f"{safe(profile.name)} ({profile.slug})")
    details = (
        ("field", profile.field),
        ("affiliation", profile.affiliation),
        ("other names", "; ".join(profile.other_names)),
        ("keywords", "; ".join(profile.keywords)),
        ("links", " ".join(profile.links)),
        ("biography", profile.biography),
    )
    for label, value in details:
        if value:
            out.print(f"  {label}: {safe(value)}", soft_wrap=True)
    metrics = profile.metrics.model_dump(exclude_none=True)
    out.print(
        "  metrics: " + (", ".join(f"{k} {v}" for k, v in metrics.items()) or "none"),
        soft_wrap=True,
    )
    numbers = {record.key: n for n, record in enumerate(profile.sources, 1)}
    for record in profile.sources:
        trust = "the person's own record" if record.vouches else "an aggregator's listing"
        metrics = ", ".join(
            f"{k} {v}" for k, v in record.metrics.model_dump(exclude_none=True).items()
        )
        out.print(
            f"  source [{numbers[record.key]}]: {safe(record.key)} ({record.format}, {trust}, "
            f"{record.papers} papers{'; ' + metrics if metrics else ''})",
            soft_wrap=True,
        )
    for warning in profile.warnings:
        out.print(f"  warning: {safe(warning)}", soft_wrap=True)
    extras = _metadata_columns(profile.papers)
    sources = ("src",) if numbers else ()
    table = Table(
        Column("id", no_wrap=True), "year", "cat", "code", *extras, *sources, "title", "authors"
    )
    for paper in profile.papers:
        listed = ",".join(str(numbers[k]) for k in paper.sources if k in numbers)
        table.add_row(
            paper.id,
            _year(paper),
            safe(paper.category),
            "yes" if paper.has_code else "",
            *(safe(extras[name](paper)) for name in extras),
            *((listed,) if numbers else ()),
            safe(paper.title),
            safe(_authors(paper)),
        )
    out.print(table)


_METADATA: dict[str, Callable[[Paper], str]] = {
    "cites": lambda p: "" if p.citation_count is None else str(p.citation_count),
    "venue": lambda p: p.venue or "",
    "doi": lambda p: p.doi or "",
}


def _metadata_columns(papers: list[Paper]) -> dict[str, Callable[[Paper], str]]:
    """Columns for per-paper metadata that at least one paper has (citations, venue, DOI)."""
    return {name: get for name, get in _METADATA.items() if any(get(p) for p in papers)}


def _year(paper: Paper) -> str:
    if paper.year is None:
        return ""
    return f"{paper.year}*" if paper.year_inferred else str(paper.year)


def _authors(paper: Paper) -> str:
    names = ", ".join(paper.authors)
    return f"{names} et al." if paper.authors_truncated else names


def search(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="Profile slug (see `profile-agent profiles`).")],
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("-k", help="How many papers.", min=1)] = 5,
    year_from: Annotated[int | None, typer.Option(help="Only papers from this year.")] = None,
    year_to: Annotated[int | None, typer.Option(help="Only papers up to this year.")] = None,
    category: Annotated[str | None, typer.Option(help="Only this category, e.g. LG.")] = None,
    has_code: Annotated[
        bool | None,
        typer.Option("--has-code/--no-code", help="Only papers with (or without) code."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Hybrid (semantic + keyword) search over one profile's papers."""
    from agent.store.retrieve import SearchFilters, search_papers

    filters = SearchFilters(
        year_from=year_from, year_to=year_to, category=category, has_code=has_code
    )
    hits = search_papers(settings_of(ctx), slug, query, k=k, filters=filters)
    if as_json:
        print_json([hit.model_dump(mode="json") for hit in hits])
        return
    _print_hits(hits)


def _print_hits(hits: list[PaperHit]) -> None:
    out = console()
    if not hits:
        out.print("No matching papers.")
    for rank, hit in enumerate(hits, 1):
        year = str(hit.year) if hit.year else "----"
        out.print(
            f"{rank}. {hit.paper_id}  {year}  {hit.score:.3f}  {safe(hit.title)}", soft_wrap=True
        )
        out.print(f'   "{safe(hit.best_sentence)}"', soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(ingest)
    app.command()(profiles)
    app.command()(show)
    app.command()(search)
