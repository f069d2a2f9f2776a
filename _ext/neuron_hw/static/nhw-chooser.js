/* Instance chooser (directives/chooser.py): sort buttons in the numeric column headers, the filter
   form with a reset button, a live row count, and a message in place of the table when no size
   matches. The table itself is in the HTML; without this script it reads as is. */
(() => {
  "use strict";
  const number = (row, i) => {
    const v = parseFloat(row.cells[i].textContent.replace(/,/g, ""));
    return Number.isNaN(v) ? null : v;
  };
  for (const box of document.querySelectorAll(".nhw-chooser")) {
    const form = box.querySelector("form");
    const status = box.querySelector(".nhw-chooser-status");
    const table = box.querySelector("table");
    if (!form || !status || !table || !table.tHead || !table.tBodies.length) continue;
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const heads = Array.from(table.tHead.rows[0].cells);
    const memory = heads.findIndex((th) => th.classList.contains("nhw-col-memory"));
    const wrap = table.closest(".pst-scrollable-table-container") || table;
    const reset = () => Object.assign(document.createElement("button"), {type: "button", className: "nhw-chooser-reset", textContent: "Reset filters"});
    const empty = Object.assign(document.createElement("p"), {className: "nhw-chooser-empty", hidden: true, textContent: "No size matches these filters. "});
    const buttons = [reset(), reset()];
    form.append(buttons[0]);
    empty.append(buttons[1]);
    wrap.before(empty);
    let count = "";
    const say = (text) => { status.textContent = text; };
    const field = (name) => form.elements.namedItem(name);

    const filter = () => {
      const role = field("role").value, family = field("family").value, efa = field("efa").value;
      const least = parseFloat(field("memory").value);
      let shown = 0;
      for (const row of rows) {
        const c = row.classList, m = number(row, memory);
        const keep = (!role || c.contains("nhw-r-" + role)) && (!family || c.contains("nhw-f-" + family)) &&
          (!efa || c.contains("nhw-efa-" + efa)) && (Number.isNaN(least) || (m !== null && m >= least));
        row.hidden = !keep;
        if (keep) shown++;
      }
      count = shown ? `${shown} of ${rows.length} sizes shown.` : "No size matches these filters.";
      wrap.hidden = !shown;
      empty.hidden = !!shown;
      say(count);
    };
    for (const b of buttons) b.addEventListener("click", () => { form.reset(); filter(); field("role").focus(); });

    heads.forEach((th, i) => {
      if (!th.classList.contains("nhw-sort")) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "nhw-sort-button";
      const host = th.querySelector("p") || th; // a button holds phrasing content only
      // The words in one span: the button is a flex box, and each child of its own would be laid
      // out as a column of its own (a name kept whole by a span split the header in three).
      const label = document.createElement("span");
      while (host.firstChild) label.append(host.firstChild);
      button.append(label);
      host.append(button);
      button.addEventListener("click", () => {
        const order = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        for (const h of heads) h.removeAttribute("aria-sort");
        th.setAttribute("aria-sort", order);
        const sign = order === "ascending" ? 1 : -1;
        rows.sort((a, b) => {
          const x = number(a, i), y = number(b, i);
          if (x === null || y === null) return (x === null) - (y === null); // no figure: always last
          return (x - y) * sign;
        });
        body.append(...rows);
        say(`Sorted by ${button.textContent.trim()}, ${order}. ${count}`);
      });
    });

    form.addEventListener("input", filter);
    form.addEventListener("change", filter);
    form.addEventListener("submit", (event) => event.preventDefault());
    form.hidden = false;
    status.hidden = false;
    filter();
  }
})();
