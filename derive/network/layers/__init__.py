"""The layer kinds, one module each (dense, batchnorm, layernorm, dropout), and their registry."""
