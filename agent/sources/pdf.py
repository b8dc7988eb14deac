"""A PDF's text layer (pypdf), for CVs and publication lists kept as PDF."""

from __future__ import annotations

import io
import logging

from agent.errors import InputError

PDF_MAGIC = b"%PDF-"
MIN_TEXT_CHARS = 40  # less than this over the whole file: a scan, not text


def is_pdf(data: bytes) -> bool:
    return data.startswith(PDF_MAGIC)


def pdf_text(data: bytes, subject: str) -> str:
    """The text of every page, pages joined by blank lines; an InputError for a broken PDF or
    one whose pages carry no text (a scan)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not ours to print

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(subject, "encrypted PDF", "export an unencrypted copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as err:
        raise InputError(subject, f"unreadable PDF ({err})", "export the PDF again") from None
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if len(text) < MIN_TEXT_CHARS:
        raise InputError(
            subject,
            f"PDF with no text layer ({len(pages)} pages, a scan?)",
            "give a PDF with text, or the list as text, after OCR",
        )
    return text
