"""The Persian words of the optimizers' update rules (rule.*); ¦ is a ZWNJ (see __init__.py)."""

MESSAGES = {
    # --- the trajectories document ------------------------------------------------------------------------
    "rule.sgd.name": "گرادیان کاهشی",
    "rule.momentum.name": "مومنتوم",
    "rule.nesterov.name": "نستروف",
    "rule.adagrad.name": "AdaGrad",
    "rule.rmsprop.name": "RMSProp",
    "rule.adam.name": "Adam",
    "rule.adamw.name": "AdamW",

    # --- course conventions (layout, biases, frozen parameters, batch sums, rule options) -----------------
    "rule.adamw.title": "AdamW (Adam با کاهش وزن جداشده)",
    "rule.adamw.note": ("کاهش $\\eta\\lambda\\theta$ مستقیم از خود پارامتر کم می‌شود، نه از راه گرادیان؛ "
                        "\\lr{AdamW(betas=($\\beta_1, \\beta_2$), eps=$\\epsilon$, weight\\_decay=$\\lambda$)} در "
                        "\\lr{PyTorch} همین دنباله را می‌دهد."),
    "rule.momentum.title.torch": "گرادیان کاهشی با مومنتوم (شکل PyTorch)",
    "rule.momentum.note.torch": ("این همان \\lr{SGD(momentum=$\\mu$)} در \\lr{PyTorch} است، همان‌گونه که مستندات آن "
                                 "می‌نویسد: همان دنباله‌ی مقادیر."),
    "rule.nesterov.title.torch": "گرادیان شتاب‌دار نستروف (شکل PyTorch)",
    "rule.nesterov.note.torch": ("این همان \\lr{SGD(momentum=$\\mu$, nesterov=True)} در \\lr{PyTorch} است، "
                                 "همان‌گونه که مستندات آن می‌نویسد: گرادیان در خود $\\theta$ گرفته می‌شود و مقادیر "
                                 "همان مقادیر \\lr{PyTorch} است."),
    "rule.adagrad.note.eps_inside": ("\\lr{PyTorch} مقدار $\\epsilon$ را بیرون از ریشه‌ی دوم می‌افزاید؛ اینجا درون آن "
                                     "است، $\\sqrt{r + \\epsilon}$، پس هرجا $\\epsilon$ در برابر $r$ ناچیز نباشد "
                                     "مقادیر با \\lr{PyTorch} فرق می‌کنند."),
    "rule.rmsprop.note.eps_inside": ("\\lr{PyTorch} مقدار $\\epsilon$ را بیرون از ریشه‌ی دوم می‌افزاید؛ اینجا درون آن "
                                     "است، $\\sqrt{r + \\epsilon}$، پس هرجا $\\epsilon$ در برابر $r$ ناچیز نباشد "
                                     "مقادیر با \\lr{PyTorch} فرق می‌کنند."),
    "rule.adam.note.eps_inside": ("\\lr{PyTorch} مقدار $\\epsilon$ را بیرون از ریشه‌ی دوم می‌افزاید؛ اینجا درون آن "
                                  "است، $\\sqrt{\\hat{s} + \\epsilon}$، پس هرجا $\\epsilon$ در برابر $\\hat{s}$ "
                                  "ناچیز نباشد مقادیر با \\lr{PyTorch} فرق می‌کنند."),
    "rule.adamw.note.eps_inside": ("\\lr{PyTorch} مقدار $\\epsilon$ را بیرون از ریشه‌ی دوم می‌افزاید؛ اینجا درون آن "
                                   "است، $\\sqrt{\\hat{s} + \\epsilon}$، پس هرجا $\\epsilon$ در برابر $\\hat{s}$ "
                                   "ناچیز نباشد مقادیر با \\lr{PyTorch} فرق می‌کنند."),
    "rule.weight_decay_note": (" کاهش وزن، $\\lambda\\theta$ را پیش از به کار رفتن گرادیان به آن می‌افزاید (گرادیان "
                               "$\\frac{\\lambda}{2}\\lVert\\theta\\rVert^2$)، همان‌گونه که "
                               "\\lr{weight\\_decay=$\\lambda$} در \\lr{PyTorch} می‌کند."),
    "rule.sgd.title": "گرادیان کاهشی",
    "rule.sgd.note": "این همان \\lr{SGD} در \\lr{PyTorch} بدون مومنتوم است.",
    "rule.momentum.title": "گرادیان کاهشی با مومنتوم",
    "rule.momentum.note": ("\\lr{SGD(momentum=$\\mu$)} در \\lr{PyTorch} می¦نویسد $b \\leftarrow \\mu b + g$ و "
                           "$\\theta \\leftarrow \\theta - \\eta b$؛ با $\\eta$ ثابت، $v = -\\eta b$ است، پس "
                           "دنباله¦ی پارامترها یکی است."),
    "rule.nesterov.title": "گرادیان شتاب¦دار نستروف",
    "rule.nesterov.note": ("\\lr{SGD(nesterov=True)} در \\lr{PyTorch} پارامترها را در نقطه¦ی نگاه به جلو (اینجا "
                           "$\\tilde\\theta$) نگه می¦دارد و گرادیان را همان¦جا حساب می¦کند؛ دنباله¦ی آن "
                           "$\\tilde\\theta$ این قاعده است، نه $\\theta$، پس دو دنباله به اندازه¦ی $\\mu v$ با هم "
                           "فرق دارند."),
    "rule.adagrad.title": "AdaGrad",
    "rule.adagrad.note": ("\\lr{Adagrad} در \\lr{PyTorch} با مقادیر پیش¦فرضش (بدون کاهش و با انباشتگر اولیه¦ی ۰) "
                          "و \\lr{eps} $=\\epsilon$ همین دنباله را می¦دهد."),
    "rule.rmsprop.title": "RMSProp",
    "rule.rmsprop.note": "\\lr{RMSprop(alpha=$\\rho$, eps=$\\epsilon$)} در \\lr{PyTorch} همین دنباله را می¦دهد.",
    "rule.adam.title": "Adam",
    "rule.adam.note": ("\\lr{Adam(betas=($\\beta_1, \\beta_2$), eps=$\\epsilon$)} در \\lr{PyTorch} همین دنباله را "
                       "می¦دهد."),
}
