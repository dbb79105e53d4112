"""The Persian words of the trajectories document (trajectories.*); ¦ is a ZWNJ (see __init__.py)."""

MESSAGES = {
    # --- the trajectories document ------------------------------------------------------------------------
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
}
