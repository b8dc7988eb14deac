"""Profile-page dates and format detection."""

from __future__ import annotations

from datetime import date

import pytest
from data_paths import REPO, SAMPLES

from agent.sources.dates import parse_profile_date
from agent.sources.detect import detect_format

REPO = REPO

AS_OF = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("May 24", (date(2026, 5, 24), True)),
        ("Nov 28", (date(2026, 11, 28), True)),
        ("Nov 29", (date(2025, 11, 29), True)),
        ("Dec 31", (date(2025, 12, 31), True)),
        ("Feb 2, 2023", (date(2023, 2, 2), False)),
        ("Sept 5, 2019", (date(2019, 9, 5), False)),
        ("September 5 2019", (date(2019, 9, 5), False)),
        ("  Jun   27,  2024 ", (date(2024, 6, 27), False)),
        ("2024-06-27", (date(2024, 6, 27), False)),
        ("Feb 29", (date(2024, 2, 29), True)),
    ],
)
def test_parse_profile_date(text: str, expected: tuple[date, bool]) -> None:
    assert parse_profile_date(text, AS_OF) == expected


@pytest.mark.parametrize("text", ["", "Mayo 3", "Feb 30, 2024", "May", "13/05/2024", "Jan 45"])
def test_parse_profile_date_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_profile_date(text, AS_OF)


def test_detect_samples() -> None:
    assert detect_format((SAMPLES / "rongrong-wang.profile.txt").read_text("utf-8")) == "profile"
    assert detect_format((SAMPLES / "arxiv-metadata-sample.jsonl").read_text("utf-8")) == "arxiv"
    fixture = REPO / "tests" / "fixtures" / "s2-author-fictional.json"
    assert detect_format(fixture.read_text("utf-8")) == "s2"
    assert detect_format((REPO / "examples" / "ada-quinlan.profile.txt").read_text()) == "profile"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Some prose about a researcher.\nShe works on graphs.\n", None),
        ('{"name": "x"}', None),
        ("[1, 2, 3]", None),
        ('  {"authorId": "1", "name": "A", "papers": [', "s2"),
        ('{"id": "1", "authors_parsed": [["A", "B", ""]]}\n{"id": "2"', "arxiv"),
        ("Ana Ruiz\nh-index4\n12citations\n", "profile"),
        ("Ana Ruiz\n\nLGMay 2, 2024\nTitle\n", "profile"),
        ("The meeting is on May 24 at noon.\nMarch 2020 was long.\n", None),
        ("\x00\x01garbage", None),
        ("---\n---\n\n@article{a,\n  title={T},\n}\n", "bibtex"),  # Jekyll's front matter
        ("[My library](https://x.org)\n\n@article{a, title={T}}\n@book{b, title={U}}\n", "bibtex"),
        ("Read my paper.\n@article{a, title={T}}\n", None),  # one entry inside prose
        ('<record:record xmlns:record="http://www.orcid.org/ns/record">', "orcid"),
        ('<feed xmlns="http://www.w3.org/2005/Atom">', None),
    ],
)
def test_detect_format(text: str, expected: str | None) -> None:
    assert detect_format(text) == expected
