"""The English words of the proofs and their words (proofs.*, verify.*, proof.*)."""

MESSAGES = {
    # --- the proofs (templates/proofs.tex.j2, proofs_body.tex.j2, derive/proofs/verify.py) ----------------
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

    # --- the proofs' words (derive/proofs/*.py): text with {{name}} where an expression stands ------------
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
}
