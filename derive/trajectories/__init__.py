"""Optimizer paths on a surface f(x, y): the file, the paths and their document."""
