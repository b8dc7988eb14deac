"""The independent judge (`--judge-url`, `--judge-model`): eval metrics it scores are labelled
with it, verifier-scored ones with the verifier; `verify` reports its answer beside the
verdict; a judge that fails names its URL. The scripted stand-in plays the judge."""

from __future__ import annotations

import json
from pathlib import Path

import cli_store
import pytest
from cli_runner import run_cli
from data_paths import DRAFT_WITH_ERRORS as DRAFT
from data_paths import SAMPLE_PROFILE
from standin import StandIn, chat, clear_llm_env, error

pytestmark = pytest.mark.slow
SLUG = "rongrong-wang"
data_dir = cli_store.data_dir


@pytest.fixture
def cli(data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):  # noqa: ANN201
    clear_llm_env(monkeypatch)
    monkeypatch.setenv("PROFILE_AGENT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("PROFILE_AGENT_LLM_TIMEOUT_S", "60")

    def run(*args: str) -> tuple[int, str, str]:
        return run_cli(monkeypatch, capsys, "--as-of", "2026-11-28", *args)

    return run


def _qa_suite(tmp_path: Path) -> Path:
    suites = tmp_path / "repo" / "evals" / "suites"
    suites.mkdir(parents=True)
    case = {
        "id": "dip",
        "inputs": {
            "source": str(SAMPLE_PROFILE),
            "as_of": "2026-11-28",
            "question": "Which papers study deep image prior?",
        },
        "expect": {"refused": False},
        "tags": ["thematic"],
    }
    (suites / "qa.jsonl").write_text(json.dumps(case) + "\n", encoding="utf-8")
    return suites


def _judged_eval(cli, suite: str, suites: Path, reply: str) -> tuple[str, list, str]:  # noqa: ANN001
    """``eval SUITE --json`` with the stand-in as the judge, answering ``reply``: the report,
    the requests the judge got, and its URL."""
    with StandIn(default=chat(reply)) as judge:
        args = ["--judge-url", judge.url, "--judge-model", "judge-m", "--suites-dir", str(suites)]
        code, out, err = cli("eval", suite, *args, "--json")
        asked = judge.chat_requests()
    assert code == 0, err
    return out, asked, judge.url


@pytest.mark.parametrize(("reply", "score"), [("yes", 1.0), ("No.", 0.0)])
def test_eval_names_the_judge_of_each_metric(cli, tmp_path: Path, reply: str, score: float) -> None:  # noqa: ANN001
    out, asked, url = _judged_eval(cli, "qa", _qa_suite(tmp_path), reply)
    metrics = json.loads(out)["metrics"]
    label = f"LLM judge judge-m at {url}"
    assert metrics["qa.citation_recall_llm"]["judge"] == label
    assert metrics["qa.citation_recall_llm"]["mean"] == score
    assert metrics["qa.citation_recall"]["judge"] == "agent.verify (the verifier under test)"
    assert metrics["qa.refusal_accuracy"]["judge"] == "the cases' expected values"
    assert asked and all(r.body["model"] == "judge-m" for r in asked)
    prompt = asked[0].body["messages"][-1]["content"]
    assert "Claim:" in prompt and "Evidence:" in prompt


def _writing_suite(tmp_path: Path) -> Path:
    suites = tmp_path / "repo" / "evals" / "suites"
    suites.mkdir(parents=True)
    case = {
        "id": "bio",
        "inputs": {"source": str(SAMPLE_PROFILE), "as_of": "2026-11-28", "kind": "bio"},
        "expect": {"verified": True},
    }
    (suites / "writing.jsonl").write_text(json.dumps(case) + "\n", encoding="utf-8")
    return suites


@pytest.mark.parametrize(
    ("reply", "marks"),
    [
        ('Scores: {"fluency": 4, "specificity": 3, "faithfulness": 5}', (0.75, 0.5, 1.0)),
        ("It reads well, I would give it a 4.", None),  # no marks: scored nothing, not a guess
        ('{"fluency": 9, "specificity": 3, "faithfulness": 5}', None),  # off the 1-5 scale
    ],
)
def test_writing_rubric_is_scored_and_labelled_by_the_judge(
    cli, tmp_path: Path, reply: str, marks
) -> None:  # noqa: ANN001
    out, asked, url = _judged_eval(cli, "writing", _writing_suite(tmp_path), reply)
    report = json.loads(out)
    metrics = report["metrics"]
    names = ("fluency", "specificity", "faithfulness")
    if marks is None:
        assert not any(f"writing.rubric_{n}" in metrics for n in names)
    else:
        for name, mark in zip(names, marks, strict=True):
            found = metrics[f"writing.rubric_{name}"]
            assert found["mean"] == mark and found["judge"] == f"LLM judge judge-m at {url}"
    assert metrics["writing.all_constraints_met"]["judge"].startswith("the cases' constraints")
    [prompt] = [r.body["messages"][-1]["content"] for r in asked]
    draft = report["cases"][0]["runs"][0]["output"]["draft"]
    assert "Draft:" in prompt and "[1] " in prompt and "fluency" in prompt
    assert draft.split(" [1]")[0] in prompt  # the draft's own first sentence, as written


def test_verify_reports_the_judge_beside_the_verdict(cli) -> None:  # noqa: ANN001
    with StandIn(default=chat("no")) as judge:
        code, out, err = cli("verify", SLUG, str(DRAFT), "--judge-url", judge.url, "--json")
        asked = len(judge.chat_requests())
    assert code == 0, err
    found = json.loads(out)
    assert asked == len(found["sentences"]) == 5
    assert all(s["judge_supported"] is False for s in found["sentences"])
    assert found["summary"].endswith("; the judge agrees on 4 of 5")  # all but the supported one


def test_verify_claims_with_the_judge(cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "claims.jsonl"
    row = {
        "claim": "Ultrasound reduces traumatic procedures.",
        "evidence": ["Ultrasound reduced traumatic procedures."],
    }
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with StandIn(default=chat("yes")) as judge:
        code, out, err = cli("verify", "--claims", str(path), "--judge-url", judge.url, "--json")
    assert code == 0, err
    assert json.loads(out)["judge_supported"] is True


def test_a_failing_judge_names_its_url(cli) -> None:  # noqa: ANN001
    with StandIn(default=error(401, "bad key")) as judge:
        code, out, err = cli("verify", SLUG, str(DRAFT), "--judge-url", judge.url)
    assert code == 3 and judge.url.rstrip("/") in err and "Traceback" not in out + err


def test_a_judge_model_needs_a_judge_url(cli) -> None:  # noqa: ANN001
    code, _, err = cli("verify", SLUG, str(DRAFT), "--judge-model", "m")
    assert code == 2 and "--judge-model: needs a judge endpoint" in err
