"""The English words of the derivation (derivation.*)."""

MESSAGES = {
    # --- the derivation (derive/forms/derivation.py) ------------------------------------------------------
    "derivation.model": "The model",
    "derivation.model_intro": "For each sample, with $a$ the input of a layer and vectors as columns:",
    "derivation.each_output": "for each output $k$",
    "derivation.elementwise": "elementwise",
    "derivation.one_sample": "{{loss}} of one sample",
    "derivation.batch_loss": "the loss of a batch of $n$ samples is the mean of theirs",
    "derivation.local": "Local derivatives",
    "derivation.local_intro": "Each derivative below is SymPy's, from the formulas above.",
    "derivation.kronecker": "$\\delta_{jk} = 1$ when $j = k$, else 0",
    "derivation.simplified": "SymPy simplifies the product",
    "derivation.simplified_ce": "SymPy simplifies the product (with $\\sum_j y_j = 1$ for one-hot labels)",
    "derivation.backward": "Backward pass in matrix form",
    "derivation.backward_intro": ("A bar is the derivative of the sample's loss $L$ with respect to the quantity "
                                  "($\\bar{q} = \\partial L / \\partial q$), with the quantity's own shape. "
                                  "$\\odot$ is the elementwise product."),
    "derivation.mean_gradient": "for every parameter $\\theta$: the gradient the update uses",
    "derivation.scalar": "One element of each gradient, as a scalar formula",
    "derivation.scalar_intro": "The matrix formulas above, written out for the first element of each parameter:",
    "derivation.composed_differs": ("The derivative of the fully composed loss was compared with the chain rule: "
                                    "they differ for {{where}}."),
    "derivation.composed": ("Check: SymPy also wrote $L$ as one expression of the inputs and all {{count}} parameters "
                            "and differentiated it directly; for every parameter element the difference from the "
                            "chain-rule result expands to $0$, so both routes agree."),
    "derivation.composed_ce": ("Check: SymPy also wrote $L$ as one expression of the inputs and all {{count}} "
                               "parameters and differentiated it directly; for every parameter element the difference "
                               "from the chain-rule result expands to $0$ (using $\\sum_k y_k = 1$), so both routes "
                               "agree."),

    # --- course conventions (layout, biases, frozen parameters, batch sums, rule options) -----------------
    "derivation.model_intro_rows": ("For each sample, with $a$ the input of a layer and vectors as rows (the sample "
                                    "is a row $x$, and $z = a W + b$):"),
    "derivation.batch_loss_sum": "the loss of a batch of $n$ samples is the sum of theirs",
    "derivation.mean_gradient_frozen": "for every parameter $\\theta$ but the frozen {{frozen}}: the gradient the update uses",
    "derivation.no_bias": ", no bias",
    "derivation.scalar_cut": "with ${{bar}} = \\partial L / \\partial {{value}}$ from the backward pass",
    "derivation.composed_skipped": ("The fully composed loss of a network this deep is not differentiated here: SymPy's "
                                    "expansion of its derivatives grows exponentially with the layers. The "
                                    "finite-difference check at the end compares the gradients numerically."),
    "derivation.backward_batchnorm": ("With batch norm, a bar upstream of it is the derivative of the batch's summed "
                                      "loss $\\sum_j L^{(j)}$ (below); downstream that is the same as "
                                      "$\\partial L / \\partial q$."),
}
