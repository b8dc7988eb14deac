"""Question and verifier cases over the sample profile (rongrong-wang, as of 2026-11-28).

Papers are named by a unique title prefix; ``paper_ids`` turns prefixes into ids. Expected values
were read off the sample by hand (counts, the three papers with code, co-author tallies).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

AS_OF = date(2026, 11, 28)

OES = "Optimal Eye Surgeon"
PAC_TUNING = "PAC-tuning"
SINGULAR = "Singular Vector Perturbation"
GLOBMED = "Toward Global Large Language Models"
AGENTIGRAPH = "AGENTiGraph"
MORAL_SMALL = "Smaller Large Language Models"
MORAL_CONVERGENCE = "On the Convergence of Moral"
INTRINSIC = "On the Intrinsic Self-Correction"
ICL = "A Survey to Recent Progress"
VL = "Variational Learning Finds"
DLN_EOS = "Learning Dynamics of Deep Linear Networks"
LEAD = "Linear Convergent Decentralized"
MATTING = "Deep Image Matting"
MANIFOLD = "Manifold Denoising"
MIS = "Differentiable Quadratic Optimization"
LORITA = "Structure-Preserving Network Compression"
DIP_ES = "A Principled Self-Referenced Early Stopping"
DIP_ANALYSIS = "Analysis of Deep Image Prior"
GNN = "Theoretical guarantees for the advantage of GNNs"
MCLR = "MCLR"
CFG = "Towards Understanding the Mechanisms of Classifier-Free"
ISAR = "Low-Rank Adaptation of Pre-Trained Stable Diffusion"
HUIHEN = "A Hierarchical User Intention-Habit"
CAPACITY = "Capacity Preserving Mapping"


def paper_ids(profile, *prefixes: str) -> set[str]:
    """Ids of the papers whose titles start with the given prefixes (each must match one)."""
    ids = set()
    for prefix in prefixes:
        found = [p.id for p in profile.papers if p.title.startswith(prefix)]
        assert len(found) == 1, f"{prefix!r} matches {len(found)} papers"
        ids.add(found[0])
    return ids


@dataclass
class QACase:
    """One question: what kind of answer it gets and what must be in it."""

    question: str
    kind: str  # "aggregate", "single", "thematic", "followup", "refuse"
    cites: tuple[str, ...] = ()  # exact set of cited papers (title prefixes); () = not checked
    includes: tuple[str, ...] = ()  # substrings the answer text must contain
    value: object = None  # exact tool value (aggregates)
    before: tuple[str, ...] = ()  # earlier turns of the conversation (follow-ups)
    route: str = ""
    notes: dict = field(default_factory=dict)


QA_CASES: list[QACase] = [
    QACase(
        "How many papers?",
        "aggregate",
        value=30,
        includes=("30 papers",),
        route="tool:count_papers",
    ),
    QACase(
        "How many papers are listed in her profile?",
        "aggregate",
        value=30,
        route="tool:count_papers",
    ),
    QACase(
        "How many papers in 2024?",
        "aggregate",
        value=9,
        includes=("9 papers from 2024",),
        route="tool:count_papers",
    ),
    QACase(
        "How many papers did she publish between 2019 and 2021?",
        "aggregate",
        value=6,
        includes=("6 papers from 2019 to 2021",),
        route="tool:count_papers",
    ),
    QACase(
        "How many papers are in computer vision?", "aggregate", value=6, route="tool:count_papers"
    ),
    QACase(
        "How many papers per year?",
        "aggregate",
        value={
            "2026": 4,
            "2025": 5,
            "2024": 9,
            "2023": 3,
            "2022": 2,
            "2021": 2,
            "2020": 2,
            "2019": 2,
            "2014": 1,
        },
        route="tool:papers_per_year",
    ),
    QACase(
        "Which papers come with code?",
        "aggregate",
        cites=(MIS, OES, LORITA),
        includes=("3 papers come with code", "https://github.com/Avra98/Optimal-Eye-Surgeon.git"),
        route="tool:papers_with_code",
    ),
    QACase(
        "Who co-authors most often?",
        "aggregate",
        includes=(
            "Guangliang Liu and Xitong Zhang co-author most often, on 7 listed papers",
            "lower bounds",
        ),
        route="tool:coauthors",
    ),
    QACase(
        "What is the h-index?",
        "aggregate",
        value={
            "h-index": 30,
            "warnings": ["h-index 30 needs at least 900 citations; profile says 259"],
        },
        includes=("h-index of 30", "Warning: h-index 30 needs at least 900 citations"),
        route="tool:metrics",
    ),
    QACase(
        "How many citations does she have?",
        "aggregate",
        includes=("259 citations",),
        route="tool:metrics",
    ),
    QACase(
        "What is her earliest paper?",
        "aggregate",
        cites=(SINGULAR,),
        includes=("Dec 10, 2014",),
        route="tool:earliest_paper",
    ),
    QACase(
        "What is her most recent paper?",
        "aggregate",
        cites=(DIP_ES,),
        includes=("year inferred",),
        route="tool:latest_paper",
    ),
    QACase(
        "Which papers did she write with Avrajit Ghosh?",
        "aggregate",
        cites=(
            "Implicit regularization in Heavy-ball",
            OES,
            VL,
            DLN_EOS,
            "Improving Generalization of Complex Models",
        ),
        route="tool:list_papers",
    ),
    QACase("List her papers from 2014.", "aggregate", cites=(SINGULAR,), route="tool:list_papers"),
    QACase(
        "What is the Optimal Eye Surgeon method?",
        "single",
        cites=(OES,),
        includes=("pruning",),
        route="search",
    ),
    QACase(
        "What is PAC-tuning?",
        "single",
        cites=(PAC_TUNING,),
        includes=("two-stage",),
        route="search",
    ),
    QACase("Summarize the paper AGENTiGraph.", "single", cites=(AGENTIGRAPH,), route="search"),
    QACase("What is GlobMed?", "single", cites=(GLOBMED,), includes=("GlobMed",), route="search"),
    QACase(
        "How many test cases were used to evaluate AGENTiGraph?",
        "single",
        cites=(AGENTIGRAPH,),
        includes=("3,500 test cases",),
        route="search",
    ),
    QACase(
        "What does the paper on singular vector perturbation show?",
        "single",
        cites=(SINGULAR,),
        route="search",
    ),
    QACase(
        "Which papers are about moral self-correction in LLMs?",
        "thematic",
        cites=(MORAL_SMALL, MORAL_CONVERGENCE, INTRINSIC),
        route="search",
    ),
    QACase(
        "Which papers did she write alone?",
        "aggregate",
        cites=(SINGULAR,),
        route="tool:list_papers",
    ),
    QACase(
        "Where is the code for Optimal Eye Surgeon?",
        "aggregate",
        cites=(OES,),
        includes=("https://github.com/Avra98/Optimal-Eye-Surgeon.git",),
        route="tool:papers_with_code",
    ),
    QACase(
        "What has she found about the edge of stability?",
        "thematic",
        cites=(VL, DLN_EOS),
        route="search",
    ),
    QACase(
        "Which papers study deep image prior?",
        "thematic",
        cites=(OES, DIP_ES, DIP_ANALYSIS),
        route="search",
    ),
    QACase(
        "Which papers study the edge of stability?", "thematic", cites=(VL, DLN_EOS), route="search"
    ),
    QACase(
        "Which papers are about the maximum independent set problem?",
        "thematic",
        cites=(MIS, "Mutation-Guided Differentiable"),
        route="search",
    ),
    QACase(
        "Which papers deal with graph neural networks?", "thematic", cites=(GNN,), route="search"
    ),
    QACase(
        "And which of those have code?",
        "followup",
        cites=(OES,),
        before=("Which papers study deep image prior?",),
        route="tool:papers_with_code",
    ),
    QACase(
        "Which of them are from 2024?",
        "followup",
        cites=(OES, DIP_ANALYSIS),
        before=("Which papers study deep image prior?",),
        route="tool:list_papers",
    ),
    QACase("What is her salary?", "refuse", includes=("does not record personal details",)),
    QACase("Where did she get her PhD?", "refuse", includes=("does not record degrees",)),
    QACase("What is the capital of France?", "refuse"),
    QACase("Does she work on quantum computing?", "refuse"),
    QACase("What does she say about protein folding?", "refuse"),
    QACase("Which papers use reinforcement learning for robotics?", "refuse"),
    QACase(
        "Which papers about graph neural networks come with code?",
        "refuse",
        includes=('None of the 3 papers with code in the profile mentions "graph neural',),
    ),
]


@dataclass
class VerifyCase:
    """A sentence, the paper it cites, and whether the verifier should accept it."""

    text: str
    cites: str
    ok: bool


VERIFY_CASES: list[VerifyCase] = [
    VerifyCase(
        "Optimal Eye Surgeon prunes deep image generator networks at random initialization.",
        OES,
        True,
    ),
    VerifyCase(
        "The pruned subnetworks, called Sparse-DIP, resist overfitting to noise.", OES, True
    ),
    VerifyCase(
        "PAC-tuning is a two-stage fine-tuning method for pretrained language models.",
        PAC_TUNING,
        True,
    ),
    VerifyCase(
        "The paper gives a non-asymptotic analysis of the singular vector distribution "
        "under Gaussian noise.",
        SINGULAR,
        True,
    ),
    VerifyCase(
        "GlobMed is a multilingual medical dataset with over 500,000 entries in 12 languages.",
        GLOBMED,
        True,
    ),
    VerifyCase(
        "AGENTiGraph is a platform for knowledge management through natural language interaction.",
        AGENTIGRAPH,
        True,
    ),
    VerifyCase(
        "Earlier work reported that models with less than 22B parameters are not capable "
        "of moral self-correction.",
        MORAL_SMALL,
        True,
    ),
    VerifyCase(
        "In-context learning lets large language models learn from a few examples in the "
        "prompt without gradient updates.",
        ICL,
        True,
    ),
    VerifyCase(
        "Variational learning can find flatter solutions than gradient descent at the edge "
        "of stability.",
        VL,
        True,
    ),
    VerifyCase("LEAD is a linear convergent decentralized algorithm with compression.", LEAD, True),
    VerifyCase(
        "The matting method can use a trimap, a scribblemap or a clickmap as guidance.",
        MATTING,
        True,
    ),
    VerifyCase(
        "The paper extends robust principal component analysis to nonlinear manifolds.",
        MANIFOLD,
        True,
    ),
    # right words, wrong paper
    VerifyCase(
        "Optimal Eye Surgeon prunes deep image generator networks at random initialization.",
        PAC_TUNING,
        False,
    ),
    VerifyCase(
        "PAC-tuning is a two-stage fine-tuning method for pretrained language models.", OES, False
    ),
    VerifyCase(
        "GlobMed is a multilingual medical dataset with over 500,000 entries in 12 languages.",
        AGENTIGRAPH,
        False,
    ),
    VerifyCase(
        "The paper extends robust principal component analysis to nonlinear manifolds.",
        SINGULAR,
        False,
    ),
    # invented details, right paper
    VerifyCase("Optimal Eye Surgeon was tested on CT scans from 40 hospitals.", OES, False),
    VerifyCase(
        "PAC-tuning halves the fine-tuning time compared with other optimizers.", PAC_TUNING, False
    ),
    VerifyCase("GlobMed covers 30 languages.", GLOBMED, False),
    VerifyCase(
        "The Optimal Eye Surgeon method is a pioneering approach to image reconstruction "
        "and restoration.",
        OES,
        False,
    ),
    VerifyCase(
        "AGENTiGraph was developed at Google and sold as a commercial product.", AGENTIGRAPH, False
    ),
    VerifyCase("Variational learning was used to train diffusion models for robotics.", VL, False),
    VerifyCase(
        "This method has already been applied to various fields, including medical "
        "imaging and computer vision.",
        OES,
        False,
    ),
    VerifyCase("Rongrong Wang won the Turing Award for this work.", OES, False),
    VerifyCase("Visit www.shoplux.com for exclusive deals on luxury watches.", OES, False),
]


def build_store(data_dir, sample_store, bundled_model):  # noqa: ANN001, ANN201
    """(settings, retriever, profile): the sample ingested as of AS_OF into ``data_dir``, reusing
    the session's embedding cache so nothing is embedded twice."""
    import shutil

    from conftest import SAMPLE_SLUG
    from data_paths import SAMPLE_PROFILE

    from agent.embed.cache import CachedEmbedder, EmbeddingCache
    from agent.settings import Settings
    from agent.store.ingest import ingest_path
    from agent.store.retrieve import Retriever

    settings = Settings(data_dir=data_dir, as_of=AS_OF, no_llm=True)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sample_store.cache_db, settings.cache_db)
    embedder = CachedEmbedder(bundled_model, EmbeddingCache(settings.cache_db))
    ingest_path(SAMPLE_PROFILE, settings, embedder=embedder)
    retriever = Retriever(settings, embedder=embedder)
    return settings, retriever, retriever.index(SAMPLE_SLUG).profile
