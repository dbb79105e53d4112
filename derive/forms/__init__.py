"""The forms a solved problem is written in: the LaTeX sheet and the choices of what it writes out."""
