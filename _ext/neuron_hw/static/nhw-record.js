/* Figure records in place (figure_links.py). Every figure links to its record on the records page;
   this script fetches that page once and shows the record in a popover next to the figure. The
   popover is a non-modal dialog: focus moves into it, Escape or a click elsewhere closes it, and
   focus returns to the figure. Where popovers are not supported, or the records page cannot be
   fetched (a page opened from disk), the link leads to the record as it does without the script. */
(() => {
  "use strict";
  if (!Object.prototype.hasOwnProperty.call(HTMLElement.prototype, "popover")) return;
  const pages = new Map(); // records page address -> Promise of its parsed document
  const load = (address) => {
    if (!pages.has(address)) {
      pages.set(address, fetch(address).then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      }).then((text) => new DOMParser().parseFromString(text, "text/html")));
    }
    return pages.get(address);
  };

  const pop = document.createElement("div");
  pop.className = "nhw-record-pop";
  pop.popover = "auto";
  pop.setAttribute("role", "dialog");
  pop.setAttribute("aria-labelledby", "nhw-record-pop-title");
  pop.tabIndex = -1;
  let opener = null;

  const place = () => {
    if (!opener) return;
    const at = opener.getBoundingClientRect();
    const width = pop.offsetWidth, height = pop.offsetHeight, gap = 6, edge = 8;
    const left = Math.max(edge, Math.min(at.left, window.innerWidth - width - edge));
    const below = at.bottom + gap;
    const top = below + height <= window.innerHeight - edge ? below : Math.max(edge, at.top - gap - height);
    pop.style.left = `${left}px`;
    pop.style.top = `${top}px`;
  };

  const show = (link, record, address) => {
    const body = document.createElement("div");
    body.className = "nhw-record-pop__body";
    for (const child of record.children) body.append(document.importNode(child, true));
    // Links inside the record are relative to the records page: make them work from this page.
    for (const a of body.querySelectorAll("a[href]")) a.href = new URL(a.getAttribute("href"), address).href;
    for (const element of body.querySelectorAll("[id]")) element.removeAttribute("id");
    const head = body.querySelector(".nhw-record-head");
    if (head) head.id = "nhw-record-pop-title";
    const close = document.createElement("button");
    close.type = "button";
    close.className = "nhw-record-pop__close";
    close.textContent = "Close";
    close.addEventListener("click", () => pop.hidePopover());
    const full = document.createElement("a");
    full.className = "nhw-record-pop__full";
    full.href = address.href;
    full.textContent = "Open the record on its own page";
    const foot = document.createElement("p");
    foot.className = "nhw-record-pop__foot";
    foot.append(full, close);
    pop.replaceChildren(body, foot);
    if (!pop.isConnected) document.body.append(pop);
    opener = link;
    pop.showPopover();
    place();
    pop.focus();
  };

  pop.addEventListener("toggle", (event) => {
    if (event.newState !== "closed" || !opener) return;
    const back = opener;
    opener = null;
    // Back to the figure, unless the reader moved on to another control.
    if (!document.activeElement || document.activeElement === document.body || pop.contains(document.activeElement)) {
      back.focus();
    }
  });
  // Escape closes it wherever focus is (the browser's own light dismiss does not run when another
  // script on the page has already handled the key).
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && pop.matches(":popover-open")) {
      event.preventDefault();
      pop.hidePopover();
    }
  }, true);
  window.addEventListener("scroll", place, { passive: true });
  window.addEventListener("resize", place);

  document.addEventListener("click", async (event) => {
    const link = event.target instanceof Element ? event.target.closest("a.nhw-fig, a.nhw-chart__record") : null;
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const address = new URL(link.getAttribute("href"), document.baseURI);
    event.preventDefault();
    let record = null;
    try {
      const page = await load(address.href.split("#")[0]);
      record = page.getElementById(decodeURIComponent(address.hash.slice(1)));
    } catch (error) {
      record = null;
    }
    if (record) show(link, record, address);
    else window.location.assign(address.href);
  });
})();
