"""The verifier: sentence support, entailment cues, verdicts, drafts and claim files."""
