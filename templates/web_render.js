/* derive: typeset every .tex element of the answer sheet with KaTeX (trust off: no links, no HTML, no
   includes), once; a formula that fails stays as its TeX, marked .katex-error, and is logged. */
(function () {
  "use strict";
  var nodes = document.querySelectorAll(".derive-sheet .tex:not(.tex-done)");
  if (typeof katex === "undefined") {
    if (nodes.length) console.error("derive: KaTeX did not load; formulas are shown as TeX");
    return;
  }
  for (var i = 0; i < nodes.length; i++) {
    var el = nodes[i];
    var tex = el.textContent;
    try {
      katex.render(tex, el, {
        displayMode: el.classList.contains("display"), throwOnError: true, trust: false,
        strict: "warn", maxExpand: 1000, maxSize: 50, output: "htmlAndMathml"
      });
      el.classList.add("tex-done");
    } catch (err) {
      el.textContent = tex;
      el.classList.add("katex-error");
      el.title = String(err && err.message);
      console.error("derive: a formula did not render: " + (err && err.message));
    }
  }
})();
