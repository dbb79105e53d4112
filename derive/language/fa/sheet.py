"""The Persian words of the answer sheet (sheet.*); ¦ is a ZWNJ (see __init__.py)."""

MESSAGES = {
    # --- the answer sheet ---------------------------------------------------------------------------------
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

    # --- layer kinds (derive/network/layers/: each kind's words under layer.KIND.*) -----------------------
    "sheet.convention.Wx.some": ("در هر لایه‌ی چگال $z = W a + b$ است (ابعاد وزن هر لایه «تعداد نورون‌ها $\\times$ "
                                 "تعداد ورودی‌های لایه» است، مانند \\lr{\\texttt{Linear}} در \\lr{PyTorch})"),
    "sheet.convention.xW.some": ("در هر لایه‌ی چگال $z = a W + b$ است: هر نمونه و مقادیر هر لایه سطری‌اند و ابعاد "
                                 "وزن هر لایه «تعداد ورودی‌ها $\\times$ تعداد نورون‌های لایه» است، همان‌گونه که در فایل "
                                 "مسئله آمده (ترانهاده‌ی وزن \\lr{\\texttt{Linear}} در \\lr{PyTorch})"),
    "sheet.losses": "هزینه‌ها",
    "sheet.batch.full_sum": "هر پیمایش یک گام با مجموع گرادیان روی همه‌ی {{n}} نمونه است",
    "sheet.gradcheck.mean_loss": "میانگین هزینه",
    "sheet.gradcheck.summed_loss": "مجموع هزینه",

    # --- course conventions (layout, biases, frozen parameters, batch sums, rule options) -----------------
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
}
