"""Optimizer paths on a surface f(x, y): the file (file.py), the paths (paths.py) and their picture (picture.py)."""
from .file import MAX_OPTIMIZERS, MAX_STEPS, Contender, Surface, load, name, parse_file
from .paths import Numeric, Trajectory, run, run_all
from .picture import contour_levels, contours, marching_squares, simplify, window

__all__ = ["MAX_OPTIMIZERS", "MAX_STEPS", "Contender", "Surface", "load", "name", "parse_file", "Numeric",
           "Trajectory", "run", "run_all", "contour_levels", "contours", "marching_squares", "simplify", "window"]
