"""The LaTeX templates (*.tex.j2), kept at the project's top level and installed as derive.templates."""
