"""The LLM prompts load by name, from the editable install and from an installed wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from data_paths import REPO

from agent.llm.prompting import load_prompt, render_prompt

ROOT = REPO
PROMPTS = {
    "extract_profile": {"text": "T"},
    "extract_paper": {"text": "T"},
    "enrich_paper": {"title": "T", "abstract": "A"},
    "answer_user": {"researcher": "R", "evidence": "E", "question": "Q"},
    "rewrite_system": {"guidance": "G"},
    "rewrite_sentence": {"sentence": "S"},
}


@pytest.mark.parametrize("name", sorted(PROMPTS))
def test_prompt_renders_with_exactly_its_placeholders(name: str) -> None:
    text = render_prompt(name, **PROMPTS[name])
    assert "$" not in text and text.strip()
    with pytest.raises(ValueError, match=f"prompt {name}: missing"):
        render_prompt(name)


def test_prompts_come_from_the_prompts_dir_in_the_editable_install() -> None:
    assert load_prompt("extract_paper") == (ROOT / "prompts" / "extract_paper.md").read_text(
        encoding="utf-8"
    )


@pytest.mark.slow
def test_an_installed_wheel_carries_the_prompts(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    for folder in ("agent", "prompts"):
        shutil.copytree(
            ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(project)],
        check=True,
        cwd=project,
        timeout=300,
    )
    wheel = next(tmp_path.glob("profile_agent-*.whl"))
    site = tmp_path / "site"
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True, timeout=300
    )
    probe = (
        "import agent.llm.prompting as p; print(p.__file__); "
        "print(len(p.render_prompt('extract_paper', text='x')) > 0)"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=tmp_path,
    ).stdout.split()
    assert out[0].startswith(str(site)) and out[1] == "True"
