"""The Persian messages of the sheets (the same keys as en.py), and the characters Persian user text may hold."""

Z = "\u200c"  # the zero-width non-joiner inside Persian words (می‌شود), written out so that it can be seen

# Persian letters and diacritics, Persian and Arabic-Indic digits, Persian punctuation, guillemets and the ZWNJ.
LETTERS = ("".join(chr(c) for c in range(0x0621, 0x063B)) + "".join(chr(c) for c in range(0x0640, 0x0653))
           + "\u0654\u0670\u067e\u0686\u0698\u06a9\u06af\u06c0\u06cc"
           + "".join(chr(c) for c in range(0x06F0, 0x06FA)) + "".join(chr(c) for c in range(0x0660, 0x066D))
           + "\u060c\u061b\u061f\u00ab\u00bb" + Z)


def _z(text):
    """A message with its ZWNJs written as '¦' in this file (a broken bar, which neither Persian prose nor LaTeX uses)."""
    return text.replace("¦", Z)


MESSAGES = {key: _z(value) for key, value in {
    # --- shared -------------------------------------------------------------------------------------
    "latin": "\\lr{{{text}}}",
    "list_separator": "، ",

    # --- the answer sheet ---------------------------------------------------------------------------
    "sheet.author": "پاسخ تشریحی",
    "sheet.problem": "صورت مسئله",
    "sheet.layer_table_head": "لایه & نورون¦ها & تابع فعال¦ساز & وزن & بایاس & مقادیر",
    "sheet.data": "داده¦ها.",
    "sheet.initial_values": "مقادیر اولیه.",
    "sheet.optimizer_heading": "بهینه¦ساز.",
    "sheet.layout": "چینش این پاسخ¦نامه.",
    "sheet.derivation": "استخراج روابط",
    "sheet.summary": "خلاصه",
    "sheet.gradients_appendix": "گرادیان نمادین و عددی",
    "sheet.network": ("شبکه¦ای با {{inputs}} و {{layers}}؛ در هر لایه $z = W a + b$ است (ابعاد وزن هر لایه "
                      "«تعداد نورون¦ها $\\times$ تعداد ورودی¦های لایه» است، مانند \\lr{\\texttt{Linear}} در "
                      "\\lr{PyTorch}):"),
    "sheet.inputs.one": "{{n}} ورودی",
    "sheet.inputs.other": "{{n}} ورودی",
    "sheet.layers.one": "{{n}} لایه",
    "sheet.layers.other": "{{n}} لایه",
    "sheet.loss": "تابع هزینه: {{loss}} برای هر نمونه؛ هزینه¦ی یک دسته میانگین هزینه¦ی نمونه¦های آن است.",
    "sheet.samples.one": "{{n}} نمونه.",
    "sheet.samples.other": "{{n}} نمونه.",
    "sheet.samples_in_json": " (فهرست آن¦ها در فایل \\lr{JSON} آمده است)",
    "sheet.sample": "نمونه",
    "sheet.init_in_files": "در فایل مسئله و فایل \\lr{JSON} آمده است.",
    "sheet.batch.full": "هر پیمایش یک گام با میانگین گرادیان روی همه¦ی {{n}} نمونه است",
    "sheet.batch.sample": "هر پیمایش یک گام روی تنها یک نمونه است، به ترتیب",
    "sheet.batch.size": "هر پیمایش یک گام روی یک دسته¦ی کوچک {{size}} نمونه¦ای است، به ترتیب",
    "sheet.optimizer": "{{rule}} با {{settings}}، در {{iterations}}؛ {{batch}}؛ همه¦ی حالت¦های بهینه¦ساز از $0$ "
                       "شروع می¦شوند. {{note}}",
    "sheet.iterations.one": "{{n}} پیمایش",
    "sheet.iterations.other": "{{n}} پیمایش",
    "sheet.iteration": "پیمایش {{t}}",
    "sheet.uses_samples.one": "این پیمایش از نمونه¦ی {{samples}} استفاده می¦کند. ",
    "sheet.uses_samples.other": "این پیمایش از نمونه¦های {{samples}} استفاده می¦کند. ",
    "sheet.params_initial": "پارامترهای این پیمایش همان مقادیر اولیه¦اند.",
    "sheet.params_updated": "پارامترهای این پیمایش همان¦هایی¦اند که بروزرسانی پیمایش {{t}} داده است.",
    "sheet.lookahead": "نقطه¦ی نگاه به جلو",
    "sheet.lookahead_text": "گرادیان این پیمایش در نقطه¦ی نگاه به جلو $\\tilde\\theta = \\theta + \\mu v$ "
                            "گرفته می¦شود:",
    "sheet.forward": "نمونه¦ی {{i}}: انتشار رو به جلو و هزینه",
    "sheet.backward": "نمونه¦ی {{i}}: انتشار رو به عقب",
    "sheet.samples_block": "نمونه¦ها",
    "sheet.mean": "میانگین روی دسته",
    "sheet.update": "بروزرسانی ({{rule}})",
    "sheet.rule_once": "قاعده برای {{param}} نوشته شده است؛ همه¦ی پارامترها به همین شکل و عنصربه¦عنصر بروزرسانی "
                       "می¦شوند.",
    "sheet.grad_table_head": "پارامتر & ابعاد",
    "sheet.iteration_column": "پیمایش",
    "sheet.final": "هزینه¦ی هر سطر با پارامترهایی است که آن پیمایش به کار برده؛ پارامترها پس از آخرین "
                   "بروزرسانی:",
    "sheet.final_in_json": "پارامترها پس از آخرین بروزرسانی در فایل \\lr{JSON} آمده¦اند.",
    "sheet.gradcheck": ("گرادیان پیمایش ۱ از فرمول¦های نمادین، در برابر تفاضل متناهی مرکزی "
                        "$\\bigl(\\mathcal{L}(\\theta + h) - \\mathcal{L}(\\theta - h)\\bigr) / 2h$ از میانگین "
                        "هزینه با ${h = 10^{-6}\\max(1, |\\theta|)}$، برای {{elements}}. بیشترین اختلاف مطلق "
                        "${{difference}}$ است ({{element}})."),
    "sheet.gradcheck_all": "همه¦ی درایه¦های پارامترها",
    "sheet.gradcheck_some": "{{shown}} درایه از {{total}} درایه¦ی پارامترها، با فاصله¦های برابر",
    "sheet.gradcheck_first": " جدول {{n}} درایه¦ی نخست را نشان می¦دهد.",
    "sheet.gradcheck_head": "درایه & نمادین & تفاضل متناهی & اختلاف",
    "sheet.summary_note": ("این مسئله {{params}} پارامتر و {{samples}} نمونه دارد، بیش از آن که همه¦ی درایه¦ها "
                           "نشان داده شوند: فرمول¦ها یک بار استخراج می¦شوند و هر پیمایش جدولی از هزینه و خروجی "
                           "نمونه¦ها، میانگین هزینه، اندازه¦ی گرادیان¦ها و قاعده¦ی بروزرسانی را نشان می¦دهد؛ "
                           "همه¦ی مقادیر در فایل \\lr{JSON} آمده¦اند."),

    # --- the derivation ------------------------------------------------------------------------------
    "derivation.model": "مدل",
    "derivation.model_intro": "برای هر نمونه، با $a$ ورودی هر لایه و بردارها به صورت ستونی:",
    "derivation.each_output": "برای هر خروجی $k$",
    "derivation.elementwise": "عنصربه¦عنصر",
    "derivation.one_sample": "{{loss}} یک نمونه",
    "derivation.batch_loss": "هزینه¦ی دسته¦ای از $n$ نمونه میانگین هزینه¦ی آن¦هاست",
    "derivation.local": "مشتق¦های محلی",
    "derivation.local_intro": "هر مشتق زیر را \\lr{SymPy} از فرمول¦های بالا گرفته است.",
    "derivation.kronecker": "اگر $j = k$ آنگاه $\\delta_{jk} = 1$، وگرنه ۰",
    "derivation.simplified": "\\lr{SymPy} حاصل¦ضرب را ساده می¦کند",
    "derivation.simplified_ce": "\\lr{SymPy} حاصل¦ضرب را ساده می¦کند (با $\\sum_j y_j = 1$ برای برچسب¦های "
                                "\\lr{one-hot})",
    "derivation.backward": "انتشار رو به عقب به شکل ماتریسی",
    "derivation.backward_intro": ("بار روی هر کمیت مشتق هزینه¦ی نمونه، $L$، نسبت به آن کمیت است "
                                  "($\\bar{q} = \\partial L / \\partial q$) و ابعادش همان ابعاد کمیت است. "
                                  "$\\odot$ ضرب عنصربه¦عنصر است."),
    "derivation.mean_gradient": "برای هر پارامتر $\\theta$: گرادیانی که بروزرسانی به کار می¦برد",
    "derivation.scalar": "یک درایه از هر گرادیان، به شکل فرمول اسکالر",
    "derivation.scalar_intro": "فرمول¦های ماتریسی بالا، باز شده برای نخستین درایه¦ی هر پارامتر:",
    "derivation.composed_differs": "مشتق هزینه¦ی کاملاً ترکیب¦شده با قاعده¦ی زنجیره¦ای مقایسه شد: برای {{where}} "
                                   "با هم فرق دارند.",
    "derivation.composed": ("بررسی: \\lr{SymPy} هزینه¦ی $L$ را یک¦جا به صورت یک عبارت از ورودی¦ها و همه¦ی "
                            "{{count}} پارامتر نوشت و مستقیم از آن مشتق گرفت؛ برای هر درایه¦ی پارامترها، اختلاف "
                            "آن با نتیجه¦ی قاعده¦ی زنجیره¦ای پس از بسط $0$ می¦شود، پس هر دو راه یکی¦اند."),
    "derivation.composed_ce": ("بررسی: \\lr{SymPy} هزینه¦ی $L$ را یک¦جا به صورت یک عبارت از ورودی¦ها و همه¦ی "
                               "{{count}} پارامتر نوشت و مستقیم از آن مشتق گرفت؛ برای هر درایه¦ی پارامترها، اختلاف "
                               "آن با نتیجه¦ی قاعده¦ی زنجیره¦ای پس از بسط $0$ می¦شود (با $\\sum_k y_k = 1$)، پس "
                               "هر دو راه یکی¦اند."),

    # --- the marked sheet ----------------------------------------------------------------------------
    "check.ecf": "\\lr{ecf}",
    "check.title": "تصحیح¦شده: {{title}}",
    "check.author": "{{claims}} در برابر {{problem}}",
    "check.correct": "درست",
    "check.carried": "پیامد: از عددهای پیشین خودتان به دست می¦آید",
    "check.wrong": "نادرست",
    "check.of": "\\textbf{{{n}}} از {{total}}",
    "check.first_error": "\\textbf{نخستین خطا:} ${{symbol}}$ (\\texttt{{{key}}}).",
    "check.no_errors": "\\textbf{بدون خطا.}",
    "check.explain": ("عددی درست است که همان مقدار واقعی باشد، گرد شده تا همان تعداد رقم اعشاری که نوشته¦اید؛ "
                      "«پیامد» است اگر همان چیزی باشد که عددهای پیشین خودتان (با همان گرد کردن¦ها) می¦دهند. مقدار "
                      "درست کنار عدد شما آمده است؛ زیر هر ضربدر، فرمول همان گام با عددهای شما نشان می¦دهد که چه "
                      "به دست می¦آید."),
    "check.columns": "\\text{گام} & \\text{پاسخ شما} & \\text{درست}",
    "check.given": "(داده¦ی مسئله)",
    "check.from_yours": "از عددهای شما:",
    "check.section.parameters": "پیمایش {{t}}: پارامترها",
    "check.section.update": "پیمایش {{t}}: بروزرسانی",
    "check.section.sample": "پیمایش {{t}}، نمونه¦ی {{i}}",
    "check.section.iteration": "پیمایش {{t}}",

    # --- the proofs ---------------------------------------------------------------------------------
    "proofs.title": "اثبات¦هایی که \\lr{SymPy} بررسی کرده است",
    "proofs.intro": ("هر گام شماره¦دار زیر می¦گوید چه ادعایی دارد، چرا درست است و \\lr{SymPy} هنگام ساختن این "
                     "سند چگونه آن را بررسی کرده است: هر جا \\lr{SymPy} بتواند، به صورت یک اتحاد نمادین برای هر مقدار "
                     "عدد صحیح مربوط، وگرنه به طور دقیق برای مقادیر ۱ تا ۲۰؛ عددها با حساب دقیق کسری و تنها برای "
                     "نمایش گرد شده¦اند. گامی که بررسی را نگذراند هرگز چاپ نمی¦شود: ساخت سند می¦ایستد و نام آن گام "
                     "را می¦گوید."),
    "proofs.claim": "ادعا.",
    "proofs.proof": "اثبات.",
    "proofs.proof_text": "هر رابطه¦ی زیر هنگام ساختن این سند با \\lr{SymPy} بررسی شده است.",
    "proofs.step": "گام {{n}}: {{title}}",
    "proofs.verified": "بررسی¦شده با \\lr{SymPy}:",
    "proofs.not_verified": "بررسی نشده",
    "proofs.figure": "شکل",
    "proofs.table": "جدول",
    "verify.exact": "بررسی دقیق برای هر {{var}} از {{start}} تا {{end}}",
    "verify.symbolic": "اتحاد نمادین",
    "verify.every_integer": " برای هر عدد صحیح {{bound}}",
    "verify.arithmetic": "حساب دقیق",
    "verify.with_arithmetic": "، عددها با حساب دقیق",
    "verify.did": " ({{steps}})",
    "verify.did_separator": "؛ ",
    "verify.did.given": "جای¦گذاری تعریف¦ها و گام¦های پیشین",
    "verify.did.expectation": "امید ریاضی با خطی بودن",
    "verify.did.closed_form": "مجموع¦ها به شکل بسته",
    "verify.did.reindexed": "مجموع¦ها با اندیس جابه¦جا و هم¦تراز شده",
    "verify.did.derivative": "مشتق¦گیری",
    "verify.did.limit": "حد¦گیری",

    # --- the losses and the optimizers' rules (titles are plain text: they are escaped) ---------------
    "loss.bce": "آنتروپی متقاطع دودویی",
    "loss.mse": "خطای مربعی",
    "loss.ce": "آنتروپی متقاطع",
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
}.items()}
