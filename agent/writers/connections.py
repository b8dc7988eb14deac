"""What connects two lines of work: a key phrase papers of both write, else a co-author of
both; the plan cites a paper of each (and one that names each theme)."""

from __future__ import annotations

from agent.text import normalise, occurs_in
from agent.writers.plans import (
    Material,
    SentencePlan,
    is_acronym,
    naming_paper,
    paper_words,
    short_title,
)
from agent.writers.themes import Theme


def connection(m: Material, themes: list[Theme], *, priority: int) -> SentencePlan | None:
    """What connects two of ``themes``: a key phrase (of any theme, not field-wide) found in
    papers of both, else a co-author on papers of both; cites one paper of each. The phrase
    in the most of their papers wins, then the earlier pair; None when nothing links them."""
    from agent.wordlists import BROAD_PHRASES

    phrases = [
        ph
        for t in m.themes.themes
        for ph in t.phrases
        if len(ph.split()) >= 2 and not is_acronym(ph) and ph.casefold() not in BROAD_PHRASES
    ]
    words = {pid: normalise(paper_words(m.paper(pid))) for t in themes for pid in t.paper_ids}
    best: tuple[int, SentencePlan] | None = None
    pairs = [(a, b) for i, a in enumerate(themes) for b in themes[i + 1 :]]
    for a, b in pairs:
        for phrase in dict.fromkeys(phrases):
            if phrase.casefold() in (a.name.casefold(), b.name.casefold()):
                continue
            with_a = _with_phrase(words, a, phrase)
            with_b = _with_phrase(words, b, phrase) if with_a else []
            if with_a and with_b and (best is None or len(with_a) + len(with_b) > best[0]):
                best = (len(with_a) + len(with_b), _link(m, a, b, with_a[0], with_b[0], phrase))
    plan = best[1] if best else None
    for a, b in pairs if plan is None else []:
        found = _shared_coauthor(m, a, b)
        if found:
            plan = _link(m, a, b, found[1], found[2], None, coauthor=found[0])
            break
    if plan is not None:
        plan.priority = priority
    return plan


def _with_phrase(words: dict[str, str], theme: Theme, phrase: str) -> list[str]:
    """The theme's papers whose (normalised) words hold ``phrase``, those that also name the
    theme first."""
    needle, name = normalise(phrase), normalise(theme.name)
    found = [pid for pid in theme.paper_ids if needle in words[pid]]
    return sorted(found, key=lambda pid: name not in words[pid])


def _link(
    m: Material,
    a: Theme,
    b: Theme,
    paper_a: str,
    paper_b: str,
    phrase: str | None,
    coauthor: str | None = None,
) -> SentencePlan:
    named = [
        naming_paper(m, t)
        for t, pid in ((a, paper_a), (b, paper_b))
        if not occurs_in(t.name, paper_words(m.paper(pid)))
    ]  # the theme's name needs a paper that writes it
    return SentencePlan(
        kind="connection",
        paper_ids=list(dict.fromkeys([paper_a, paper_b, *(pid for pid in named if pid)])),
        facts={
            "themes": [a.name, b.name],
            "phrase": phrase,
            "coauthor": coauthor,
            "titles": [short_title(m.paper(paper_a).title), short_title(m.paper(paper_b).title)],
        },
    )


def _shared_coauthor(m: Material, a: Theme, b: Theme) -> tuple[str, str, str] | None:
    """(name, paper of a, paper of b) for the co-author on the most papers of both themes."""
    from agent.people import profile_people

    people = profile_people(m.profile)
    owner = people.key(m.profile.name)

    def by_person(theme: Theme) -> dict[str, list[tuple[str, str]]]:
        found: dict[str, list[tuple[str, str]]] = {}
        for pid in theme.paper_ids:
            for name in m.paper(pid).authors:
                key = people.key(name)
                if key and key != owner:
                    found.setdefault(key, []).append((pid, name))
        return found

    in_a, in_b = by_person(a), by_person(b)
    shared = sorted(set(in_a) & set(in_b), key=lambda k: -(len(in_a[k]) + len(in_b[k])))
    if not shared:
        return None
    key = shared[0]
    return in_a[key][0][1], in_a[key][0][0], in_b[key][0][0]
