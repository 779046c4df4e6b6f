"""Benchmarks you can rerun (`make bench`): speed targets live here, not in timed tests."""
