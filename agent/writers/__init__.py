"""Writers: claims lifted from abstracts, the voice that states them, and draft templates."""
