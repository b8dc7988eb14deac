"""The signals themes cluster on: shared wording and shared co-authors."""

from __future__ import annotations

import numpy as np

from agent.models import Paper, Profile
from agent.writers.similarity import collaborator_overlap, wording_similarity
from agent.writers.theme_names import name_clusters


def _profile(papers: list[tuple[str, list[str]]]) -> Profile:
    return Profile(
        name="Ada Quinlan",
        papers=[
            Paper(id=f"p{i}", title=title, authors=["Ada Quinlan", *authors])
            for i, (title, authors) in enumerate(papers)
        ],
    )


def test_rare_shared_terms_pair_papers_and_hyphens_do_not_split_them() -> None:
    profile = _profile(
        [
            ("Zero-inflation in the multivariate Poisson lognormal family", []),
            ("The Poisson log-normal model for species abundances", []),
            ("Inferring sparse graphical models", []),
            ("Structured regularization for graphical models", []),
            ("A survey of stochastic processes", []),
            ("Fatigue crack growth", []),
            ("Tick microbial communities", []),
            ("Oilseed genomes", []),
        ]
    )
    sim = wording_similarity(profile)
    assert sim[0, 1] > 0.3 and sim[2, 3] > 0.3  # 'poisson lognormal', 'graphical models'
    assert sim[0, 2] == 0 and sim[4, 5] == 0
    assert np.allclose(sim, sim.T)


def test_shared_coauthors_count_but_the_person_and_the_ubiquitous_do_not() -> None:
    profile = _profile(
        [
            ("A", ["Bo Chen", "Cy Diaz", "Everyone Else"]),
            ("B", ["Bo Chen", "Everyone Else"]),
            ("C", ["Dee Eve", "Everyone Else"]),
            ("D", []),
        ]
    )
    overlap = collaborator_overlap(profile)
    assert overlap[0, 1] == 1.0  # all of B's co-authors (less the ubiquitous one) are on A
    assert overlap[0, 2] == 0.0  # only the person and someone on most papers in common
    assert overlap[3].sum() == 0.0  # a paper listing nobody else shares with no one


def test_a_field_wide_phrase_names_a_theme_only_when_nothing_sharper_is_shared() -> None:
    llm = [
        ("Moral self-correction in large language models", "Large language models self-correct."),
        ("Intrinsic self-correction of large language models", "We study self-correction."),
    ]
    nets = [
        ("Neural networks approximate functions", "Neural networks are universal."),
        ("Graph neural networks generalize", "We bound neural networks."),
    ]
    names = name_clusters([llm, nets])
    assert names[0][0] == "self-correction"
    assert names[1][0] == "neural networks"  # nothing sharper do both papers share


def test_resources_are_read_from_titles_venues_and_code_links() -> None:
    from agent.writers.resources import resource_label

    def paper(title: str, **fields: object) -> Paper:
        return Paper(id="p", title=title, **fields)

    assert resource_label(paper("missSBM: An R Package for Missing Values")) == "Software"
    assert resource_label(paper("Stability selection", venue="Journal of Statistical Software"))
    assert resource_label(paper("Sparse priors", has_code=True)) == "Code released"
    assert resource_label(paper("A data repository for retinal recordings")) == "Data resource"
    assert resource_label(paper("Ten Simple Rules for Git")) == "Teaching and guidance"
    assert resource_label(paper("Graph neural networks", abstract="On standard benchmarks")) is None


def test_a_citation_in_an_abstract_names_no_theme() -> None:
    """'(Lei et al., 2018)' in two abstracts is a citation, not a phrase the papers share."""
    pairs = [
        ("Dialog generation with paraphrases", "TSCP (Lei et al., 2018) and DAMD (Zhang et al., "
         "2019) are task-oriented dialog models; we augment task-oriented dialog data."),
        ("Latent belief states for dialog", "Unlike Lei et al. (2018), our task-oriented dialog "
         "model learns belief states from unlabeled dialog data."),
    ]  # fmt: skip
    [phrases] = name_clusters([pairs], top=8)
    assert not [p for p in phrases if "et al" in p.casefold()]
    assert phrases[0].casefold().startswith("task-oriented dialog")


def test_a_theme_of_unshared_phrases_is_named_by_one_that_ends_its_noun() -> None:
    """Shang's two private-training papers share no phrase: 'Private Training of Deep' (cut
    before 'Neural Networks') and the field-wide 'Deep Neural Networks' give way."""
    pairs = [
        ("DictPFL: Efficient and Private Federated Learning on Encrypted Gradients", ""),
        ("HEPrune: Fast Private Training of Deep Neural Networks With Encrypted Data Pruning", ""),
    ]
    [phrases] = name_clusters([pairs], top=5)
    assert phrases[0] == "Encrypted Data Pruning"
    assert "Private Training of Deep" in phrases  # a phrase of the theme, not its name


def test_a_name_keeps_a_token_that_opens_with_digits_and_in_vivo_whole() -> None:
    stereo = [
        ("Quality of experience for the parallax adjustment of stereoscopic 3D videos", ""),
        ("Automatic stereoscopic 3D video reframing", ""),
    ]
    assert name_clusters([stereo])[0][0] == "stereoscopic 3D video"
    spectra = [
        ("Automated feature extraction of in vivo 13C NMR spectra", ""),
        ("Classification of in vivo 13C NMR spectra of brain tumours", ""),
    ]
    [phrases] = name_clusters([spectra], top=5)
    assert phrases[0] == "13C NMR spectra"
    assert not [p for p in phrases if p.casefold().startswith(("vivo", "in vivo"))]
