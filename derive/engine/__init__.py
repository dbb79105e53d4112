"""Solving a problem: the pass engine, the trace of named quantities, numeric checks."""
