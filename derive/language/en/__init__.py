"""The English message table: finished LaTeX with {{name}} placeholders, one module per area."""
from ..tables import table

MESSAGES = table(__name__)
