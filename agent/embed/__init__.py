"""Sentence embeddings: the bundled MiniLM model, its cache and its ONNX sessions."""
