"""Breaking-change diff: pair two IRs (engine), run named rules over the pairs (rules/),
and report the changes (report)."""
