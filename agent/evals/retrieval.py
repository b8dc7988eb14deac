"""Retrieval suite: a query against the ingested sample must rank the relevant papers high.

Case inputs: ``source``, ``as_of``, ``query``, optional ``filters`` (SearchFilters fields).
``expect.relevant``: the paper ids that answer the query. Scores: recall@5 and reciprocal rank
within the top 10 (MRR is its mean over the suite).
"""

from __future__ import annotations

from agent.evals.context import EvalContext
from agent.evals.fixtures import ingested_slug, retriever
from agent.evals.metrics import recall_at_k, reciprocal_rank
from agent.evals.results import CaseOutcome
from agent.evals.suites import Case

RECALL_K = 5
RANK_DEPTH = 10
METRICS = (f"recall@{RECALL_K}", "mrr")
REQUIRES = (
    "agent.sources:load_profile",
    "agent.store.ingest:ingest_profile",
    "agent.store.retrieve:Retriever",
)


def run_case(case: Case, ctx: EvalContext) -> CaseOutcome:
    """Search the ingested profile and score the ranking against the relevant ids."""
    from agent.store.retrieve import SearchFilters

    slug = ingested_slug(ctx, case.inputs)
    filters = SearchFilters(**case.inputs["filters"]) if case.inputs.get("filters") else None
    hits = retriever(ctx).search_papers(slug, case.inputs["query"], k=RANK_DEPTH, filters=filters)
    ranked = [hit.paper_id for hit in hits]
    relevant = case.expect["relevant"]
    return CaseOutcome(
        output={"ranked": ranked, "titles": [hit.title for hit in hits[:RECALL_K]]},
        scores={
            f"recall@{RECALL_K}": recall_at_k(ranked, relevant, RECALL_K),
            "mrr": reciprocal_rank(ranked, relevant),
        },
    )
