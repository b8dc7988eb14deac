"""Where the tests' data lives: inside the repository, never beside it (see data/README.md)."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA = TESTS / "data"
FIXTURES = TESTS / "fixtures"
SAMPLES = DATA / "samples"
SAMPLE_PROFILE = SAMPLES / "rongrong-wang.profile.txt"
ARXIV_SAMPLE = SAMPLES / "arxiv-metadata-sample.jsonl"
BIPIA = DATA / "security" / "bipia_text_attack_test.json"
SCIFACT = DATA / "benchmarks" / "scifact-dev.jsonl"
SCIFACT_FLIPS = DATA / "benchmarks" / "scifact-flips.jsonl"  # claims written here, labels ours
DRAFT_WITH_ERRORS = FIXTURES / "draft_with_errors.md"
