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
    "sheet.network": "شبکه‌ای با {{inputs}} و {{layers}}؛ {{convention}}:",
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
    "sheet.passes": "انتشار رو به جلو و رو به عقب نمونه¦ی {{samples}}",
    "sheet.passes.other": "انتشار رو به جلو و رو به عقب نمونه¦های {{samples}}",
    "sheet.passes_text": "همان فرمول¦ها، با عددهای هر نمونه (هر ستون یک نمونه):",
    "sheet.batch_values": "آماره¦های دسته",
    "sheet.quantity": "کمیت",
    "sheet.value": "مقدار",
    "sheet.detail_note.first": ("نمونه¦ی {{sample}} از پیمایش ۱ به طور کامل حل شده است و هر فرمول میانگین و "
                                "بروزرسانی یک بار، برای {{param}}؛ بقیه¦ی انتشارها و پارامترها جدولی از مقدارهایشان "
                                "هستند که با همان فرمول¦ها به دست آمده¦اند."),
    "sheet.detail_note.summary": ("فرمول¦ها یک بار استخراج می¦شوند؛ هر پیمایش جدولی از مقدارهای انتشارها، "
                                  "میانگین و بروزرسانی آن است که با همین فرمول¦ها به دست آمده¦اند."),
    "sheet.mean": "میانگین روی دسته",
    "sheet.update": "بروزرسانی ({{rule}})",
    "sheet.rule_once": "قاعده برای {{param}} نوشته شده است؛ همه¦ی پارامترها به همین شکل و عنصربه¦عنصر بروزرسانی "
                       "می¦شوند.",
    "sheet.grad_table_head": "پارامتر & ابعاد",
    "sheet.iteration_column": "پیمایش",
    "sheet.final": "هزینه¦ی هر سطر با پارامترهایی است که آن پیمایش به کار برده؛ پارامترها پس از آخرین "
                   "بروزرسانی:",
    "sheet.final_in_update": ("هزینه¦ی هر سطر با پارامترهایی است که آن پیمایش به کار برده؛ پارامترها پس از آخرین "
                              "بروزرسانی در جدول آخرین بروزرسانی آمده¦اند."),
    "sheet.gradcheck_worst": " جدول برای هر پارامتر درایه¦ای را نشان می¦دهد که بیشترین اختلاف را دارد.",
    "sheet.final_in_json": "پارامترها پس از آخرین بروزرسانی در فایل \\lr{JSON} آمده¦اند.",
    "sheet.gradcheck": ("گرادیان پیمایش ۱ از فرمول¦های نمادین، در برابر تفاضل متناهی مرکزی "
                        "$\\bigl(\\mathcal{L}(\\theta + h) - \\mathcal{L}(\\theta - h)\\bigr) / 2h$ از {{loss}} "
                        "با ${h = 10^{-6}\\max(1, |\\theta|)}$، برای {{elements}}. بیشترین اختلاف مطلق "
                        "${{difference}}$ است ({{element}})."),
    "sheet.gradcheck_all": "همه¦ی درایه¦های پارامترها",
    "sheet.gradcheck_some": "{{shown}} درایه از {{total}} درایه¦ی پارامترها، با فاصله¦های برابر",
    "sheet.gradcheck_first": " جدول {{n}} درایه¦ی نخست را نشان می¦دهد.",
    "sheet.gradcheck_head": "درایه & نمادین & تفاضل متناهی & اختلاف",
    "sheet.summary_note": ("این مسئله {{params}} پارامتر و {{samples}} نمونه دارد، بیش از آن که همه¦ی درایه¦ها "
                           "نشان داده شوند: فرمول¦ها یک بار استخراج می¦شوند و هر پیمایش جدولی از هزینه و خروجی "
                           "نمونه¦ها، {{loss}}، اندازه¦ی گرادیان¦ها و قاعده¦ی بروزرسانی را نشان می¦دهد؛ "
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
    "check.student": "دانشجو {{student}}",
    "check.score": "\\textbf{نمره: {{score}}٪}",
    "check.correct": "درست",
    "check.carried": "پیامد",
    "check.imprecise": "کم¦دقت",
    "check.wrong": "نادرست",
    "check.unanswered": "بی¦پاسخ",
    "check.rule_digits": "{{n}} رقم بامعنا",
    "check.rule_decimals": "{{n}} رقم اعشار",
    "check.of": "\\textbf{{{n}}} از {{total}}",
    "check.first_error": "\\textbf{نخستین خطا:} ${{symbol}}$ (\\texttt{{{key}}}).",
    "check.no_errors": "\\textbf{بدون خطا.}",
    "check.explain": ("عددی درست است که در بازه¦ای باشد که عددهای درست خودتان (با گرد کردن¦هایشان) می¦دهند: گرد "
                      "کردن در میان کار هزینه¦ای ندارد. «پیامد» است اگر از یک عدد نادرست پیشین خودتان به دست "
                      "آید، و «کم¦دقت» اگر با کمتر از {{rule}} نوشته شده باشد. مقدار درست کنار عدد شما آمده است؛ "
                      "زیر هر ضربدر، فرمول همان گام با عددهای شما نشان می¦دهد که چه به دست می¦آید."),
    "check.yours": "پاسخ شما",
    "check.right": "درست",
    "check.block": "ستون¦های {{first}} تا {{last}}",
    "check.unknown": "تصحیح نشد: کلیدهایی که این مسئله ندارد",
    "check.closest": "نزدیک¦ترین: {{keys}}",
    "check.columns": "\\text{گام} & \\text{پاسخ شما} & \\text{درست}",
    "check.given": "(داده¦ی مسئله)",
    "check.from_yours": "از عددهای شما:",
    "check.section.parameters": "پیمایش {{t}}: پارامترها",
    "check.section.update": "پیمایش {{t}}: بروزرسانی",
    "check.section.sample": "پیمایش {{t}}، نمونه¦ی {{i}}",
    "check.section.iteration": "پیمایش {{t}}",

    # --- the question sheet --------------------------------------------------------------------------
    "questions.author": "پرسش¦ها",
    "questions.author_for": "پرسش¦ها برای {{student}}",
    "questions.compute": "آنچه باید حساب کنید",
    "questions.instructions": ("همه¦ی عددهای زیر را به دست آورید؛ میان گام¦ها دقت کامل را نگه دارید و هر نتیجه را با "
                               "{{digits}} رقم معنادار بنویسید. سپس عددهایتان را در {{claims}} زیر کلیدی که هر سطر "
                               "نشان می¦دهد وارد کنید (\\lr{\\texttt{derive check}} آن¦ها را تصحیح می¦کند: عددی که از "
                               "عدد نادرست پیشین خودتان به دست آید «پیامد» شمرده می¦شود، نه نادرست)."),
    "questions.claims_default": "پرونده¦ی ادعاهایی که \\lr{\\texttt{derive claims}} می¦نویسد",
    "questions.too_large": ("این مسئله بزرگ¦تر از آن است که همه¦ی نمونه¦ها با دست حل شوند: تنها هزینه، میانگین "
                            "گرادیان¦ها و بروزرسانی¦های هر پیمایش خواسته شده است."),
    "questions.answer": "${{blank}} =$",  # math runs left to right: the "=" on the blank's right, beside the key
    "questions.variant": " (نسخه¦ی {{student}})",

    # --- the trajectories document ---------------------------------------------------------------------
    "trajectories.author": "مسیر بهینه¦سازها",
    "trajectories.function": "تابع",
    "trajectories.intro": ("(در فایل به صورت {{text}} نوشته شده است.) هر بهینه¦ساز از ${{start}}$ آغاز می¦کند، "
                           "جایی که $f = {{value}}$، و {{steps}} روی گرادیان دقیق $g_t$ برمی¦دارد؛ همه¦ی حالت¦های "
                           "بهینه¦ساز از $0$ آغاز می¦شوند."),
    "trajectories.steps.one": "{{n}} گام",
    "trajectories.steps.other": "{{n}} گام",
    "trajectories.start": "آغاز",
    "trajectories.minimum": "کمینه¦ی {{point}}",
    "trajectories.contours": "خطوط تراز $f$ در {{levels}}.",
    "trajectories.ends": "هر بهینه¦ساز کجا می¦ایستد",
    "trajectories.table_head": "& بهینه¦ساز & تنظیمات & گام¦ها & $x$ & $y$ & $f(x, y)$",
    "trajectories.rules": "قاعده¦ها و نخستین گام¦هایشان",
    "trajectories.rules_intro": ("هر قاعده نقطه¦ی $\\theta = (x, y)$ را با گرادیان $g$ تابع $f$، مؤلفه به مؤلفه، جابه¦جا "
                                 "می¦کند. {{n}} گام نخست هر مسیر نوشته شده است؛ فایل \\lr{JSON} همه¦ی نقطه¦ها، "
                                 "گرادیان¦ها و حالت¦ها را دارد."),
    "trajectories.rule": "قاعده:",
    "trajectories.first_steps": "نخستین گام¦ها:",
    "trajectories.heading": "{{label}} ({{title}})",
    "trajectories.label_lr": "{{name}}، نرخ {{lr}}",
    "trajectories.notes_separator": "؛ ",
    "trajectories.stopped.gradient": "در گام {{t}} ایستاد: گرادیان در آنجا عددی متناهی نیست",
    "trajectories.stopped.value": "در گام {{t}} ایستاد: نقطه¦ی بعدی یا مقدار $f$ در آن عددی متناهی نیست",
    "trajectories.leaves": "در گام {{t}} از تصویر بیرون می¦رود",
    "rule.sgd.name": "گرادیان کاهشی",
    "rule.momentum.name": "مومنتوم",
    "rule.nesterov.name": "نستروف",
    "rule.adagrad.name": "AdaGrad",
    "rule.rmsprop.name": "RMSProp",
    "rule.adam.name": "Adam",
    "rule.adamw.name": "AdamW",
    # --- the class report (derive report) ---------------------------------------------------------------
    "report.title": "گزارش کلاس",
    "report.scores": "نمره¦ها",
    "report.scores_text": ("نمره¦ی {{graded}} دانشجو از {{students}} دانشجو داده شد؛ میانگین نمره {{mean}} و میانه "
                           "{{median}} (درصد عددهای خواسته¦شده)."),
    "report.steps": "گام به گام",
    "report.steps_text": ("برای هر گام از محاسبه، به ترتیب برگه: سهم دانشجویانی که عددهایشان درست، پیامد (درست بر پایه¦ی "
                          "عددهای پیشین خودشان)، نادرست یا نانوشته است."),
    "report.first_errors": "نخستین خطا کجاست",
    "report.first_errors_text": "گام¦هایی که نخستین عدد نادرست بیشتر دانشجویان در آن¦هاست.",
    "report.no_errors": "هیچ دانشجویی عدد نادرستی ننوشت.",
    "report.lowest": "کمترین نمره¦ها",
    "report.step": "گام",
    "report.student": "دانشجو",
    "report.first_wrong": "نخستین کلید نادرست",
    "report.mean": "میانگین",
    "report.median": "میانه",
    "report.score": "نمره (درصد)",
    "report.students": "دانشجویان",
    "report.share": "دانشجویان (درصد)",
    "report.correct": "درست",
    "report.carried": "پیامد",
    "report.wrong": "نادرست",
    "report.blank": "نانوشته",
    "report.forward": "پیشرو",
    "report.backward": "پس¦رو",
    "report.update": "به¦روزرسانی",

    # --- the web forms' own words ---------------------------------------------------------------------
    "web.appendix": "پیوست",
    "web.contents": "فهرست",
    "web.figure_elsewhere": "(شکل در برگه¦های \\lr{HTML} و \\lr{PDF} کشیده شده است.)",

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

    # --- the proofs' words: plain text (escaped, Latin words set left to right), {{name}} an expression --
    "proof.note.recurrence": "رابطه¦ی بازگشتی",
    "proof.note.hypothesis": "فرض استقرا",
    "proof.note.shift": "جابه¦جایی اندیس",
    "proof.numbers.problem": "عددهای این مسئله",
    "proof.numbers.typical": "عددهای معمول",
    "proof.mean_of": "میانگین {{q}}",
    "proof.ema.title": "میانگین متحرک نمایی، باز شده",
    "proof.ema.statement": ("فرض کنید {{s0}} و برای هر {{t1}}،{{recurrence}}که در آن {{range}}. آنگاه برای هر "
                            "{{t1}}:{{unrolled}}"),
    "proof.ema.statement2": ("اگر افزون بر این برای هر {{i}} داشته باشیم {{mean}}، آنگاه {{expected}}؛ پس میانگین "
                             "تصحیح¦شده¦ی {{corrected}} برآوردی نااریب از {{mu}} است. گام¦های ۱ و ۲ ادعای نخست را با "
                             "استقرا روی {{t}} ثابت می¦کنند و گام¦های ۳ تا ۵ ادعای دوم را؛ گام¦های ۶ تا ۸ آن را بر "
                             "Adam و مومنتوم به کار می¦برند."),
    "proof.ema.base": "پایه¦ی استقرا",
    "proof.ema.base.why": ("{{t1}} را در رابطه¦ی بازگشتی بگذارید و از {{s0}} استفاده کنید؛ مجموع ادعا تنها یک "
                           "جمله دارد: {{i0}}."),
    "proof.ema.step": "گام استقرا",
    "proof.ema.step.why": ("فرض کنید {{t2}} و ادعا برای {{previous}} درست باشد (فرض استقرا). رابطه¦ی بازگشتی را یک "
                           "بار به کار ببرید، {{beta}} را به درون مجموع ببرید، اندیس جمع را یکی جابه¦جا کنید و "
                           "{{xt}} را همان جمله¦ی {{i0}} مجموع ببینید."),
    "proof.ema.expectation": "امید ریاضی",
    "proof.ema.expectation.why": ("از شکل باز شده امید ریاضی بگیرید. امید ریاضی خطی است، {{share}} و {{weight}} "
                                  "عدد هستند و برای هر جمله {{mean}}."),
    "proof.ema.geometric": "مجموع هندسی",
    "proof.ema.geometric.why": ("مجموع سری هندسی متناهی برای {{condition}} برابر است با {{sum}}، و عامل {{factor}} "
                                "ساده می¦شود."),
    "proof.ema.correction": "تصحیح بایاس",
    "proof.ema.correction.why": ("بر {{divisor}} تقسیم کنید که برای {{t1}} صفر نیست: میانگین تصحیح¦شده دقیقاً همان "
                                 "میانگین {{xt}} را دارد."),
    "proof.ema.adam": "هر دو گشتاور Adam نمونه¦ای از همین میانگین¦اند",
    "proof.ema.adam.why": ("گشتاور اول Adam، {{first}}، همین میانگین است با {{beta1}} و {{x1}}؛ گشتاور دوم آن، "
                           "{{second}}، همین میانگین است با {{beta2}} و {{x2}}. وقتی میانگین و میانگین مربع "
                           "گرادیان¦ها تغییر نکنند، گام¦های ۳ تا ۵ می¦دهند:"),
    "proof.ema.momentum": "مومنتوم یک میانگین مقیاس¦شده است",
    "proof.ema.momentum.why": ("مومنتوم درس، {{velocity}} با {{v0}} (درس ضریب آن را {{mu}} می¦نویسد؛ اینجا "
                               "{{beta}} است، چون {{mu}} میانگین است)، برابر {{factor}} برابرِ میانگین گرادیان¦هاست "
                               "({{x}}): در {{t0}} برقرار است، و اگر در {{previous}} برقرار باشد، دو رابطه¦ی بازگشتی "
                               "آن را به {{t}} می¦رسانند."),
    "proof.ema.velocity": "امید ریاضی سرعت در مومنتوم",
    "proof.ema.velocity.why": ("بنا بر گام¦های ۳، ۴ و ۷، میانگین سرعت با همان عامل {{factor}} به {{limit}} می¦رسد؛ "
                               "مومنتوم تصحیحی ندارد، پس گام¦های نخستش کوتاه¦اند."),
    "proof.ema.numbers.why": ("با {{setting}} {{value}}، نخستین میانگین تنها {{share}} از میانگین را دارد و بایاس "
                              "{{bias}} تنها در {{last}} به زیر ۱٪ می¦رسد."),
    "proof.ema.numbers.problem_momentum": "ضریب مومنتوم این مسئله",
    "proof.ema.numbers.typical_momentum": "یک ضریب مومنتوم معمول",
    "proof.ema.numbers.problem_decay": "نرخ کاهش این مسئله",
    "proof.ema.numbers.typical_decay": "یک نرخ کاهش معمول",
    "proof.ema.numbers.momentum": (" با {{lr}}، سرعت مومنتوم در منفیِ عدد آخر ضرب در میانگین گرادیان آرام می¦گیرد "
                                   "(گام ۸ با بزرگ شدن t)."),
    "proof.ema.figure": ("میانگین روی {{runs}} اجرای بذرگذاری¦شده ({{x}} نرمال با میانگین {{mean}} و انحراف معیار "
                         "{{sd}}) در برابر شکل بسته¦ی گام¦های ۴ و ۵."),
    "proof.ema.table": ("شبیه¦سازی به عدد ({{runs}} اجرا؛ میانگین و خطای استاندارد). ستون تصحیح¦شده از همان گام نخست "
                        "روی میانگین می¦ماند."),
    "proof.adam.title": "تصحیح بایاس در Adam",
    "proof.adam.statement": ("Adam دو میانگین متحرک نمایی از گرادیان نگه می¦دارد که از {{m0}} و {{s0}} شروع "
                             "می¦شوند:{{moments}}و هر پارامتر را به اندازه¦ی{{step}}جابه¦جا می¦کند، با گشتاورهای "
                             "تصحیح¦شده¦ی{{corrected}}در ادامه: چرا گشتاورهای خام بایاس دارند، تصحیح در گام نخست چه "
                             "تغییری می¦دهد و چرا با بزرگ شدن t اهمیتش کم می¦شود."),
    "proof.adam.biased": "هر دو گشتاور با بایاس به سوی ۰ شروع می¦کنند",
    "proof.adam.biased.why": ("هر دو میانگین از {{m0}} و {{s0}} شروع می¦شوند و هر گام تنها {{share1}} (یا "
                              "{{share2}}) از گرادیان تازه را وارد می¦کند، پس در آغاز بیشترشان همان صفر آغازین است. "
                              "بنا بر میانگین باز شده (اثبات ema، گام¦های ۳ و ۴) با {{x}} و با مربع گرادیان، "
                              "میانگین آن¦ها به اندازه¦ی عامل {{factor}} کم است:"),
    "proof.adam.corrected": "گشتاورهای تصحیح¦شده نااریب¦اند",
    "proof.adam.corrected.why": "همان¦طور که Adam می¦کند، بر عددهای معلوم {{first}} و {{second}} تقسیم کنید:",
    "proof.adam.with": "گام نخست با تصحیح",
    "proof.adam.with.why": ("در {{t1}} گشتاورهای تصحیح¦شده همان گرادیان نخست و مربع آن¦اند. {{positive}} بگیرید "
                            "(برای گرادیان منفی همه¦ی علامت¦ها وارونه می¦شوند). هر پارامتر، هر اندازه که گرادیانش "
                            "باشد، حدود {{eta}} جابه¦جا می¦شود، تا وقتی {{g1}} بسیار بزرگ¦تر از {{eps}} باشد:"),
    "proof.adam.without": "گام نخست بدون تصحیح",
    "proof.adam.without.why": ("اگر Adam گشتاورهای خام {{m1}} و {{s1}} را به کار می¦برد، گام نخست به اندازه¦ی عامل "
                               "{{factor}} بزرگ¦تر می¦شد، چون ریشه¦ی دوم بایاس گشتاور دوم را کمتر از بایاس گشتاور "
                               "اول کوچک می¦کند:"),
    "proof.adam.numbers.own": "با تنظیمات خود مسئله و {{lr}}",
    "proof.adam.numbers.other": ("بهینه¦ساز این مسئله ({{kind}}) تصحیح بایاس ندارد؛ با {{b1}} و {{b2}} پیش¦فرض Adam و "
                                 "{{lr}} این مسئله"),
    "proof.adam.numbers.defaults": "با مقادیر پیش¦فرض Adam، {{lr}}",
    "proof.adam.numbers.why": ("، گام نخستِ خام برابر عدد نخست زیر ضرب در {{eta}} است، در حالی که گام تصحیح¦شده حدود "
                               "خود {{eta}} است. تقریب گام خام نیاز دارد که {{g1}} بسیار بزرگ¦تر از عدد آخر باشد."),
    "proof.adam.constant": "گرادیان ثابت",
    "proof.adam.constant.why": ("اگر همه¦ی گرادیان¦ها برابر یک مقدار {{g}} باشند، گشتاورهای خام همان شکل¦های بسته¦ی "
                                "گام ۱ بدون امید ریاضی¦اند، و با {{eps0}} گام خام این مضرب از {{eta}} است (گام "
                                "تصحیح¦شده دقیقاً {{eta}} است):"),
    "proof.adam.fading": "اثر تصحیح با زمان کم می¦شود",
    "proof.adam.fading.why": ("عامل¦های تصحیح {{factor1}} و {{factor2}} به ۱ میل می¦کنند، چون {{power1}} و "
                              "{{power2}} به ۰ میل می¦کنند؛ وقتی {{power1}} و {{power2}} زیر ۰٫۰۱ باشند، یعنی از "
                              "{{last1}} و از {{last2}} به بعد، این عامل¦ها در فاصله¦ی ۱٪ از ۱ هستند. تصحیح گشتاور "
                              "دوم بسیار بیشتر دوام می¦آورد، و جدول زیر نشان می¦دهد که گام خام گام ۶ نه تنها در "
                              "{{t1}} بیش از اندازه بزرگ است."),
    "proof.adam.factor_for": "عامل {{q}}",
    "proof.adam.raw_step": "گام خام / {{eta}}",
    "proof.adam.ratio_table": ("عامل¦های تصحیح {{factor1}} و {{factor2}}، و گام خام گام ۶ بر حسب {{eta}} (گرادیان "
                               "ثابت، {{eps0}})، با {{b1}} و {{b2}} این مسئله."),
    "proof.adam.figure": ("میانگین روی {{runs}} اجرای بذرگذاری¦شده از گشتاورهای Adam (گرادیان¦ها نرمال با میانگین "
                          "{{mean}} و انحراف معیار {{sd}}، پس {{square}}) در برابر گام ۱؛ گشتاورهای تصحیح¦شده از "
                          "همان گام نخست روی مقدار واقعی¦اند."),
    "proof.adam.table": "شبیه¦سازی به عدد (میانگین و خطای استاندارد).",
    "proof.bn.title": "پارامترهای آموزش¦پذیر یک لایه¦ی تمام¦متصل با نرمال¦سازی دسته¦ای",
    "proof.bn.statement": ("یک لایه¦ی تمام¦متصل با {{n_in}} ورودی و {{n_out}} نورون و پس از آن نرمال¦سازی دسته¦ای "
                           "(BN) دارای{{total}}پارامتر آموزش¦پذیر است: {{value}} برای ابعاد اینجا، {{inputs}} و "
                           "{{units}}."),
    "proof.bn.dense": "لایه¦ی تمام¦متصل",
    "proof.bn.dense.why": ("لایه {{z}} را حساب می¦کند: یک ماتریس وزن {{W}} با یک سطر {{n}} وزنی برای هر نورون و یک "
                           "بایاس برای هر نورون."),
    "proof.bn.bn": "نرمال¦سازی دسته¦ای",
    "proof.bn.bn.why": "نرمال¦سازی دسته¦ای برای هر یک از {{n}} نورون یک مقیاس {{gamma}} و یک شیفت {{beta}} یاد می¦گیرد:",
    "proof.bn.total": "همه¦ی پارامترهای آموزش¦پذیر",
    "proof.bn.total.why": "دو شمارش را با هم جمع کنید.",
    "proof.bn.total.check": (" برای یک بررسی مستقل، SymPy لایه را با همین ابعاد برای دسته¦ای از دو نمونه می¦سازد و "
                             "نمادهای پارامتر متمایز در خروجی آن را می¦شمارد."),
    "proof.bn.counted": "نمادهای پارامتر لایه",
    "proof.bn.redundant": "بایاس لایه¦ی تمام¦متصل زائد است",
    "proof.bn.redundant.why": ("برای یک نورون و دسته¦ای از {{m}} نمونه، افزودن {{b}} به هر {{z}} آن را به میانگین "
                               "آن¦ها هم می¦افزاید و تفریق آن را حذف می¦کند: مقادیر نرمال¦شده، و در نتیجه خروجی، به "
                               "{{b}} وابسته نیستند. گرادیان آن ۰ است؛ شیفت {{beta}} در نرمال¦سازی دسته¦ای کار آن را "
                               "انجام می¦دهد، پس معمولاً بایاس حذف می¦شود (bias=False در PyTorch):"),
    "proof.bn.buffers": "آماره¦های جاری آموزش داده نمی¦شوند",
    "proof.bn.buffers.why": ("نرمال¦سازی دسته¦ای برای هر نورون یک میانگین جاری و یک واریانس جاری هم برای زمان آزمون "
                             "نگه می¦دارد. این¦ها میانگین متحرک آماره¦های دسته¦اند و بدون گرادیان بروزرسانی می¦شوند، "
                             "پس ذخیره می¦شوند اما آموزش داده نمی¦شوند: در {{P}} شمرده نمی¦شوند."),
    "proof.bn1.title": "نرمال¦سازی دسته¦ای با دسته¦ای یک¦نمونه¦ای",
    "proof.bn1.statement": ("نرمال¦سازی دسته¦ای هر نورون را روی دسته¦ای از {{m}} مقدار {{x}} نرمال می¦کند:{{mean}}"
                            "{{normalised}}با دسته¦ای یک¦نمونه¦ای ({{m1}})، برای هر ورودی {{xhat}} و {{y}}."),
    "proof.bn1.mean": "میانگین",
    "proof.bn1.mean.why": "با {{m1}} میانگین دسته همان تنها مقدار است.",
    "proof.bn1.variance": "واریانس",
    "proof.bn1.variance.why": "هر مقدار برابر میانگین است، پس واریانس ۰ است.",
    "proof.bn1.normalised": "مقدار نرمال¦شده",
    "proof.bn1.normalised.why": ("صورت ۰ و مخرج {{root}} است که مثبت است: همین {{eps}} است که نمی¦گذارد این ۰/۰ "
                                 "شود."),
    "proof.bn1.output": "خروجی",
    "proof.bn1.output.why": ("ورودی هر چه باشد و {{gamma}} هر چه باشد، خروجی همان شیفت {{beta}} است. (تنها تا وقتی ۰ "
                             "است که {{beta}} مقدار اولیه¦ی معمولش، ۰، را نگه دارد.)"),
    "proof.bn1.gradient": "هیچ گرادیانی جریان نمی¦یابد",
    "proof.bn1.gradient.why": ("خروجی به ورودی و به {{gamma}} وابسته نیست، پس گرادیان آن¦ها ۰ است: چیزی به لایه¦های "
                               "پایین¦تر نمی¦رسد، {{gamma}} هرگز یاد گرفته نمی¦شود و تنها {{beta}} یاد گرفته می¦شود. "
                               "آموزش با دسته¦های یک¦نمونه¦ای ممکن نیست؛ BatchNorm1d در PyTorch در حالت آموزش آن را "
                               "نمی¦پذیرد."),
    "proof.dropout.title": "دراپ¦اوت: زیرشبکه¦ها و مقیاس¦بندی در زمان آزمون",
    "proof.dropout.statement": ("دراپ¦اوت در زمان آموزش هر یک از {{N}} نورون را مستقل از بقیه با احتمال {{p}} نگه "
                                "می¦دارد. آنگاه {{count}} زیرشبکه وجود دارد، میانگین یک نورونِ دراپ¦اوت¦شده {{p}} "
                                "برابر مقدار آن است، و مقیاس¦بندی با {{p}} در زمان آزمون (یا با {{inverse}} در زمان "
                                "آموزش) ورودی لایه¦ی بعد را به طور میانگین درست می¦کند."),
    "proof.dropout.subnetworks": "زیرشبکه¦ها",
    "proof.dropout.counting": "شمارش زیرشبکه¦ها",
    "proof.dropout.counting.why": ("هر زیرشبکه با این مشخص می¦شود که کدام نورون¦ها نگه داشته شوند. هر یک از {{N}} "
                                   "نورون مستقل از بقیه نگه داشته یا خاموش می¦شود، که حاصل¦ضرب را می¦دهد؛ اگر "
                                   "زیرشبکه¦ها را بر حسب تعداد {{k}} نورون نگه¦داشته دسته¦بندی کنیم، {{ways}} راه برای "
                                   "انتخاب آن¦ها هست، که مجموع را می¦دهد. هر دو، شبکه¦ی کامل و شبکه¦ی تهی را هم "
                                   "می¦شمارند."),
    "proof.dropout.number": "عدد این مسئله",
    "proof.dropout.number.why": "با {{N}} نورونِ این مسئله:",
    "proof.dropout.mean": "میانگین یک نورونِ دراپ¦اوت¦شده",
    "proof.dropout.mean.why": ("در زمان آموزش {{htilde}}، که در آن ماسک {{mask}} با احتمال {{p}} (احتمال نگه داشتن) "
                               "برابر ۱ و در غیر این صورت ۰ است، پس {{mean}}؛ مقدار نورون، {{h}}، ثابت فرض می¦شود."),
    "proof.dropout.scaling": "مقیاس¦بندی در زمان آزمون",
    "proof.dropout.scaling.why": ("لایه¦ی بعد نورون¦های دراپ¦اوت¦شده را جمع می¦کند. در زمان آزمون هیچ نورونی خاموش "
                                  "نمی¦شود، پس ورودی آن به طور میانگین {{factor}} برابر بزرگ¦تر می¦شد؛ ضرب نورون¦ها "
                                  "(یا وزن¦های خروجی آن¦ها) در {{p}} میانگین زمان آموزش را برمی¦گرداند:"),
    "proof.dropout.inverted": "دراپ¦اوت وارون",
    "proof.dropout.inverted.why": ("روش رایج دیگر به جای آن در زمان آموزش بر {{p}} تقسیم می¦کند تا در زمان آزمون "
                                   "چیزی تغییر نکند. (Dropout در PyTorch احتمال خاموش شدن، {{q}}، را می¦گیرد و بر "
                                   "{{keep}} تقسیم می¦کند.)"),
    "proof.dropout.nonlinear": "دقیق تنها پیش از تابع غیرخطی",
    "proof.dropout.nonlinear.why": ("مقیاس¦بندی میانگین¦ها را برابر می¦کند، و میانگین از جمع عبور می¦کند اما از تابع "
                                    "غیرخطی نه. ساده¦ترین حالت، یک نورون و یک مربع: چون {{square}}، میانگین مربع به "
                                    "اندازه¦ی واریانس ماسک از مربع میانگین بیشتر است. پس شبکه¦ی مقیاس¦شده پس از یک "
                                    "تابع غیرخطی تنها تقریبی از میانگین روی زیرشبکه¦هاست."),
    "proof.dropout.numbers.why": ("با احتمال نگه داشتن {{keep}}: خروجی¦های زمان آزمون در {{p}} ضرب می¦شوند، یا "
                                  "خروجی¦های زمان آموزش در {{inverse}}."),
    "proof.dropout.all": "همه",
    "proof.dropout.table": "{{count}} زیرشبکه¦ی {{N}} نورون، بر حسب تعداد {{k}} نورونِ نگه¦داشته.",

    # --- layer kinds (derive/network/layers/: each kind's words under layer.KIND.*) ------------------
    "sheet.convention.Wx.some": ("در هر لایه‌ی چگال $z = W a + b$ است (ابعاد وزن هر لایه «تعداد نورون‌ها $\\times$ "
                                 "تعداد ورودی‌های لایه» است، مانند \\lr{\\texttt{Linear}} در \\lr{PyTorch})"),
    "sheet.convention.xW.some": ("در هر لایه‌ی چگال $z = a W + b$ است: هر نمونه و مقادیر هر لایه سطری‌اند و ابعاد "
                                 "وزن هر لایه «تعداد ورودی‌ها $\\times$ تعداد نورون‌های لایه» است، همان‌گونه که در فایل "
                                 "مسئله آمده (ترانهاده‌ی وزن \\lr{\\texttt{Linear}} در \\lr{PyTorch})"),
    "sheet.losses": "هزینه‌ها",
    "sheet.batch.full_sum": "هر پیمایش یک گام با مجموع گرادیان روی همه‌ی {{n}} نمونه است",
    "sheet.gradcheck.mean_loss": "میانگین هزینه",
    "sheet.gradcheck.summed_loss": "مجموع هزینه",
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

    # --- the losses and the optimizers' rules (titles are plain text: they are escaped) ---------------
    "loss.bce": "آنتروپی متقاطع دودویی",
    "loss.mse": "خطای مربعی",
    "loss.ce": "آنتروپی متقاطع",
    # --- course conventions (layout, biases, frozen parameters, batch sums, rule options) -------------
    "derivation.model_intro_rows": ("برای هر نمونه، با $a$ ورودی هر لایه و بردارها به صورت سطری (نمونه یک سطر $x$ "
                                    "است و $z = a W + b$):"),
    "derivation.batch_loss_sum": "هزینه‌ی دسته‌ای از $n$ نمونه مجموع هزینه‌ی آن‌هاست",
    "derivation.mean_gradient_frozen": "برای هر پارامتر $\\theta$ جز {{frozen}} که ثابت‌اند: گرادیانی که بروزرسانی به کار می‌برد",
    "derivation.no_bias": "، بدون بایاس",
    "derivation.scalar_cut": "با ${{bar}} = \\partial L / \\partial {{value}}$ از پس‌انتشار",
    "derivation.composed_skipped": ("هزینه‌ی ترکیب‌شده‌ی کامل شبکه‌ای به این عمق اینجا مشتق گرفته نمی‌شود: بسط "
                                    "\\lr{SymPy} از مشتق‌های آن با افزایش لایه‌ها به صورت نمایی بزرگ می‌شود. آزمون "
                                    "تفاضل متناهی در پایان، گرادیان‌ها را به صورت عددی مقایسه می‌کند."),
    "derivation.backward_batchnorm": ("با نرمال‌سازی دسته‌ای، بارِ هر کمیت پیش از آن لایه مشتق مجموع هزینه‌ی دسته "
                                      "$\\sum_j L^{(j)}$ است (پایین‌تر)؛ پس از آن لایه این همان "
                                      "$\\partial L / \\partial q$ است."),
    "sheet.no_bias": "ندارد",
    "sheet.frozen_mark": " (ثابت)",
    "sheet.convention.Wx": ("در هر لایه $z = W a + b$ است (ابعاد وزن هر لایه «تعداد نورون‌ها $\\times$ تعداد "
                            "ورودی‌های لایه» است، مانند \\lr{\\texttt{Linear}} در \\lr{PyTorch})"),
    "sheet.convention.xW": ("در هر لایه $z = a W + b$ است: هر نمونه و مقادیر هر لایه سطری‌اند و ابعاد وزن هر لایه "
                            "«تعداد ورودی‌ها $\\times$ تعداد نورون‌های لایه» است، همان‌گونه که در فایل مسئله آمده "
                            "(ترانهاده‌ی وزن \\lr{\\texttt{Linear}} در \\lr{PyTorch})"),
    "sheet.convention.no_bias": "؛ در لایه‌ی بدون بایاس $z = {{z}}$ است",
    "sheet.frozen.one": ("{{names}} ثابت است: در همه‌ی پیمایش‌ها با مقدار اولیه‌اش به کار می‌رود، هرگز بروزرسانی "
                         "نمی‌شود و گرادیانی برای آن محاسبه نمی‌شود."),
    "sheet.frozen.other": ("{{names}} ثابت‌اند: در همه‌ی پیمایش‌ها با مقادیر اولیه‌شان به کار می‌روند، هرگز "
                           "بروزرسانی نمی‌شوند و گرادیانی برای آن‌ها محاسبه نمی‌شود."),
    "sheet.frozen_keep": "پارامترهای ثابت مقدار اولیه‌ی خود را نگه می‌دارند.",
    "sheet.loss_sum": ("تابع هزینه: {{loss}} برای هر نمونه؛ هزینه‌ی یک دسته مجموع هزینه‌ی نمونه‌های آن است و "
                       "گرادیان آن نیز مجموع گرادیان‌هاست."),
    "sheet.rule_intro": "برای هر پارامتر $\\theta$ با گرادیان $g$، پیمایش $t$ این بروزرسانی را انجام می‌دهد:",
    "sheet.sum": "مجموع روی دسته",
    "sheet.where_g": "نقطه‌ای که $g$ در آن گرفته می‌شود",
    "loss.sse": "مجموع مربعات خطا",
    "loss.scaled": "{{scale}} برابرِ {{loss}}",
    "loss.mse_mean_outputs": "میانگین مربعات خطا روی {{n}} خروجی",
    "loss.mean_outputs": "{{loss}}، میانگین‌گرفته روی {{n}} خروجی",
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
}.items()}
