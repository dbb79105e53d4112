"""The English words of the layer kinds (layer.KIND.*, derive/network/layers/)."""

MESSAGES = {
    # --- layer kinds (derive/network/layers/: each kind's words under layer.KIND.*) -----------------------
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
}
