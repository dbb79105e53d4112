"""Marking hand-worked numbers: the precision policy, intervals over written precisions, verdicts."""
