"""The conversation log, the chat session, and the installed chat REPL driven through a pty."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from qa_cases import build_store

from agent.qa.answer_models import Answer
from agent.qa.chatlog import (
    MIGRATIONS,
    list_exchanges,
    log_path,
    migrate,
    record_exchange,
    start_conversation,
)
from agent.settings import Settings

CLI = Path(sys.executable).parent / "profile-agent"


def _answer(question: str, text: str, refused: bool = False) -> Answer:
    return Answer(question=question, answer=text, refused=refused)


def test_log_records_and_searches_exchanges(settings: Settings) -> None:
    conversation = start_conversation(settings, "rongrong-wang")
    record_exchange(
        settings,
        conversation,
        "rongrong-wang",
        _answer("How many papers?", "The profile lists 30."),
        0.1,
    )
    record_exchange(
        settings,
        conversation,
        "rongrong-wang",
        _answer("What is her salary?", "The profile does not say anything.", refused=True),
    )
    entries = list_exchanges(settings)
    assert [e.question for e in entries] == ["What is her salary?", "How many papers?"]
    assert entries[0].refused and entries[1].seconds == 0.1
    assert [e.question for e in list_exchanges(settings, search="salary")] == [
        "What is her salary?"
    ]
    assert list_exchanges(settings, search="100%") == []


def test_migrations_are_recorded_once(settings: Settings) -> None:
    start_conversation(settings, "x")
    db = sqlite3.connect(log_path(settings))
    names = [row[0] for row in db.execute("SELECT name FROM _sqlite_migrations ORDER BY name")]
    assert (
        names
        == [m.__name__ for m in MIGRATIONS]
        == [
            "m001_initial",
            "m002_timing",
            "m003_routes",
        ]
    )
    assert migrate(db) == []
    db.close()


def test_a_log_from_before_routes_were_kept_upgrades_in_place(settings: Settings) -> None:
    """An older log (m001, m002) gains the route column; its exchanges come back without one."""
    from agent.qa.chatlog import last_conversation, m001_initial, m002_timing

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(log_path(settings))
    for step in (m001_initial, m002_timing):
        step(db)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    db.executemany(
        "INSERT INTO _migrations VALUES (?, 'then')", [("m001_initial",), ("m002_timing",)]
    )
    old = _answer("How many papers?", "The profile lists 30 papers.")
    db.execute("INSERT INTO conversations VALUES ('c1', 'rongrong-wang', 'then')")
    db.execute(
        "INSERT INTO exchanges (conversation_id, slug, question, answer, refused, backend, json, "
        "created_at) VALUES ('c1', 'rongrong-wang', ?, ?, 0, 'extractive', ?, 'then')",
        (old.question, old.answer, old.model_dump_json()),
    )
    db.commit()
    db.close()
    conversation, answers = last_conversation(settings, "rongrong-wang")
    assert conversation == "c1" and [a.question for a in answers] == ["How many papers?"]
    assert answers[0].route_info is None
    db = sqlite3.connect(log_path(settings))
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    applied = [row[0] for row in db.execute("SELECT name FROM _sqlite_migrations ORDER BY name")]
    db.close()
    assert "_migrations" not in tables  # the old record, carried over once
    assert applied == ["m001_initial", "m002_timing", "m003_routes"]


def test_no_log_yet_lists_nothing(settings: Settings) -> None:
    assert list_exchanges(settings) == []


@pytest.fixture(scope="module")
def chat_store(tmp_path_factory: pytest.TempPathFactory, sample_store, bundled_model):  # noqa: ANN001, ANN201
    return build_store(tmp_path_factory.mktemp("chat"), sample_store, bundled_model)


@pytest.mark.slow
def test_session_resolves_followups_and_logs(chat_store) -> None:  # noqa: ANN001
    from rich.console import Console

    from agent.cli.chat import ChatSession

    settings, retriever, profile = chat_store
    out = Console(record=True, width=200, markup=False, emoji=False)
    session = ChatSession(settings, "rongrong-wang", retriever, out=out)
    session.handle("Which papers are about diffusion?")
    assert session.handle("and which of those have code?")
    follow = session.history[-1]
    assert follow.route == "tool:papers_with_code"
    assert follow.answer.startswith("Of those 4 papers, 0 come with code")  # of the last answer
    session.handle("/sources")
    assert not session.handle("/exit")
    text = out.export_text()
    assert "Sources" in text and "no sources" not in text.lower()
    logged = list_exchanges(settings)
    assert [e.question for e in logged[:2]] == [
        "and which of those have code?",
        "Which papers are about diffusion?",
    ]


@pytest.mark.slow
def test_chat_repl_as_a_person_types_it(chat_store, tmp_path: Path) -> None:  # noqa: ANN001
    pexpect = pytest.importorskip("pexpect")
    settings = chat_store[0]
    env = {
        **os.environ,
        "PROFILE_AGENT_DATA_DIR": str(settings.data_dir),
        "PROFILE_AGENT_AS_OF": "2026-11-28",
        "HF_HUB_OFFLINE": "1",
        "COLUMNS": "200",
    }
    child = pexpect.spawn(
        str(CLI),
        ["--no-llm", "chat", "rongrong-wang"],
        env=env,
        encoding="utf-8",
        timeout=180,
        dimensions=(50, 200),
    )
    try:
        child.expect("Asking about Rongrong Wang \\(30 papers, extractive answers\\)")
        child.expect("rongrong-wang> ")
        child.sendline("Which papers study deep image prior?")
        child.expect("Sources")
        child.expect("Optimal Eye Surgeon")
        child.expect("rongrong-wang> ")
        child.sendline("and which of those have code?")
        child.expect(r"Of those \d+ papers, 1 comes with code")  # of the last answer
        child.expect("rongrong-wang> ")
        child.sendline("/sources")
        child.expect("https://github.com/Avra98/Optimal-Eye-Surgeon.git")
        child.expect("rongrong-wang> ")
        child.sendline("What is her salary?")
        child.expect("does not record personal details")
        child.expect("rongrong-wang> ")
        child.sendline("/profile nobody")
        child.expect("profile-agent: error: nobody: no such profile")
        child.sendline("/help")
        child.expect("/sources")
        child.sendline("/exit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    history = (settings.data_dir / "chat_history").read_text(encoding="utf-8")
    assert "and which of those have code?" in history
    logs = subprocess.run(
        [str(CLI), "logs", "--search", "salary", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert [e["question"] for e in json.loads(logs.stdout)] == ["What is her salary?"]


@pytest.mark.slow
def test_chat_follow_ups_resolve_as_a_person_types_them(chat_store) -> None:  # noqa: ANN001
    """A dialogue through a pty: "what about 2025?" asks the count again for 2025, "the second
    one" is the second paper of the code list, "it" is that paper, "it" after the earliest
    paper is that paper's own sentences, reported about its authors."""
    pexpect = pytest.importorskip("pexpect")
    env = {
        **os.environ,
        "PROFILE_AGENT_DATA_DIR": str(chat_store[0].data_dir),
        "PROFILE_AGENT_AS_OF": "2026-11-28",
        "HF_HUB_OFFLINE": "1",
        "COLUMNS": "200",
    }
    child = pexpect.spawn(
        str(CLI),
        ["--no-llm", "chat", "rongrong-wang"],
        env=env,
        encoding="utf-8",
        timeout=180,
        dimensions=(50, 200),
    )
    turns = [
        ("How many papers did she publish in 2024?", "The profile lists 9 papers from 2024"),
        ("What about 2025?", "The profile lists 5 papers from 2025"),
        ("And in 2019?", "The profile lists 2 papers from 2019"),
        ("Which papers come with code?", "3 papers come with code"),
        ("Who wrote the second one?", "Optimal Eye Surgeon"),
        ("When did it come out?", "Jun 7, 2024"),
        ("What was her first paper?", "Singular Vector Perturbation under Gaussian Noise"),
        ("What does it show?", "The authors perform a non-asymptotic analysis"),
    ]
    try:
        child.expect("rongrong-wang> ")
        for question, expected in turns:
            child.sendline(question)
            child.expect_exact(expected)
            child.expect("rongrong-wang> ")
        child.sendline("/exit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


@pytest.mark.slow
def test_ask_cli_json_and_explain(chat_store) -> None:  # noqa: ANN001
    settings = chat_store[0]
    env = {
        **os.environ,
        "PROFILE_AGENT_DATA_DIR": str(settings.data_dir),
        "PROFILE_AGENT_AS_OF": "2026-11-28",
        "HF_HUB_OFFLINE": "1",
    }
    done = subprocess.run(
        [str(CLI), "ask", "rongrong-wang", "What is the h-index?", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(done.stdout)
    assert list(data) == ["question", "answer", "refused", "sentences", "sources", "backend"]
    assert data["answer"] == (
        "The profile header gives an h-index of 30 [1]. Warning: h-index "
        "30 needs at least 900 citations; profile says 259 [1]."
    )
    explained = subprocess.run(
        [str(CLI), "ask", "rongrong-wang", "What is PAC-tuning?", "--explain"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Route: search; backend: extractive" in explained.stdout
    assert "- kept: support" in explained.stdout
    refused = subprocess.run(
        [str(CLI), "--no-llm", "ask", "rongrong-wang", "x", "--backend", "llm"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2
    assert refused.stderr == (
        "profile-agent: error: --backend llm: needs an LLM but --no-llm "
        "was given (drop --no-llm or use --backend extractive)\n"
    )
