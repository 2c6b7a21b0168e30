// newsqa chat: clicking a citation [n] (or a row of the who-said-what table) scrolls the
// sources panel to that sentence and highlights it. Inline, no external scripts.
(() => {
  const FOCUS = "nq-focus";

  function focusSentence(id) {
    const el = document.getElementById(id);
    if (!el) return false;
    const article = el.closest("details");
    if (article && !article.open) article.open = true;
    document.querySelectorAll("." + FOCUS).forEach((node) => node.classList.remove(FOCUS));
    // Restart the flash animation even when the same sentence is clicked twice.
    void el.offsetWidth;
    el.classList.add(FOCUS);
    el.scrollIntoView({ behavior: "smooth", block: "center" });
    return true;
  }

  document.addEventListener(
    "click",
    (event) => {
      const origin = event.target instanceof Element ? event.target : null;
      const link = origin && origin.closest("[data-nq-target], a[href^='#nq-']");
      if (!link) return;
      const id = link.getAttribute("data-nq-target") || link.getAttribute("href").slice(1);
      if (focusSentence(id)) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true,
  );

  window.newsqaFocus = focusSentence;
})();
