"""The Persian words of the losses (loss.*); ¦ is a ZWNJ (see __init__.py)."""

MESSAGES = {
    # --- the losses and the optimizers' rules (titles are plain text: they are escaped) -------------------
    "loss.bce": "آنتروپی متقاطع دودویی",
    "loss.mse": "خطای مربعی",
    "loss.ce": "آنتروپی متقاطع",

    # --- course conventions (layout, biases, frozen parameters, batch sums, rule options) -----------------
    "loss.sse": "مجموع مربعات خطا",
    "loss.scaled": "{{scale}} برابرِ {{loss}}",
    "loss.mse_mean_outputs": "میانگین مربعات خطا روی {{n}} خروجی",
    "loss.mean_outputs": "{{loss}}، میانگین‌گرفته روی {{n}} خروجی",
}
