"""Scale of a many-source ingest: 1,000 works as the person's own BibTeX and 1,000 as an OpenAlex
works list, 800 of them the same works (half under the same DOI, half under a retyped title),
ingested together with ``--as``.

Texts are real: titles and abstracts of the SciFact gold abstracts (tests/data/benchmarks), each
work a different pairing of them. Figures: ingest of the merged 1,200 works against the raw
embedding of their texts (model loaded on both sides), and the merge itself (parsing excluded)
as a share of the raw embedding time.
"""

from __future__ import annotations

import json
from typing import Any

from common import (
    ROOT,
    BenchContext,
    EncodeTimer,
    Row,
    at_most,
    below,
    default_backend,
    load_backend,
    timed,
)
from ingest_figures import raw_encode

SCIFACT = ROOT / "tests" / "data" / "benchmarks" / "scifact-dev.jsonl"
WORKS = 1000
SHARED = 800
QUICK_WORKS = 100


def _works(count: int) -> list[dict[str, Any]]:
    """``count`` works: title, abstract, year, DOI, authors, from the SciFact gold abstracts.

    Every sentence names its work's cohort, so no two works share a sentence: a real 1,000-work
    profile embeds each of its sentences, and repeated texts would leave the store's writes
    (one per sentence) timed against a fifth of their embedding."""
    from agent.text import split_sentences

    rows = [json.loads(line) for line in SCIFACT.read_text(encoding="utf-8").splitlines()]
    docs = [ctx for row in rows for ctx in row["gold_ctx"]]
    works = []
    for n in range(count):
        doc, other = docs[n % len(docs)], docs[(7 * n + 3) % len(docs)]
        works.append(
            {
                "title": f"{doc['title']} in cohort {n + 1}",
                "abstract": " ".join(
                    f"{sentence.rstrip('.')} in cohort {n + 1}."
                    for sentence in split_sentences(f"{doc['text']} {other['text'][:400]}")
                ),
                "year": 2000 + n % 25,
                "doi": f"10.5555/bench.{n}",
                "authors": ["Ada Quinlan", f"B. Coauthor{n % 37}", f"C. Coauthor{n % 11}"],
            }
        )
    return works


def _bibtex(works: list[dict[str, Any]]) -> str:
    def entry(n: int, w: dict[str, Any]) -> str:
        authors = " and ".join(w["authors"])
        abstract = w["abstract"].replace("{", "").replace("}", "")
        return (
            f"@article{{w{n},\n  title = {{{w['title']}}},\n  author = {{{authors}}},\n"
            f"  year = {{{w['year']}}},\n  doi = {{{w['doi']}}},\n  abstract = {{{abstract}}}\n}}\n"
        )

    return "\n".join(entry(n, w) for n, w in enumerate(works))


def _openalex(works: list[dict[str, Any]]) -> str:
    def inverted(text: str) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for position, word in enumerate(text.split()):
            index.setdefault(word, []).append(position)
        return index

    results = []
    for n, w in enumerate(works):
        retyped = n % 2 == 1 and n < SHARED  # the same work, its title retyped, no DOI
        results.append(
            {
                "id": f"https://openalex.org/W{n}",
                "title": w["title"].upper() if retyped else w["title"],
                "publication_year": w["year"],
                "doi": None if retyped else f"https://doi.org/{w['doi']}",
                "authorships": [{"author": {"display_name": a}} for a in w["authors"]],
                "abstract_inverted_index": inverted(w["abstract"]),
                "cited_by_count": n % 50,
            }
        )
    return json.dumps({"meta": {"count": len(results)}, "results": results})


def merge_rows(ctx: BenchContext) -> list[Row]:
    """Ingest of two 1,000-work sources against raw embedding; the merge's share of it."""
    from agent.embed.cache import CachedEmbedder, EmbeddingCache
    from agent.settings import Settings
    from agent.sources import load_profile
    from agent.sources.merge import merge_profiles
    from agent.store.ingest import ingest_paths
    from agent.store.vectors import profile_records

    count = QUICK_WORKS if ctx.quick else WORKS
    works = _works(count + count // 5)  # the aggregator lists 200 works the .bib does not
    own, listed = works[:count], works[: count * SHARED // WORKS] + works[count:]
    folder = ctx.work / "merge"
    folder.mkdir(parents=True, exist_ok=True)
    bib, openalex = folder / "own.bib", folder / "openalex.json"
    bib.write_text(_bibtex(own), encoding="utf-8")
    openalex.write_text(_openalex(listed), encoding="utf-8")

    settings = Settings(data_dir=folder / "data")
    parts = [
        (path.name, load_profile(path, settings, author="Ada Quinlan")) for path in (bib, openalex)
    ]
    merge_s, merged = timed(lambda: merge_profiles(parts, "ada-quinlan"))
    texts = list(dict.fromkeys(r.text for kind in profile_records(merged).values() for r in kind))
    ctx.say(f"merge: {len(own)} + {len(listed)} works -> {len(merged.papers)}, {len(texts)} texts")
    model = load_backend(default_backend(), ctx)
    model.encode(texts[:8])
    encode_s = timed(lambda: raw_encode(model, texts))[0]
    embedder = EncodeTimer(CachedEmbedder(model, EmbeddingCache(settings.cache_db)))
    ingest_s, report = timed(
        lambda: ingest_paths(
            [bib, openalex],
            settings,
            author="Ada Quinlan",
            merge_into="ada-quinlan",
            embedder=embedder,
        )  # fmt: skip
    )
    assert report.papers == len(merged.papers)
    ratio, share = ingest_s / encode_s, 100 * merge_s / encode_s
    beyond = 100 * (ingest_s - embedder.seconds) / encode_s
    return [
        Row(f"merged works ({len(own)} own + {len(listed)} listed)", len(merged.papers), ""),
        Row(f"raw embedding of the merged works' {len(texts)} texts", encode_s, "s"),
        Row("two-source ingest / raw embedding", ratio, "x", "<= 1.15x", at_most(ratio, 1.15)),
        Row(
            "  its work besides embedding / raw embedding",
            beyond,
            "%",
            "<= 15%",
            at_most(beyond, 15),
        ),
        Row("merge / raw embedding", share, "%", "< 5%", below(share, 5.0)),
    ]
