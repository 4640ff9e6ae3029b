"""Benchmarks (not tests): `python -m bench.import_bench --rows 1000000`."""
