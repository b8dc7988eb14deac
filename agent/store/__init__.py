"""Where profiles live: SQLite records, Chroma vectors, hybrid retrieval, ingest."""
