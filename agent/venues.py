"""Venues as sources write them: one key for the spellings of one venue ('Proc. CVPR 2024',
'CVPR'), its name as shown, preprint servers, acronyms and initials a question may use."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from agent.text import normalise


def venue_key(venue: str | None) -> str:
    """'Nature', 'nature.', 'NATURE' are one venue; so are 'Journal of Symbolic Logic (JSL)'
    and 'Journal of Symbolic Logic', 'Conference on Neural Information Processing Systems' and
    'Advances in Neural Information Processing Systems', 'CVPR 2024' and 'CVPR', and a preprint
    server with a month or a note ('arXiv Dec.', 'arXiv preprint arXiv:2301.01234')."""
    name = re.sub(r"\s*\([^()]*\)\s*$", "", venue or "")
    name = " ".join(name.casefold().replace(".", " ").split())
    if server := _PREPRINT_SERVER.match(name):
        return "arxiv" if server.group(1) == "corr" else server.group(1)
    return _YEAR_AFTER.sub("", _VENUE_LEAD.sub("", name)) or name


def journal_of(reference: str | None) -> str | None:
    """The journal a citation names, without its volume, pages and year: 'Phys. Rev. B 74,
    024520 (2006)' is 'Phys. Rev. B', 'Nature 466, 597-600 (2010)' is 'Nature'. A reference
    whose tail is anything but numbers ('Chinese Physics C46, (2022) 073106', 'Proceedings of
    the 2010 IEEE ...') is kept whole, as is one without numbers."""
    found = _JOURNAL_REFERENCE.match(reference or "") if len(reference or "") <= 200 else None
    return found.group("journal") if found else reference


_JOURNAL_REFERENCE = re.compile(
    r"^(?P<journal>[^\d]*?[A-Za-z][^\d]*?[A-Za-z.)])[\s,]+"
    r"(?:\d[\d:\-–]*(?:\([A-Z]\))?|\((?:19|20)\d\d\)|pp?\.|[,;.\s])+$"
)
"""A journal's name (no digit in it), then volume, pages and a year in brackets alone."""


def on_preprint_server(venue: str | None) -> bool:
    """True for a venue that is a preprint server (arXiv, CoRR, bioRxiv, ...), not a journal."""
    return venue_key(venue) in _SERVER_NAMES


def venue_name(spellings: Sequence[str]) -> str:
    """How the spellings of one venue are named: its preprint server ('arXiv' for 'arXiv
    Dec.'), else its most frequent spelling (the first listed of equally frequent ones)."""
    server = _SERVER_NAMES.get(venue_key(spellings[0]))
    name = server or Counter(spellings).most_common(1)[0][0]
    return name if len(set(spellings)) == 1 else " ".join(_DATED.sub(" ", name).split())


_DATED = re.compile(r"\b(?:(?:19|20)\d\d|\d+(?:st|nd|rd|th))\b")
"""A year or an ordinal in a venue's name: left out where its spellings differ in them."""


_PREPRINT_SERVER = re.compile(r"(arxiv|corr|biorxiv|medrxiv|ssrn)\b")
_SERVER_NAMES = {"arxiv": "arXiv", "biorxiv": "bioRxiv", "medrxiv": "medRxiv", "ssrn": "SSRN"}
_VENUE_LEAD = re.compile(
    r"^(?:(?:in|proc|proceedings(?: of)?(?: the)?|advances in|conference on|(?:19|20)\d\d|"
    r"\d+(?:st|nd|rd|th))\s+)+"
)
"""Words before a venue's name that make it no other venue ('In Proceedings of the 2021 ...')."""
_YEAR_AFTER = re.compile(r"(?:\s+(?:19|20)\d\d)+$")


def is_acronym(name: str) -> bool:
    """'CVPR', 'NeurIPS', 'PLoS': one word of at least three letters, two of them capitals."""
    return " " not in name and len(name) >= 3 and sum(c.isupper() for c in name) >= 2


def venue_acronyms(venue: str | None) -> set[str]:
    """The acronyms a venue is written with: 'Computer Vision and Pattern Recognition (CVPR)',
    'CVPR 2024' and 'Proc. CVPR' are all CVPR."""
    words = re.findall(r"[A-Za-z][\w-]*[A-Za-z]", venue or "")
    parts = {part for w in words for part in w.split("-")}  # "ACL-IJCNLP": ACL and IJCNLP
    return {w for w in {*words, *parts} if is_acronym(w)}


def venue_initials(venue: str | None) -> str:
    """'Journal of Biological Chemistry' -> 'JBC'; '' for a name of fewer than three words."""
    words = [w for w in re.findall(r"\b[A-Za-z]+\b", venue or "") if w.casefold() not in _LINKING]
    return "".join(w[0].upper() for w in words) if len(words) >= 3 else ""


_LINKING = frozenset({"of", "the", "and", "for", "in", "on", "de", "la", "&"})


def abbreviated_name(short: str | None, full: str | None) -> bool:
    """``short`` is ``full`` abbreviated word by word, as NLM and ISO abbreviate journals: 'J.
    Symb. Log.' is 'Journal of Symbolic Logic (JSL)' (a bracketed acronym aside)."""
    written_out = spelled_out(short or "")
    name = normalise(re.sub(r"\([^()]*\)", " ", full or ""))
    return (
        written_out is not None
        and written_out.fullmatch(name) is not None
        and venue_key(short) != venue_key(full)
    )


@lru_cache(maxsize=4096)
def spelled_out(venue: str) -> re.Pattern[str] | None:
    """A venue's abbreviated name as people write it out: 'PLoS Comput Biol' is 'PLoS
    Computational Biology', 'J Neurosci' 'Journal of Neuroscience' (each word the start of a
    word, linking words between); None for a name of one word."""
    words = re.findall(r"[a-z]+", normalise(venue))
    if len(words) < 2:
        return None
    between = r"\s+(?:(?:of|the|and|for|in|on|&)\s+)*"
    return re.compile(r"\b" + between.join(rf"{w}[a-z]*" for w in words) + r"\b")


def venue_matches(venue: str | None, wanted: str) -> bool:
    """The paper's venue is ``wanted``: the same name, abbreviated or written out (either may be
    'Phys. Rev. B', the other 'Physical Review B'), written with the acronym asked for, or a
    name whose initials it is ('JBC'; 'PNAS' for the Proceedings of the National Academy of
    Sciences of the United States of America; 'EMNLP' for the Proceedings of the 2022
    Conference on Empirical Methods in Natural Language Processing; 'ACL' for the Annual
    Meeting of the Association for Computational Linguistics)."""
    if venue_key(venue) == venue_key(wanted):
        return True
    if abbreviated_name(venue, wanted) or abbreviated_name(wanted, venue):  # either way round
        return True
    if not is_acronym(wanted):
        return False
    if wanted.casefold() in {a.casefold() for a in venue_acronyms(venue)}:
        return True
    asked = wanted.upper()
    full = venue_initials(venue)
    named = venue_initials(_VENUE_LEAD.sub("", (venue or "").casefold()))  # after "Proc. of"
    if asked in (full, named) or (len(asked) >= 4 and full.startswith(asked)):  # PNAS
        return True
    return len(named) > len(asked) and named.endswith(asked)  # "... Computational Linguistics"
