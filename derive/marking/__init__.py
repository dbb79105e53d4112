"""Marking students' numbers: claims, checking, the precision policy."""
