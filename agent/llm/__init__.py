"""LLM access: the OpenAI-compatible client, the embedded llama.cpp server, weights, prompts."""
