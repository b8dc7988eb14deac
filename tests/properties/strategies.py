"""Hypothesis strategies for profiles that reach the corners real sources have."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from agent.models import Metrics, Paper, Profile

_WORDS = st.sampled_from(
    [
        "graph",
        "neural",
        "network",
        "image",
        "prior",
        "sparse",
        "low",
        "rank",
        "compression",
        "bayesian",
        "bound",
        "diffusion",
        "protein",
        "kinase",
        "signaling",
        "cancer",
        "metabolism",
        "optimization",
        "gradient",
        "momentum",
        "language",
        "model",
        "medicine",
        "retrieval",
        "survey",
        "theory",
        "estimation",
    ]
)
NAMES = st.sampled_from(
    [
        "Ada Quinlan",
        "A. Quinlan",
        "E. A. Newman",
        "M. Newman",
        "Li Wei",
        "王蓉蓉",
        "Zoë Ødegaard",
        "José Müller",
        "Plato",
        "Jared L. Johnson",
        "J. Johnson",
        "محمد علي",
        "Ismail R. Alkhouri",
        "Ismail Alkhouri",
        "Ngũgĩ wa Thiong'o",
    ]
)
_TEXT = st.lists(_WORDS, min_size=1, max_size=12).map(" ".join)


@st.composite
def papers(draw: st.DrawFn) -> Paper:
    """A paper: any mix of date, year or neither; abstract or none; metadata or none."""
    when = draw(st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2030, 12, 31))))
    year = when.year if when else draw(st.one_of(st.none(), st.integers(1950, 2030)))
    abstract = draw(st.one_of(st.just(""), _TEXT.map(lambda t: f"We study {t}. It works.")))
    return Paper(
        title=draw(_TEXT).capitalize(),
        authors=draw(st.lists(NAMES, max_size=6)),
        authors_truncated=draw(st.booleans()),
        category=draw(st.one_of(st.none(), st.sampled_from(["CV", "LG", "Medicine", "q-bio"]))),
        date=when,
        date_text=None if when is None and year is None else str(when or year),
        year=year,
        year_inferred=bool(when) and draw(st.booleans()),
        has_code=draw(st.booleans()),
        abstract=abstract,
        venue=draw(st.one_of(st.none(), st.sampled_from(["Nature", "NeurIPS", "Cell", "nature"]))),
        citation_count=draw(st.one_of(st.none(), st.integers(0, 5000))),
        external_ids=draw(st.sampled_from([{}, {"doi": "10.1000/x1"}, {"arxiv": "2401.00001"}])),
    )


@st.composite
def profiles(draw: st.DrawFn, max_papers: int = 12) -> Profile:
    """One to ``max_papers`` papers (duplicate titles allowed), metrics present or missing."""
    paper_list = draw(st.lists(papers(), min_size=1, max_size=max_papers))
    if draw(st.booleans()):
        paper_list.append(Paper(**paper_list[0].model_dump(exclude={"id"})))  # a duplicate title
    metrics = draw(
        st.one_of(
            st.just(Metrics()),
            st.builds(
                Metrics,
                h_index=st.one_of(st.none(), st.integers(0, 80)),
                paper_count=st.one_of(st.none(), st.integers(0, 500)),
                citation_count=st.one_of(st.none(), st.integers(0, 50000)),
            ),
        )
    )
    return Profile(name=draw(NAMES), metrics=metrics, papers=paper_list)
