"""What every output form shares: numbers as text (the one rounding place), LaTeX escaping, the Jinja2 environment, the sheet's lines as data."""
