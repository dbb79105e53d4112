"""The English messages of the sheets: finished LaTeX with {{name}} placeholders (a new English string goes here)."""

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
    "check.author": "{{claims}} marked against {{problem}}",
    "check.student": "Student {{student}}",
    "check.score": "\\textbf{Score: {{score}}\\,\\%}",
    "check.correct": "correct",
    "check.carried": "carried",
    "check.imprecise": "imprecise",
    "check.wrong": "wrong",
    "check.unanswered": "not answered",
    "check.rule_digits": "{{n}} significant digits",
    "check.rule_decimals": "{{n}} decimals",
    "check.of": "\\textbf{{{n}}} of {{total}}",
    "check.first_error": "\\textbf{First error:} ${{symbol}}$ (\\texttt{{{key}}}).",
    "check.no_errors": "\\textbf{No errors.}",
    "check.explain": ("A number is correct when it lies within the range your own correct numbers allow, their rounding "
                      "included:\nrounding as you go costs nothing. It is carried when it follows from an earlier "
                      "wrong number of yours,\nand imprecise when written to fewer than {{rule}}. The right values "
                      "stand beside yours; under each cross,\nthe step's formula with your numbers shows what they "
                      "give."),
    "check.yours": "yours",
    "check.right": "right",
    "check.block": "columns {{first}}--{{last}}",
    "check.unknown": "Not marked: keys this problem does not have",
    "check.closest": "closest: {{keys}}",
    "check.columns": "\\text{step} & \\text{yours} & \\text{right}",
    "check.given": "(given in the problem)",
    "check.from_yours": "from your numbers:",
    "check.section.parameters": "Iteration {{t}}: parameters",
    "check.section.update": "Iteration {{t}}: update",
    "check.section.sample": "Iteration {{t}}, sample {{i}}",
    "check.section.iteration": "Iteration {{t}}",

    # --- the question sheet (templates/questions.tex.j2, derive/classroom/) ------------------------------
    "questions.author": "Questions",
    "questions.author_for": "Questions for {{student}}",
    "questions.compute": "What to compute",
    "questions.instructions": ("Work out every number below, keeping full precision between the steps and writing each "
                               "result to\n{{digits}} significant digits. Then type your numbers into {{claims}} under "
                               "the key each row gives\n(\\texttt{derive check} marks them: a number that follows from "
                               "your own earlier, wrong one counts as\ncarried, not wrong)."),
    "questions.claims_default": "the claims file of \\texttt{derive claims}",
    "questions.too_large": ("This problem is too large to work every sample by hand: only each iteration's loss, mean "
                            "gradients and\nupdates are asked for."),
    # a number's blank after its symbol and key: the "=" between the key and the blank, on the side the line is read from
    "questions.answer": "$= {{blank}}$",
    "questions.variant": " (variant {{student}})",  # plain text, not LaTeX: it ends the title of a student's variant

    # --- the trajectories document (templates/trajectories.tex.j2, derive/trajectory_command.py) --------
    "trajectories.author": "Optimizer paths",
    "trajectories.function": "The function",
    "trajectories.intro": ("(written in the file as {{text}}). Every optimizer starts at ${{start}}$, where $f = {{value}}$, "
                           "and takes {{steps}} on the exact gradient $g_t$; all optimizer states start at $0$."),
    "trajectories.steps.one": "{{n}} step",
    "trajectories.steps.other": "{{n}} steps",
    "trajectories.start": "start",
    "trajectories.minimum": "minimum {{point}}",
    "trajectories.contours": "Contour lines of $f$ at {{levels}}.",
    "trajectories.ends": "Where each optimizer ends",
    "trajectories.table_head": "& optimizer & settings & steps & $x$ & $y$ & $f(x, y)$",
    "trajectories.rules": "The rules and their first steps",
    "trajectories.rules_intro": ("Each rule moves the point $\\theta = (x, y)$ with the gradient $g$ of $f$, elementwise. "
                                 "The first {{n}} steps of each path are written out; the JSON file has every point, "
                                 "gradient and state."),
    "trajectories.rule": "The rule:",
    "trajectories.first_steps": "The first steps:",
    "trajectories.heading": "{{label}} ({{title}})",
    "trajectories.label_lr": "{{name}}, lr {{lr}}",  # plain text: a default label
    "trajectories.notes_separator": "; ",
    # plain text too: the JSON's "stopped" is the English one
    "trajectories.stopped.gradient": "stopped at step {{t}}: the gradient is not a finite number there",
    "trajectories.stopped.value": "stopped at step {{t}}: the next point or f there is not a finite number",
    "trajectories.leaves": "leaves the picture at step {{t}}",
    # an optimizer's short name, plain text: the default label of its path
    "rule.sgd.name": "SGD",
    "rule.momentum.name": "Momentum",
    "rule.nesterov.name": "Nesterov",
    "rule.adagrad.name": "AdaGrad",
    "rule.rmsprop.name": "RMSProp",
    "rule.adam.name": "Adam",
    "rule.adamw.name": "AdamW",

    # --- the class report (derive report: templates/report.html.j2 and report.tex.j2, derive/classroom/report/) ---
    "report.title": "Class report",
    "report.scores": "Scores",
    "report.scores_text": ("{{graded}} of {{students}} students graded; mean score {{mean}}, median {{median}} "
                           "(percent of the numbers asked)."),
    "report.steps": "Step by step",
    "report.steps_text": ("For every step of the derivation, in the order of the sheet: the share of students whose "
                          "numbers are correct, carried (right from their own earlier numbers), wrong, or not given."),
    "report.first_errors": "Where the first error lies",
    "report.first_errors_text": "The steps where most students' first wrong number lies.",
    "report.no_errors": "No student wrote a wrong number.",
    "report.lowest": "The lowest scores",
    "report.step": "step",
    "report.student": "student",
    "report.first_wrong": "first wrong key",
    "report.mean": "mean",
    "report.median": "median",
    "report.score": "score (percent)",
    "report.students": "students",
    "report.share": "students (percent)",
    "report.correct": "correct",
    "report.carried": "carried",
    "report.wrong": "wrong",
    "report.blank": "not given",
    "report.forward": "forward",
    "report.backward": "backward",
    "report.update": "update",

    # --- the web forms' own words (derive/forms/web/view.py; their other labels are the sheets' messages) -------
    "web.appendix": "Appendix",
    "web.contents": "Contents",
    "web.figure_elsewhere": "(The figure is drawn in the HTML and PDF sheets.)",

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

    # --- the proofs' words (derive/proofs/*.py): text with {{name}} where an expression stands ----------
    "proof.note.recurrence": "recurrence",
    "proof.note.hypothesis": "hypothesis",
    "proof.note.shift": "shift the index",
    "proof.numbers.problem": "The numbers of this problem",
    "proof.numbers.typical": "Typical numbers",
    "proof.mean_of": "mean of {{q}}",
    "proof.ema.title": "The exponential moving average, unrolled",
    "proof.ema.statement": ("Let {{s0}} and, for every {{t1}},{{recurrence}}with {{range}}. Then for every "
                            "{{t1}}:{{unrolled}}"),
    "proof.ema.statement2": ("If moreover {{mean}} for every {{i}}, then {{expected}}, so the corrected average "
                             "{{corrected}} is an unbiased estimate of {{mu}}. Steps 1 and 2 prove the first claim by "
                             "induction on {{t}}, steps 3 to 5 the second; steps 6 to 8 apply it to Adam and to "
                             "momentum."),
    "proof.ema.base": "Base case",
    "proof.ema.base.why": ("Put {{t1}} into the recurrence and use {{s0}}; the sum of the claim has the single term "
                           "{{i0}}."),
    "proof.ema.step": "Inductive step",
    "proof.ema.step.why": ("Let {{t2}} and assume the claim for {{previous}} (the inductive hypothesis). Apply the "
                           "recurrence once, move {{beta}} into the sum, shift the summation index by one, and "
                           "recognise {{xt}} as the term {{i0}} of the sum."),
    "proof.ema.expectation": "Expectation",
    "proof.ema.expectation.why": ("Take expectations of the unrolled form. Expectation is linear, {{share}} and "
                                  "{{weight}} are numbers, and {{mean}} for every term."),
    "proof.ema.geometric": "Geometric sum",
    "proof.ema.geometric.why": ("The finite geometric series sums to {{sum}} for {{condition}}, and the factor "
                                "{{factor}} cancels."),
    "proof.ema.correction": "Bias correction",
    "proof.ema.correction.why": ("Divide by {{divisor}}, a number that is not 0 for {{t1}}: the corrected average "
                                 "has exactly the mean of the {{xt}}."),
    "proof.ema.adam": "Both Adam moments are instances",
    "proof.ema.adam.why": ("Adam's first moment {{first}} is the average with {{beta1}} and {{x1}}; its second "
                           "moment {{second}} is the average with {{beta2}} and {{x2}}. When the gradients' mean and "
                           "mean square do not change, steps 3 to 5 give:"),
    "proof.ema.momentum": "Momentum is a scaled average",
    "proof.ema.momentum.why": ("The course's momentum {{velocity}} with {{v0}} (the course writes its coefficient "
                               "{{mu}}; here it is {{beta}}, since {{mu}} is the mean) is {{factor}} times the "
                               "average of the gradients ({{x}}): it holds at {{t0}}, and if it holds at "
                               "{{previous}} the two recurrences carry it to {{t}}."),
    "proof.ema.velocity": "Momentum's expected velocity",
    "proof.ema.velocity.why": ("By steps 3, 4 and 7, the velocity's mean grows to {{limit}} by the same factor "
                               "{{factor}}; momentum has no correction, so its first steps are short."),
    "proof.ema.numbers.why": ("With {{setting}} {{value}}, the first average carries only {{share}} of the mean, "
                              "and the bias {{bias}} drops below 1% only at {{last}}."),
    "proof.ema.numbers.problem_momentum": "the problem's momentum coefficient",
    "proof.ema.numbers.typical_momentum": "a typical momentum coefficient",
    "proof.ema.numbers.problem_decay": "the problem's decay rate",
    "proof.ema.numbers.typical_decay": "a typical decay rate",
    "proof.ema.numbers.momentum": (" With {{lr}}, momentum's velocity settles at minus the last number times the "
                                   "mean gradient (step 8 as t grows)."),
    "proof.ema.figure": ("Means over {{runs}} seeded runs ({{x}} normal with mean {{mean}} and standard deviation "
                         "{{sd}}) against the closed forms of steps 4 and 5."),
    "proof.ema.table": ("The simulation in numbers ({{runs}} runs; mean and standard error). The corrected column "
                        "stays at the mean from the first step on."),

    "proof.adam.title": "Adam's bias correction",
    "proof.adam.statement": ("Adam keeps two exponential moving averages of the gradient, from {{m0}} and {{s0}}:"
                             "{{moments}}and moves each parameter by{{step}}with the corrected moments{{corrected}}"
                             "Below: why the raw moments are biased, what the correction changes at the first step, "
                             "and why it matters less as t grows."),
    "proof.adam.biased": "Both moments start biased towards 0",
    "proof.adam.biased.why": ("Both averages start at {{m0}} and {{s0}}, and each step lets in only {{share1}} (or "
                              "{{share2}}) of the new gradient, so early on they are mostly the zero they started "
                              "from. By the unrolled average (proof ema, steps 3 and 4) with {{x}} and with the "
                              "squared gradient, their means fall short by the factor {{factor}}:"),
    "proof.adam.corrected": "The corrected moments are unbiased",
    "proof.adam.corrected.why": "Divide by the known numbers {{first}} and {{second}}, as Adam does:",
    "proof.adam.with": "The first step with the correction",
    "proof.adam.with.why": ("At {{t1}} the corrected moments are the first gradient and its square. Take "
                            "{{positive}} (for a negative gradient every sign flips). Each parameter moves by about "
                            "{{eta}} whatever the scale of its gradient, as long as {{g1}} is much larger than "
                            "{{eps}}:"),
    "proof.adam.without": "The first step without it",
    "proof.adam.without.why": ("Had Adam used the raw moments {{m1}} and {{s1}}, the first step would be larger by "
                               "the factor {{factor}}, because the square root shrinks the second moment's bias less "
                               "than the first's:"),
    "proof.adam.numbers.own": "With the problem's own settings and {{lr}}",
    "proof.adam.numbers.other": ("The problem's optimizer ({{kind}}) has no bias correction; with Adam's default "
                                 "{{b1}} and {{b2}} and the problem's {{lr}}"),
    "proof.adam.numbers.defaults": "With Adam's defaults, {{lr}}",
    "proof.adam.numbers.why": (", the raw first step is the first number below times {{eta}}, where the corrected "
                               "step is about {{eta}} itself. The raw step's approximation needs {{g1}} to be much "
                               "larger than the last number."),
    "proof.adam.constant": "A constant gradient",
    "proof.adam.constant.why": ("If every gradient equals the same {{g}}, the raw moments are the closed forms of "
                                "step 1 without expectations, and with {{eps0}} the raw step is this multiple of "
                                "{{eta}} (the corrected step is exactly {{eta}}):"),
    "proof.adam.fading": "The correction fades with time",
    "proof.adam.fading.why": ("The correction factors {{factor1}} and {{factor2}} tend to 1, since {{power1}} and "
                              "{{power2}} tend to 0; they are within 1% of 1 once {{power1}} and {{power2}} are "
                              "below 0.01, from {{last1}} and from {{last2}} on. The second moment's correction "
                              "lasts far longer, and the table below shows the raw step of step 6 is too large not "
                              "only at {{t1}}."),
    "proof.adam.factor_for": "factor for {{q}}",
    "proof.adam.raw_step": "raw step / {{eta}}",
    "proof.adam.ratio_table": ("The correction factors {{factor1}} and {{factor2}}, and the raw step of step 6 in "
                               "units of {{eta}} (a constant gradient, {{eps0}}), with this problem's {{b1}} and "
                               "{{b2}}."),
    "proof.adam.figure": ("Means over {{runs}} seeded runs of Adam's moments (gradients normal with mean {{mean}} "
                          "and standard deviation {{sd}}, so {{square}}) against step 1; the corrected moments sit on "
                          "the true values from the first step."),
    "proof.adam.table": "The simulation in numbers (mean and standard error).",

    "proof.bn.title": "Trainable parameters of a dense layer with batch norm",
    "proof.bn.statement": ("A dense layer with {{n_in}} inputs and {{n_out}} units followed by batch norm has"
                           "{{total}}trainable parameters: {{value}} for the sizes here, {{inputs}} and {{units}}."),
    "proof.bn.dense": "The dense layer",
    "proof.bn.dense.why": "The layer computes {{z}}: a weight matrix {{W}} with one row of {{n}} weights per unit and "
                          "one bias per unit.",
    "proof.bn.bn": "Batch norm",
    "proof.bn.bn.why": "Batch norm learns a scale {{gamma}} and a shift {{beta}} for each of the {{n}} units:",
    "proof.bn.total": "All trainable parameters",
    "proof.bn.total.why": "Add the two counts.",
    "proof.bn.total.check": (" As an independent check, SymPy builds the layer with these sizes for a batch of two "
                             "samples and counts the distinct parameter symbols in its output."),
    "proof.bn.counted": "parameter symbols of the layer",
    "proof.bn.redundant": "The dense bias is redundant",
    "proof.bn.redundant.why": ("For one unit and a batch of {{m}} samples, adding {{b}} to every {{z}} adds it to "
                               "their mean too, and the subtraction removes it: the normalised values, and so the "
                               "output, do not depend on {{b}}. Its gradient is 0; batch norm's shift {{beta}} does "
                               "its job, so the bias is usually dropped (bias=False in PyTorch):"),
    "proof.bn.buffers": "Running statistics are not trained",
    "proof.bn.buffers.why": ("Batch norm also keeps a running mean and a running variance per unit for use at test "
                             "time. They are moving averages of the batch statistics, updated without gradients, so "
                             "they are stored but not trained: not counted in {{P}}."),
    "proof.bn1.title": "Batch norm with a batch of one",
    "proof.bn1.statement": ("Batch norm normalises each unit over a batch of {{m}} values {{x}}:{{mean}}{{normalised}}"
                            "With a batch of one ({{m1}}), {{xhat}} and {{y}} for every input."),
    "proof.bn1.mean": "The mean",
    "proof.bn1.mean.why": "With {{m1}} the batch mean is the one value itself.",
    "proof.bn1.variance": "The variance",
    "proof.bn1.variance.why": "Every value equals the mean, so the variance is 0.",
    "proof.bn1.normalised": "The normalised value",
    "proof.bn1.normalised.why": ("The numerator is 0 and the denominator is {{root}}, which is positive: {{eps}} is "
                                 "what keeps this from being 0/0."),
    "proof.bn1.output": "The output",
    "proof.bn1.output.why": ("Whatever the input and whatever {{gamma}}, the output is the shift {{beta}}. (It is 0 "
                             "only while {{beta}} keeps its usual initial value 0.)"),
    "proof.bn1.gradient": "No gradient flows",
    "proof.bn1.gradient.why": ("The output does not depend on the input or on {{gamma}}, so their gradients are 0: "
                               "nothing reaches the layers below, {{gamma}} never learns, and only {{beta}} does. "
                               "Training with batches of one cannot work; PyTorch's BatchNorm1d refuses it in training "
                               "mode."),
    "proof.dropout.title": "Dropout: subnetworks and test-time scaling",
    "proof.dropout.statement": ("Dropout keeps each of {{N}} units independently with probability {{p}} during "
                                "training. Then there are {{count}} subnetworks, a dropped-out unit has mean {{p}} "
                                "times its value, and scaling by {{p}} at test time (or by {{inverse}} during "
                                "training) makes the next layer's input right on average."),
    "proof.dropout.subnetworks": "subnetworks",
    "proof.dropout.counting": "Counting subnetworks",
    "proof.dropout.counting.why": ("A subnetwork is fixed by which units are kept. Each of the {{N}} units is kept or "
                                   "dropped independently of the others, which gives the product; grouping the "
                                   "subnetworks by the number {{k}} of kept units, there are {{ways}} ways to choose "
                                   "them, which gives the sum. Both count the full network and the empty one."),
    "proof.dropout.number": "The number for this problem",
    "proof.dropout.number.why": "With the problem's {{N}} units:",
    "proof.dropout.mean": "The mean of a dropped-out unit",
    "proof.dropout.mean.why": ("During training {{htilde}} where the mask {{mask}} is 1 with probability {{p}} (the "
                               "keep probability) and 0 otherwise, so {{mean}}; the unit's value {{h}} is held "
                               "fixed."),
    "proof.dropout.scaling": "Scaling at test time",
    "proof.dropout.scaling.why": ("The next layer sums the dropped-out units. At test time no unit is dropped, so its "
                                  "input would be {{factor}} times too large on average; multiplying the units (or "
                                  "their outgoing weights) by {{p}} restores the training-time mean:"),
    "proof.dropout.inverted": "Inverted dropout",
    "proof.dropout.inverted.why": ("The common alternative divides by {{p}} during training instead, so that nothing "
                                   "changes at test time. (PyTorch's Dropout takes the drop probability, {{q}}, and "
                                   "divides by {{keep}}.)"),
    "proof.dropout.nonlinear": "Exact only before the nonlinearity",
    "proof.dropout.nonlinear.why": ("The scaling matches means, and means pass through sums but not through a "
                                    "nonlinearity. The simplest case, one unit and a square: since {{square}}, the "
                                    "mean of the square exceeds the square of the mean by the mask's variance. So "
                                    "the scaled network only approximates the average over the subnetworks after a "
                                    "nonlinearity."),
    "proof.dropout.numbers.why": ("With the keep probability {{keep}}: test-time outputs are multiplied by {{p}}, or "
                                  "training-time outputs by {{inverse}}."),
    "proof.dropout.all": "all",
    "proof.dropout.table": "The {{count}} subnetworks of {{N}} units, by the number {{k}} of units kept.",

    # --- course conventions (layout, biases, frozen parameters, batch sums, rule options) -------------
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
    "loss.scaled": "{{scale}} times the {{loss}}",
    "loss.mse_mean_outputs": "mean squared error over the {{n}} outputs",
    "loss.mean_outputs": "{{loss}} averaged over the {{n}} outputs",

    # --- layer kinds (derive/network/layers/: each kind's words under layer.KIND.*) ------------------
    "sheet.convention.Wx.some": ("with $z = W a + b$ in each dense layer (a weight has shape units $\\times$ inputs of "
                                 "the layer, as PyTorch's \\texttt{Linear})"),
    "sheet.convention.xW.some": ("with $z = a W + b$ in each dense layer: a sample and the values of a layer are rows, "
                                 "and a weight has shape inputs $\\times$ units of the layer, as written in the problem "
                                 "file (the transpose of PyTorch's \\texttt{Linear} weight)"),
    "sheet.losses": "Losses",
    "sheet.batch.full_sum": "each iteration is one step on the summed gradient over all {{n}} samples",
    "sheet.gradcheck.mean_loss": "mean loss",
    "sheet.gradcheck.summed_loss": "summed loss",
    "layer.forward": "Layer {{l}} ({{kind}}): forward",
    "layer.backward": "Layer {{l}} ({{kind}}): backward",
    "layer.dense.title": "dense",
    "layer.batchnorm.title": "batch norm",
    "layer.layernorm.title": "layer norm",
    "layer.dropout.title": "dropout",
    "layer.norm.trained": "{{what}} are trained",
    "layer.norm.held": "with {{what}} held",
    "layer.norm.deviations": "the deviations from the mean sum to $0$",
    "layer.norm.from": "from {{formula}}",
    "layer.batchnorm.mean_note": "per unit, over the batch's $n$ samples",
    "layer.batchnorm.var_note": "biased, as BatchNorm1d in training",
    "layer.batchnorm.each_sample": "each sample of the batch",
    "layer.batchnorm.classic": "the classic result",
    "layer.batchnorm.input_bar": "every sample's ${{ybar}}$ enters through ${{gb}}$ and ${{gg}}$ (below)",
    "layer.batchnorm.input_bar_sums": "the sums run over the samples $j$ of the batch",
    "layer.batchnorm.in_means": "in the batch's mean gradients:",
    "layer.batchnorm.in_sums": "in the batch's summed gradients:",
    "layer.batchnorm.section": "Batch norm (layer {{l}}): the backward pass through the batch statistics",
    "layer.batchnorm.section_intro": ("Every sample's ${{xhat}}$ depends on every ${{x}}$ of the batch through ${{mu}}$ "
                                      "and ${{var}}$, so the bars upstream of the layer are derivatives of the batch's "
                                      "summed loss $\\sum_j L^{(j)}$ (its mean's, times $n$), and a sample's gradient "
                                      "is its share of that sum. The chain rule through ${{xhat}}$, ${{var}}$ and "
                                      "${{mu}}$, with the local derivatives above (products elementwise, sums over the "
                                      "samples $j$ of the batch):"),
    "layer.batchnorm.check": ("Check: SymPy wrote the layer for one unit of a batch of $n = {{sizes}}$ samples with "
                              "$\\mu$ and $\\sigma^2$ in terms of the inputs, differentiated $\\sum_j {{ybar}}\\, {{y}}$ "
                              "(the bars held) with respect to the first input, and the difference from the classic "
                              "result simplifies to $0$."),
    "layer.batchnorm.check_failed": "SymPy's check failed for samples = {{sizes}}.",
    "layer.batchnorm.statement": ("Layer {{l}} normalizes each unit over the samples of the iteration's batch with the "
                                  "batch's mean and biased variance (PyTorch's \\texttt{BatchNorm1d} in training mode), "
                                  "$\\epsilon = {{eps}}$; ${{gamma}}$ and ${{beta}}$ are trained."),
    "layer.batchnorm.statistics": "Layer {{l}} ({{kind}}): the batch statistics",
    "layer.batchnorm.statistics_text": "Per unit, over the {{n}} samples of this iteration:",
    "layer.batchnorm.normalized": "Layer {{l}} ({{kind}}): normalized, scaled and shifted",
    "layer.batchnorm.backward_statistics": "Layer {{l}} ({{kind}}): backward through the batch statistics",
    "layer.batchnorm.means_text": "The mean gradients of {{gamma}} and {{beta}}, which every sample's {{bar}} uses:",
    "layer.batchnorm.sums_text": "The summed gradients of {{gamma}} and {{beta}}, which every sample's {{bar}} uses:",
    "layer.batchnorm.direct_text": ("With {{gamma}} or {{beta}} frozen, every sample's {{bar}} sums over the batch "
                                    "itself:"),
    "layer.layernorm.mean_note": "per sample, over the layer's {{units}} units",
    "layer.layernorm.var_note": "biased, as LayerNorm",
    "layer.layernorm.each_unit": "each unit $k$",
    "layer.layernorm.each_unit_k": "for each unit $k$",
    "layer.layernorm.input_bar": "$\\operatorname{mean}$ over the {{units}} units (below)",
    "layer.layernorm.section": "Layer norm (layer {{l}}): the backward pass through the statistics",
    "layer.layernorm.section_intro": ("Within one sample, every ${{xhat}}$ depends on every input unit through ${{mu}}$ "
                                      "and ${{var}}$. The chain rule through them, with the local derivatives above "
                                      "(sums over the layer's units $l$):"),
    "layer.layernorm.check": ("Check: SymPy wrote the layer for the {{sizes}} units of one sample with $\\mu$ and "
                              "$\\sigma^2$ in terms of the inputs, differentiated $\\sum_l {{ybar}}\\, {{y}}$ (the bars "
                              "held) with respect to the first input, and the difference from the classic result "
                              "simplifies to $0$."),
    "layer.layernorm.check_failed": "SymPy's check failed for units = {{sizes}}.",
    "layer.layernorm.statement": ("Layer {{l}} normalizes each sample over its {{units}} units (PyTorch's "
                                  "\\texttt{LayerNorm}), $\\epsilon = {{eps}}$; ${{gamma}}$ and ${{beta}}$ are trained."),
    "layer.layernorm.forward_text": "Per sample, over its {{units}} units:",
    "layer.dropout.row": "dropout, {{p}}",
    "layer.dropout.input": "\\text{input}",
    "layer.dropout.equation": "inverted dropout, {{p}}, so {{expectation}}",
    "layer.dropout.each_unit": "for each unit $k$ of a sample",
    "layer.dropout.statement": ("Layer {{l}} is inverted dropout with rate $p = {{p}}$: a unit is kept where the mask "
                                "${{mask}}$ is $1$ and scaled by $1/(1-p)$. "),
    "layer.dropout.given": "The masks are given, one per sample, the same in every iteration: {{masks}}.",
    "layer.dropout.seeded": ("Each pass draws its own mask from the seed {{seed}} (sample $i$ of iteration $t$: NumPy's "
                             "\\texttt{default\\_rng([{{seed}}, t, i])}, unit $k$ kept where its $k$-th uniform number "
                             "is at least $p$); each is printed where it is used."),
    "layer.dropout.forward_text": "Each sample's mask, then the kept units scaled by $1/(1-p)$:",

    # --- the losses and the optimizers' rules ------------------------------------------------------
    "loss.bce": 'binary cross-entropy',
    "loss.mse": 'squared error',
    "loss.ce": 'cross-entropy',
    "loss.sse": 'sum of squared errors',
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
