"""The network: layer kinds, activations, losses, optimizers, symbols and formula templates."""
