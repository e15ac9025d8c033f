"""Benchmark tools: a synthetic catalogue generator and the timing harness."""
