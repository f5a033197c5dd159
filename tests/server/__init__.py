"""Server generator tests: bundling, views, handler patches, goldens, e2e, regeneration, corpus."""
