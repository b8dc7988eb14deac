"""Fusion choice for hybrid search, measured on the sample query set.

Queries: tests/data/sample_queries.json.

Ingests the sample into a temp data dir, scores every paper for every query, then ranks them by
dense only, lexical only, normalised score fusion at several weights and RRF. Prints recall@1,
recall@3 and MRR per method. Run: .venv/bin/python bench/search_bench.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "samples" / "rongrong-wang.profile.txt"
QUERIES = ROOT / "tests" / "data" / "sample_queries.json"

Scores = dict[str, tuple[float, float]]  # paper_id -> (dense, lexical)


def score_all(data_dir: Path) -> list[tuple[str, Scores]]:
    """(expected paper id, dense and lexical score of every paper) per query."""
    from agent.models import paper_id_for
    from agent.settings import Settings
    from agent.store.ingest import ingest_path
    from agent.store.retrieve import Retriever

    settings = Settings(data_dir=data_dir)
    slug = ingest_path(SAMPLE, settings).slug
    retriever = Retriever(settings)
    results = []
    for case in json.loads(QUERIES.read_text(encoding="utf-8")):
        hits = retriever.search_papers(slug, case["query"], k=1000)
        results.append(
            (
                paper_id_for(case["title"]),
                {h.paper_id: (h.dense_score, h.lexical_score) for h in hits},
            )
        )
    return results


def weighted(w: float) -> Callable[[Scores], list[str]]:
    return lambda s: sorted(s, key=lambda i: w * s[i][0] + (1 - w) * s[i][1], reverse=True)


def rrf(s: Scores, k: int = 60) -> list[str]:
    dense = {i: r for r, i in enumerate(sorted(s, key=lambda i: s[i][0], reverse=True))}
    lexical = {i: r for r, i in enumerate(sorted(s, key=lambda i: s[i][1], reverse=True))}
    return sorted(s, key=lambda i: 1 / (k + dense[i]) + 1 / (k + lexical[i]), reverse=True)


def metrics(results: list[tuple[str, Scores]], rank: Callable[[Scores], list[str]]) -> tuple:
    positions = [rank(scores).index(expected) for expected, scores in results]
    n = len(positions)
    return (
        sum(p < 1 for p in positions) / n,
        sum(p < 3 for p in positions) / n,
        sum(1 / (p + 1) for p in positions) / n,
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        results = score_all(Path(tmp))
    methods: dict[str, Callable[[Scores], list[str]]] = {
        "dense only": weighted(1.0),
        "lexical only": weighted(0.0),
        "rrf k=60": rrf,
    }
    for w in (0.4, 0.5, 0.6, 0.7, 0.8):
        methods[f"score fusion w={w}"] = weighted(w)
    sys.stdout.write(f"{len(results)} queries\n{'method':<22}{'R@1':>7}{'R@3':>7}{'MRR':>7}\n")
    for name, rank in methods.items():
        r1, r3, mrr = metrics(results, rank)
        sys.stdout.write(f"{name:<22}{r1:>7.3f}{r3:>7.3f}{mrr:>7.3f}\n")


if __name__ == "__main__":
    main()
