"""The Persian words of a class's question sheets and report (questions.*, report.*); ¦ is a ZWNJ (see __init__.py)."""

MESSAGES = {
    # --- the question sheet -------------------------------------------------------------------------------
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

    # --- the class report (derive report) -----------------------------------------------------------------
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
}
