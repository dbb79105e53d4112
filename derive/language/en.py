"""The English messages of the sheets: finished LaTeX with {{name}} placeholders (a new English string goes here)."""
from ..losses import LOSSES
from ..optimizers import RULES

MESSAGES = {
    # --- shared -------------------------------------------------------------------------------------
    "latin": "{{text}}",  # left-to-right Latin text (names, files, keys) inside the prose
    "list_separator": ", ",

    # --- the answer sheet (templates/sheet.tex.j2, derive/sheet.py) ----------------------------------
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
    "sheet.network": ("A network with {{inputs}} and {{layers}}, with $z = W a + b$ in each layer (a weight has shape "
                      "units $\\times$ inputs of the layer, as PyTorch's \\texttt{Linear}):"),
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
    "sheet.mean": "Mean over the batch",
    "sheet.update": "Update ({{rule}})",
    "sheet.rule_once": "The rule, shown for {{param}}; every parameter is updated the same way, elementwise.",
    "sheet.grad_table_head": "parameter & shape",
    "sheet.iteration_column": "iteration",
    "sheet.final": "The loss is that of the parameters each iteration used; the parameters after the last update are:",
    "sheet.final_in_json": "The parameters after the last update are in the JSON file.",
    "sheet.gradcheck": ("The gradient of iteration 1 from the symbolic formulas against central finite differences "
                        "$\\bigl(\\mathcal{L}(\\theta + h) - \\mathcal{L}(\\theta - h)\\bigr) / 2h$ of the mean loss, "
                        "with $h = 10^{-6}\\max(1, |\\theta|)$, for {{elements}}. The largest absolute difference is "
                        "${{difference}}$ ({{element}})."),
    "sheet.gradcheck_all": "every parameter element",
    "sheet.gradcheck_some": "{{shown}} of the {{total}} parameter elements, spread evenly",
    "sheet.gradcheck_first": " The table lists the first {{n}}.",
    "sheet.gradcheck_head": "element & symbolic & finite differences & difference",
    "sheet.summary_note": ("This problem has {{params}} parameters and {{samples}} samples, too many to show every "
                           "element: the formulas are derived once, and each iteration shows a table of the samples' "
                           "losses and outputs, the mean loss, the gradients' sizes and the update rule; every value "
                           "is in the JSON file."),

    # --- the derivation (derive/derivation.py) -------------------------------------------------------
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

    # --- the marked sheet (templates/check.tex.j2, derive/check_command.py) ---------------------------
    "check.ecf": "ecf",
    "check.title": "Marked: {{title}}",
    "check.author": "{{claims}} checked against {{problem}}",
    "check.correct": "correct",
    "check.carried": "carried: follows from your own earlier numbers",
    "check.wrong": "wrong",
    "check.of": "\\textbf{{{n}}} of {{total}}",
    "check.first_error": "\\textbf{First error:} ${{symbol}}$ (\\texttt{{{key}}}).",
    "check.no_errors": "\\textbf{No errors.}",
    "check.explain": ("A number counts as correct when it is the true value rounded to the decimals you wrote; it is "
                      "carried\nwhen it is what your own earlier numbers give (their rounding included). The right "
                      "values stand\nbeside yours; under each cross, the step's formula with your numbers shows what "
                      "they give."),
    "check.columns": "\\text{step} & \\text{yours} & \\text{right}",
    "check.given": "(given in the problem)",
    "check.from_yours": "from your numbers:",
    "check.section.parameters": "Iteration {{t}}: parameters",
    "check.section.update": "Iteration {{t}}: update",
    "check.section.sample": "Iteration {{t}}, sample {{i}}",
    "check.section.iteration": "Iteration {{t}}",

    # --- the proofs (templates/proofs.tex.j2, proofs_body.tex.j2, derive/proofs/verify.py) ------------
    "proofs.title": "Derivations checked by SymPy",
    "proofs.intro": ("Every numbered step below states what it claims, says why it holds, and says how SymPy verified\n"
                     "it when this document was built: as a symbolic identity for every value of the integer involved\n"
                     "where SymPy can prove one, else exactly for the values 1 to 20; numbers in exact rational\n"
                     "arithmetic, rounded only for display. A step that fails verification is never printed: the build\n"
                     "stops and names it."),
    "proofs.claim": "Claim.",
    "proofs.proof": "Proof.",
    "proofs.proof_text": "Every relation below was checked by SymPy when this document was built.",
    "proofs.step": "Step {{n}}: {{title}}",
    "proofs.verified": "verified by SymPy:",
    "proofs.not_verified": "not verified",
    "proofs.figure": "Figure",
    "proofs.table": "Table",
    "verify.exact": "checked exactly for every {{var}} from {{start}} to {{end}}",
    "verify.symbolic": "symbolic identity",
    "verify.every_integer": " for every integer {{bound}}",
    "verify.arithmetic": "exact arithmetic",
    "verify.with_arithmetic": ", numbers in exact arithmetic",
    "verify.did": " ({{steps}})",
    "verify.did_separator": "; ",
    "verify.did.given": "definitions and earlier steps substituted",
    "verify.did.expectation": "expectations by linearity",
    "verify.did.closed_form": "sums in closed form",
    "verify.did.reindexed": "sums re-indexed and aligned",
    "verify.did.derivative": "derivatives taken",
    "verify.did.limit": "limits taken",

    # --- the losses and the optimizers' rules (their English lives in their own tables) --------------
    **{f"loss.{kind}": name for kind, (name, _) in LOSSES.items()},
    **{f"rule.{kind}.title": rule.title for kind, rule in RULES.items()},
    **{f"rule.{kind}.note": rule.note for kind, rule in RULES.items()},
}
