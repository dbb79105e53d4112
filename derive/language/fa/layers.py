"""The Persian words of the layer kinds (layer.KIND.*, derive/network/layers/); ¦ is a ZWNJ (see __init__.py)."""

MESSAGES = {
    # --- layer kinds (derive/network/layers/: each kind's words under layer.KIND.*) -----------------------
    "layer.forward": "لایه‌ی {{l}} ({{kind}}): پیش‌رو",
    "layer.backward": "لایه‌ی {{l}} ({{kind}}): پس‌رو",
    "layer.dense.title": "چگال",
    "layer.batchnorm.title": "نرمال‌سازی دسته‌ای",
    "layer.layernorm.title": "نرمال‌سازی لایه‌ای",
    "layer.dropout.title": "حذف تصادفی",
    "layer.norm.trained": "{{what}} آموزش داده می‌شوند",
    "layer.norm.held": "با ثابت ماندن {{what}}",
    "layer.norm.deviations": "مجموع انحراف‌ها از میانگین $0$ است",
    "layer.norm.from": "از {{formula}}",
    "layer.batchnorm.mean_note": "برای هر نورون، روی $n$ نمونه‌ی دسته",
    "layer.batchnorm.var_note": "اریب، مانند \\lr{BatchNorm1d} در حالت آموزش",
    "layer.batchnorm.each_sample": "هر نمونه‌ی دسته",
    "layer.batchnorm.classic": "نتیجه‌ی مشهور",
    "layer.batchnorm.input_bar": "${{ybar}}$ هر نمونه از راه ${{gb}}$ و ${{gg}}$ وارد می‌شود (پایین‌تر)",
    "layer.batchnorm.input_bar_sums": "مجموع‌ها روی نمونه‌های $j$ دسته است",
    "layer.batchnorm.in_means": "بر حسب میانگین گرادیان‌های دسته:",
    "layer.batchnorm.in_sums": "بر حسب مجموع گرادیان‌های دسته:",
    "layer.batchnorm.section": "نرمال‌سازی دسته‌ای (لایه‌ی {{l}}): گذر پس‌رو از آماره‌های دسته",
    "layer.batchnorm.section_intro": ("${{xhat}}$ هر نمونه از راه ${{mu}}$ و ${{var}}$ به همه‌ی ${{x}}$ های دسته "
                                      "بستگی دارد، پس بارهای پیش از این لایه مشتق مجموع هزینه‌ی دسته "
                                      "$\\sum_j L^{(j)}$ هستند ($n$ برابر مشتق میانگین آن)، و گرادیان هر نمونه سهم "
                                      "آن از این مجموع است. قاعده‌ی زنجیره‌ای از راه ${{xhat}}$، ${{var}}$ و ${{mu}}$، "
                                      "با مشتق‌های محلی بالا (ضرب‌ها عنصربه‌عنصر، مجموع‌ها روی نمونه‌های $j$ دسته):"),
    "layer.batchnorm.check": ("وارسی: \\lr{SymPy} لایه را برای یک نورون از دسته‌ای با $n = {{sizes}}$ نمونه، با "
                              "$\\mu$ و $\\sigma^2$ بر حسب ورودی‌ها نوشت، $\\sum_j {{ybar}}\\, {{y}}$ را (با ثابت "
                              "ماندن بارها) نسبت به نخستین ورودی مشتق گرفت، و تفاضل آن با نتیجه‌ی مشهور به $0$ "
                              "ساده می‌شود."),
    "layer.batchnorm.check_failed": "وارسی \\lr{SymPy} برای تعداد نمونه‌های {{sizes}} شکست خورد.",
    "layer.batchnorm.statement": ("لایه‌ی {{l}} هر نورون را روی نمونه‌های دسته‌ی آن پیمایش با میانگین و واریانس اریب "
                                  "دسته نرمال می‌کند (\\lr{\\texttt{BatchNorm1d}} در \\lr{PyTorch} در حالت آموزش)، "
                                  "$\\epsilon = {{eps}}$؛ ${{gamma}}$ و ${{beta}}$ آموزش داده می‌شوند."),
    "layer.batchnorm.statistics": "لایه‌ی {{l}} ({{kind}}): آماره‌های دسته",
    "layer.batchnorm.statistics_text": "برای هر نورون، روی {{n}} نمونه‌ی این پیمایش:",
    "layer.batchnorm.normalized": "لایه‌ی {{l}} ({{kind}}): نرمال‌شده، مقیاس‌شده و جابه‌جاشده",
    "layer.batchnorm.backward_statistics": "لایه‌ی {{l}} ({{kind}}): گذر پس‌رو از آماره‌های دسته",
    "layer.batchnorm.means_text": "میانگین گرادیان‌های {{gamma}} و {{beta}}، که {{bar}} هر نمونه به کار می‌برد:",
    "layer.batchnorm.sums_text": "مجموع گرادیان‌های {{gamma}} و {{beta}}، که {{bar}} هر نمونه به کار می‌برد:",
    "layer.batchnorm.direct_text": "با ثابت بودن {{gamma}} یا {{beta}}، {{bar}} هر نمونه خودش روی دسته جمع می‌زند:",
    "layer.layernorm.mean_note": "برای هر نمونه، روی {{units}} نورون لایه",
    "layer.layernorm.var_note": "اریب، مانند \\lr{LayerNorm}",
    "layer.layernorm.each_unit": "هر نورون $k$",
    "layer.layernorm.each_unit_k": "برای هر نورون $k$",
    "layer.layernorm.input_bar": "$\\operatorname{mean}$ روی {{units}} نورون (پایین‌تر)",
    "layer.layernorm.section": "نرمال‌سازی لایه‌ای (لایه‌ی {{l}}): گذر پس‌رو از آماره‌ها",
    "layer.layernorm.section_intro": ("درون یک نمونه، هر ${{xhat}}$ از راه ${{mu}}$ و ${{var}}$ به همه‌ی نورون‌های "
                                      "ورودی بستگی دارد. قاعده‌ی زنجیره‌ای از راه آن‌ها، با مشتق‌های محلی بالا "
                                      "(مجموع‌ها روی نورون‌های $l$ لایه):"),
    "layer.layernorm.check": ("وارسی: \\lr{SymPy} لایه را برای {{sizes}} نورون یک نمونه، با $\\mu$ و $\\sigma^2$ بر "
                              "حسب ورودی‌ها نوشت، $\\sum_l {{ybar}}\\, {{y}}$ را (با ثابت ماندن بارها) نسبت به "
                              "نخستین ورودی مشتق گرفت، و تفاضل آن با نتیجه‌ی مشهور به $0$ ساده می‌شود."),
    "layer.layernorm.check_failed": "وارسی \\lr{SymPy} برای تعداد نورون‌های {{sizes}} شکست خورد.",
    "layer.layernorm.statement": ("لایه‌ی {{l}} هر نمونه را روی {{units}} نورون خودش نرمال می‌کند "
                                  "(\\lr{\\texttt{LayerNorm}} در \\lr{PyTorch})، $\\epsilon = {{eps}}$؛ ${{gamma}}$ و "
                                  "${{beta}}$ آموزش داده می‌شوند."),
    "layer.layernorm.forward_text": "برای هر نمونه، روی {{units}} نورون آن:",
    "layer.dropout.row": "حذف تصادفی، {{p}}",
    "layer.dropout.input": "\\text{ورودی}",
    "layer.dropout.equation": "حذف تصادفی وارون، {{p}}، پس {{expectation}}",
    "layer.dropout.each_unit": "برای هر نورون $k$ یک نمونه",
    "layer.dropout.statement": ("لایه‌ی {{l}} حذف تصادفی وارون با نرخ $p = {{p}}$ است: نورونی که ماسک ${{mask}}$ آن "
                                "$1$ است نگه داشته و در $1/(1-p)$ ضرب می‌شود. "),
    "layer.dropout.given": "ماسک‌ها داده شده‌اند، یکی برای هر نمونه و در همه‌ی پیمایش‌ها یکسان: {{masks}}.",
    "layer.dropout.seeded": ("هر گذر ماسک خود را از بذر {{seed}} می‌کشد (نمونه‌ی $i$ از پیمایش $t$: "
                             "\\lr{\\texttt{default\\_rng([{{seed}}, t, i])}} در \\lr{NumPy}، نورون $k$ جایی نگه داشته "
                             "می‌شود که $k$-امین عدد یکنواخت آن دست‌کم $p$ باشد)؛ هر ماسک جایی که به کار می‌رود "
                             "چاپ شده است."),
    "layer.dropout.forward_text": "ماسک هر نمونه، سپس نورون‌های نگه‌داشته ضرب‌شده در $1/(1-p)$:",
}
