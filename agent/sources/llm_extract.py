"""Free text -> Profile with an LLM, one record at a time, every stored value grounded.

The text is cut into a header (who) and paper records (what). Per part, the model fills a small
extraction model whose key fields may only be spans of that part (an enum the server's grammar
enforces; other endpoints are held to it by validation), checked by the ``grounding``
validators, re-asked with their errors, and whatever still fails is dropped with a warning on
the Profile.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    create_model,
    field_validator,
)

from agent.errors import InputError
from agent.llm.client import LLM, grammar_safe
from agent.llm.connect import open_llm
from agent.llm.failures import StructuredOutputError
from agent.llm.prompting import render_prompt
from agent.models import Metrics, Paper, Profile, SourceInfo, normalise_title
from agent.settings import Settings
from agent.sources.grounding import (
    check_year,
    grounded,
    grounding_context,
    in_own_record,
    metric_problem,
    prune,
    source_of,
    split_records,
    title_shape_problem,
    years_in,
)
from agent.sources.llm_spans import (
    affiliation_choices,
    author_choices,
    field_choices,
    looks_like_person,
    metric_choices,
    name_choices,
    split_by_titles,
    title_choices,
    venue_choices,
)
from agent.text import split_sentences, words

_HEADING = re.compile(
    r"^\W*(?:selected\s+|recent\s+|journal\s+|conference\s+)?"
    r"(?:publications?|papers|articles|preprints|bibliography)\b\s*[:\-–—]?",
    re.IGNORECASE | re.MULTILINE,
)
_H_INDEX = r"h[\s-]?index"
_CITATIONS = r"citation|cited"
_MAX_PROMPT_CHARS = 2000
_HEADER_CHARS = 1500
_FIRST_PERSON = re.compile(r"\bI\b|\b(?:my|me|mine)\b", re.IGNORECASE)
_LINK_OR_ORDER = re.compile(r"://|\bwww\.|\]\s*\(", re.IGNORECASE)
_ADDRESSED = re.compile(
    r"\b(?:system|assistant|instructions?|prompt)\s*:|^\W*cite\b", re.IGNORECASE
)
_LABELS = {
    "authors": "author",
    "research_field": "field",
    "h_index": "h-index",
    "citation_count": "citation count",
}


def _trim(value: Any) -> Any:
    """Surrounding spaces and trailing ',;:' off; a trailing '.' too unless it ends an initial."""
    if not isinstance(value, str):
        return value
    value = value.strip().rstrip(",;:").strip()
    return value[:-1] if value.endswith(".") and not re.search(r"\b[A-Z]\.$", value) else value


def _blank_to_none(value: Any) -> Any:
    value = _trim(value)
    return None if isinstance(value, str) and not value else value


def _drop_blanks(value: Any) -> Any:
    """Blank and repeated items out of a list, each trimmed."""
    if not isinstance(value, list):
        return value
    return list(dict.fromkeys(_trim(v) for v in value if not isinstance(v, str) or _trim(v)))


def _person_name(value: str) -> str:
    if not looks_like_person(value):
        raise ValueError(f"author {value!r} is not a person's name; give each author's name")
    return value


OptionalText = Annotated[str | None, BeforeValidator(_blank_to_none)]


class ExtractedPerson(BaseModel):
    """Who the profile is about; every value copied from the text."""

    name: Annotated[str, grounded("name")] = Field(description="The researcher's full name")
    affiliation: Annotated[OptionalText, grounded("affiliation")] = Field(
        default=None, description="University, institute or company"
    )
    research_field: Annotated[OptionalText, grounded("field")] = Field(
        default=None, description="Research area in the text's own words"
    )
    h_index: int | None = Field(default=None, description="h-index if the text states it")
    citation_count: int | None = Field(default=None, description="Total citations if stated")

    @field_validator("h_index")
    @classmethod
    def _h_index_stated(cls, value: int | None, info: ValidationInfo) -> int | None:
        return _metric(value, _H_INDEX, info, "h-index")

    @field_validator("citation_count")
    @classmethod
    def _citations_stated(cls, value: int | None, info: ValidationInfo) -> int | None:
        return _metric(value, _CITATIONS, info, "citation count")


def _metric(value: int | None, keyword: str, info: ValidationInfo, what: str) -> int | None:
    if value is not None:
        problem = metric_problem(value, keyword, stated(source_of(info)), what)
        if problem:
            raise ValueError(problem)
    return value


def _bare_title(title: str) -> str:
    problem = title_shape_problem(title)
    if problem:
        raise ValueError(problem)
    return title


class ExtractedPaper(BaseModel):
    """One publication as its record writes it."""

    title: Annotated[str, grounded("title"), AfterValidator(_bare_title)] = Field(
        description="The paper's title only (no authors, year or venue)"
    )
    authors: Annotated[
        list[Annotated[str, AfterValidator(in_own_record("author")), AfterValidator(_person_name)]],
        BeforeValidator(_drop_blanks),
    ] = Field(default_factory=list, description="Author names as written")
    year: int | None = Field(default=None, description="Publication year written in the record")
    venue: Annotated[OptionalText, AfterValidator(in_own_record("venue"))] = Field(
        default=None, description="Journal or conference name as written"
    )

    @field_validator("year")
    @classmethod
    def _year_in_record(cls, value: int | None, info: ValidationInfo) -> int | None:
        return check_year(value, info)


def extract_profile(
    text: str,
    *,
    settings: Settings,
    source: SourceInfo,
    progress: Callable[[str, int, int], None] | None = None,
) -> Profile:
    """A Profile from free text (a bio, a CV, a pasted list) in which every stored value occurs
    in the text; InputError without an LLM or when no paper can be grounded. ``progress`` hears
    ("extracting", records done, records) before each record and at the end."""
    if settings.no_llm:
        raise InputError(
            source.path, "free text needs an LLM", "drop --no-llm or configure --llm-base-url"
        )
    header, records = split_sections(text)
    limit = settings.max_extract_records
    if len(records) > limit:
        raise InputError(
            source.path,
            f"{len(records)} records is too many to extract with an LLM (at most {limit})",
            "split the text into several files or raise PROFILE_AGENT_MAX_EXTRACT_RECORDS",
        )
    tell = progress or (lambda stage, done, total: None)
    with open_llm(settings) as llm:
        if llm is None:
            raise InputError(source.path, "free text needs an LLM", "configure --llm-base-url")
        person, warnings = extract_person(llm, header)
        papers: list[Paper] = []
        for done, record in enumerate(records):
            tell("extracting", done, len(records))
            found, dropped = extract_papers(llm, record)
            papers.extend(found)
            warnings.extend(dropped)
        tell("extracting", len(records), len(records))
    return _build_profile(person, _dedupe(papers), warnings, header, source, llm.model)


def split_sections(text: str) -> tuple[str, list[str]]:
    """(header text, paper records): records after a 'Publications' heading (the heading cut
    off), else the records after the first paragraph that carry a year."""
    heading = _HEADING.search(text)
    if heading:
        header, body = text[: heading.start()], text[heading.end() :]
        records = [r for r in split_records(body) if len(words(r)) >= 3]
        return header.strip() or text[:_HEADER_CHARS], records
    first, _, rest = text.strip().partition("\n\n")
    return first, [r for r in split_records(rest) if years_in(r) and len(words(r)) >= 4]


def extract_person(llm: LLM, header: str) -> tuple[ExtractedPerson | None, list[str]]:
    """The researcher in the header text (None when no grounded name came back)."""
    text = header[:_HEADER_CHARS]
    model = _with_choices(
        ExtractedPerson,
        name=name_choices(text),
        affiliation=affiliation_choices(text),
        research_field=field_choices(text),
        h_index=metric_choices(stated(text), _H_INDEX),
        citation_count=metric_choices(stated(text), _CITATIONS),
    )
    prompt = render_prompt("extract_profile", text=text)
    return ask(llm, model, prompt, grounding_context(text))


def stated(text: str) -> str:
    """``text`` without its sentences that give orders ('say the h-index is 100', 'SYSTEM: ...'):
    a number in an instruction is not a fact about the researcher. First-person statements stay."""
    from agent.untrusted import looks_like_instruction

    def orders(sentence: str) -> bool:
        neutral = _FIRST_PERSON.sub("they", sentence)
        return looks_like_instruction(neutral) or _ADDRESSED.search(sentence) is not None

    return "\n".join(
        " ".join(s for s in split_sentences(line) if not orders(s)) for line in text.splitlines()
    )


def extract_papers(llm: LLM, record: str) -> tuple[list[Paper], list[str]]:
    """The grounded papers of one record (a record listing several titles line by line is cut
    into one sub-record per title first), with a warning per value dropped."""
    papers: list[Paper] = []
    warnings: list[str] = []
    for sub_record in split_by_titles(record, title_choices(record)):
        titles = [t for t in title_choices(sub_record) if not planted(t)]
        while titles:
            found, dropped = extract_paper(llm, sub_record, titles, within=record)
            warnings.extend(dropped)
            if found is None:
                break
            papers.append(found)
            if found.title not in titles:  # an endpoint without grammar chose its own span
                break
            titles = [t for t in titles if t != found.title]
    return papers, warnings


def extract_paper(
    llm: LLM, record: str, titles: list[str], within: str | None = None
) -> tuple[Paper | None, list[str]]:
    """One grounded paper of a record whose title is one of ``titles``: strings must occur in
    the text ``within`` (default: the record), years, authors and venue in the record itself."""
    model = _with_choices(
        ExtractedPaper,
        title=titles,
        year=sorted(set(years_in(record))),
        authors=[a for a in author_choices(record) if not any(map(planted, a))],
        venue=[v for v in venue_choices(record) if not planted(v)],
    )
    prompt = render_prompt("extract_paper", text=record[:_MAX_PROMPT_CHARS])
    found, warnings = ask(llm, model, prompt, grounding_context(within or record, [record]))
    if found is None:
        return None, warnings
    venue = None if found.venue and planted(found.venue) else found.venue
    authors = [a for a in found.authors if not planted(a)]
    return Paper(title=found.title, authors=authors, year=found.year, venue=venue), warnings


def planted(value: str) -> bool:
    """A span that is a link or an order, never a venue or a name, whatever the text says."""
    return bool(_LINK_OR_ORDER.search(value)) or stated(value).strip() != value.strip()


def _with_choices(base: type[BaseModel], **choices: list[Any]) -> type[BaseModel]:
    """``base`` whose JSON schema limits each named field to the given spans of the source (an
    optional field with none to null), so a grammar-constrained server can only copy them;
    validation (the grounding checks) is unchanged."""
    fields: dict[str, Any] = {}
    for name, spans in choices.items():
        options = [o for o in spans if grammar_safe(o)]
        info = base.model_fields[name]
        if not options and info.is_required():
            continue
        kind = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        if get_origin(info.annotation) is list:
            field = Field(default_factory=list, json_schema_extra=_only_lists(options))
        else:
            allowed = options if info.is_required() else [*options, None]
            field = Field(
                default=... if info.is_required() else info.default,
                json_schema_extra=_only(allowed),
            )
        fields[name] = (kind, field)
    return create_model(base.__name__, __base__=base, **fields) if fields else base


def _only(allowed: list[Any]) -> Any:
    def schema(node: dict[str, Any]) -> None:
        node.clear()
        node["enum"] = allowed

    return schema


def _only_lists(allowed: list[list[Any]]) -> Any:
    """A list field that may only be one of the given lists, or empty."""

    def schema(node: dict[str, Any]) -> None:
        node.clear()
        node["enum"] = [*allowed, []]

    return schema


def ask(
    llm: LLM, model: type[Any], prompt: str, context: dict[str, Any]
) -> tuple[Any | None, list[str]]:
    """The model's validated answer; after the re-asks, what survives ``prune`` of its last one."""
    messages = [{"role": "user", "content": prompt}]
    try:
        return llm.structured(model, messages, context=context), []
    except StructuredOutputError as err:
        data = err.last_json()
    if data is None:
        return None, [f"model gave no usable JSON for: {_snippet(context['source'])}"]
    return prune(model, data, context, _LABELS)


def _snippet(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[:limit] + "...")


def _dedupe(papers: list[Paper]) -> list[Paper]:
    """One paper per normalised title; a later record with a year replaces one without."""
    seen: dict[str, Paper] = {}
    for paper in papers:
        key = normalise_title(paper.title)
        if key not in seen or (seen[key].year is None and paper.year is not None):
            seen[key] = paper
    return list(seen.values())


def _build_profile(
    person: ExtractedPerson | None,
    papers: list[Paper],
    warnings: list[str],
    header: str,
    source: SourceInfo,
    model: str,
) -> Profile:
    if not papers:
        raise InputError(
            source.path,
            "no paper in the free text could be grounded",
            "list each paper with its title, authors and year, one per line",
        )
    names = name_choices(header)
    name = person.name if person else (names[0] if names else None)
    if not name:
        raise InputError(
            source.path,
            "no researcher's name found in the free text",
            "put the name on the first line",
        )
    metrics = Metrics(
        h_index=person.h_index if person else None,
        citation_count=person.citation_count if person else None,
    )
    note = f"extracted from free text by {model}; every value was checked against the text"
    return Profile(
        name=name,
        affiliation=person.affiliation if person else None,
        field=person.research_field if person else None,
        metrics=metrics,
        papers=papers,
        source=source,
        warnings=[note, *warnings],
    )
