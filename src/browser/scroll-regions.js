// Wide display formulas and code listings scroll sideways inside their own box. Each box that
// scrolls becomes a named, focusable region so that keyboard users can scroll it and screen
// readers can tell the regions apart. (Expressive Code does part of this for listings, but leaves
// them unnamed and misses some inside tabs.) Inlined into every page by astro.config.mjs.
//
// Whether a box scrolls is only known after layout, and chapter blocks are laid out lazily
// (content-visibility in custom.css): measuring every box on load would force the whole page
// through layout in one long task. So a box is measured when it comes near the viewport, where the
// browser lays it out anyway.
addEventListener('DOMContentLoaded', () => {
  const zh = document.documentElement.lang.startsWith('zh');
  const boxes = [...document.querySelectorAll('.math-display, .expressive-code pre')];
  const formulas = boxes.filter((b) => b.matches('.math-display'));
  const codes = boxes.filter((b) => b.matches('pre'));
  const label = (box) =>
    box.matches('pre')
      ? zh ? `代码 ${codes.indexOf(box) + 1}（可横向滚动）` : `Code listing ${codes.indexOf(box) + 1} (scrolls sideways)`
      : zh ? `公式 ${formulas.indexOf(box) + 1}（可横向滚动）` : `Formula ${formulas.indexOf(box) + 1} (scrolls sideways)`;
  const mark = (batch) => {
    // Measure the whole batch before changing any box: interleaving reads and writes would force
    // a layout per box.
    const wide = batch.map((box) => box.scrollWidth > box.clientWidth);
    batch.forEach((box, i) => {
      if (wide[i]) {
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', label(box));
      } else if (box.getAttribute('role') === 'region') {
        ['tabindex', 'role', 'aria-label'].forEach((a) => box.removeAttribute(a));
      }
    });
  };
  // Boxes within two screens of the viewport. One that leaves and comes back is measured again, so
  // a resize or a late font only needs the near ones measured again at once.
  const near = new Set();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const { target, isIntersecting } of entries) near[isIntersecting ? 'add' : 'delete'](target);
      mark(entries.filter((e) => e.isIntersecting).map((e) => e.target));
    },
    { rootMargin: '200% 0px' },
  );
  boxes.forEach((box) => observer.observe(box));
  const markNear = () => mark([...near]);
  document.fonts.addEventListener('loadingdone', markNear);
  let timer;
  addEventListener('resize', () => {
    clearTimeout(timer);
    timer = setTimeout(markNear, 200);
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
