/**
 * Highlights, in the table of contents, the section the reader is in. Replaces Starlight's own
 * module of the same name (see src/plugins/replace-starlight-toc.ts for how and why): Starlight's
 * version watches every block of the page and matches each against selectors with `:has()`,
 * which on chapter 4 (some 8,000 elements) took over 100 ms per table of contents, twice per page
 * (desktop and mobile), each time the page loads. This one watches only the headings.
 *
 * Same contract as Starlight's: the custom element <starlight-toc> with data-min-h/data-max-h, and
 * an exported class whose `current` setter the mobile table of contents overrides.
 */
export class StarlightTOC extends HTMLElement {
  #current: HTMLAnchorElement | null = this.querySelector('a[aria-current="true"]');

  protected set current(link: HTMLAnchorElement) {
    if (link === this.#current) return;
    this.#current?.removeAttribute('aria-current');
    link.setAttribute('aria-current', 'true');
    this.#current = link;
  }

  constructor() {
    super();
    // Nothing here is needed for the first paint.
    const idle = window.requestIdleCallback ?? ((cb: () => void) => setTimeout(cb, 1));
    idle(() => this.#init());
  }

  #init(): void {
    const minH = Number(this.dataset.minH ?? 2);
    const maxH = Number(this.dataset.maxH ?? 3);
    const levels = Array.from({ length: maxH - minH + 1 }, (_, i) => `h${minH + i}[id]`);
    const headings = [...document.querySelectorAll<HTMLElement>(`main :is(h1#_top, ${levels.join(', ')})`)];
    const links = new Map([...this.querySelectorAll('a')].map((a) => [decodeURIComponent(a.hash.slice(1)), a]));
    // The reader is in the section of the last heading that has scrolled above the reading line
    // (just under the fixed header); before the first one, in the page title's. A last section too
    // short to reach the line is current once the reader has scrolled far enough to see both it and
    // the page's footer (a page that fits on one screen stays on its title).
    const above = new Set<Element>();
    const onScreen = new Set<Element>();
    const lastHeading = headings.at(-1);
    const footer = document.querySelector('main footer');
    const update = () => {
      const atEnd = lastHeading && footer && scrollY > 0 && onScreen.has(lastHeading) && onScreen.has(footer);
      const heading = atEnd ? lastHeading : (headings.findLast((h) => above.has(h)) ?? headings[0]);
      const link = heading && links.get(heading.id);
      if (link) this.current = link;
    };
    const end = new IntersectionObserver((entries) => {
      for (const { target, isIntersecting } of entries) onScreen[isIntersecting ? 'add' : 'delete'](target);
      update();
    });
    [lastHeading, footer].forEach((e) => e && end.observe(e));
    let observer: IntersectionObserver | undefined;
    const observe = () => {
      observer?.disconnect();
      above.clear();
      const line = this.#readingLine();
      // The root is everything above the reading line, however far up, so that a jump across
      // the line (a link, a search result, Home/End) is reported as well as scrolling.
      observer = new IntersectionObserver(
        (entries) => {
          for (const { target, isIntersecting } of entries) above[isIntersecting ? 'add' : 'delete'](target);
          update();
        },
        { rootMargin: `100000% 0px ${line - document.documentElement.clientHeight}px 0px` },
      );
      headings.forEach((h) => observer!.observe(h));
    };
    observe();
    let timer: ReturnType<typeof setTimeout>;
    addEventListener('resize', () => {
      clearTimeout(timer);
      timer = setTimeout(observe, 200);
    });
  }

  /** Pixels from the top of the viewport: the header, the mobile contents bar, and some air. */
  #readingLine(): number {
    const header = document.querySelector('header')?.getBoundingClientRect().height ?? 0;
    const summary = this.querySelector('summary')?.getBoundingClientRect().height ?? 0;
    return Math.round(header + summary + 32);
  }
}

customElements.define('starlight-toc', StarlightTOC);
