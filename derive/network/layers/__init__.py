"""Layer kinds beside dense (batch norm, layer norm, dropout): their spec, formulas, trace steps and sheet steps."""
