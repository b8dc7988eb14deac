"""Hybrid search over the ingested sample: recall on a query set, exact filters, citations."""

from __future__ import annotations

import json

import pytest
from data_paths import DATA

from agent.errors import InputError, NotFoundError
from agent.models import Profile, paper_id_for
from agent.settings import Settings
from agent.store.ingest import ingest_path
from agent.store.lexical import BM25, lexical_tokens
from agent.store.profiles import load_profile_record, paper_sentences
from agent.store.retrieve import Retriever, SearchFilters

SLUG = "rongrong-wang"
QUERIES = json.loads((DATA / "sample_queries.json").read_text("utf-8"))
OES = "Optimal Eye Surgeon: Finding Image Priors through Sparse Generators at Initialization"


@pytest.fixture(scope="module")
def retriever(sample_store: Settings, bundled_model, tmp_path_factory) -> Retriever:
    """A Retriever over the shared sample store; query vectors go to a private cache."""
    from agent.embed.cache import CachedEmbedder, EmbeddingCache

    cache = EmbeddingCache(tmp_path_factory.mktemp("query-cache") / "cache.sqlite")
    return Retriever(sample_store, embedder=CachedEmbedder(bundled_model, cache))


@pytest.fixture(scope="module")
def profile(sample_store: Settings) -> Profile:
    return load_profile_record(sample_store, SLUG)


def test_lexical_tokens_are_stemmed_split_at_hyphens_and_without_urls() -> None:
    assert (
        lexical_tokens("Bounds of the networks")
        == lexical_tokens("bound network")
        == ["bound", "network"]
    )
    assert lexical_tokens("PAC-Bayes")[1:] == ["pac", "baye"]  # the whole word, then its parts
    assert lexical_tokens("Code: https://github.com/Avra98/Optimal-Eye-Surgeon") == ["code"]
    assert lexical_tokens("MaxCut analysis of corpus") == ["maxcut", "analysis", "corpus"]


def test_a_greek_letter_meets_its_name() -> None:
    # "Has he written on the lambda-K-conversion?" against Turing's "λ-K-Conversion" (1937)
    assert lexical_tokens("The p-Function in λ-K-Conversion") == lexical_tokens(
        "the p-function in lambda-K-conversion"
    )
    assert "alpha" in lexical_tokens("α-adrenergic agonists") and "beta" in lexical_tokens("TGF-β")


def test_bm25_prefers_the_rare_term() -> None:
    bm25 = BM25([["graph", "network"], ["graph", "maxcut"], ["graph"]])
    scores = bm25.scores(["maxcut", "graph"])
    assert scores.index(max(scores)) == 1
    assert bm25.scores(["absent"]) == [0.0, 0.0, 0.0]


@pytest.mark.slow
@pytest.mark.parametrize("case", QUERIES, ids=[c["query"] for c in QUERIES])
def test_recall_at_3(retriever: Retriever, case: dict) -> None:
    hits = retriever.search_papers(SLUG, case["query"], k=3)
    assert paper_id_for(case["title"]) in [h.paper_id for h in hits], [h.title for h in hits]


@pytest.mark.slow
@pytest.mark.parametrize(
    "query", ["MaxCut", "GlobMed", "Optimal Eye Surgeon", "LoRA ISAR", "PAC-Bayes"]
)
def test_named_methods_rank_first(retriever: Retriever, query: str) -> None:
    expected = next(c["title"] for c in QUERIES if c["query"] == query)
    assert retriever.search_papers(SLUG, query, k=1)[0].title == expected


@pytest.mark.slow
def test_hit_fields_and_best_sentence(retriever: Retriever, profile: Profile) -> None:
    hit = retriever.search_papers(SLUG, "Optimal Eye Surgeon", k=1)[0]
    paper = profile.paper(hit.paper_id)
    assert (hit.title, hit.year, hit.category, hit.has_code) == (OES, 2024, "CV", True)
    assert hit.best_sentence.startswith("We introduce Optimal Eye Surgeon (OES)")
    assert paper_sentences(paper)[hit.best_sentence_index] == hit.best_sentence
    assert hit.lexical_score == 1.0
    assert 0 < hit.dense_score < 1 and hit.score == pytest.approx(
        0.6 * hit.dense_score + 0.4 * hit.lexical_score, abs=1e-5
    )


def _expected(profile: Profile, filters: SearchFilters) -> set[str]:
    return {p.id for p in profile.papers if filters.matches(p)}


FILTER_CASES = [
    (SearchFilters(year_from=2024), 18),
    (SearchFilters(year_to=2020), 5),
    (SearchFilters(year_from=2021, year_to=2022), 4),
    (SearchFilters(category="CL"), 6),
    (SearchFilters(category="cl"), 6),
    (SearchFilters(has_code=True), 3),
    (SearchFilters(has_code=False), 27),
    (SearchFilters(year_from=2024, year_to=2024, category="LG", has_code=True), 1),
    (SearchFilters(category="XX"), 0),
]


@pytest.mark.slow
@pytest.mark.parametrize(("filters", "count"), FILTER_CASES)
def test_filters_return_exactly_the_matching_papers(retriever, profile, filters, count) -> None:
    hits = retriever.search_papers(SLUG, "neural networks", k=30, filters=filters)
    assert len(hits) == count
    assert {h.paper_id for h in hits} == _expected(profile, filters)


@pytest.mark.slow
def test_has_code_filter_names_the_three_code_papers(retriever: Retriever) -> None:
    hits = retriever.search_papers(SLUG, "image", k=10, filters=SearchFilters(has_code=True))
    assert sorted(h.title for h in hits) == [
        "Differentiable Quadratic Optimization For The Maximum Independent Set Problem",
        OES,
        "Structure-Preserving Network Compression Via Low-Rank Induced Training Through Linear "
        "Layers Composition",
    ]


@pytest.mark.slow
def test_sentences_are_citable_and_filtered(retriever: Retriever, profile: Profile) -> None:
    hits = retriever.search_sentences(SLUG, "GlobMed multilingual medical dataset", k=8)
    assert len(hits) == 8
    assert "GlobMed" in hits[0].text
    assert hits[0].paper_id == paper_id_for("Toward Global Large Language Models in Medicine")
    for hit in hits:
        assert paper_sentences(profile.paper(hit.paper_id))[hit.sentence_index] == hit.text
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    old = retriever.search_sentences(SLUG, "GlobMed", k=20, filters=SearchFilters(year_to=2023))
    assert old and all(profile.paper(h.paper_id).year <= 2023 for h in old)
    assert not any("GlobMed" in h.text for h in old)


@pytest.mark.slow
def test_unknown_profile_and_empty_query(retriever: Retriever) -> None:
    with pytest.raises(NotFoundError, match="nobody: no such profile"):
        retriever.search_papers("nobody", "anything")
    with pytest.raises(InputError, match="empty search query"):
        retriever.search_papers(SLUG, "   ")


@pytest.mark.slow
def test_same_search_on_embedded_and_server(store_settings, sample_path, warm_embedder) -> None:
    ingest_path(sample_path, store_settings, embedder=warm_embedder)
    retriever = Retriever(store_settings, embedder=warm_embedder)
    for case in QUERIES:
        hits = retriever.search_papers(SLUG, case["query"], k=3)
        assert paper_id_for(case["title"]) in [h.paper_id for h in hits], case["query"]
    coded = retriever.search_papers(SLUG, "image", k=30, filters=SearchFilters(has_code=True))
    assert len(coded) == 3
    recent = retriever.search_sentences(
        SLUG, "language models", k=50, filters=SearchFilters(year_from=2025, category="CL")
    )
    profile = load_profile_record(store_settings, SLUG)
    assert recent and {h.paper_id for h in recent} <= _expected(
        profile, SearchFilters(year_from=2025, category="CL")
    )
