"""The English words of the answer sheet (sheet.*)."""

MESSAGES = {
    # --- the answer sheet (templates/sheet.tex.j2, derive/forms/sheet.py) ---------------------------------
    "sheet.author": "Worked solution",
    "sheet.problem": "The problem",
    "sheet.layer_table_head": "layer & units & activation & weight & bias & values",
    "sheet.data": "Data.",
    "sheet.initial_values": "Initial values.",
    "sheet.optimizer_heading": "Optimizer.",
    "sheet.layout": "How this sheet is laid out.",
    "sheet.derivation": "Derivation",
    "sheet.summary": "Summary",
    "sheet.gradients_appendix": "Symbolic and numeric gradients",
    "sheet.network": "A network with {{inputs}} and {{layers}}, {{convention}}:",
    "sheet.inputs.one": "{{n}} input",
    "sheet.inputs.other": "{{n}} inputs",
    "sheet.layers.one": "{{n}} layer",
    "sheet.layers.other": "{{n}} layers",
    "sheet.loss": "Loss: {{loss}} of each sample; the loss of a batch is the mean of its samples' losses.",
    "sheet.samples.one": "{{n}} sample.",
    "sheet.samples.other": "{{n}} samples.",
    "sheet.samples_in_json": " (listed in the JSON file)",
    "sheet.sample": "sample",
    "sheet.init_in_files": "Listed in the problem file and the JSON file.",
    "sheet.batch.full": "each iteration is one step on the mean gradient over all {{n}} samples",
    "sheet.batch.sample": "each iteration is one step on a single sample, in order",
    "sheet.batch.size": "each iteration is one step on a mini-batch of {{size}} samples, in order",
    "sheet.optimizer": "{{rule}} with {{settings}}, for {{iterations}}; {{batch}}; all optimizer states start at $0$. "
                       "{{note}}",
    "sheet.iterations.one": "{{n}} iteration",
    "sheet.iterations.other": "{{n}} iterations",
    "sheet.iteration": "Iteration {{t}}",
    "sheet.uses_samples.one": "This iteration uses sample {{samples}}. ",
    "sheet.uses_samples.other": "This iteration uses samples {{samples}}. ",
    "sheet.params_initial": "The parameters used in this iteration are the initial values.",
    "sheet.params_updated": "The parameters used in this iteration are those the update of iteration {{t}} gave.",
    "sheet.lookahead": "Look-ahead point",
    "sheet.lookahead_text": "The gradient of this iteration is taken at the look-ahead point "
                            "$\\tilde\\theta = \\theta + \\mu v$:",
    "sheet.forward": "Sample {{i}}: forward pass and loss",
    "sheet.backward": "Sample {{i}}: backward pass",
    "sheet.samples_block": "Samples",
    "sheet.passes": "Forward and backward passes of sample {{samples}}",
    "sheet.passes.other": "Forward and backward passes of samples {{samples}}",
    "sheet.passes_text": "The same formulas, with each sample's numbers (one column per sample):",
    "sheet.batch_values": "The batch's statistics",
    "sheet.quantity": "quantity",
    "sheet.value": "value",
    "sheet.detail_note.first": ("Sample {{sample}} of iteration 1 is worked out in full, and each formula of the mean "
                                "and the update once, for {{param}}; every other pass and parameter is a table of "
                                "its values, computed by the same formulas."),
    "sheet.detail_note.summary": ("The formulas are derived once; each iteration is a table of the values of its "
                                  "passes, its mean and its update, computed by them."),
    "sheet.mean": "Mean over the batch",
    "sheet.update": "Update ({{rule}})",
    "sheet.rule_once": "The rule, shown for {{param}}; every parameter is updated the same way, elementwise.",
    "sheet.grad_table_head": "parameter & shape",
    "sheet.iteration_column": "iteration",
    "sheet.final": "The loss is that of the parameters each iteration used; the parameters after the last update are:",
    "sheet.final_in_update": ("The loss is that of the parameters each iteration used; the parameters after the last "
                              "update are in the last update's table."),
    "sheet.gradcheck_worst": " The table lists each parameter's element with the largest difference.",
    "sheet.final_in_json": "The parameters after the last update are in the JSON file.",
    "sheet.gradcheck": ("The gradient of iteration 1 from the symbolic formulas against central finite differences "
                        "$\\bigl(\\mathcal{L}(\\theta + h) - \\mathcal{L}(\\theta - h)\\bigr) / 2h$ of the {{loss}}, "
                        "with $h = 10^{-6}\\max(1, |\\theta|)$, for {{elements}}. The largest absolute difference is "
                        "${{difference}}$ ({{element}})."),
    "sheet.gradcheck_all": "every parameter element",
    "sheet.gradcheck_some": "{{shown}} of the {{total}} parameter elements, spread evenly",
    "sheet.gradcheck_first": " The table lists the first {{n}}.",
    "sheet.gradcheck_head": "element & symbolic & finite differences & difference",
    "sheet.summary_note": ("This problem has {{params}} parameters and {{samples}} samples, too many to show every "
                           "element: the formulas are derived once, and each iteration shows a table of the samples' "
                           "losses and outputs, the {{loss}}, the gradients' sizes and the update rule; every value "
                           "is in the JSON file."),

    # --- course conventions (layout, biases, frozen parameters, batch sums, rule options) -----------------
    "sheet.no_bias": "none",
    "sheet.frozen_mark": " (frozen)",
    "sheet.convention.Wx": ("with $z = W a + b$ in each layer (a weight has shape units $\\times$ inputs of the layer, "
                            "as PyTorch's \\texttt{Linear})"),
    "sheet.convention.xW": ("with $z = a W + b$ in each layer: a sample and the values of a layer are rows, and a "
                            "weight has shape inputs $\\times$ units of the layer, as written in the problem file (the "
                            "transpose of PyTorch's \\texttt{Linear} weight)"),
    "sheet.convention.no_bias": "; a layer without a bias has $z = {{z}}$",
    "sheet.frozen.one": ("{{names}} is frozen: used with its initial value in every iteration, never updated, and no "
                         "gradient is computed for it."),
    "sheet.frozen.other": ("{{names}} are frozen: used with their initial values in every iteration, never updated, "
                           "and no gradient is computed for them."),
    "sheet.frozen_keep": "The frozen ones keep their initial values.",
    "sheet.loss_sum": ("Loss: {{loss}} of each sample; the loss of a batch is the sum of its samples' losses, and so "
                       "is its gradient."),
    "sheet.rule_intro": "For every parameter $\\theta$ with gradient $g$, iteration $t$ updates:",
    "sheet.sum": "Sum over the batch",
    "sheet.where_g": "where $g$ is taken",

    # --- layer kinds (derive/network/layers/: each kind's words under layer.KIND.*) -----------------------
    "sheet.convention.Wx.some": ("with $z = W a + b$ in each dense layer (a weight has shape units $\\times$ inputs of "
                                 "the layer, as PyTorch's \\texttt{Linear})"),
    "sheet.convention.xW.some": ("with $z = a W + b$ in each dense layer: a sample and the values of a layer are rows, "
                                 "and a weight has shape inputs $\\times$ units of the layer, as written in the problem "
                                 "file (the transpose of PyTorch's \\texttt{Linear} weight)"),
    "sheet.losses": "Losses",
    "sheet.batch.full_sum": "each iteration is one step on the summed gradient over all {{n}} samples",
    "sheet.gradcheck.mean_loss": "mean loss",
    "sheet.gradcheck.summed_loss": "summed loss",
}
