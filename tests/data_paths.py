"""Where the tests' data lives: inside the repository, never beside it (see data/README.md)."""

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SAMPLES = DATA / "samples"
SAMPLE_PROFILE = SAMPLES / "rongrong-wang.profile.txt"
ARXIV_SAMPLE = SAMPLES / "arxiv-metadata-sample.jsonl"
BIPIA = DATA / "security" / "bipia_text_attack_test.json"
SCIFACT = DATA / "benchmarks" / "scifact-dev.jsonl"
DRAFT_WITH_ERRORS = Path(__file__).resolve().parent / "fixtures" / "draft_with_errors.md"
