"""Writes evals/suites/themes.jsonl (run from the repository root): reference groupings of
five real profiles' papers, made by hand.

How they were made: one developer read every title (and abstract, where the source has one)
and grouped the papers by subject as a reader of the field would name it, before the
clustering was tuned and without looking at its output for these profiles. A paper that
shares its subject with no other is in no group ("other work"). Groups follow subjects, not
venues, years or co-authors.

Profiles: the sample page (30 papers with abstracts), Julien Chiquet's own .bib (48, 15 with
abstracts), Stephen Eglen's ORCID works (74 titles, no abstracts; duplicate records of one
work fall in the same group); added later (2026-12-08), Yuzhang Shang's homepage .bib (33
titles, no abstracts) and Turing's S2 record (60 works: his papers, reprints and letters, and
some papers of namesakes, which are in no group), grouped from their titles before the
clustering was run on them. Halves: the sample, Chiquet's, Shang's and Turing's are ``tune``
(the similarity weights and threshold in agent/writers/similarity.py and themes.py were chosen
on the first two); Eglen's is ``report`` (scored, never used to choose).
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

YS = {
    "quantization of diffusion models": [
        "PTQ4DiT: Post-training Quantization for Diffusion Transformers",
        "QuEST: Low-bit Diffusion Model Quantization",
        "PTQ4DM: Post-training Quantization on Diffusion Models",
    ],
    "quantization and compression of large language models": [
        "A Unified and Learnable Framework to Post-training Quantization for Transformer-based",
        "GSQ-Tuning: Group-Shared Exponents Integer in Fully Quantized Training",
        "PTQ1. 61: Push the Real Limit of Extremely Low-Bit Post-Training Quantization",
        "PB-LLM: Partially Binarized Large Language Models",
        "RPTQ: Reorder-based Post-training Quantization for Large Language Models",
        "ASVD: Activation-aware Singular Value Decomposition for Compressing Large Language",
        "LLM Inference Unveiled: Survey and Roofline Model Insights",
    ],
    "quantization of vision networks: calibration and data-free": [
        "Enhancing Post-training Quantization Calibration through Contrastive Learning",
        "Causal-DFQ: Causality Guided Data-free Network Quantization",
    ],
    "network binarization": [
        "Network Binarization via Contrastive Learning",
        "Lipschitz Continuity Retained Binary Neural Network",
        "Efficient Multitask Dense Predictor via Binarization",
        "FBPT: A Fully Binary Point Transformer",
    ],
    "dataset distillation": [
        "Efficient Multimodal Dataset Distillation via Generative Models",
        "CaO2: Rectifying Inconsistencies in Diffusion-Based Dataset Distillation",
        "Distilling Long-tailed Datasets",
        "MIM4DD: Mutual Information Maximization for Dataset Distillation",
        "Dataset Quantization with Active Learning-based Adaptive Sampling",
    ],
    "knowledge distillation": [
        "DKDM: Data-Free Knowledge Distillation for Diffusion Models",
        "Lipschitz Continuity Guided Knowledge Distillation",
    ],
    "private training on encrypted data": [
        "DictPFL: Efficient and Private Federated Learning on Encrypted Gradients",
        "HEPrune: Fast Private Training of Deep Neural Networks With Encrypted Data Pruning",
    ],
    "efficient image and video generation": [
        "DLFR-Gen: Diffusion-based Video Generation with Dynamic Latent Frame Rate",
        "Dlfr-vae: Dynamic latent frame rate vae for video generation",
        "E-CAR: Efficient Continuous Autoregressive Image Generation",
        "A closer look at time steps is worthy of triple speed-up for diffusion model training",
    ],
}

AT = {
    "computability, logic and type theory": [
        "Systems of Logic Based on Ordinals",
        "Turing machines",
        "Turing: Oracles and Computation",
        "Mathematical logic",
        "Solvable and Unsolvable Problems",
        "Practical forms of type theory",
        "A formal theorem in Church's theory of types",
        "The use of dots as brackets in Church's system",
        "The p-Function in",
        "The þ-function in",
        "Computability and λ-definability",
    ],
    "machine intelligence and the imitation game": [
        "Computing Machinery and Intelligence",
        "Computermaschinerie und Intelligenz",
        "Dusting Off the Turing Test",
        "Could a machine think",
        "Turing 1950 1 The Imitation Game",
        "Intelligent Machinery",
        "Can Automatic Calculating Machines Be Said to Think",
        "Artificial Intelligence : Usfssg Computers to Think about Thinking",
    ],
    "early electronic computers and their programming": [
        "The Turing–Wilkinson lecture series",
        "Proposed electronic calculator",
        "Notes on memory",
        "Lecture on the Automatic Computing Engine",
        "Lecture to the London Mathematical Society on 20 February 1947",
        "Manchester computing machine: general topics",
        "Local programming methods and conventions",
        "Checking a large routine",
        "Review: Arthur W. Burks, The Logic of Programming Electronic Digital Computers",
        "Arthur W. Burks. The logic of programming electronic digital computers",
    ],
    "codebreaking and secure speech": [
        "Report on Speech Secrecy System DELILAH",
        "Memorandum to OP-20-G on Naval Enigma",
        "Letter to Winston Churchill",
        "ALAN M. TURING'S CRITIQUE OF RUNNING SHORT CRIBS",
        "VISIT TO NATIONAL CASH REGISTER CORPORATION",
    ],
    "writing about Turing and his legacy": [
        "Dystopian or Utopian? Two Images of Alan Turing",
        "Review of two collections of essays about Alan Turing",
        "Alan Turing",
        "Watching the Daisies Grow",
        "Alan Mathison Turing Universal Turing Machine",
        "The legacy of Alan Turing Universal Turing Machine",
        "The Essential Turing",
        "Intelligence service : Schriften",
    ],
}

S = "tests/data/samples/"
CASES = [
    ("rongrong-wang", S + "rongrong-wang.profile.txt", None, RW, "tune"),
    ("chiquet-bib", S + "bibtex_chiquet_journal.bib", "Chiquet", JC, "tune"),
    ("shang-bib", S + "bibtex_alfolio_shang.bib", None, YS, "tune"),
    ("turing-s2", S + "s2_author_2262347.json", None, AT, "tune"),
    ("eglen-orcid", S + "orcid_v3_0000-0001-8607-8025_works.json", "Stephen Eglen", SE, "report"),
]
with open("evals/suites/themes.jsonl", "w", encoding="utf-8") as out:
    for case_id, source, author, groups, half in CASES:
        inputs = {"source": source} | ({"author": author} if author else {})
        row = {"id": case_id, "inputs": inputs, "expect": {"groups": groups}, "tags": [half]}
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
