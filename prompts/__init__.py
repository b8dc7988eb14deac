"""Prompt templates (*.md), installed as the package ``agent.prompts``."""
