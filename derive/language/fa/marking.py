"""The Persian words of the marked sheet of a student's numbers (check.*); ¦ is a ZWNJ (see __init__.py)."""

MESSAGES = {
    # --- the marked sheet ---------------------------------------------------------------------------------
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
}
