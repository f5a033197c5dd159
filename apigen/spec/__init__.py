"""Spec stages: load (bytes -> tree), resolve ($refs, sandbox), validate (findings)."""
