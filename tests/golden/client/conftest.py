"""The snapshots here are generated projects, not tests: never collect or import them."""

collect_ignore_glob = ["*/expected/*"]
