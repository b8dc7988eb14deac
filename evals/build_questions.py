"""Writes evals/suites/questions.jsonl (run from the repository root).

The questions are written by hand below; their expected ids and values come from plain filters
over the parsed fields (which the extraction suite checks against the sources), spot-checked
against the raw files. Halves alternate within each intent.
"""

import json
import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

from agent.facts import is_of_kind
from agent.settings import Settings
from agent.sources import load_profile
from agent.venues import venue_matches

S = "tests/data/samples/"
SRC = {
    "W": S + "rongrong-wang.profile.txt",
    "C": S + "bibtex_chiquet_journal.bib",
    "L": S + "s2_author_1723755_papers_offset800.json",
    "T": S + "s2_author_2262347.json",
    "E": S + "orcid_v3_0000-0001-8607-8025_works.json",
    "D": S + "dblp_person_95-7448-1.xml",
    "S": S + "bibtex_alfolio_shang.bib",
    "Z": S + "bibtex_alfolio_zhang.bib",
    "M": S + "arxiv_atom_au_del_maestro.xml",
}
OWNER = {
    "W": "wang",
    "C": "chiquet",
    "L": "cantley",
    "T": "turing",
    "E": "eglen",
    "D": "xu",
    "S": "shang",
    "Z": "zhang",
    "M": "del-maestro",
}
AUTHOR = {"E": "Stephen Eglen"}  # an ORCID works list names nobody
P = {
    k: load_profile(Path(v), Settings(as_of=date(2026, 11, 28)), author=AUTHOR.get(k))
    for k, v in SRC.items()
}


def fold(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()


def yr(k, lo=None, hi=None):
    return [
        p.id
        for p in P[k].papers
        if p.year and (lo is None or p.year >= lo) and (hi is None or p.year <= hi)
    ]


def ids(k, f):
    return [p.id for p in P[k].papers if f(p)]


def by(k, surname, initial=None):
    def f(p):
        for a in p.authors:
            parts = fold(a).replace(".", " ").split()
            if parts and parts[-1] == surname and (initial is None or parts[0][0] == initial):
                return True
        return False

    return ids(k, f)


def coauthor_top(k, f=lambda p: True):
    c = Counter()
    for p in P[k].papers:
        if f(p):
            for a in set(p.authors):
                if OWNER[k] not in fold(a):
                    c[a] += 1
    return c.most_common(3)


def top_cited(k, f=lambda p: True):
    ps = [p for p in P[k].papers if f(p) and p.citation_count is not None]
    return max(ps, key=lambda p: p.citation_count).id


def per_year(k):
    return Counter(p.year for p in P[k].papers if p.year).most_common(3)


cases = []


def add(intent, k, q, expect, history=None, tags=(), half=None):
    inputs = {"source": SRC[k], "as_of": "2026-11-28", "question": q}
    if k in AUTHOR:
        inputs["author"] = AUTHOR[k]
    if history:
        inputs["history"] = history
    case = {"intent": intent, "inputs": inputs, "expect": expect, "tags": [intent, k, *tags]}
    cases.append(case | ({"half": half} if half else {}))


def titled(k, *words):
    """Papers whose title holds every one of ``words`` (case-folded)."""
    return ids(k, lambda p: all(w in fold(p.title) for w in words))


# --- counts
add("count", "W", "How many papers are on her profile?", {"value": 30})
add("count", "C", "How many publications does Julien Chiquet have?", {"value": 48})
add("count", "W", "How many papers did she put out in 2025?", {"value": len(yr("W", 2025, 2025))})
add(
    "count",
    "C",
    "How many papers did he publish between 2018 and 2020?",
    {"value": len(yr("C", 2018, 2020))},
)
add("count", "L", "What's the total number of papers listed?", {"value": 79})
add("count", "C", "Total number of papers since 2021?", {"value": len(yr("C", 2021))})
add(
    "count",
    "L",
    "How many papers did Cantley publish before 1980?",
    {"value": len(yr("L", None, 1979))},
)
add("count", "T", "How many works does the profile list for Turing?", {"value": 60})
add("count", "T", "How many of his papers are from 2004?", {"value": len(yr("T", 2004, 2004))})
add("count", "T", "Number of publications from the 1930s?", {"value": len(yr("T", 1930, 1939))})
add(
    "count",
    "L",
    "How many papers did he write with M. Whitman?",
    {"value": len(by("L", "whitman", "m"))},
)
add(
    "count",
    "W",
    "How many of her papers has she co-authored with Qing Qu?",
    {"value": len(by("W", "qu", "q"))},
)
# --- listings by filter
add("list", "W", "List her papers from 2019.", {"cited_exactly": yr("W", 2019, 2019)})
add("list", "C", "What did he publish in 2009?", {"cited_exactly": yr("C", 2009, 2009)})
add("list", "W", "What did she publish with Qing Qu?", {"cited_exactly": by("W", "qu", "q")})
add(
    "list",
    "L",
    "Which papers did he publish in Nature?",
    {"cited_exactly": ids("L", lambda p: p.venue == "Nature")},
)
add(
    "list",
    "W",
    "Show me her computer vision papers since 2025.",
    {"cited_exactly": ids("W", lambda p: p.category == "CV" and p.year >= 2025)},
)
add(
    "list",
    "C",
    "Which of his papers appeared in Statistics and Computing?",
    {"cited_exactly": ids("C", lambda p: p.venue == "Statistics and Computing")},
)
add("list", "L", "Show the papers from 1976.", {"cited_exactly": yr("L", 1976, 1976)})
add("list", "T", "Which papers did Turing write in 1937?", {"cited_exactly": yr("T", 1937, 1937)})
add("list", "C", "Papers co-written with Stéphane Robin?", {"cited_exactly": by("C", "robin", "s")})
add(
    "list",
    "T",
    "List the papers he wrote with M. Newman.",
    {"cited_exactly": by("T", "newman", "m")},
)
add("list", "W", "Which papers did she write on her own?", {"cited_exactly": ["p2c38ee2a36"]})
add(
    "list",
    "L",
    "Papers by Cantley alone?",
    {"cited_exactly": ids("L", lambda p: len(set(p.authors)) == 1)},
)
# --- per year
((wy, wn),) = per_year("W")[:1]
((cy, cn),) = per_year("C")[:1]
((ly, ln),) = per_year("L")[:1]
((ty, tn),) = per_year("T")[:1]
add(
    "per_year",
    "W",
    "Break down her papers by year.",
    {"facts": [f"{wn} papers are from {wy}"], "route": "tool:papers_per_year"},
)
add(
    "per_year",
    "C",
    "How many papers per year has he published?",
    {"facts": [f"{cn} papers are from {cy}"], "route": "tool:papers_per_year"},
)
add(
    "per_year",
    "W",
    "In which year did she publish the most?",
    {"facts": [str(wy)], "route": "tool:papers_per_year"},
)
add(
    "per_year",
    "L",
    "Give me a yearly count of his papers.",
    {"facts": [f"{ln} papers are from {ly}"], "route": "tool:papers_per_year"},
)
add(
    "per_year",
    "C",
    "What was his most productive year?",
    {"facts": [str(cy)], "route": "tool:papers_per_year"},
)
add(
    "per_year",
    "T",
    "Show the number of papers for each year.",
    {"facts": [f"{tn} papers are from {ty}"], "route": "tool:papers_per_year"},
)
add(
    "per_year",
    "L",
    "How has his output changed over time?",
    {"facts": [str(ly)], "route": "tool:papers_per_year"},
)
add(
    "per_year",
    "T",
    "Which years was he busiest?",
    {"facts": [str(ty)], "route": "tool:papers_per_year"},
)
# --- per category
add(
    "per_category",
    "W",
    "How many papers in each arXiv category?",
    {"facts": ["10 papers are in machine learning (LG)"], "route": "tool:papers_per_category"},
)
add(
    "per_category",
    "L",
    "Which fields of study do his papers fall under?",
    {"facts": ["41 papers are in Chemistry"], "route": "tool:papers_per_category"},
)
add(
    "per_category",
    "W",
    "Which categories does she publish in most?",
    {"facts": ["machine learning (LG)"], "route": "tool:papers_per_category"},
)
add(
    "per_category",
    "L",
    "How are his papers split across subjects?",
    {"facts": ["Chemistry"], "route": "tool:papers_per_category"},
)
add(
    "per_category",
    "W",
    "Break her papers down by subject area.",
    {"facts": ["computer vision (CV)"], "route": "tool:papers_per_category"},
)
add(
    "per_category",
    "L",
    "What is the distribution of his papers across disciplines?",
    {"facts": ["Medicine"], "route": "tool:papers_per_category"},
)
add(
    "per_category",
    "W",
    "Which arXiv categories are her papers in?",
    {"facts": ["computation and language (CL)"], "route": "tool:papers_per_category"},
)
add(
    "per_category",
    "L",
    "How many of his papers are classified as Medicine?",
    {"value": len(ids("L", lambda p: p.category == "Medicine"))},
)
# --- earliest
add("earliest", "W", "What was her first paper?", {"cited_exactly": ["p2c38ee2a36"]})
add("earliest", "C", "What is his oldest publication?", {"cited_exactly": ["peabc4d272c"]})
add(
    "earliest",
    "W",
    "When did she start publishing?",
    {"cited_exactly": ["p2c38ee2a36"], "facts": ["2014"]},
)
add(
    "earliest", "L", "What's the earliest paper on the profile?", {"cited_exactly": ["p801c2e804b"]}
)
add(
    "earliest",
    "C",
    "How far back does his publication list go?",
    {"facts": ["2006"], "route": "tool:earliest_paper"},
)
add(
    "earliest",
    "T",
    "What is Turing's earliest work listed?",
    {"facts": ["1937"], "route": "tool:earliest_paper"},
)
add(
    "earliest",
    "L",
    "When did Cantley's publication record begin?",
    {"facts": ["1973"], "route": "tool:earliest_paper"},
)
add(
    "earliest",
    "T",
    "What did he publish first?",
    {"facts": ["1937"], "route": "tool:earliest_paper"},
)
# --- latest
add("latest", "W", "What's her newest paper?", {"cited_exactly": ["pd323c37f83"]})
add("latest", "T", "Which is his most recent paper?", {"cited_exactly": ["p724e65957f"]})
add("latest", "W", "What has she published most recently?", {"cited_exactly": ["pd323c37f83"]})
add(
    "latest",
    "C",
    "What is his latest publication?",
    {"facts": ["2026"], "route": "tool:latest_paper"},
)
add("latest", "T", "What's new from Turing?", {"cited_exactly": ["p724e65957f"]})
add(
    "latest",
    "L",
    "When was his last publication?",
    {"facts": ["1989"], "route": "tool:latest_paper"},
)
add("latest", "C", "What did he publish last?", {"facts": ["2026"], "route": "tool:latest_paper"})
add(
    "latest",
    "L",
    "What's the most recent thing he put out?",
    {"facts": ["1989"], "route": "tool:latest_paper"},
)
# --- code
wcode = ids("W", lambda p: p.has_code)
ccode = ids("C", lambda p: p.has_code)
add("code", "W", "Do any of her papers have open-source code?", {"cited_exactly": wcode})
add("code", "C", "Which of his papers come with software?", {"cited_exactly": ccode})
add("code", "W", "Is there a GitHub repo for any of her work?", {"cited_exactly": wcode})
add("code", "C", "Where can I find code for his methods?", {"cited_exactly": ccode})
add(
    "code",
    "W",
    "Which of her papers with code came out in 2024?",
    {"cited_exactly": ids("W", lambda p: p.has_code and p.year == 2024)},
)
add(
    "code",
    "C",
    "Has he released code for any paper since 2020?",
    {"cited_exactly": ids("C", lambda p: p.has_code and p.year >= 2020)},
)
add("code", "L", "Do any of his papers have code?", {"value": 0, "route": "tool:papers_with_code"})
add(
    "code",
    "T",
    "Can I download an implementation of any of his papers?",
    {"value": 0, "route": "tool:papers_with_code"},
)


# --- co-authors
def top(k, f=lambda p: True):
    return coauthor_top(k, f)[0][0]


add(
    "coauthors",
    "W",
    "Who does she collaborate with the most?",
    {"facts": ["Guangliang Liu", "Xitong Zhang"], "route": "tool:coauthors"},
)
add(
    "coauthors",
    "C",
    "Who are his most frequent collaborators?",
    {"facts": [top("C")], "route": "tool:coauthors"},
)
add(
    "coauthors",
    "W",
    "Who are her main co-authors since 2024?",
    {"facts": [top("W", lambda p: p.year >= 2024)], "route": "tool:coauthors"},
)
add(
    "coauthors",
    "L",
    "Who has co-written the most papers with Cantley?",
    {"facts": [top("L")], "route": "tool:coauthors"},
)
add(
    "coauthors",
    "C",
    "Whom does he write papers with?",
    {"facts": [top("C")], "route": "tool:coauthors"},
)
add("coauthors", "T", "Who did Turing write papers with?", {"route": "tool:coauthors"})
add(
    "coauthors",
    "L",
    "Who were his collaborators in the 1980s?",
    {"facts": [top("L", lambda p: p.year and 1980 <= p.year <= 1989)], "route": "tool:coauthors"},
)
add("coauthors", "T", "Who appears most often as his co-author?", {"route": "tool:coauthors"})
# --- metrics
add("metrics", "W", "What's her h-index?", {"value": 30})
add("metrics", "T", "What is Turing's h-index?", {"value": 23})
add("metrics", "W", "How many times has her work been cited?", {"value": 259})
add("metrics", "T", "How many citations does he have in total?", {"value": 12415})
add("metrics", "W", "What's her Novelty score?", {"value": 53})
add("metrics", "T", "How well cited is his research?", {"facts": ["12415"]})
add("metrics", "W", "How influential is she going by citations?", {"facts": ["259"]})
add("metrics", "T", "What are his citation metrics?", {"facts": ["23", "12415"]})
# --- most cited
add(
    "most_cited",
    "L",
    "What is his most cited paper?",
    {"cites": [top_cited("L")], "route": "tool:most_cited"},
)
add(
    "most_cited",
    "T",
    "Which of Turing's papers has the most citations?",
    {"cites": [top_cited("T")], "route": "tool:most_cited"},
)
add(
    "most_cited",
    "L",
    "Which of his papers had the biggest impact?",
    {"cites": [top_cited("L")], "route": "tool:most_cited"},
)
add(
    "most_cited",
    "T",
    "What is his best known work?",
    {"cites": [top_cited("T")], "route": "tool:most_cited"},
)
add(
    "most_cited",
    "L",
    "Which paper do people cite most?",
    {"cites": [top_cited("L")], "route": "tool:most_cited"},
)
add(
    "most_cited",
    "T",
    "What's his most famous paper?",
    {"cites": [top_cited("T")], "route": "tool:most_cited"},
)
add(
    "most_cited",
    "L",
    "What are his top papers by citations before 1980?",
    {"cites": [top_cited("L", lambda p: p.year and p.year < 1980)], "route": "tool:most_cited"},
)
add(
    "most_cited",
    "T",
    "Which of his papers since 2000 is cited most?",
    {"cites": [top_cited("T", lambda p: p.year and p.year >= 2000)], "route": "tool:most_cited"},
)
# --- least cited
add(
    "least_cited",
    "L",
    "Which paper has the fewest citations?",
    {"facts": ["0 citations"], "route": "tool:least_cited"},
)
add(
    "least_cited",
    "T",
    "What is his least cited paper?",
    {"facts": ["0 citations"], "route": "tool:least_cited"},
)
add(
    "least_cited",
    "L",
    "Which of his papers were never cited?",
    {"facts": ["0 citations"], "route": "tool:least_cited"},
)
add(
    "least_cited", "T", "Which of his works got the least attention?", {"route": "tool:least_cited"}
)
add(
    "least_cited",
    "L",
    "Which publications have no citations at all?",
    {"facts": ["0 citations"], "route": "tool:least_cited"},
)
add(
    "least_cited",
    "T",
    "Which papers have zero citations?",
    {"facts": ["0 citations"], "route": "tool:least_cited"},
)
add("least_cited", "L", "What's the least cited paper since 1985?", {"route": "tool:least_cited"})
add(
    "least_cited",
    "T",
    "Which of his papers were overlooked by other researchers?",
    {"route": "tool:least_cited"},
)


# --- citation summary
def csum(k):
    return sum(p.citation_count or 0 for p in P[k].papers)


add(
    "citation_summary",
    "L",
    "What's the average number of citations per paper?",
    {"facts": [str(csum("L"))], "route": "tool:citation_summary"},
)
add(
    "citation_summary",
    "T",
    "How many citations does a paper of his get on average?",
    {"route": "tool:citation_summary"},
)
add(
    "citation_summary",
    "L",
    "What do the citations of his papers add up to?",
    {"facts": [str(csum("L"))], "route": "tool:citation_summary"},
)
add(
    "citation_summary",
    "T",
    "What is the mean citation count of his work?",
    {"route": "tool:citation_summary"},
)
add(
    "citation_summary",
    "L",
    "How many citations per publication does he have?",
    {"route": "tool:citation_summary"},
)
add(
    "citation_summary",
    "T",
    "Sum up the citations across all his listed papers.",
    {"route": "tool:citation_summary"},
)
add(
    "citation_summary", "L", "What's the median citation count?", {"route": "tool:citation_summary"}
)
add(
    "citation_summary",
    "T",
    "On average how often is each of his papers cited?",
    {"route": "tool:citation_summary"},
)


# --- venues
def topvenue(k):  # Turing's JSL is written three ways; the tool counts them as one venue
    return (
        "Journal of Symbolic Logic"
        if k == "T"
        else Counter(p.venue for p in P[k].papers if p.venue).most_common(1)[0][0]
    )


add("venues", "C", "Where does he publish?", {"facts": [topvenue("C")], "route": "tool:venues"})
add(
    "venues",
    "L",
    "Which journals has he published in?",
    {"facts": [topvenue("L")], "route": "tool:venues"},
)
add(
    "venues",
    "T",
    "Which outlets did Turing's work appear in?",
    {"facts": [topvenue("T")], "route": "tool:venues"},
)
add(
    "venues",
    "C",
    "What are his main publication venues?",
    {"facts": [topvenue("C")], "route": "tool:venues"},
)
add(
    "venues",
    "L",
    "Which journal has most of his papers?",
    {"facts": [topvenue("L")], "route": "tool:venues"},
)
add(
    "venues",
    "T",
    "Where did his papers get published?",
    {"facts": [topvenue("T")], "route": "tool:venues"},
)
add("venues", "C", "Which journals did he publish in since 2023?", {"route": "tool:venues"})
add(
    "venues",
    "L",
    "Name the journals of his articles.",
    {"facts": [topvenue("L")], "route": "tool:venues"},
)


# --- abstracts
def nabs(k):
    return sum(1 for p in P[k].papers if p.abstract)


add(
    "abstracts",
    "W",
    "Do all of her papers come with abstracts?",
    {"facts": ["30 of the 30"], "route": "tool:abstracts"},
)
add(
    "abstracts",
    "C",
    "How many papers have an abstract?",
    {"facts": [f"{nabs('C')} of the 48"], "route": "tool:abstracts"},
)
add("abstracts", "L", "Which papers are missing an abstract?", {"route": "tool:abstracts"})
add(
    "abstracts",
    "T",
    "How many of his papers have an abstract?",
    {"facts": [f"{nabs('T')} of the 60"], "route": "tool:abstracts"},
)
add("abstracts", "C", "Is there an abstract for every paper?", {"route": "tool:abstracts"})
add(
    "abstracts",
    "L",
    "How many abstracts does the profile hold?",
    {"facts": [f"{nabs('L')} of the 79"], "route": "tool:abstracts"},
)
add("abstracts", "T", "For how many works is there a summary text?", {"route": "tool:abstracts"})
add("abstracts", "W", "Are abstracts available for the papers?", {"route": "tool:abstracts"})
# --- research areas
for k, q in [
    ("W", "What does she work on?"),
    ("C", "What are his main research topics?"),
    ("L", "What is his research about?"),
    ("T", "What kind of research did Turing do?"),
    ("W", "Summarise the themes of her work."),
    ("C", "Which areas does he focus on?"),
    ("L", "Give me an overview of his research."),
    ("W", "What subjects has she written about since 2025?"),
    ("C", "Describe his research agenda."),
    ("T", "What are the big themes in his papers?"),
]:
    add("research_areas", k, q, {"route": "tool:research_areas"})
# --- topical questions (answers from the abstracts)
T_ = [
    ("W", "How does she stop deep image prior early?", ["pd323c37f83"]),
    ("W", "What is Optimal Eye Surgeon about?", ["p68540bccfd"]),
    ("W", "Has she worked on the maximum independent set problem?", ["p9fe6003ecc"]),
    ("W", "What does the paper on classifier-free guidance find?", ["p64500568ef"]),
    ("W", "Which of her papers study moral self-correction in language models?", ["p8b6abd1bfa"]),
    ("W", "What has she done on decentralized optimization?", ["p39e5db6df7"]),
    ("W", "Any work on ISAR imaging?", ["pcbe500cb46"]),
    ("W", "What does AGENTiGraph do?", ["pf41e974e73"]),
    ("W", "Has she looked at credit loan risk?", ["p06a34f724e"]),
    ("W", "What does she say about heavy-ball momentum?", ["pe33e78cc6f"]),
    ("C", "What has he done on Poisson lognormal models?", ["p7ea332c586"]),
    ("C", "Has he worked on missing data in stochastic block models?", ["pfdcdb35910"]),
    ("C", "What is the R package sharp for?", ["p012e6802b6"]),
    ("C", "What did he find about ticks and their microbial communities?", ["p9f02ed9f99"]),
    ("C", "Has he written about computational reproducibility?", ["p8773395df8"]),
    ("C", "What does his work on the adjusted Rand index show?", ["pe3427dc94f"]),
    ("C", "Did he do anything on genomic prediction in grapevine?", ["pe22c1e634d"]),
    ("C", "What has he done on plant pathobiomes?", ["pd93694a57a"]),
    ("L", "What did he find about vanadate and the sodium pump?", ["p44e0503f60"]),
    ("L", "What is known about quercetin binding to chloroplast coupling factor?", ["pf72942cde7"]),
    ("L", "Did he study anion exchange in red cells?", ["p9c35d2706e"]),
    ("L", "What has he shown about erythroleukemia cell differentiation?", ["p4fe3d9ceb4"]),
    ("L", "What does delta endotoxin do to the Na,K-ATPase?", ["p961246febc"]),
    ("L", "What did he learn about inositol phosphates in neuroblastoma cells?", ["p72565466de"]),
    ("L", "What are the effects of muscarinic agonists on ion transport?", ["p8453124e4b"]),
    ("L", "Has he worked on mitogens and ion fluxes?", ["pf711cf3dc3"]),
    ("T", "Did he write about whether machines can think?", []),
    ("T", "What did Turing write about the imitation game?", []),
    ("T", "Has he written on the lambda-K-conversion?", []),
    ("T", "What is the DELILAH speech secrecy system?", ["p39af033f34"]),
    ("T", "Did he work on persistence diagrams?", ["p98ef7bc609"]),
    ("T", "What is in his work on type theory?", []),
]
for k, q, c in T_:
    add("topic", k, q, {"cites": c} if c else {"route": "search"})
# --- must refuse
R_ = [
    ("W", "What is her email address?"),
    ("W", "Which university does she work at?"),
    ("W", "What grants has she won?"),
    ("W", "Has she published on quantum chromodynamics?"),
    ("W", "Who won the 2018 World Cup?"),
    ("W", "What is her phone number?"),
    ("W", "Which papers about protein folding come with code?"),
    ("C", "Where did Julien Chiquet get his PhD?"),
    ("C", "What is his salary?"),
    ("C", "Has he worked on black hole thermodynamics?"),
    ("C", "What is his office address?"),
    ("C", "How many students has he supervised?"),
    ("L", "Has he published on reinforcement learning?"),
    ("L", "What awards has Cantley received?"),
    ("L", "What is his Twitter handle?"),
    ("L", "Which hospital does he work at?"),
    ("L", "What is the capital of France?"),
    ("T", "What is Turing's email?"),
    ("T", "Did he write about convolutional neural networks for image segmentation?"),
    ("T", "How tall was he?"),
    ("T", "What is his h-index in 2030?"),
    ("T", "Which grants funded his research?"),
    ("C", "What does his paper on deep reinforcement learning for robotics show?"),
    ("L", "Did he do research on smartphone batteries?"),
    ("W", "Which of her papers from 2010 study graph neural networks?"),
]
for k, q in R_:
    add("refuse", k, q, {"refuse": True})
# --- dialogues
D_ = [
    (
        "W",
        ["Which papers come with code?"],
        "Who wrote the second one?",
        {"route": "tool:coauthors"},
    ),
    (
        "W",
        ["Which papers come with code?"],
        "Which of those are computer vision papers?",
        {"cited_exactly": ["p68540bccfd"]},
    ),
    ("W", ["How many papers did she publish in 2024?"], "What about 2025?", {"value": 5}),
    ("W", ["How many papers did she publish in 2024?"], "And in 2019?", {"value": 2}),
    ("W", ["What was her first paper?"], "What does that paper show?", {"cites": ["p2c38ee2a36"]}),
    (
        "W",
        ["Which papers study moral self-correction?"],
        "Which of those are from 2025?",
        {"cited_exactly": ["p2c8e9b87ab"]},
    ),
    (
        "W",
        ["List her papers from 2019."],
        "Tell me more about the first one.",
        {"cites": [yr("W", 2019, 2019)[0]]},
    ),
    (
        "W",
        ["Which papers did she write with Xitong Zhang?"],
        "And which of them have code?",
        {"cited_exactly": ids("W", lambda p: p.has_code and any("Xitong" in a for a in p.authors))},
    ),
    (
        "C",
        ["Which of his papers come with code?"],
        "Which of those came out after 2020?",
        {"cited_exactly": ids("C", lambda p: p.has_code and p.year > 2020)},
    ),
    (
        "C",
        ["What did he publish in 2009?"],
        "What about 2008?",
        {"cited_exactly": yr("C", 2008, 2008)},
    ),
    ("C", ["What is his oldest publication?"], "Who wrote it?", {"facts": ["N. Limnios"]}),
    (
        "C",
        ["How many papers did he publish in 2016?"],
        "Which ones?",
        {"cited_exactly": yr("C", 2016, 2016)},
    ),
    (
        "C",
        ["Papers co-written with Stéphane Robin?"],
        "How many of those are from 2021?",
        {"value": len([i for i in by("C", "robin", "s") if i in yr("C", 2021, 2021)])},
    ),
    (
        "L",
        ["Which papers did he publish in Nature?"],
        "Which of those is the most cited?",
        {"cites": ["p1b5fef132a"], "route": "tool:most_cited"},
    ),
    (
        "L",
        ["Show the papers from 1976."],
        "Tell me about the second paper.",
        {"cites": [yr("L", 1976, 1976)[1]]},
    ),
    (
        "L",
        ["What is his most cited paper?"],
        "What about before 1980?",
        {"cites": [top_cited("L", lambda p: p.year and p.year < 1980)], "route": "tool:most_cited"},
    ),
    ("L", ["How many papers are from 1986?"], "And 1985?", {"value": len(yr("L", 1985, 1985))}),
    (
        "T",
        ["Which papers did Turing write in 1937?"],
        "Who were his co-authors on those?",
        {"route": "tool:coauthors"},
    ),
    ("T", ["What is his most cited paper?"], "When did that come out?", {"facts": ["1950"]}),
    (
        "T",
        ["How many of his papers are from 2004?"],
        "List them.",
        {"cited_exactly": yr("T", 2004, 2004)},
    ),
]
for k, hist, q, e in D_:
    add("dialogue", k, q, e, history=hist)

# --- a probe written on 2026-12-03 (Eglen's ORCID works, Di Xu's DBLP record, Chiquet's .bib,
# Cantley's and Turing's S2 records, the sample page): its misses were fixed in the router and
# the evidence scoring, so it is all `tune`
PROBE = [
    ("count", "E", "How many works does Eglen have listed?", {"value": 74}),
    ("list", "E", "What did he publish in 2016?", {"cited_exactly": yr("E", 2016, 2016)}),
    (
        "venues",
        "E",
        "Which of his papers appeared in eLife?",
        {"cited_exactly": ids("E", lambda p: p.venue == "eLife")},
    ),
    ("earliest", "E", "What's his oldest paper?", {"cites": yr("E", 1995, 1995)}),
    ("latest", "E", "What is the most recent thing he published?", {"cites": yr("E", 2020, 2020)}),
    (
        "topic",
        "E",
        "Has he written anything about retinal waves?",
        {"cites": titled("E", "retinal wave dynamics") + titled("E", "acetylcholine")},
    ),
    ("topic", "E", "Papers on retinal mosaics?", {"cites": titled("E", "cell fate")}),
    (
        "topic",
        "E",
        "Does he do anything on open science or code sharing?",
        {"cites": titled("E", "codecheck")},
    ),
    ("topic", "E", "Did he write about GitHub?", {"facts": ["GitHub"], "route": "search"}),
    (
        "topic",
        "E",
        "Which papers are about spike trains?",
        {"cites": titled("E", "temporal correlations of spike trains")},
    ),
    ("topic", "E", "Has he published on Drosophila?", {"cites": titled("E", "drosophila")}),
    ("topic", "E", "Does he teach?", {"cites": titled("E", "teaching r")}),
    ("topic", "E", "Anything on machine learning or neural networks?", {"route": "search"}),
    (
        "topic",
        "E",
        "Has he recorded with microelectrode arrays?",
        {"cites": titled("E", "microelectrode array")},
    ),
    ("refuse", "E", "What is his h-index?", {"refuse": True}),
    ("refuse", "E", "Where does he work?", {"refuse": True}),
    ("count", "E", "How many of his works predate 2005?", {"value": len(yr("E", None, 2004))}),
    ("count", "E", "Did he publish anything in 2021?", {"value": 0}),
    ("list", "E", "Papers between 2010 and 2015?", {"cited_exactly": yr("E", 2010, 2015)}),
    (
        "venues",
        "E",
        "List his Nature Neuroscience papers",
        {"cited_exactly": ids("E", lambda p: p.venue == "Nature Neuroscience")},
    ),
    (
        "affiliation",
        "D",
        "Where does he work?",
        {"facts": ["University of British Columbia"], "route": "tool:affiliation"},
    ),
    ("refuse", "W", "Where is she based?", {"refuse": True}),
    ("refuse", "W", "Does she do reinforcement learning?", {"refuse": True}),
    ("refuse", "W", "Is she on Twitter?", {"refuse": True}),
    (
        "topic",
        "W",
        "Has she published anything on medicine or healthcare?",
        {"cites": ["pbbf8e109af"]},
    ),
    ("topic", "W", "Is any of her work about finance or credit risk?", {"cites": ["p06a34f724e"]}),
    ("topic", "W", "What problems does the OES paper solve?", {"cites": ["p68540bccfd"]}),
    ("topic", "W", "Which papers study in-context learning?", {"cites": ["p63da3d71d8"]}),
    ("topic", "W", "Any work on radar imaging?", {"cites": ["pcbe500cb46"]}),
    ("list", "W", "What did she publish last year?", {"cited_exactly": yr("W", 2025, 2025)}),
    (
        "list",
        "W",
        "Give me her 2024 computer vision papers",
        {"cited_exactly": ids("W", lambda p: p.year == 2024 and p.category == "CV")},
    ),
    (
        "code",
        "W",
        "Which of her papers have GitHub repos?",
        {"cited_exactly": ids("W", lambda p: p.has_code)},
    ),
    ("coauthor", "W", "Which papers did she write with Qing Qu?", {"cited_exactly": by("W", "qu")}),
    ("coauthor", "W", "Has she worked with Qing Qu?", {"cited_exactly": by("W", "qu")}),
    ("coauthor", "W", "Has she collaborated with Yann LeCun?", {"facts": ["0 papers"]}),
    ("coauthor", "L", "Which papers did he write with Ross?", {"facts": ["0 papers"]}),
    ("refuse", "W", "Does she work with Gaussian processes?", {"refuse": True}),
    (
        "most_cited",
        "L",
        "How many times has his top paper been cited?",
        {"cites": [top_cited("L")], "route": "tool:most_cited"},
    ),
    (
        "venues",
        "L",
        "Which of his papers are in Nature?",
        {"cited_exactly": ids("L", lambda p: p.venue == "Nature")},
    ),
    (
        "citation_summary",
        "L",
        "What's the total citation count across his papers?",
        {"facts": [str(csum("L"))], "route": "tool:citation_summary"},
    ),
    ("list", "C", "papers from 2019", {"cited_exactly": yr("C", 2019, 2019)}),
    (
        "coauthor",
        "C",
        "how many papers does he have with Ambroise",
        {"value": len(by("C", "ambroise"))},
    ),
    (
        "topic",
        "C",
        "Which of his papers deal with count data?",
        {"cites": titled("C", "pyplnmodels")},
    ),
    ("topic", "C", "Does he use variational inference?", {"route": "search"}),
    (
        "most_cited",
        "T",
        "What is his most famous paper?",
        {"cites": [top_cited("T")], "route": "tool:most_cited"},
    ),
    ("topic", "T", "Papers about artificial intelligence?", {"route": "search"}),
    (
        "research_areas",
        "C",
        "what has he been working on recently",
        {"facts": ["from 2024 on"], "route": "tool:research_areas"},
    ),
    # a new user's questions on four profiles (session 26): the owner by name, venue words
    # that are no category, a letter and its noun, scoped rankings, "recently" as a span
    (
        "venues",
        "L",
        "How many papers did he publish in the Journal of Biological Chemistry?",
        {"value": len(ids("L", lambda p: p.venue == "Journal of Biological Chemistry"))},
    ),
    ("topic", "L", "Has he studied T cells?", {"facts": ["T cell"], "route": "search"}),
    ("topic", "L", "Which papers involve T cells?", {"facts": ["T cell"], "route": "search"}),
    (
        "most_cited",
        "L",
        "What is his most cited paper on ouabain?",
        {"facts": ["about ouabain"], "route": "tool:most_cited"},
    ),
    (
        "abstracts",
        "L",
        "How many of his papers lack an abstract?",
        {"facts": [f"{79 - nabs('L')} have none"], "route": "tool:abstracts"},
    ),
    (
        "topic",
        "T",
        "Does he have any papers on deep learning?",
        {"cites": titled("T", "deep learning"), "route": "search"},
    ),
    ("research_areas", "C", "What are Chiquet's main topics?", {"route": "tool:research_areas"}),
    (
        "research_areas",
        "E",
        "Tell me about Eglen's work",
        {"route": "tool:research_areas"},
    ),
    (
        "list",
        "W",
        "What has she published recently?",
        {"facts": ["from 2024 on"], "route": "tool:list_papers"},
    ),
    (
        "coauthor",
        "W",
        "Tell me about her collaborations with Qing Qu.",
        {"cited_exactly": by("W", "qu")},
    ),
    (
        "topic",
        "W",
        "What methods does she use for compression?",
        {"cites": titled("W", "network compression"), "route": "search"},
    ),
    (
        "code",
        "C",
        "Which software packages has he released?",
        {"route": "tool:papers_with_code"},
    ),
    ("research_areas", "D", "What does Di Xu work on?", {"route": "tool:research_areas"}),
    (
        "per_year",
        "E",
        "In which year did he publish the most papers?",
        {"facts": [f"{per_year('E')[0][0]} has the most papers"]},
    ),
    (
        "count",
        "L",
        "How many papers has he written on phosphatidylinositol?",
        {"facts": ["papers about phosphatidylinositol"], "route": "tool:count_papers"},
    ),
    (
        "per_category",
        "T",
        "Which of his papers are in Mathematics?",
        {
            "cited_exactly": ids("T", lambda p: p.category == "Mathematics"),
            "route": "tool:list_papers",
        },
    ),
    (
        "coauthor",
        "C",
        "How many papers did he write with Mariadassou and Robin?",
        {"value": len(set(by("C", "mariadassou")) & set(by("C", "robin")))},
    ),
    (
        "research_areas",
        "W",
        "Give me a quick overview of her research.",
        {"route": "tool:research_areas"},
    ),
    (
        "earliest",
        "W",
        "What was her first arXiv paper about?",
        {"cited_exactly": ["p2c38ee2a36"], "facts": ["singular vector"]},
    ),
    (
        "most_cited",
        "T",
        "How often has Computing Machinery and Intelligence been cited?",
        {"facts": ["8596 citations"], "route": "tool:citation_summary"},
    ),
    (
        "most_authors",
        "C",
        "Which of his papers has the longest author list?",
        {"facts": ["29 listed authors"], "route": "tool:most_authors"},
    ),
    (
        "coauthors",
        "C",
        "Who wrote missSBM?",
        {"cited_exactly": titled("C", "misssbm"), "route": "tool:coauthors"},
    ),
    (
        "venues",
        "C",
        'What journal was "Inferring multiple graphical models" published in?',
        {"facts": ["appeared in Statistics and Computing"], "route": "tool:venues"},
    ),
    (
        "coauthors",
        "E",
        "What did he publish with Willshaw?",
        {"refuse": True},  # its records list no authors: the profile cannot say
    ),
    ("topic", "W", "Are any of her papers about diffusion models?", {"route": "search"}),
    (
        "identifiers",
        "C",
        "Which of his papers have no DOI?",
        {"facts": ["46 of the 48 papers listed have a DOI"], "route": "tool:identifiers"},
    ),
    (
        "identifiers",
        "T",
        "What is the DOI of Computing Machinery and Intelligence?",
        {"route": "tool:identifiers"},
    ),
    ("count", "C", "How many journal articles does he have?", {"value": 42}),
    ("count", "D", "How many of his publications are conference papers?", {"value": 7}),
    (
        "latest",
        "C",
        "What are his three most recent papers?",
        {"route": "tool:latest_paper", "facts": ["The 3 most recent papers listed"]},
    ),
    (
        "count",
        "L",
        "What proportion of his papers are in Biology?",
        {"facts": ["% of the 79 papers listed"], "route": "tool:count_papers"},
    ),
    (
        "coauthors",
        "C",
        "How many collaborators does he have?",
        {"facts": ["distinct co-authors"], "route": "tool:coauthors"},
    ),
    ("per_year", "W", "Did her output increase over the years?", {"route": "tool:papers_per_year"}),
    (
        "earliest",
        "W",
        "What is her first paper with code?",
        {"cited_exactly": ["p242f64fe69"], "route": "tool:earliest_paper"},
    ),
]


def add_probes(questions=(), dialogues=()):
    """Probe cases, all in the tune half: (intent, profile, question, expect) and
    (profile, history, question, expect) for dialogues."""
    for intent, k, q, e in questions:
        add(intent, k, q, e, tags=("probe",), half="tune")
    for k, hist, q, e in dialogues:
        add("dialogue", k, q, e, history=hist, tags=("probe",), half="tune")


add_probes(PROBE)
PROBE_D = [
    (
        "W",
        ["How many papers in 2024?", "And 2023?"],
        "List them",
        {"cited_exactly": yr("W", 2023, 2023), "route": "tool:list_papers"},
    ),
    (
        "W",
        ["How many papers with Qing Qu?"],
        "Which are they?",
        {"cited_exactly": by("W", "qu"), "route": "tool:list_papers"},
    ),
    (
        "W",
        ["What is her most recent paper?"],
        "Who are the authors?",
        {"cited_exactly": ["pd323c37f83"], "route": "tool:coauthors"},
    ),
    (
        "W",
        ["Which papers have code?", "Summarize the first one"],
        "Where is its code?",
        {"cited_exactly": ["p9fe6003ecc"]},
    ),
    (
        "W",
        ["Which papers are about deep image prior?"],
        "Which have code?",
        {"cited_exactly": titled("W", "optimal eye surgeon"), "route": "tool:papers_with_code"},
    ),
    (
        "E",
        ["What did he publish in 2016?"],
        "How many is that?",
        {"value": len(yr("E", 2016, 2016)), "route": "tool:count_papers"},
    ),
    (
        "L",
        ["How many papers did he publish in 1986?", "List them"],
        "What about 1987?",
        {"cited_exactly": yr("L", 1987, 1987), "route": "tool:list_papers"},
    ),
]
add_probes(dialogues=PROBE_D)
# --- a probe written on 2026-12-07 (Shang's homepage .bib, titles only; Eglen; the sample):
# key terms in other forms of their word, titles that name the topic, yes/no questions on a
# topic the profile lacks; its misses were fixed in the evidence scoring and the router (tune)
PROBE_F = [
    ("count", "S", "How many papers on distillation?", {"value": len(titled("S", "distil"))}),
    (
        "topic",
        "S",
        "Which papers are about quantization?",
        {"cited_exactly": titled("S", "quantiz")},
    ),
    (
        "topic",
        "S",
        "What has he done on diffusion models?",
        {"cites": titled("S", "diffusion model")},
    ),
    ("refuse", "E", "Has he studied financial markets?", {"refuse": True}),
    ("refuse", "W", "Does she have any experience in clinical trials?", {"refuse": True}),
    ("refuse", "W", "Has she written about general relativity?", {"refuse": True}),
    (
        "research_areas",
        "W",
        "Is there a common thread in her research?",
        {"route": "tool:research_areas"},
    ),
    (
        "venues",
        "Z",
        "Which of her papers were at EMNLP?",
        {"cited_exactly": ids("Z", lambda p: "Empirical Methods" in p.venue or "EMNLP" in p.venue)},
    ),
    (
        "venues",
        "Z",
        "Has she published in ACL?",
        {"cited_exactly": ids("Z", lambda p: "58th Annual" in p.venue or "ACL-IJCNLP" in p.venue)},
    ),
    (
        "venues",
        "S",
        "Where does he publish most?",
        {
            "facts": [
                "5 papers are in Conference on Neural Information Processing Systems (NeurIPS)"
            ]
        },
    ),
    (
        "code",
        "Z",
        "Which papers don't come with code?",
        {"cited_exactly": ids("Z", lambda p: not p.has_code), "route": "tool:papers_with_code"},
    ),
    (
        "count",
        "L",
        "How many of his papers have more than 100 citations?",
        {"value": len(ids("L", lambda p: (p.citation_count or 0) > 100))},
    ),
    (
        "list",
        "L",
        "Which papers have at least 300 citations?",
        {"cited_exactly": ids("L", lambda p: (p.citation_count or 0) >= 300)},
    ),
]
add_probes(PROBE_F)

# --- a probe written on 2026-12-07, second session (kinds of publication, decades, spans with
# "through", activities no record keeps, elliptical follow-ups); its misses were fixed (tune)
PROBE_G = [
    (
        "per_year",
        "L",
        "In which decade did he publish the most?",
        {"route": "tool:papers_per_year", "facts": ["The 1980s have the most papers"]},
    ),
    (
        "list",
        "W",
        "Give me her publications from 2019 through 2021.",
        {"cited_exactly": yr("W", 2019, 2021)},
    ),
    (
        "count",
        "C",
        "How many of his papers are journal articles and how many are conference papers?",
        {"facts": ["42 papers are filed as journal articles", "2 papers are filed as conference"]},
    ),
    ("refuse", "C", "Which journals does he review for?", {"refuse": True}),
    ("refuse", "L", "Which journals did he edit?", {"refuse": True}),
    ("refuse", "C", "What kind of papers does he cite?", {"refuse": True}),
    ("refuse", "W", "What kinds of publications does she have?", {"refuse": True}),
]
PROBE_G_DIALOGUES = [
    (
        "D",
        ["What did Di Xu publish in 2010?"],
        "Who were the co-authors?",
        {"route": "tool:coauthors", "cited_exactly": yr("D", 2010, 2010)},
    ),
    (
        "T",
        ["What is his most cited paper?", "What year was it?"],
        "What venue?",
        {"route": "tool:venues", "cited_exactly": [top_cited("T")]},
    ),
    (
        "W",
        ["Who is her most frequent co-author?"],
        "What have they written together?",
        {"cited_exactly": ids("W", lambda p: {"Guangliang Liu", "Xitong Zhang"} <= set(p.authors))},
    ),
]
add_probes(PROBE_G, PROBE_G_DIALOGUES)


# the probe of 2026-12-07, evening: topics in rankings and acronyms, listings with summaries,
# years compared or counted back, undated papers, venues no paper is in, papers named by a
# coined name, what a record lacks, follow-ups that narrow
def first_of(k, paper_ids):
    return min(
        (p for p in P[k].papers if p.id in paper_ids), key=lambda p: p.chronological_key()
    ).id


LLMS = re.compile(r"\bLLMs?\b|large language models?", re.IGNORECASE)
PROBE_H = [
    (
        "earliest",
        "S",
        "What was his first paper on distillation?",
        {"route": "tool:earliest_paper", "cited_exactly": [first_of("S", titled("S", "distill"))]},
    ),
    (
        "list",
        "W",
        "Give me a one-line summary of each of her 2023 papers.",
        {"cited_exactly": yr("W", 2023, 2023)},
    ),
    (
        "per_year",
        "W",
        "Did she publish more in 2024 than in 2023?",
        {"route": "tool:papers_per_year"},
    ),
    (
        "count",
        "S",
        "How many of his papers are about LLMs?",
        {"value": len(ids("S", lambda p: LLMS.search(p.title)))},
    ),
    (
        "list",
        "L",
        "Which of his papers has no date?",
        {"cited_exactly": ids("L", lambda p: p.year is None and p.date is None)},
    ),
    (
        "code",
        "C",
        "What software has he developed?",
        {"route": "tool:papers_with_code", "cited_exactly": ids("C", lambda p: p.has_code)},
    ),
    (
        "venue",
        "Z",
        "Has she published at NeurIPS?",
        {"route": "tool:", "facts": ["0 papers in NeurIPS"]},
    ),
    (
        "topic",
        "W",
        "What are the key contributions of her OES paper?",
        {"cited_exactly": titled("W", "optimal eye surgeon")},
    ),
    (
        "list",
        "W",
        "What was she working on five years ago?",
        {"cited_exactly": yr("W", 2021, 2021)},
    ),
    ("refuse", "Z", "What awards has she won?", {"refuse": True}),
    ("refuse", "L", "What's the h-index?", {"refuse": True}),
    ("refuse", "E", "Who are his co-authors?", {"refuse": True}),
]
PROBE_H_DIALOGUES = [
    (
        "W",
        ["What did she publish in 2024?"],
        "Any with code?",
        {"cited_exactly": ids("W", lambda p: p.year == 2024 and p.has_code)},
    ),
    (
        "S",
        ["Which papers did he publish at ICCV?"],
        "How many of them are about quantization?",
        {"facts": ["Of those 8 papers, 2 are about quantization"]},
    ),
]
add_probes(PROBE_H, PROBE_H_DIALOGUES)


# the probe of 2026-12-07, night: phrasings on the four suite profiles (framing words,
# "onwards", "first three", negated filters and topics, names in lower case, a surname two
# co-authors share, papers named by their repository or title words, fewest authors) and
# follow-ups on rankings and co-author rankings ("the next one", "the second one", "before that",
# "do they share")
def earliest(k, n):
    dated = [p for p in P[k].papers if p.year is not None or p.date is not None]
    return [p.id for p in sorted(dated, key=lambda p: p.chronological_key())[:n]]


def latest_one(k):
    dated = [p for p in P[k].papers if p.year is not None or p.date is not None]
    return max(dated, key=lambda p: p.chronological_key()).id


def outside_venue(k, venue):
    return ids(k, lambda p: not venue_matches(p.venue, venue))


PROBE_I = [
    (
        "research_areas",
        "W",
        "Describe her research in a few sentences.",
        {"route": "tool:research_areas"},
    ),
    (
        "count",
        "L",
        "How many papers does he have from 1985 onwards?",
        {"value": len(yr("L", 1985))},
    ),
    (
        "earliest",
        "W",
        "What were her first three papers?",
        {"route": "tool:earliest_paper", "cited_exactly": earliest("W", 3)},
    ),
    ("list", "W", "Papers between 2019 and 2021, please.", {"cited_exactly": yr("W", 2019, 2021)}),
    ("refuse", "T", "When did Turing die?", {"refuse": True}),
    ("refuse", "W", "How old is she?", {"refuse": True}),
    (
        "topic",
        "W",
        "Which papers talk about generalization?",
        {"cites": titled("W", "generalization")},
    ),
    (
        "list",
        "W",
        "Papers not in computer vision?",
        {"cited_exactly": ids("W", lambda p: p.category != "CV")},
    ),
    (
        "count",
        "L",
        "How many papers are not in Nature?",
        {"value": len(outside_venue("L", "Nature"))},
    ),
    (
        "list",
        "C",
        "Which papers are not in journals?",
        {"cited_exactly": ids("C", lambda p: not is_of_kind(p, "journal article"))},
    ),
    (
        "list",
        "C",
        "papers with robin and mariadassou",
        {"cited_exactly": [i for i in by("C", "robin") if i in by("C", "mariadassou")]},
    ),
    ("count", "C", "how many articles has chiquet published", {"value": len(P["C"].papers)}),
    (
        "earliest",
        "L",
        "Since when has Cantley been publishing?",
        {"facts": ["1973"], "route": "tool:earliest_paper"},
    ),
    (
        "coauthors",
        "L",
        "With whom has Cantley published most?",
        {"facts": ["M. Whitman"], "route": "tool:coauthors"},
    ),
    (
        "least_cited",
        "T",
        "Which of his works are cited least?",
        {"facts": ["0 citations"], "route": "tool:least_cited"},
    ),
    (
        "citation_summary",
        "T",
        "How many citations do his papers have on average?",
        {"route": "tool:citation_summary"},
    ),
    (
        "list",
        "T",
        "What did Turing publish with Newman?",
        {"cited_exactly": by("T", "newman", "m")},
    ),
    (
        "most_authors",
        "W",
        "Which of her papers was written by the fewest people?",
        {"route": "tool:most_authors", "cites": ids("W", lambda p: len(set(p.authors)) == 1)},
    ),
    (
        "list",
        "C",
        "When did the aricode paper come out?",
        {
            "cited_exactly": ids("C", lambda p: (p.code_url or "").endswith("/aricode")),
            "facts": ["2022"],
        },
    ),
    (
        "coauthors",
        "L",
        "Who wrote the delta endotoxin paper?",
        {"cited_exactly": titled("L", "delta endotoxin")},
    ),
]
PROBE_I_DIALOGUES = [
    (
        "W",
        ["What is her earliest paper?"],
        "And the next one?",
        {"cited_exactly": earliest("W", 2)},
    ),
    (
        "W",
        ["Who are her main collaborators?"],
        "What did she write with the second one?",
        {"cited_exactly": ids("W", lambda p: "Xitong Zhang" in p.authors)},
    ),
    (
        "W",
        ["What did she publish in 2022?"],
        "And before that?",
        {"cited_exactly": yr("W", None, 2021)},
    ),
    (
        "C",
        ["Who is his top co-author?"],
        "How many papers do they share?",
        {"value": len(by("C", "robin"))},
    ),
]
add_probes(PROBE_I, PROBE_I_DIALOGUES)

# 2026-12-08: a paper picked by rank asked one thing, venues joined by "or", "his paper on
# ...", abbreviated journals, and an arXiv API feed (Del Maestro, "M")
PROBE_J = [
    (
        "identifiers",
        "L",
        "What's the DOI of Cantley's most cited paper?",
        {"cited_exactly": [top_cited("L")], "facts": [P["L"].paper(top_cited("L")).doi]},
    ),
    (
        "venues",
        "C",
        "Which journal published his oldest paper?",
        {"cited_exactly": earliest("C", 1), "facts": [P["C"].paper(earliest("C", 1)[0]).venue]},
    ),
    (
        "coauthors",
        "C",
        "Who were the co-authors on his first paper?",
        {"cited_exactly": earliest("C", 1)},
    ),
    (
        "list",
        "S",
        "papers at ICCV or ECCV",
        {"cited_exactly": ids("S", lambda p: "ICCV" in p.venue or "ECCV" in p.venue)},
    ),
    (
        "count",
        "L",
        "How many papers are not in Nature or Science?",
        {"value": len(ids("L", lambda p: p.venue not in ("Nature", "Science")))},
    ),
    (
        "list",
        "M",
        "Which papers appeared in Physical Review B?",
        {"cited_exactly": ids("M", lambda p: p.venue in ("Phys. Rev. B", "Physical Review B"))},
    ),
    (
        "count",
        "M",
        "How many papers are in Phys. Rev. B?",
        {"value": len(ids("M", lambda p: p.venue in ("Phys. Rev. B", "Physical Review B")))},
    ),
    (
        "coauthors",
        "M",
        "Who wrote his paper on the supersolid phase?",
        {"cited_exactly": titled("M", "supersolid phase")},
    ),
    (
        "coauthors",
        "M",
        "Who does he collaborate with most?",
        {"cites": by("M", "sachdev"), "facts": ["Subir Sachdev"]},
    ),
]
PROBE_J_DIALOGUES = [
    (
        "L",
        ["What's his most cited paper?"],
        "What's its DOI?",
        {"cited_exactly": [top_cited("L")]},
    ),
    (
        "C",
        ["Which journal published his oldest paper?"],
        "And his newest?",
        {"facts": [P["C"].paper(latest_one("C")).venue]},
    ),
]
add_probes(PROBE_J, PROBE_J_DIALOGUES)

# split: alternate within each intent, so both halves hold every intent (the probe: all tune)
seen = Counter()
probed = Counter()
out = []
for c in cases:
    if c.get("half"):
        n, half = probed[c["intent"]], c["half"]
        probed[c["intent"]] += 1
        cid = f"probe-{c['intent']}-{c['tags'][1].lower()}-{n:02d}"
        out.append(
            {"id": cid, "inputs": c["inputs"], "expect": c["expect"], "tags": [*c["tags"], half]}
        )
        continue
    n = seen[c["intent"]]
    seen[c["intent"]] += 1
    half = "tune" if n % 2 == 0 else "report"
    cid = f"{c['intent']}-{c['tags'][1].lower()}-{n:02d}"
    out.append(
        {"id": cid, "inputs": c["inputs"], "expect": c["expect"], "tags": [*c["tags"], half]}
    )
Path("evals/suites/questions.jsonl").write_text(
    "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out)
)
print(len(out), dict(seen), Counter(o["tags"][-1] for o in out))
