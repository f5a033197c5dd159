"""Golden trees are generated projects (some with their own conftest.py and test files),
recorded as data: pytest must never collect or import them."""

collect_ignore_glob = ["*/expected", "server/*/*"]
