"""Check any draft (a bio someone wrote, another tool's output; Markdown or text) sentence by
sentence against a profile: the verdict, the paper and the evidence sentence it rests on.

A sentence that cites ``[n]`` is judged against the papers its draft's source list names (the
"Sources:"/"References:" lines, matched to the profile by title); an uncited one against the
papers whose evidence is nearest to it. The profile's own header (name, affiliation, metrics)
backs every sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from pydantic import BaseModel, Field

from agent.facts import PROFILE_SOURCE, profile_evidence
from agent.models import Profile
from agent.text import normalise, split_sentences
from agent.verify.support import SemanticScorer, aligned_score
from agent.verify.verdicts import ClaimVerdict, SupportJudge, Verdict, judge_claim

CANDIDATES = 3  # papers an uncited sentence is judged against
TITLE_MATCH = 0.9  # similarity of a source line's title to a profile title
_CITE = re.compile(r"\s*\[(\d+(?:\s*[-–,]\s*\d+)*)\]")
_SOURCES_HEAD = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*)?(sources|references|bibliography|notes)(?:\*\*)?\s*:?\s*$", re.I
)
_NUMBERED = re.compile(r"^\s*(?:\[(\d+)\]|(\d+)[.)])\s+(.+)$")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_YEAR = re.compile(r"\((\d{4})\)")


class SentenceCheck(BaseModel):
    """One draft sentence: its verdict, the paper and evidence it rests on, what is missing."""

    sentence: str
    cited: list[int] = Field(default_factory=list)  # the draft's own [n] markers
    verdict: Verdict
    support: float
    paper_id: str | None = None
    paper_title: str | None = None
    evidence_span: str = ""
    missing_terms: list[str] = Field(default_factory=list)
    reason: str = ""
    checked_against: list[str] = Field(default_factory=list)  # the paper ids judged against
    judge_supported: bool | None = None  # the independent judge's answer, when one is set


class DraftCheck(BaseModel):
    """Every sentence's check and the tally."""

    profile: str
    sentences: list[SentenceCheck]
    unmatched_sources: list[int] = Field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        tally = Counter(s.verdict for s in self.sentences)
        return {v: tally.get(v, 0) for v in ("supported", "contradicted", "unsupported")}

    def summary(self) -> str:
        c = self.counts
        text = (
            f"{c['supported']} of {len(self.sentences)} sentences supported, "
            f"{c['contradicted']} contradicted, {c['unsupported']} unsupported"
        )
        judged = [s for s in self.sentences if s.judge_supported is not None]
        if judged:
            agree = sum(s.judge_supported == (s.verdict == "supported") for s in judged)
            text += f"; the judge agrees on {agree} of {len(judged)}"
        return text


def parse_draft(text: str) -> tuple[list[tuple[str, list[int]]], dict[int, str]]:
    """The body's sentences with their ``[n]`` markers, and the source lines by number."""
    body: list[str] = []
    sources: dict[int, str] = {}
    section = "body"
    in_code = False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        head = _SOURCES_HEAD.match(line)
        if in_code or head:
            section = head.group(1).lower() if head else section
            continue
        if section in ("sources", "references", "bibliography"):
            numbered = _NUMBERED.match(line)
            if numbered:
                sources[int(numbered.group(1) or numbered.group(2))] = numbered.group(3)
        elif section == "body" and not line.lstrip().startswith("#"):
            body.append(_BULLET.sub("", line).strip() or "\n")
    paragraphs = " ".join(body).split("\n")
    sentences = [s for p in paragraphs for s in split_sentences(p)]
    return [_uncited(s) for s in sentences if re.search(r"[^\W\d_]{2}", s)], sources


def _uncited(sentence: str) -> tuple[str, list[int]]:
    numbers: list[int] = []
    for group in _CITE.findall(sentence):
        for part in re.split(r"\s*,\s*", group):
            ends = [int(n) for n in re.split(r"\s*[-–]\s*", part)]
            numbers += list(range(ends[0], ends[-1] + 1)) if 0 < ends[-1] - ends[0] < 50 else ends
    text = _CITE.sub("", sentence).strip()
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    return text, list(dict.fromkeys(numbers))


def match_source(line: str, profile: Profile) -> list[str]:
    """The ids of the profile papers a source line names: by its quoted title (a title may
    hold quotes, authors' names too), else the title inside it; of papers with one title, those
    of the line's year. ``[PROFILE_SOURCE]`` for the profile's header; [] when nothing
    matches."""
    wanted = [normalise(q).strip(" .") for q in _quoted(line)] or [normalise(line).strip(" .")]
    if any(w.startswith("profile header") for w in wanted):
        return [PROFILE_SOURCE]
    titles = [(normalise(p.title).strip(" ."), p) for p in profile.papers]
    exact = [p for t, p in titles if t and (t in wanted or (not _quoted(line) and t in wanted[0]))]
    if exact:
        years = set(_YEAR.findall(line))
        return [p.id for p in exact if str(p.year) in years] or [p.id for p in exact]
    ratio, best = max(
        ((SequenceMatcher(None, t, w).ratio(), p) for t, p in titles for w in wanted),
        key=lambda r: r[0],
        default=(0.0, None),
    )
    return [best.id] if best is not None and ratio >= TITLE_MATCH else []


def _quoted(line: str) -> list[str]:
    """Every span from an opening quote to the line's last closing one, outermost first."""
    end = max(line.rfind("”"), line.rfind('"'))
    starts = [i for i, ch in enumerate(line) if ch in '“"' and i < end]
    return [line[i + 1 : end] for i in starts if end - i > 8]


def draft_evidence(profile: Profile) -> dict[str, list[str]]:
    """``profile_evidence`` with each paper's title first: a title is the paper's own claim,
    read for cues, unlike its record line."""
    return {
        key: [*([profile.paper(key).title] if key != PROFILE_SOURCE else []), *texts]
        for key, texts in profile_evidence(profile).items()
    }


def check_draft(
    profile: Profile,
    slug: str,
    text: str,
    scorer: SemanticScorer,
    judge: SupportJudge | None = None,
    evidence: dict[str, list[str]] | None = None,
) -> DraftCheck:
    """Every sentence of ``text`` judged against ``profile`` (and by ``judge``, given one, on
    the same evidence); ``evidence``: ``draft_evidence(profile)`` when the caller has it."""
    sentences, sources = parse_draft(text)
    evidence = evidence or draft_evidence(profile)
    scorer.prepare([t for texts in evidence.values() for t in texts] + [s for s, _ in sentences])
    resolved = {n: match_source(line, profile) for n, line in sources.items()}
    checks = [
        _check(sentence, cited, resolved, evidence, profile, scorer)
        for sentence, cited in sentences
    ]
    if judge is not None:
        for check in checks:
            passages = [t for key in check.checked_against for t in evidence[key]]
            check.judge_supported = judge(check.sentence, passages)
    unmatched = sorted(n for n, found in resolved.items() if not found)
    return DraftCheck(profile=slug, sentences=checks, unmatched_sources=unmatched)


def _check(
    sentence: str,
    cited: list[int],
    resolved: dict[int, list[str]],
    evidence: dict[str, list[str]],
    profile: Profile,
    scorer: SemanticScorer,
) -> SentenceCheck:
    named = [pid for n in cited for pid in resolved.get(n, [])]
    papers = [p for p in named if p != PROFILE_SOURCE] or (
        [] if named else _nearest(sentence, evidence, scorer)
    )
    backing = _backing(papers, evidence)
    found = judge_claim(sentence, backing, scorer)
    if named and not found.supported:
        nearest = _backing(_nearest(sentence, evidence, scorer), evidence)
        elsewhere = judge_claim(sentence, nearest, scorer)
        if elsewhere.supported and elsewhere.source not in [*named, PROFILE_SOURCE]:
            title = _title(profile, elsewhere.source)
            reason = f"{found.reason}; the cited source does not say it, “{title}” does"
            found = found.model_copy(update={"reason": reason})
    checked = _as_check(sentence, cited, found, profile)
    return checked.model_copy(update={"checked_against": list(backing)})


def _nearest(sentence: str, evidence: dict[str, list[str]], scorer: SemanticScorer) -> list[str]:
    best = {
        key: max(aligned_score(sentence, s, scorer) for s in texts)
        for key, texts in evidence.items()
        if key != PROFILE_SOURCE and texts
    }
    return sorted(best, key=lambda k: -best[k])[:CANDIDATES]


def _backing(papers: list[str], evidence: dict[str, list[str]]) -> dict[str, list[str]]:
    return {**{p: evidence[p] for p in papers}, PROFILE_SOURCE: evidence[PROFILE_SOURCE]}


def _title(profile: Profile, paper_id: str | None) -> str | None:
    paper = profile.paper(paper_id) if paper_id and paper_id != PROFILE_SOURCE else None
    return paper.title if paper else None


def _as_check(
    sentence: str, cited: list[int], found: ClaimVerdict, profile: Profile
) -> SentenceCheck:
    source = found.source if found.source != PROFILE_SOURCE else None
    return SentenceCheck(
        sentence=sentence,
        cited=cited,
        verdict=found.verdict,
        support=found.support,
        paper_id=source,
        paper_title=_title(profile, source),
        evidence_span=found.evidence_span,
        missing_terms=found.missing_terms,
        reason=found.reason,
    )
