"""Whole drafts (`--draft whole`): a strong model, played by the scripted stand-in over HTTP,
writes the bio from the fact sheet; good sentences are kept, subtly wrong ones (a flipped claim,
an invented number, a wrong citation, a pronoun, a misquoted evidence span) are sent back once
with the reasons and then give way to the verified sentences; and the real embedded SmolLM2
goes through the same gate."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from data_paths import SAMPLE_PROFILE
from standin import StandIn, chat, chat_json, clear_llm_env

from agent.facts import PROFILE_SOURCE, header_record, paper_evidence
from agent.settings import Settings
from agent.text import content_words
from agent.writers.compose import write_bio

pytestmark = pytest.mark.slow
WORDS = 150


@pytest.fixture(scope="module")
def env(tmp_path_factory, bundled_model):  # noqa: ANN001, ANN201
    from agent.embed.cache import CachedEmbedder, EmbeddingCache
    from agent.sources import load_profile

    settings = Settings(as_of=date(2026, 11, 28), data_dir=tmp_path_factory.mktemp("whole"))
    embedder = CachedEmbedder(bundled_model, EmbeddingCache(settings.cache_db))
    profile = load_profile(SAMPLE_PROFILE, settings)
    grounded = write_bio(
        profile, settings.model_copy(update={"no_llm": True}), words=WORDS, embedder=embedder
    )
    return profile, settings, embedder, grounded


@pytest.fixture(autouse=True)
def _no_llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_llm_env(monkeypatch)


def facts(env) -> list[dict]:  # noqa: ANN001
    """The grounded sentences as a strong model would restate them: sources by the fact
    sheet's numbers (first citation order), the evidence sentence each rests on."""
    profile, _, _, grounded = env
    number = {s.paper_id: s.n for s in grounded.sources}
    found = []
    for sentence in grounded.sentences:
        pid = sentence.citations[0]
        paper = profile.paper(pid)
        pool = [header_record(profile)] if pid == PROFILE_SOURCE else paper_evidence(paper)
        words = set(content_words(sentence.text))
        quote = max(pool, key=lambda e: len(words & set(content_words(e))))
        found.append(
            {
                "text": sentence.text,
                "sources": [number[c] for c in sentence.citations],
                "evidence": quote,
            }
        )
    return found


def bio(env, standin: StandIn):  # noqa: ANN001, ANN201
    profile, settings, embedder, _ = env
    endpoint = {"llm_base_url": standin.url, "model": "strong-model", "no_llm": False}
    return write_bio(
        profile,
        settings.model_copy(update=endpoint),
        words=WORDS,
        backend="llm",
        draft="whole",
        embedder=embedder,
    )


def first_introduced(facts: list[dict]) -> int:
    """The first fact after the opener that says what the researcher 'introduced' (to flip)."""
    return next(i for i, f in enumerate(facts) if i and " introduced " in f["text"])


def reworded(text: str) -> str:
    """A strong model's light touch (a capitalised word mid-sentence would be a new name)."""
    if text.startswith("Wang and co-authors"):
        return text.replace("Wang and co-authors", "Together with co-authors, Wang", 1)
    return text.replace("Wang and co-authors", "Wang, with co-authors,", 1)


def test_a_good_whole_draft_is_kept(env) -> None:  # noqa: ANN001
    good = [dict(f, text=reworded(f["text"])) for f in facts(env)]
    with StandIn() as model:
        model.enqueue(chat_json({"sentences": good}))
        draft = bio(env, model)
        [request] = model.chat_requests()
    assert [s.text for s in draft.sentences] == [g["text"] for g in good]
    assert all(s.ok and s.rewritten for s in draft.sentences)
    assert any(f.startswith("whole draft (strong-model): ") for f in draft.notes)
    sheet = request.body["messages"][-1]["content"]
    assert "Facts (each with its sources):" in sheet and "[1] " in sheet
    assert request.body["model"] == "strong-model"


def test_subtly_wrong_sentences_go_back_once_then_give_way(env) -> None:  # noqa: ANN001
    _, _, _, grounded = env
    base = facts(env)
    wrong = [dict(f) for f in base]
    flip = first_introduced(base)
    pronoun, number, source, quote = [i for i in range(len(base)) if i != flip][:4]
    wrong[pronoun]["text"] = "She works on deep image prior and on neural networks."
    wrong[flip]["text"] = wrong[flip]["text"].replace("introduced", "did not introduce")
    wrong[number]["text"] = wrong[number]["text"].rstrip(".") + " in 12 studies."  # invented
    wrong[source]["sources"] = [len(grounded.sources) + 5]  # a source not in the fact sheet
    wrong[quote]["evidence"] = "A sentence no source holds."  # a misquoted evidence span
    with StandIn() as model:
        model.enqueue(chat_json({"sentences": wrong}), chat_json({"sentences": wrong}))
        draft = bio(env, model)
        requests = model.chat_requests()
    assert len(requests) == 2  # sent back once
    fix = requests[1].body["messages"][-1]["content"]
    assert "failed the check" in fix and "did not introduce" in fix
    text = " ".join(s.text for s in draft.sentences)
    for planted in ("She works", "did not introduce", "12 studies"):
        assert planted not in text
    assert all(s.ok for s in draft.sentences)
    replaced = [s for s in draft.sentences if not s.rewritten]
    assert {s.text for s in replaced} <= {s.text for s in grounded.sentences}
    assert len(replaced) == 5
    assert any("5 that did not verify gave way to verified sentences" in n for n in draft.notes)


def test_a_fixed_redraft_is_kept(env) -> None:  # noqa: ANN001
    base = facts(env)
    wrong = [dict(f) for f in base]
    flip = first_introduced(base)
    wrong[flip]["text"] = wrong[flip]["text"].replace("introduced", "did not introduce")
    with StandIn() as model:
        model.enqueue(chat_json({"sentences": wrong}), chat_json({"sentences": base}))
        draft = bio(env, model)
    assert [s.text for s in draft.sentences] == [f["text"] for f in base]
    assert all(s.rewritten and s.ok for s in draft.sentences)


def test_off_length_and_unusable_replies_keep_the_verified_draft(env) -> None:  # noqa: ANN001
    _, _, _, grounded = env
    long = facts(env) * 3  # every sentence three times: far past 150 words
    with StandIn() as model:
        model.enqueue(chat_json({"sentences": long}))
        draft = bio(env, model)
    assert [s.text for s in draft.sentences] == [s.text for s in grounded.sentences]
    assert any("outside 135-165" in n for n in draft.notes)
    with StandIn(default=chat("Here is your bio: it is great.")) as model:
        draft = bio(env, model)
    assert [s.text for s in draft.sentences] == [s.text for s in grounded.sentences]
    assert any("1 parts got no reply that parses as the asked JSON" in n for n in draft.notes)
    cut = chat('{"sentences": [{"text": "Rongrong Wang works on')
    cut.body["choices"][0]["finish_reason"] = "length"  # stopped at max_tokens (SmolLM2 did)
    with StandIn(default=cut) as model:
        draft = bio(env, model)
    assert [s.text for s in draft.sentences] == [s.text for s in grounded.sentences]
    assert any("got no reply that parses" in n for n in draft.notes)


def test_whole_needs_the_llm_backend(monkeypatch, capsys, tmp_path: Path) -> None:  # noqa: ANN001
    from cli_runner import run_cli

    code, _, err = run_cli(
        monkeypatch, capsys, "--no-llm", "bio", str(SAMPLE_PROFILE), "--draft", "whole"
    )
    assert code == 2 and "--draft whole: needs an LLM" in err
    code, _, err = run_cli(monkeypatch, capsys, "bio", str(SAMPLE_PROFILE), "--draft", "all")
    assert code == 2 and "unknown draft mode 'all'" in err


@pytest.mark.llm
def test_the_embedded_model_goes_through_the_same_gate(env) -> None:  # noqa: ANN001
    """SmolLM2 writing whole drafts: whatever it writes, every printed sentence is verified and
    the length holds; the note says how many of its sentences survived."""
    pytest.importorskip("llama_cpp")
    profile, settings, embedder, _ = env
    draft = write_bio(
        profile,
        settings.model_copy(update={"no_llm": False}),
        words=WORDS,
        backend="llm",
        draft="whole",
        embedder=embedder,
    )
    assert all(s.ok and s.citations for s in draft.sentences)
    assert abs(draft.words - WORDS) <= WORDS * 0.1
    assert any(re.match(r"whole draft \(smollm2", n) for n in draft.notes), draft.notes
    json.dumps(draft.public())
