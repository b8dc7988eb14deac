"""Questions answered: routing, evidence, extractive and LLM answers, tools, the chat log."""
