"""Publication lists and CVs as text, Markdown or PDF: every reference parsed by its layout.

The real list is Stephen Eglen's hand-kept publications page (tests/data/samples, MIT); the
IEEE-style CV in tests/fixtures is written here. A PDF is made at test time with a real text
layer (the list's own lines), and one without any.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from cli_runner import run_cli
from data_paths import FIXTURES, SAMPLES

from agent.settings import Settings
from agent.sources import load_profile
from agent.sources.publist import looks_like_publication_list, parse

EGLEN = SAMPLES / "publications_eglen.qmd"
IEEE = FIXTURES / "publist_ieee.txt"


@pytest.fixture(scope="module")
def eglen():  # noqa: ANN201
    return parse(EGLEN.read_text(encoding="utf-8"), author="Stephen Eglen")


def _paper(profile, start: str):  # noqa: ANN001, ANN202
    found = [p for p in profile.papers if p.title.startswith(start)]
    assert len(found) == 1, start
    return found[0]


def test_every_reference_of_the_real_list(eglen) -> None:  # noqa: ANN001
    assert len(eglen.papers) == 62  # headings, notes and the front matter are no references
    assert {p.year for p in eglen.papers} >= {1996, 2006, 2016, 2025}
    first = _paper(eglen, "Homophilic wiring principles")
    assert first.title == "Homophilic wiring principles underpin neuronal network topology in vitro"
    assert first.year == 2025 and first.venue == "Elife" and first.doi == "10.7554/eLife.85300"
    assert first.authors[:3] == ["Akarca D", "Dunn AWE", "Hornauer PJ"] and len(first.authors) == 15
    assert first.code_url == "https://github.com/DanAkarca/MEA_generative_models"
    assert first.has_code


@pytest.mark.parametrize(
    ("start", "venue", "year", "ids"),
    [
        ("MEA-NAP: A flexible network analysis", "Cell Rep Methods", 2024, {}),
        ("Measuring and modelling the emergence", "bioRxiv", 2019, {"doi": "10.1101/713628"}),
        ("CODECHECK: an Open Science", "F1000Res", 2021, {"doi": "10.12688/f1000research.51738.2"}),
        ("DeepClean: Self-Supervised Artefact", None, 2021, {"arxiv": "1908.03129"}),
        ("[Re] Spatial constraints underlying", "Rescience C", 2021, {}),
        ("Retinal Development", "Cambridge University Press", 2006, {}),
        (
            "Unsupervised discovery",
            "Network: Computation in Neural Systems",
            1997,
            {"doi": "10.1088/0954-898X_8_4_006"},
        ),
    ],
)
def test_fields_of_each_layout_the_list_uses(eglen, start, venue, year, ids) -> None:  # noqa: ANN001
    paper = _paper(eglen, start)
    if venue is not None:
        assert paper.venue == venue
    assert paper.year == year and paper.external_ids == ids


def test_truncated_and_edited_author_lists(eglen) -> None:  # noqa: ANN001
    assert _paper(eglen, "MEA-NAP").authors == ["Sit TPH"]
    assert _paper(eglen, "MEA-NAP").authors_truncated  # "Sit TPH et al."
    assert _paper(eglen, "Retinal Development").authors == [
        "Sernagor E", "Eglen SJ", "Harris WA", "Wong ROL"  # "... eds. (2006)"
    ]  # fmt: skip
    assert _paper(eglen, "Analysis of activity dependent").authors[:2] == ["N Gale", "J Rodger"]


def test_every_value_is_a_span_of_its_own_record(eglen) -> None:  # noqa: ANN001
    text = " ".join(EGLEN.read_text(encoding="utf-8").split())
    for paper in eglen.papers:
        for value in [paper.title, paper.venue, *paper.authors, *paper.external_ids.values()]:
            if value:
                assert value in text, value


def test_the_person_is_the_author_on_most_references() -> None:
    profile = parse(EGLEN.read_text(encoding="utf-8"))
    assert profile.name == "Eglen SJ"  # his own form, on most of the 62


def test_a_numbered_ieee_cv_with_quoted_titles() -> None:
    profile = parse(IEEE.read_text(encoding="utf-8"))
    assert profile.name == "S. Haddad" and len(profile.papers) == 6
    first = profile.papers[0]
    assert first.title == "Sparse spectral clustering for streaming graphs"
    assert first.authors == ["S. Haddad", "L. Moreau", "K. Tanaka"]
    assert first.year == 2021 and first.doi == "10.1109/ICDM51629.2021.00021"
    assert first.venue == "Proc. IEEE Int. Conf. Data Mining (ICDM)"
    second = profile.papers[1]
    assert (second.venue, second.year) == ("IEEE Trans. Signal Process", 2022)
    third = profile.papers[2]
    assert third.external_ids == {"arxiv": "2303.01234"}
    assert third.code_url == "https://github.com/shaddad/gnn-traffic-bench"


def test_detected_among_the_formats_and_only_when_mostly_references(settings: Settings) -> None:
    profile = load_profile(EGLEN, settings, author="Stephen Eglen")
    assert profile.source.format == "publist" and len(profile.papers) == 62
    assert load_profile(IEEE, settings).source.format == "publist"
    for prose in ("freetext_cv.txt", "freetext_homepage.txt", "freetext_prose.txt"):
        assert not looks_like_publication_list((FIXTURES / prose).read_text(encoding="utf-8"))


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (Helvetica, one Tj per line)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT /F1 9 Tf 40 800 Td 11 TL"] + [f"({escape(line)}) Tj T*" for line in lines] + ["ET"]
    stream = zlib.compress("\n".join(ops).encode("latin-1", "replace"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_a_pdf_cv_reads_like_its_text(tmp_path: Path, settings: Settings) -> None:
    lines = [line for line in IEEE.read_text(encoding="utf-8").splitlines() if line.strip()]
    pdf = tmp_path / "cv.pdf"
    pdf.write_bytes(_pdf(lines))
    from_pdf = load_profile(pdf, settings)
    from_text = load_profile(IEEE, settings)
    assert from_pdf.source.format == "publist"
    assert [p.title for p in from_pdf.papers] == [p.title for p in from_text.papers]
    assert [p.year for p in from_pdf.papers] == [p.year for p in from_text.papers]


def test_a_scanned_pdf_is_refused_in_one_line(
    tmp_path: Path,
    settings: Settings,
    monkeypatch,
    capsys,  # noqa: ANN001
) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(_pdf([]))
    code, out, err = run_cli(monkeypatch, capsys, "ingest", str(pdf))
    assert code == 2 and out == ""
    [line] = err.strip().splitlines()
    assert line.startswith(f"profile-agent: error: {pdf}: PDF with no text layer (1 pages")
    assert not settings.profiles_db.exists()  # nothing stored


def test_ingest_json_reports_the_format(tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    code, out, _ = run_cli(monkeypatch, capsys, "--no-llm", "ingest", str(IEEE), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["source_format"] == "publist" and report["papers"] == 6
