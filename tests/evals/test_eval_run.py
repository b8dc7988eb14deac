"""The eval runner end to end: real suites, real parser, store and retrieval, the CI gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from data_paths import REPO
from typer.testing import CliRunner

from agent.cli.app import app
from agent.errors import InputError
from agent.evals import writing
from agent.evals.run import run_evals
from agent.settings import Settings

REPO = REPO
SUITES = REPO / "evals" / "suites"
BASELINE = REPO / "evals" / "baseline.json"


def invoke(data_dir: Path, *args: str):  # noqa: ANN201 - click Result
    return CliRunner().invoke(app, ["--data-dir", str(data_dir), "eval", *args])


@pytest.fixture(scope="module")
def eval_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("eval-home")


@pytest.fixture(scope="module")
def first_run(eval_home: Path):  # noqa: ANN201 - (click Result, report dict)
    """extraction + retrieval through the CLI, gated by the committed baseline."""
    result = invoke(
        eval_home / "data",
        "extraction",
        "retrieval",
        "--json",
        "--compare",
        str(BASELINE),
        "--save-baseline",
        str(eval_home / "base.json"),
        "--report",
        str(eval_home / "summary.md"),
    )
    return result, json.loads(result.stdout)


@pytest.mark.slow
def test_extraction_and_retrieval_run_end_to_end(first_run, eval_home: Path) -> None:  # noqa: ANN001
    result, report = first_run
    assert result.exit_code == 0, result.output
    assert report["backend"] == "extractive" and report["model"] is None
    assert [(s["suite"], s["status"], s["cases"], s["errors"]) for s in report["suites"]] == [
        ("extraction", "ok", 42, 0),
        ("retrieval", "ok", 34, 0),
    ]
    metrics = report["metrics"]
    assert set(metrics) == {"extraction.field_accuracy", "retrieval.recall@5", "retrieval.mrr"}
    assert metrics["extraction.field_accuracy"]["mean"] == 1.0
    assert metrics["retrieval.recall@5"]["cases"] == 34
    assert all(c["status"] != "regressed" for c in report["comparisons"])
    header = next(c for c in report["cases"] if c["id"] == "sample-header")
    assert header["runs"][0]["output"]["extracted"]["h_index"] == 30
    assert header["runs"][0]["seconds"] >= 0 and header["backend"] == "extractive"


@pytest.mark.slow
def test_report_files_are_written(first_run, eval_home: Path) -> None:  # noqa: ANN001
    _, report = first_run
    saved = list((eval_home / "data" / "evals").glob("*.json"))
    assert len(saved) == 1
    assert json.loads(saved[0].read_text())["metrics"] == report["metrics"]
    summary = (eval_home / "summary.md").read_text()
    assert "| extraction.field_accuracy | 1.000 | 1.000 | 1.000 | 0.000 | 42 |" in summary
    baseline = json.loads((eval_home / "base.json").read_text())
    assert baseline["metrics"]["extraction.field_accuracy"] == {"tolerance": 0.0, "value": 1.0}
    assert baseline["metrics"]["retrieval.mrr"]["tolerance"] == 0.03


def planted_suites(root: Path, wrong_title: bool) -> Path:
    """A copy of the extraction suite (sources made absolute), with two wrong expectations."""
    suites = root / "evals" / "suites"
    suites.mkdir(parents=True, exist_ok=True)
    lines = []
    for line in (SUITES / "extraction.jsonl").read_text().splitlines():
        case = json.loads(line)
        case["inputs"]["source"] = str((REPO / case["inputs"]["source"]).resolve())
        if wrong_title and case["id"] == "sample-paper-06":
            case["expect"]["title"] = "Singular Vector Perturbation under Laplace Noise"
            case["expect"]["year"] = 2015
        lines.append(json.dumps(case, ensure_ascii=False))
    (suites / "extraction.jsonl").write_text("\n".join(lines) + "\n")
    return suites


@pytest.mark.slow
def test_compare_exits_1_on_a_planted_regression(first_run, eval_home: Path, tmp_path) -> None:  # noqa: ANN001
    baseline = str(eval_home / "base.json")
    clean = invoke(
        tmp_path / "data",
        "extraction",
        "--compare",
        baseline,
        "--suites-dir",
        str(planted_suites(tmp_path / "clean", False)),
    )
    assert clean.exit_code == 0, clean.output
    assert "| extraction.field_accuracy | 1.000 |" in clean.stdout
    planted = invoke(
        tmp_path / "data",
        "extraction",
        "--compare",
        baseline,
        "--suites-dir",
        str(planted_suites(tmp_path / "planted", True)),
    )
    assert planted.exit_code == 1
    row = next(r for r in planted.stdout.splitlines() if r.startswith("| extraction."))
    # two fields of 16 wrong in one case of 42: 1 - (2/16)/42 = 0.9970
    assert row.split(" | ")[1:] == [
        "0.997",
        "0.997",
        "0.997",
        "0.000",
        "42",
        "1.000",
        "0.000",
        "-0.003",
        "REGRESSED",
        "the cases' expected values |",
    ]


def test_missing_metric_fails_the_gate(tmp_path: Path) -> None:
    baseline = tmp_path / "base.json"
    baseline.write_text(
        json.dumps(
            {
                "backend": "extractive",
                "metrics": {
                    "extraction.field_accuracy": {"value": 1.0, "tolerance": 0.0},
                    "extraction.title_accuracy": {"value": 1.0, "tolerance": 0.0},
                },
            }
        )
    )
    result = invoke(
        tmp_path / "data",
        "extraction",
        "--compare",
        str(baseline),
        "--suites-dir",
        str(planted_suites(tmp_path / "repo", False)),
    )
    assert result.exit_code == 1
    assert (
        "| extraction.title_accuracy | - | - | - | - | - | 1.000 | 0.000 | - | MISSING |"
        in result.stdout
    )


def test_repeat_reports_spread_and_no_flaky_cases(tmp_path: Path) -> None:
    result = invoke(
        tmp_path / "data",
        "extraction",
        "--repeat",
        "3",
        "--json",
        "--suites-dir",
        str(planted_suites(tmp_path / "repo", False)),
    )
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert report["metrics"]["extraction.field_accuracy"] | {"name": None} == {
        "name": None,
        "mean": 1.0,
        "min": 1.0,
        "max": 1.0,
        "stdev": 0.0,
        "runs": 3,
        "cases": 42,
        "judge": "the cases' expected values",
    }
    assert all(len(c["runs"]) == 3 and not c["flaky"] for c in report["cases"])


def test_suite_whose_module_has_not_landed_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suites = tmp_path / "repo" / "evals" / "suites"
    suites.mkdir(parents=True)
    (suites / "writing.jsonl").write_text('{"id": "bio", "inputs": {}, "expect": {}}\n')
    monkeypatch.setattr(writing, "REQUIRES", ("agent.not_landed_yet:write_bio",))
    report = run_evals(Settings(data_dir=tmp_path / "data"), suites_dir=suites)
    assert [(s.suite, s.status, s.reason) for s in report.suites] == [
        ("writing", "skipped", "module not available: agent.not_landed_yet")
    ]
    assert report.metrics == {} and report.cases == []


def test_unknown_suite_and_bad_options_are_input_errors(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    with pytest.raises(InputError, match="^retreival: no such suite"):
        run_evals(settings, ["retreival"], suites_dir=SUITES)
    with pytest.raises(InputError, match="^--backend: unknown backend 'gpt'"):
        run_evals(settings, backend="gpt", suites_dir=SUITES)
    with pytest.raises(InputError, match="^--repeat: must be at least 1, got 0"):
        run_evals(settings, repeat=0, suites_dir=SUITES)


def test_help_names_every_suite() -> None:
    from agent.evals.suites import SUITE_ORDER

    result = CliRunner().invoke(app, ["eval", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert all(f" {name}" in result.output for name in SUITE_ORDER)
