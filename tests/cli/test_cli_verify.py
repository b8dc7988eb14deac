"""CLI: `verify` on a hand-written draft with planted errors, on claim files, from standard
input, and the errors users see."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import cli_store
import pytest
from cli_runner import run_cli
from data_paths import DRAFT_WITH_ERRORS as DRAFT

pytestmark = pytest.mark.slow
SLUG = "rongrong-wang"
data_dir = cli_store.data_dir


@pytest.fixture
def cli(data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):  # noqa: ANN201
    monkeypatch.setenv("PROFILE_AGENT_DATA_DIR", str(data_dir))

    def run(*args: str) -> tuple[int, str, str]:
        return run_cli(monkeypatch, capsys, "--no-llm", "--as-of", "2026-11-28", *args)

    return run


def test_a_draft_with_planted_errors(cli) -> None:  # noqa: ANN001
    code, out, err = cli("verify", SLUG, str(DRAFT), "--json")
    assert code == 0, err
    found = json.loads(out)
    checks = {s["sentence"][:30]: s for s in found["sentences"]}
    assert len(found["sentences"]) == 5 and found["unmatched_sources"] == [3]
    invented = checks["Rongrong Wang is a professor a"]
    assert invented["verdict"] == "unsupported"
    assert invented["missing_terms"] == ["Harvard", "Turing", "Award"]
    oes = checks["Wang introduced Optimal Eye Su"]
    assert oes["verdict"] == "supported" and oes["cited"] == [1]
    assert oes["paper_title"].startswith("Optimal Eye Surgeon")
    assert oes["evidence_span"].startswith("We introduce Optimal Eye Surgeon (OES)")
    sharper = checks["Her work shows that variationa"]
    assert sharper["verdict"] == "contradicted" and "'flatter'" in sharper["reason"]
    negated = checks["Wang has shown that Deep Image"]
    assert negated["verdict"] == "contradicted" and "'not'" in negated["reason"]
    assert "Early Stopping" in negated["paper_title"]  # found without a citation
    title_only = checks['"Learning Dynamics of Deep Lin']
    assert title_only["verdict"] == "unsupported" and "states nothing" in title_only["reason"]
    assert found["counts"] == {"supported": 1, "contradicted": 2, "unsupported": 2}
    assert found["summary"] == "1 of 5 sentences supported, 2 contradicted, 2 unsupported"


def test_text_report_and_strict_exit(cli) -> None:  # noqa: ANN001
    code, out, _ = cli("verify", SLUG, str(DRAFT))
    assert code == 0
    assert "CONTRADICTED" in out and "why: not in the evidence: Harvard, Turing, Award" in out
    assert "Sources not found in the profile: 3" in out
    assert out.rstrip().endswith("1 of 5 sentences supported, 2 contradicted, 2 unsupported")
    assert cli("verify", SLUG, str(DRAFT), "--strict")[0] == 1


def test_a_draft_from_standard_input(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    text = (
        "Wang analyzed the implicit regularization of VL through the Edge of Stability framework."
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out, err = cli("verify", SLUG, "-", "--json", "--strict")
    assert code == 0, err
    [check] = json.loads(out)["sentences"]
    assert check["verdict"] == "supported" and "Edge of Stability" in check["paper_title"]


def test_claims_file_with_evidence_and_against_the_profile(cli, tmp_path: Path) -> None:  # noqa: ANN001
    passage = (
        "Central venous cannulation is common. Ultrasound imaging significantly reduced the risk "
        "of traumatic procedures."
    )
    rows = [
        {
            "id": "a",
            "claim": "Ultrasound guidance reduces traumatic procedures.",
            "evidence": [passage],
        },
        {
            "id": "b",
            "claim": "Ultrasound guidance raises traumatic procedures.",
            "evidence": [passage],
        },
        {"claim": "Wang and co-authors introduced Optimal Eye Surgeon (OES)."},
    ]
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, out, err = cli("verify", SLUG, "--claims", str(path), "--json")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(r.get("id"), r["verdict"], r["supported"]) for r in lines] == [
        ("a", "supported", True),
        ("b", "contradicted", False),
        (None, "supported", True),
    ]
    assert set(lines[0]) == {
        "id",
        "claim",
        "supported",
        "verdict",
        "support",
        "evidence_span",
        "reason",
    }
    assert lines[0]["evidence_span"].startswith("Ultrasound imaging significantly reduced")
    assert lines[2]["paper_id"] and "Optimal Eye Surgeon" in lines[2]["evidence_span"]
    code, out, _ = cli("verify", "--claims", str(path))  # no SLUG: the row without evidence
    assert code == 2 and ":3" in out + _


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["verify"], "needs SLUG and DRAFT, or --claims FILE"),
        (["verify", SLUG], "needs SLUG and DRAFT, or --claims FILE"),
        (["verify", SLUG, "missing.md"], "missing.md: no such file"),
        (["verify", "nobody", str(DRAFT)], "nobody: no such profile"),
        (
            ["verify", SLUG, str(DRAFT), "--claims", str(DRAFT)],
            "a DRAFT or --claims, not both",
        ),
        (["verify", "--claims", "missing.jsonl"], "missing.jsonl: no such file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, args: list[str], says: str) -> None:  # noqa: ANN001
    code, out, err = cli(*args)
    assert code == 2 and says in err and "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1


def test_a_malformed_claims_line_names_its_line(cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "claims.jsonl"
    path.write_text('{"claim": "A", "evidence": ["b"]}\n{"claim": oops}\n', encoding="utf-8")
    code, _, err = cli("verify", "--claims", str(path), "--json")
    assert code == 2 and f"{path}:2: not JSON" in err


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "file is empty: give a draft with sentences to check"),
        (b"%PDF-1.7\x00\x01\x02binary", "binary file (contains NUL bytes)"),
        ("Wang works on deep image prior. " * 40, "over the 512-byte limit"),
    ],
)
def test_a_draft_is_read_as_any_input(cli, tmp_path: Path, monkeypatch, content, says) -> None:  # noqa: ANN001
    """Empty, binary (a PDF) and oversized drafts and claim files: one line, exit 2."""
    monkeypatch.setenv("PROFILE_AGENT_MAX_INPUT_BYTES", "512")
    path = tmp_path / "draft.md"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    for args in (["verify", SLUG, str(path)], ["verify", "--claims", str(path)]):
        code, out, err = cli(*args)
        assert code == 2 and "Traceback" not in out + err, err
        assert says.split(":")[0] in err and len(err.strip().splitlines()) == 1
