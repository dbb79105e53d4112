"""Shared test set-up: the tests folder on sys.path (reference, problem_factory) and common paths."""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
ROOT = HERE.parent
HW2 = ROOT / "derive" / "problems" / "hw2.toml"
