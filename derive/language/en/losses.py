"""The English words of the losses (loss.*)."""

MESSAGES = {
    # --- course conventions (layout, biases, frozen parameters, batch sums, rule options) -----------------
    "loss.scaled": "{{scale}} times the {{loss}}",
    "loss.mse_mean_outputs": "mean squared error over the {{n}} outputs",
    "loss.mean_outputs": "{{loss}} averaged over the {{n}} outputs",

    # --- the losses and the optimizers' rules -------------------------------------------------------------
    "loss.bce": 'binary cross-entropy',
    "loss.mse": 'squared error',
    "loss.ce": 'cross-entropy',
    "loss.sse": 'sum of squared errors',
}
