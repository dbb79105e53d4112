"""Marking hand-worked numbers: claims files, the check, the marked sheet."""
