"""Rendering: IR -> {path: text} per target (pure), then format, then write (disk)."""
