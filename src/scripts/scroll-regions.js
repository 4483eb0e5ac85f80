// Wide display formulas and code listings scroll sideways inside their own box. Each box that
// scrolls becomes a named, focusable region so that keyboard users can scroll it and screen
// readers can tell the regions apart. (Expressive Code does part of this for listings, but leaves
// them unnamed and misses some inside tabs.) Inlined into every page by astro.config.mjs.
addEventListener('DOMContentLoaded', () => {
  const zh = document.documentElement.lang.startsWith('zh');
  const boxes = [...document.querySelectorAll('.katex-display, .expressive-code pre')];
  const formulas = boxes.filter((b) => b.matches('.katex-display'));
  const codes = boxes.filter((b) => b.matches('pre'));
  const label = (box) =>
    box.matches('pre')
      ? zh ? `代码 ${codes.indexOf(box) + 1}（可横向滚动）` : `Code listing ${codes.indexOf(box) + 1} (scrolls sideways)`
      : zh ? `公式 ${formulas.indexOf(box) + 1}（可横向滚动）` : `Formula ${formulas.indexOf(box) + 1} (scrolls sideways)`;
  const mark = () => {
    // Measure every box before changing any: interleaving reads and writes would force the
    // browser to lay the whole page out again for each box.
    const wide = boxes.map((box) => box.scrollWidth > box.clientWidth);
    boxes.forEach((box, i) => {
      if (wide[i]) {
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', label(box));
      } else if (box.getAttribute('role') === 'region') {
        ['tabindex', 'role', 'aria-label'].forEach((a) => box.removeAttribute(a));
      }
    });
  };
  mark();
  // Whether a box overflows changes with the width of the window and once KaTeX's fonts arrive (not
  // with what mark() does, so this cannot feed back into itself).
  document.fonts.addEventListener('loadingdone', mark);
  addEventListener('load', mark);
  let timer;
  addEventListener('resize', () => {
    clearTimeout(timer);
    timer = setTimeout(mark, 200);
  });
  // Expressive Code's own marking (from an idle callback) may come later; name what it marks.
  new MutationObserver((changes) => {
    for (const { target } of changes) {
      if (target.getAttribute('role') === 'region' && !target.hasAttribute('aria-label') && boxes.includes(target)) {
        target.setAttribute('aria-label', label(target));
      }
    }
  }).observe(document.body, { subtree: true, attributeFilter: ['role'] });
});
