"""Per-paper key terms (methods, tasks, application domains), each grounded in the paper's own
title or abstract; stored on Paper.methods / .tasks / .domains, lower-cased, for search filters."""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, create_model

from agent.llm.client import LLM, grammar_safe
from agent.llm.connect import open_llm
from agent.llm.failures import StructuredOutputError
from agent.llm.prompting import render_prompt
from agent.models import Paper, Profile
from agent.settings import Settings
from agent.sources.grounding import grounded, prune
from agent.text import STOPWORDS, content_words, split_sentences

log = logging.getLogger(__name__)
MAX_TERMS = {"methods": 5, "tasks": 5, "domains": 3}
_MAX_WORDS = 6
_ABSTRACT_CHARS = 1800
_MAX_CHOICES = 40


def _clean_terms(value: Any) -> Any:
    """Blank and duplicate terms out, each term trimmed and lower-cased."""
    if not isinstance(value, list):
        return value
    terms: list[Any] = []
    for item in value:
        term = " ".join(item.split()).strip(" .,;:").casefold() if isinstance(item, str) else item
        if term and term not in terms:
            terms.append(term)
    return terms


def _short(term: str) -> str:
    if len(term.split()) > _MAX_WORDS:
        raise ValueError(f"term {term!r} is too long; give a phrase of at most {_MAX_WORDS} words")
    if not _specific(term):
        raise ValueError(f"term {term!r} is too generic; name the specific method, task or field")
    return term


def _specific(phrase: str) -> bool:
    """A phrase with a content word that says something ('deep image prior', not 'methods')."""
    from agent.wordlists import GENERIC_WORDS

    return any(
        len(w) > 2 and w not in GENERIC_WORDS and not w.isdigit() for w in content_words(phrase)
    )


def term_choices(title: str, abstract: str, limit: int = _MAX_CHOICES) -> list[str]:
    """Candidate terms: runs of 1-5 words between stopwords and punctuation, lower-cased; the
    title's first, then the abstract's by frequency. Decoding may only pick among these."""
    counts: Counter[str] = Counter()
    title_runs = _runs(title)
    for sentence in split_sentences(abstract):
        counts.update(_runs(sentence))
    abstract_runs = [r for r, n in counts.most_common() if n > 1 or _phrase_like(r)]
    unique = list(
        dict.fromkeys(r for r in [*title_runs, *abstract_runs] if _specific(r) and grammar_safe(r))
    )
    return unique[:limit]


def _phrase_like(run: str) -> bool:
    """Two words or more, not opening on a verb form ('achieved ...', 'making ...')."""
    first = run.split()[0]
    return " " in run and not re.search(r"(?:ed|ing|ly|es)$", first)


def _runs(text: str) -> list[str]:
    runs: list[str] = []
    for segment in re.split(r"[,;:()\[\]{}\"“”.?!$]|\s[-–—]\s", text):
        run: list[str] = []
        for token in [*re.findall(r"[^\W_][\w'-]*", segment), ""]:
            if token and token.casefold() not in STOPWORDS:
                run.append(token.casefold())
                continue
            if 1 <= len(run) <= _MAX_WORDS - 1:
                runs.append(" ".join(run))
            run = []
    return runs


def _terms(kind: str) -> Any:
    term = Annotated[str, grounded(kind), AfterValidator(_short)]
    return Annotated[list[term], BeforeValidator(_clean_terms)]  # type: ignore[valid-type]


class PaperTerms(BaseModel):
    """Key terms of one paper, each copied from its title or abstract."""

    methods: _terms("method") = Field(  # type: ignore[valid-type]
        default_factory=list, json_schema_extra={"maxItems": MAX_TERMS["methods"]}
    )
    tasks: _terms("task") = Field(  # type: ignore[valid-type]
        default_factory=list, json_schema_extra={"maxItems": MAX_TERMS["tasks"]}
    )
    domains: _terms("domain") = Field(  # type: ignore[valid-type]
        default_factory=list, json_schema_extra={"maxItems": MAX_TERMS["domains"]}
    )


def enrich_profile(profile: Profile, settings: Settings, *, only_missing: bool = True) -> Profile:
    """A copy of ``profile`` whose papers carry grounded methods/tasks/domains (unchanged with
    --no-llm; papers that already have terms are kept unless ``only_missing`` is False)."""
    if settings.no_llm:
        return profile
    with open_llm(settings) as llm:
        if llm is None:
            return profile
        papers = [
            paper if only_missing and _has_terms(paper) else enrich_paper(llm, paper)
            for paper in profile.papers
        ]
    return profile.model_copy(update={"papers": papers})


def _has_terms(paper: Paper) -> bool:
    return bool(paper.methods or paper.tasks or paper.domains)


def enrich_paper(llm: LLM, paper: Paper) -> Paper:
    """``paper`` with the terms the model found that occur in its title or abstract."""
    source = f"{paper.title}\n{paper.abstract}"
    context = {"source": source, "records": [source]}
    prompt = render_prompt(
        "enrich_paper", title=paper.title, abstract=paper.abstract[:_ABSTRACT_CHARS] or "(none)"
    )
    terms = _ask_terms(
        llm, _with_term_choices(term_choices(paper.title, paper.abstract)), prompt, context
    )
    if terms is None:
        return paper
    update = {kind: getattr(terms, kind)[:limit] for kind, limit in MAX_TERMS.items()}
    return paper.model_copy(update=update)


def _with_term_choices(choices: list[str]) -> type[PaperTerms]:
    """PaperTerms whose JSON schema lets each list hold only the candidate terms."""
    if not choices:
        return PaperTerms

    def only_choices(node: dict[str, Any]) -> None:
        node["items"] = {"enum": choices}

    fields = {
        kind: (
            _terms(kind.rstrip("s")),
            Field(default_factory=list, json_schema_extra=_merge(MAX_TERMS[kind], only_choices)),
        )
        for kind in MAX_TERMS
    }
    return create_model("PaperTerms", __base__=PaperTerms, **fields)


def _merge(limit: int, only_choices: Any) -> Any:
    def schema(node: dict[str, Any]) -> None:
        only_choices(node)
        node["maxItems"] = limit

    return schema


def _ask_terms(
    llm: LLM, model: type[PaperTerms], prompt: str, context: dict[str, Any]
) -> PaperTerms | None:
    try:
        return llm.structured(model, [{"role": "user", "content": prompt}], context=context)
    except StructuredOutputError as err:
        data = err.last_json()
    if data is None:
        return None
    terms, dropped = prune(model, data, context)
    log.debug("enrich: %s", "; ".join(dropped))
    return terms
