"""Writes evals/suites/themes.jsonl (run from the repository root): reference groupings of
three real profiles' papers, made by hand.

How they were made: one developer read every title (and abstract, where the source has one)
and grouped the papers by subject as a reader of the field would name it, before the
clustering was tuned and without looking at its output for these profiles. A paper that
shares its subject with no other is in no group ("other work"). Groups follow subjects, not
venues, years or co-authors.

Profiles: the sample page (30 papers with abstracts), Julien Chiquet's own .bib (48, 15 with
abstracts), Stephen Eglen's ORCID works (74 titles, no abstracts; duplicate records of one
work fall in the same group). Halves: the first two are ``tune`` (the similarity weights and
threshold in agent/writers/similarity.py and themes.py were chosen on them); Eglen's is
``report`` (scored, never used to choose).
"""

import json

RW = {
    "deep image prior": [
        "A Principled Self-Referenced Early Stopping Approach for Deep Image Prior",
        "Optimal Eye Surgeon: Finding Image Priors",
        "Analysis of Deep Image Prior and Exploiting Self-Guidance",
    ],
    "self-correction, bias and in-context learning in LLMs": [
        "A Survey to Recent Progress Towards Understanding In-Context Learning",
        "Smaller Large Language Models Can Do Moral Self-Correction",
        "On the Convergence of Moral Self-Correction in Large Language Models",
        "Towards Understanding Task-agnostic Debiasing",
        "On the Intrinsic Self-Correction Capability of LLMs",
    ],
    "LLM applications": [
        "Toward Global Large Language Models in Medicine",
        "AGENTiGraph: An Interactive Knowledge Graph Platform",
    ],
    "training dynamics: implicit regularization, edge of stability": [
        "Implicit regularization in Heavy-ball momentum",
        "Variational Learning Finds Flatter Solutions at the Edge of Stability",
        "Learning Dynamics of Deep Linear Networks Beyond the Edge of Stability",
    ],
    "maximum independent set by differentiable optimization": [
        "Differentiable Quadratic Optimization For The Maximum Independent Set Problem",
        "Mutation-Guided Differentiable Quadratic Combinatorial Optimization",
    ],
    "classifier-free guidance in generative models": [
        "MCLR: Improving Conditional Modeling in Visual Generative Models",
        "Towards Understanding the Mechanisms of Classifier-Free Guidance",
    ],
    "PAC-Bayes generalization": [
        "PAC-tuning:Fine-tuning Pretrained Language Models",
        "Improving Generalization of Complex Models under Unbounded Loss Using PAC-Bayes Bounds",
    ],
    "approximation theory of neural networks": [
        "Neural Network Approximation of Continuous Functions in High Dimensions",
        "Theoretical guarantees for the advantage of GNNs over NNs",
    ],
    "high-dimensional data: perturbation, denoising, visualization": [
        "Singular Vector Perturbation under Gaussian Noise",
        "Manifold Denoising by Nonlinear Robust Principal Component Analysis",
        "Capacity Preserving Mapping for High-dimensional Data Visualization",
    ],
}

JC = {
    "Poisson lognormal models for count data": [
        "Zero-inflation in the Multivariate Poisson Lognormal Family",
        "Importance sampling-based gradient method for dimension reduction in Poisson log-normal",
        "pyPLNmodels: A Python package",
        "The Poisson-Lognormal Model as a Versatile Framework",
        "Variational inference for probabilistic Poisson PCA",
        "Variational Inference for sparse network reconstruction from count data",
    ],
    "Gaussian graphical models and network inference": [
        "An integrated method for clustering and association network inference",
        "Structured Regularization for conditional Gaussian Graphical Models",
        "Inferring multiple graphical models",
        "Weighted-Lasso for structured network inference from time course data",
        "Inferring sparse Gaussian graphical models with latent structure",
        "SIMoNe",
    ],
    "ecological and microbial networks": [
        "Chapter Nine - Coupling ecological network analysis",
        "Joint species distributions reveal the combined effects",
        "Temporal patterns in Ixodes ricinus microbial communities",
        "Microbial association networks give relevant insights into plant pathobiomes",
        "Learning ecological networks from next-generation sequencing data",
    ],
    "stability selection (sharp)": [
        "Stability Selection and Consensus Clustering in R: The R Package sharp",
        "Automated calibration of consensus weighted distance-based clustering",
        "Automated calibration for stability selection in penalised regression",
    ],
    "clustering": [
        "Adjusting the adjusted Rand Index",
        "Fast tree aggregation for consensus hierarchical clustering",
        "Fast tree inference with weighted fusion penalties",
    ],
    "penalized regression and variable selection": [
        "Hair-Derived Exposome Exploration of Cardiometabolic Health",
        "Harnessing multivariate, penalized regression methods for genomic prediction",
        "A multivariate variable selection approach for analyzing LC-MS metabolomics data",
        "Variable selection in multivariate linear models",
        "Sparsity by Worst-Case Penalties",
        "Categorical regularization: Discussion",
        "Combining a Relaxed EM Algorithm",
        "Sparsity in sign-coherent groups of variables via the cooperative-Lasso",
    ],
    "stochastic block models": [
        "missSBM: An R Package for Handling Missing Values",
        "Variational Inference for Stochastic Block Models from Sampled Data",
    ],
    "piecewise deterministic and switching Markov processes": [
        "Piecewise deterministic Markov processes applied to fatigue crack growth",
        "A method to compute the transition function of a piecewise deterministic",
        "Modelling and Estimating Stochastic Dynamical Systems with Markovian Switching",
        "Estimating stochastic dynamical systems driven by a continuous-time jump",
    ],
    "gene deregulation in cancer": [
        "Identification of deregulation mechanisms specific to cancer subtypes",
        "A model for gene deregulation detection using expression data",
    ],
    "polyploid genomes": [
        "Early allopolyploid evolution in the post-neolithic",
        "Prevalence of gene expression additivity in genetically stable wheat allohexaploids",
    ],
}

SE = {
    "open code, data and publishing practice": [
        "Open Code and Peer Review",
        "CODECHECK: An open-science initiative",
        "Recent developments in scholarly publishing",
        "Toward standard practices for sharing computer code",
        "Towards standard practices for sharing computer code",
        "Ten Simple Rules for Taking Advantage of Git and GitHub",
        "Open access: sharing your data is easier than you think",
        "A quick guide to teaching R programming",
    ],
    "spike trains and activity of neuronal cultures": [
        "A comparison of computational methods for detecting bursts in neuronal spike trains",
        "Characterization of Early Cortical Neural Network Development in Multiwell",
        "Canalization of genetic and pharmacological perturbations",
        "Quantitative differences in developmental profiles of spontaneous activity in cortical",
        "Detecting pairwise correlations in spike trains",
        "Summarising the temporal correlations of spike trains",
    ],
    "retinal waves and spontaneous retinal activity": [
        "A data repository and analysis framework for spontaneous neural activity recordings",
        'Supporting material  for "A data repository',
        "Following the Ontogeny of Retinal Waves",
        "Modeling developmental patterns of spontaneous activity",
        "Analysis of simultaneous multielectrode recordings with 4,096 channels",
        "Theoretical models of spontaneous activity generation and propagation",
        "Developmental modulation of retinal wave dynamics",
        "Developmental loss of synchronous spontaneous activity in the mouse retina",
        "Differential effects of acetylcholine and glutamate blockade",
    ],
    "retinal mosaics": [
        "Neuronal clustering and fasciculation phenotype in Dscam",
        "Analysis of spatial relationships in three dimensions",
        "Spatial constraints underlying the retinal mosaics",
        "Development of regular cellular spacing in the retina",
        "Homotypic constraints dominate positioning",
        "Dopaminergic amacrine cells in the inner nuclear layer",
        "Determinants of the exclusion zone in dopaminergic amacrine cell mosaics",
        "Influence of cell fate mechanisms upon retinal mosaic formation",
        "Lateral cell movement driven by dendritic interactions",
        "Modelling Retinal Mosaic Development",
    ],
    "development of topographic maps and visual pathways": [
        "A molecular mechanism for the topographic alignment",
        "Retinotopic Development, Models of",
        "Quantitative assessment of computational models for retinotopic map formation",
        "Can retinal ganglion cell dipoles seed iso-orientation domains",
        "Parasol cell mosaics are unlikely to drive",
        "A multi-component model of the developing retinocollicular pathway",
        "Burst-time-dependent plasticity robustly guides ON/OFF segregation",
        "Self-organization in the developing nervous system",
        "Mapping by waves",
        "Segregation of ON and OFF retinogeniculate connectivity",
        "The role of retinal waves and synaptic normalization in retinogeniculate",
        "Modelling The Prenatal Development of The Lateral Geniculate Nucleus",
        "Modelling the Development of the Retinogeniculate Pathway",
        "Geniculo-Cortical Projection Diversity",
        "Estimating the location and size of retinal injections",
    ],
    "neural computation and pattern recognition": [
        "An introduction to natural computation",
        "Unsupervised discovery of invariances",
        "Automated feature extraction for the classification of human in vivo",
        "Using Wavelets for Classifying Human in vivo Magnetic Resonance Spectra",
        "Cascade-Correlation as a Model of Representational Redescription",
        "Learning Perceptual Invariances",
    ],
    "homeostatic tuning of recurrent networks": [
        "Homeostatic Activity-Dependent Tuning of Recurrent Networks",
    ],
}

S = "tests/data/samples/"
CASES = [
    ("rongrong-wang", S + "rongrong-wang.profile.txt", None, RW, "tune"),
    ("chiquet-bib", S + "bibtex_chiquet_journal.bib", "Chiquet", JC, "tune"),
    ("eglen-orcid", S + "orcid_v3_0000-0001-8607-8025_works.json", "Stephen Eglen", SE, "report"),
]
with open("evals/suites/themes.jsonl", "w", encoding="utf-8") as out:
    for case_id, source, author, groups, half in CASES:
        inputs = {"source": source} | ({"author": author} if author else {})
        row = {"id": case_id, "inputs": inputs, "expect": {"groups": groups}, "tags": [half]}
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
