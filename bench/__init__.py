"""Benchmarks with targets: `python -m bench` runs them all and writes bench/results/latest.{md,json}."""
