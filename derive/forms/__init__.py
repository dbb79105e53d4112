"""The answer sheet's forms: the LaTeX sheet and derivation, PDF compilation, atomic output files."""
