"""The English words of the optimizers' update rules (rule.*)."""

MESSAGES = {
    # --- the trajectories document (templates/trajectories.tex.j2, derive/trajectories/) ------------------
    # an optimizer's short name, plain text: the default label of its path
    "rule.sgd.name": "SGD",
    "rule.momentum.name": "Momentum",
    "rule.nesterov.name": "Nesterov",
    "rule.adagrad.name": "AdaGrad",
    "rule.rmsprop.name": "RMSProp",
    "rule.adam.name": "Adam",
    "rule.adamw.name": "AdamW",

    # --- the losses and the optimizers' rules -------------------------------------------------------------
    "rule.sgd.title": 'gradient descent',
    "rule.momentum.title": 'gradient descent with momentum',
    "rule.nesterov.title": "Nesterov's accelerated gradient",
    "rule.adagrad.title": 'AdaGrad',
    "rule.rmsprop.title": 'RMSProp',
    "rule.adam.title": 'Adam',
    "rule.adamw.title": 'AdamW (Adam with decoupled weight decay)',
    "rule.sgd.note": "This is PyTorch's SGD without momentum.",
    "rule.momentum.note": ("PyTorch's SGD(momentum=$\\mu$) writes $b \\leftarrow \\mu b + g$, $\\theta \\leftarrow \\theta - \\eta b$; "
        "with a constant $\\eta$ this is $v = -\\eta b$, so the iterates are the same."),
    "rule.nesterov.note": ("PyTorch's SGD(nesterov=True) keeps the parameters at the look-ahead point ($\\tilde\\theta$ here) and "
        "evaluates the gradient there; its iterates are this rule's $\\tilde\\theta$, not $\\theta$, so the two "
        "sequences differ by $\\mu v$."),
    "rule.adagrad.note": ("PyTorch's Adagrad with its defaults (no decay, initial accumulator 0) and eps $=\\epsilon$ gives the "
        "same iterates."),
    "rule.rmsprop.note": "PyTorch's RMSprop(alpha=$\\rho$, eps=$\\epsilon$) gives the same iterates.",
    "rule.adam.note": "PyTorch's Adam(betas=($\\beta_1, \\beta_2$), eps=$\\epsilon$) gives the same iterates.",
    "rule.adamw.note": ("The decay $\\eta\\lambda\\theta$ is taken from the parameter itself, not added to the gradient; "
        "PyTorch's AdamW(betas=($\\beta_1, \\beta_2$), eps=$\\epsilon$, weight\\_decay=$\\lambda$) gives the same "
        "iterates."),
    "rule.momentum.title.torch": "gradient descent with momentum (PyTorch's form)",
    "rule.nesterov.title.torch": "Nesterov's accelerated gradient (PyTorch's form)",
    "rule.momentum.note.torch": ("This is PyTorch's SGD(momentum=$\\mu$) as its documentation writes it: the same iterates."),
    "rule.nesterov.note.torch": ("This is PyTorch's SGD(momentum=$\\mu$, nesterov=True) as its documentation writes it: the gradient "
        "is taken at $\\theta$ itself, and the iterates are PyTorch's."),
    "rule.adagrad.note.eps_inside": ("PyTorch's Adagrad adds $\\epsilon$ outside the square root; here it is inside, $\\sqrt{r + "
        "\\epsilon}$, so the iterates differ from PyTorch's where $\\epsilon$ is not negligible against $r$."),
    "rule.rmsprop.note.eps_inside": ("PyTorch's RMSprop adds $\\epsilon$ outside the square root; here it is inside, $\\sqrt{r + "
        "\\epsilon}$, so the iterates differ from PyTorch's where $\\epsilon$ is not negligible against $r$."),
    "rule.adam.note.eps_inside": ("PyTorch's Adam adds $\\epsilon$ outside the square root; here it is inside, $\\sqrt{\\hat{s} + "
        "\\epsilon}$, so the iterates differ from PyTorch's where $\\epsilon$ is not negligible against "
        "$\\hat{s}$."),
    "rule.adamw.note.eps_inside": ("PyTorch's AdamW adds $\\epsilon$ outside the square root; here it is inside, $\\sqrt{\\hat{s} + "
        "\\epsilon}$, so the iterates differ from PyTorch's where $\\epsilon$ is not negligible against "
        "$\\hat{s}$."),
    "rule.weight_decay_note": (" The weight decay adds $\\lambda\\theta$ to the gradient (the gradient of "
        "$\\frac{\\lambda}{2}\\lVert\\theta\\rVert^2$) before the rule uses it, as PyTorch's "
        "weight\\_decay=$\\lambda$ does."),
}
