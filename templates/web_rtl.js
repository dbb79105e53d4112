/* derive: a right-to-left sheet writes words of its language in formulas' \text{} (a step's note). KaTeX has no
   metrics for Arabic script and sets those words in the page's own font, as it should: that is no reason to warn.
   Every other strict check still warns. Inlined before web_render.js, on right-to-left pages only. */
(function () {
  "use strict";
  if (typeof katex === "undefined") return;
  var render = katex.render;
  var script = /[\u0600-\u06ff\u200c]/;
  function strict(code, message) {
    return (code === "unknownSymbol" || code === "symbolNotInFont") && script.test(message) ? "ignore" : "warn";
  }
  katex.render = function (tex, element, options) {
    return render(tex, element, Object.assign({}, options, {strict: strict}));
  };
})();
