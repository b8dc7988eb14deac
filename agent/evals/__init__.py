"""Regression evals: suites of cases run through the real flow, scored by agent.evals.metrics."""
