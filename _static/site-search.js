/* Site search on Pagefind's JavaScript API (the index is written by _ext/site_search.py).
 *
 * Loaded only when a reader opens the search (the theme's search dialog: its button, Ctrl+K or
 * "/"), or on search.html, which lists the results of ?q= (with &kind= and &generation=).
 * Results are links: a page's best-matching section ("Section · Page") with its excerpt, or a
 * figure of the data with its value, scope and entity, linked to the figure's cell.
 * The Pagefind bundle (pagefind/) is fetched on the first search, not before.
 */
(function () {
  "use strict";
  if (window.nhdSearch) return;

  var root = new URL(document.documentElement.getAttribute("data-content_root") || "./", location.href);
  var script = document.currentScript;
  var version = script ? new URL(script.src).search : "";
  var SHOWN = 10;
  var FILTERS = [
    ["kind", "Kind of page"],
    ["generation", "Generation"],
  ];
  var engine = null;

  function stylesheet() {
    if (document.querySelector("link[data-nhs]")) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL("_static/site-search.css" + version, root).href;
    link.setAttribute("data-nhs", "");
    document.head.appendChild(link);
  }

  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname, excerptLength: 22 }).then(function () {
          return pf;
        });
      });
    }
    return engine;
  }

  // A term as the index compares it (site_search.term_key): lower case, "-" and runs of spaces as
  // one space, a plural "s" dropped.
  function termKey(text) {
    return text
      .toLowerCase()
      .trim()
      .split(/[\s-]+/)
      .filter(Boolean)
      .map(function (w) { return w.length > 3 && /s$/.test(w) && !/ss$/.test(w) ? w.slice(0, -1) : w; })
      .join(" ");
  }

  // The names of the data's entities (from the index's filters): "entity" on figures, "about" on
  // the page of each entity; and the terms pages are titled by ("title") or define ("defines").
  var entityNames = null;
  function entities(pf) {
    if (!entityNames) {
      entityNames = pf.filters().then(function (f) {
        var lower = function (names) { return Object.keys(names || {}).map(function (n) { return [n.toLowerCase(), n]; }); };
        return {
          figures: lower(f.entity).map(function (n) { return n[0]; }),
          figureNames: new Map(lower(f.entity)),
          pages: new Map(lower(f.about)),
          titles: new Set(Object.keys(f.title || {})),
          defines: new Set(Object.keys(f.defines || {})),
        };
      });
    }
    return entityNames;
  }

  // A query asks for a figure when it holds a number, or names an entity (trn2.48xlarge,
  // Trainium2, NeuronCore-v3...) and something more ("device memory").  Otherwise pages come first.
  function asksForFigure(query, names) {
    var q = " " + query.toLowerCase().replace(/\s+/g, " ").trim() + " ";
    if (/\d/.test(q.replace(/[a-z][\w.-]*\d[\w.-]*/g, ""))) return true;
    return names.some(function (name) {
      var at = q.indexOf(" " + name + " ");
      return at >= 0 && (q.slice(0, at) + q.slice(at + name.length + 1)).trim().length > 0;
    });
  }

  // The longest entity name the query holds as whole words ("Trainium" in "Trainium HBM bandwidth",
  // not "Trainium2"), as its filter value; or null.
  function namedEntity(query, names) {
    var q = " " + query.toLowerCase().replace(/\s+/g, " ").trim() + " ";
    var best = null;
    names.forEach(function (value, name) {
      if (q.indexOf(" " + name + " ") >= 0 && (!best || name.length > best[0].length)) best = [name, value];
    });
    return best && best[1];
  }

  // Ranked results: pages and figures in one list.
  function find(query, filters) {
    return pagefind().then(function (pf) {
      var figuresOnly = Object.assign({}, filters, { result: "figure" });
      return entities(pf).then(function (names) {
        var only = function (name, value) {
          var narrowed = Object.assign({}, filters);
          narrowed[name] = value;
          return pf.search(query, { filters: narrowed });
        };
        // A query that is the name of a chip, a core, a family or an instance finds its page first;
        // one that is a term lists the page titled by it, then the pages that define it.
        var subject = names.pages.get(query.toLowerCase().replace(/\s+/g, " ").trim());
        var term = termKey(query);
        // For a figure query, the figures of the entity it names come before other figures.
        var together = asksForFigure(query, names.figures);
        var named = together ? namedEntity(query, names.figureNames) : null;
        return Promise.all([
          pf.search(query, { filters: filters }),
          pf.search(query, { filters: figuresOnly }),
          subject ? only("about", subject) : null,
          names.titles.has(term) ? only("title", term) : null,
          names.defines.has(term) ? only("defines", term) : null,
          named ? pf.search(query, { filters: Object.assign({}, figuresOnly, { entity: named }) }) : null,
        ]).then(function (found) {
          var ids = function (search) { return new Set(((search && search.results) || []).map(function (r) { return r.id; })); };
          var all = (found[0] && found[0].results) || [];
          var figures = ids(found[1]);
          var about = ids(found[2]);
          var titled = ids(found[3]);
          var defining = ids(found[4]);
          var ofEntity = ids(found[5]);
          // For a figure query, figures and pages are ranked together; otherwise pages come first.
          return all
            .map(function (r, i) {
              var figure = figures.has(r.id);
              var rank = about.has(r.id) ? -4 : titled.has(r.id) ? -3 : defining.has(r.id) ? -2 : ofEntity.has(r.id) ? -1 : figure && !together ? 1 : 0;
              return { result: r, figure: figure, rank: rank, order: i };
            })
            .sort(function (a, b) { return a.rank - b.rank || a.order - b.order; });
        });
      });
    });
  }

  // The section of a page result with the most weight of matching words.
  function bestSections(data) {
    var subs = (data.sub_results || []).map(function (sub) {
      var score = (sub.weighted_locations || []).reduce(function (s, l) { return s + l.balanced_score; }, 0);
      return { sub: sub, score: score };
    });
    subs.sort(function (a, b) { return b.score - a.score; });
    return subs.map(function (s) { return s.sub; });
  }

  // Pagefind's excerpts are escaped text with <mark> around the matches: keep exactly that.
  function excerpt(html) {
    var out = document.createElement("span");
    var tpl = document.createElement("template");
    tpl.innerHTML = html || "";
    tpl.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function pageTitle(data) {
    return (data.meta && data.meta.title) || data.url;
  }

  function item(entry, data) {
    var li = el("li", "nhs-result");
    var a = el("a", "nhs-link");
    if (entry.figure) {
      li.classList.add("nhs-figure");
      a.href = data.url;
      a.appendChild(el("span", "nhs-title", data.meta.title));
      var value = el("span", "nhs-value");
      value.appendChild(el("strong", null, data.meta.figure));
      if (data.meta.scope) value.appendChild(document.createTextNode(" " + data.meta.scope));
      a.appendChild(value);
      li.appendChild(a);
      li.appendChild(el("span", "nhs-where", "Figure · " + data.meta.page_title));
      return li;
    }
    var sections = bestSections(data);
    var best = sections[0] || { url: data.url, title: pageTitle(data), excerpt: data.excerpt };
    a.href = best.url;
    var title = best.title && best.title !== pageTitle(data) ? best.title + " · " + pageTitle(data) : pageTitle(data);
    a.appendChild(el("span", "nhs-title", title));
    li.appendChild(a);
    var p = el("p", "nhs-excerpt");
    p.appendChild(excerpt(best.excerpt || data.excerpt));
    li.appendChild(p);
    var more = sections.slice(1, 3).filter(function (s) { return s.anchor; });
    if (more.length) {
      var ul = el("ul", "nhs-more");
      more.forEach(function (s) {
        var sub = el("li");
        var link = el("a", null, s.title);
        link.href = s.url;
        sub.appendChild(link);
        ul.appendChild(sub);
      });
      li.appendChild(ul);
    }
    return li;
  }

  function option(select, value, label) {
    var o = el("option", null, label);
    o.value = value;
    select.appendChild(o);
  }

  // One search box with its results: the dialog's form, or the search page's.
  function Panel(form, host, onPage) {
    this.form = form;
    this.input = form.querySelector("input[name=q]");
    this.onPage = onPage;
    this.panel = el("div", "nhs-panel");
    this.filters = el("div", "nhs-filters");
    this.status = el("p", "nhs-status");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.list = el("ol", "nhs-results");
    this.list.setAttribute("aria-label", "Search results");
    this.panel.append(this.filters, this.status, this.list);
    host.appendChild(this.panel);
    this.selects = {};
    this.pending = 0;
    var self = this;
    var timer;
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(); }, 120);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (self.onPage) self.run();
      else location.href = self.deepLink();
    });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var first = self.list.querySelector("a");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
    this.list.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(self.list.querySelectorAll("a"));
      var i = links.indexOf(document.activeElement);
      if (i < 0) return;
      event.preventDefault();
      if (event.key === "ArrowUp" && i === 0) self.input.focus();
      else if (links[i + (event.key === "ArrowDown" ? 1 : -1)]) links[i + (event.key === "ArrowDown" ? 1 : -1)].focus();
    });
  }

  Panel.prototype.values = function () {
    var filters = {};
    for (var name in this.selects) {
      if (this.selects[name].value) filters[name] = this.selects[name].value;
    }
    return filters;
  };

  Panel.prototype.deepLink = function () {
    var url = new URL("search.html", root);
    url.searchParams.set("q", this.input.value.trim());
    var filters = this.values();
    for (var name in filters) url.searchParams.set(name, filters[name]);
    return url.href;
  };

  Panel.prototype.buildFilters = function (initial) {
    var self = this;
    return pagefind()
      .then(function (pf) { return pf.filters(); })
      .then(function (available) {
        FILTERS.forEach(function (f) {
          var values = Object.keys(available[f[0]] || {}).sort();
          if (!values.length) return;
          var id = "nhs-" + f[0] + (self.onPage ? "-page" : "-dialog");
          var label = el("label", null, f[1]);
          label.htmlFor = id;
          var select = el("select");
          select.id = id;
          select.name = f[0];
          option(select, "", "Any");
          values.forEach(function (v) { option(select, v, v); });
          if (initial && values.indexOf(initial[f[0]]) >= 0) select.value = initial[f[0]];
          select.addEventListener("change", function () { self.run(); });
          var wrap = el("span", "nhs-filter");
          wrap.append(label, select);
          self.filters.appendChild(wrap);
          self.selects[f[0]] = select;
        });
      });
  };

  Panel.prototype.run = function () {
    var self = this;
    var query = this.input.value.trim();
    var ticket = ++this.pending;
    if (this.onPage) history.replaceState(null, "", query ? this.deepLink() : location.pathname);
    if (!query) {
      this.list.replaceChildren();
      this.status.textContent = "";
      this.panel.classList.remove("nhs-has-results");
      return Promise.resolve();
    }
    this.panel.setAttribute("aria-busy", "true");
    return find(query, this.values())
      .then(function (ranked) {
        return Promise.all(
          ranked.slice(0, SHOWN).map(function (entry) {
            return entry.result.data().then(function (data) { return [entry, data]; });
          }),
        ).then(function (shown) {
          if (ticket !== self.pending) return;
          self.list.replaceChildren.apply(
            self.list,
            shown.map(function (s) { return item(s[0], s[1]); }),
          );
          var n = ranked.length;
          self.status.textContent =
            n === 0
              ? "No results for “" + query + "”."
              : n + (n === 1 ? " result" : " results") + " for “" + query + "”" + (n > SHOWN ? ", the first " + SHOWN + " shown." : ".");
          self.panel.classList.toggle("nhs-has-results", n > 0);
          self.panel.removeAttribute("aria-busy");
        });
      })
      .catch(function (error) {
        self.status.textContent = "Search is not available here: " + error.message + " (serve the site over HTTP; see README).";
        self.panel.removeAttribute("aria-busy");
      });
  };

  function initial() {
    var params = new URLSearchParams(location.search);
    var values = {};
    FILTERS.forEach(function (f) { if (params.get(f[0])) values[f[0]] = params.get(f[0]); });
    return { q: params.get("q") || "", filters: values };
  }

  function start() {
    stylesheet();
    var pageForm = document.querySelector(".nhs-page form.bd-search");
    if (pageForm) {
      var start = initial();
      var panel = new Panel(pageForm, document.querySelector(".nhs-page"), true);
      panel.input.value = start.q;
      panel.buildFilters(start.filters).then(function () { return panel.run(); });
      if (!start.q) panel.input.focus();
    }
    var dialog = document.getElementById("pst-search-dialog");
    var dialogForm = dialog && dialog.querySelector("form.bd-search");
    if (dialogForm) {
      var inDialog = new Panel(dialogForm, dialog, false);
      inDialog.buildFilters(null).then(function () { if (inDialog.input.value.trim()) inDialog.run(); });
    }
  }

  window.nhdSearch = { find: find, termKey: termKey };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
