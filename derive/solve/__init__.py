"""Solving a problem: the pass engine over layer kinds, the trace and the numeric checks."""
