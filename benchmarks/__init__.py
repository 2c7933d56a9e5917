"""Benchmarks: speed is measured here, as ratios against a baseline measured in the same run,
never asserted in timed tests (brief, "Speed")."""
