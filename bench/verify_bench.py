"""The verifier's throughput on 2 cores: SciFact claims judged against their abstracts (the
claims suite's work), and the sample's research statement checked by ``verify`` against the
profile, each with the embeddings computed in the run (cold) and again from memory (warm)."""

from __future__ import annotations

from common import AS_OF, ROOT, SAMPLE, BenchContext, Row, timed

SCIFACT = ROOT / "tests" / "data" / "benchmarks" / "scifact-dev.jsonl"


def verify_rows(ctx: BenchContext) -> list[Row]:
    """Claims per second (cold, warm) and draft sentences per second (cold, warm)."""
    from agent.embed.model import embedder_for
    from agent.settings import Settings
    from agent.sources import load_profile
    from agent.verify.claim_rows import read_claims
    from agent.verify.drafts import check_draft
    from agent.verify.support import SemanticScorer
    from agent.verify.verdicts import evidence_sentences, judge_claim
    from agent.writers.compose import write_statement
    from agent.writers.draft import to_markdown

    settings = Settings(data_dir=ctx.models_home, as_of=AS_OF, no_llm=True)
    embedder = embedder_for("onnx", settings)  # what `verify` runs on (fp32, uncached here)
    rows = read_claims(SCIFACT)[: 30 if ctx.quick else None]
    ctx.say(f"verify: {len(rows)} SciFact claims")
    figures = []
    scorer = SemanticScorer(embedder)
    for state in ("cold", "warm"):
        seconds, _ = timed(
            lambda: [
                judge_claim(r.claim, {"e": evidence_sentences(r.evidence)}, scorer) for r in rows
            ]
        )
        figures.append(
            Row(f"verify --claims, SciFact claims per second ({state})", len(rows) / seconds, "/s")
        )
    profile = load_profile(SAMPLE, settings)
    draft = to_markdown(write_statement(profile, settings, embedder=embedder))
    ctx.say("verify: the sample's research statement")
    scorer = SemanticScorer(embedder)
    for state in ("cold", "warm"):
        seconds, found = timed(lambda: check_draft(profile, profile.slug, draft, scorer))
        per_second = len(found.sentences) / seconds
        figures.append(
            Row(f"verify DRAFT, statement sentences per second ({state})", per_second, "/s")
        )
    return figures
