"""The Persian words of the derivation (derivation.*); ¦ is a ZWNJ (see __init__.py)."""

MESSAGES = {
    # --- the derivation -----------------------------------------------------------------------------------
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

    # --- course conventions (layout, biases, frozen parameters, batch sums, rule options) -----------------
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
}
