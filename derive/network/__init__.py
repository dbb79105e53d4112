"""The network as SymPy: layer kinds, activations, losses, optimizers, symbols and formula templates."""
