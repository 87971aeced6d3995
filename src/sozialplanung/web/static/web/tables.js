/* Every data table of the site, one behaviour (issue 16):
 * - it sits in a scroll box (.table-wrap) that is a labelled, focusable region, so that a
 *   narrow screen scrolls the table, not the page, and the keyboard can scroll it too;
 * - a long table (more than SORT_FROM rows) sorts by any column (a button in each header,
 *   aria-sort says the order) and shows PAGE_SIZE rows a page.
 * The texts come translated from the script element's data attributes (base.html). */
(function () {
  "use strict";

  var SORT_FROM = 12;
  var PAGE_SIZE = 50;
  var script = document.currentScript;
  var text = script ? script.dataset : {};

  var used = {};

  // The heading or legend the table stands under: the nearest one before it.
  function headingBefore(table) {
    var headings = document.querySelectorAll("main h1, main h2, main h3, main legend");
    var found = null;
    Array.prototype.forEach.call(headings, function (h) {
      if (h.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING) found = h;
    });
    return found ? found.textContent.trim() : "";
  }

  // A name of its own for each region (landmarks must differ, also from the page's
  // sections, which are named by their headings): "Table: " and the caption, else the
  // heading above; numbered when two tables share it.
  function label(table) {
    var caption = table.querySelector("caption");
    var name = (caption && caption.textContent.trim()) || headingBefore(table);
    name = (text.table || "Table") + (name ? ": " + name.replace(/\s+/g, " ") : "");
    used[name] = (used[name] || 0) + 1;
    return { label: used[name] > 1 ? name + " (" + used[name] + ")" : name };
  }

  // Whatever scrolls sideways in the page (a wide chart, a code block) can be scrolled
  // with the keyboard too: it becomes a tab stop while it scrolls.
  function focusableScrollers() {
    Array.prototype.forEach.call(document.querySelectorAll("main figure, main pre, main .scroll-x"), function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(el).overflowX);
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.dataset.scrollStop = "true";
      } else if (!scrolls && el.dataset.scrollStop) {
        el.removeAttribute("tabindex");
        delete el.dataset.scrollStop;
      }
    });
  }

  function region(table) {
    var wrap = table.parentElement;
    if (!wrap.classList.contains("table-wrap")) {
      wrap = document.createElement("div");
      wrap.className = "table-wrap";
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
    }
    if (!wrap.hasAttribute("role")) wrap.setAttribute("role", "region");
    if (!wrap.hasAttribute("tabindex")) wrap.setAttribute("tabindex", "0");
    if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
      var name = label(table);
      wrap.setAttribute("aria-label", name.label);
    }
  }

  // German and English numbers as the pages print them: "1.234,5", "12 %", "–".
  function sortKey(cell) {
    var raw = (cell.dataset.sort != null ? cell.dataset.sort : cell.textContent).trim();
    var german = document.documentElement.lang !== "en";
    var plain = german ? raw.replace(/\./g, "").replace(",", ".") : raw.replace(/,/g, "");
    var match = plain.match(/^[-−]?\d+(\.\d+)?/);
    if (match && /^[-−]?[\d.,\s]+(\s?[%€a-zA-ZäöüÄÖÜß/.]*)?$/.test(raw)) {
      return { n: parseFloat(match[0].replace("−", "-")) };
    }
    return { s: raw.toLocaleLowerCase() };
  }

  function compare(a, b) {
    if (a.n != null && b.n != null) return a.n - b.n;
    if (a.n != null) return -1;
    if (b.n != null) return 1;
    return a.s.localeCompare(b.s, document.documentElement.lang || "de");
  }

  var pagerCount = 0;

  function pager(table, rows) {
    var nav = document.createElement("nav");
    nav.className = "table-pager";
    // Named after the table's caption: a page with two paged tables has two
    // navigation landmarks, and each needs its own name.
    var caption = table.querySelector("caption");
    var label = text.pages || "Pages";
    nav.setAttribute(
      "aria-label",
      caption ? label + ": " + caption.textContent.trim() : label + " " + (++pagerCount)
    );
    // The box and its pager stay together in one block: in a two-column layout (the
    // indicator's ranking beside its chart) the pager became a column of its own.
    var wrap = table.closest(".table-wrap");
    var block = document.createElement("div");
    block.className = "table-block";
    wrap.parentNode.insertBefore(block, wrap);
    block.appendChild(wrap);
    block.appendChild(nav);
    var pages = Math.ceil(rows().length / PAGE_SIZE);
    var current = 0;
    function show(page) {
      current = page;
      rows().forEach(function (row, i) {
        row.hidden = Math.floor(i / PAGE_SIZE) !== page;
      });
      Array.prototype.forEach.call(nav.querySelectorAll("button"), function (b, i) {
        if (i === page) b.setAttribute("aria-current", "page"); else b.removeAttribute("aria-current");
      });
    }
    for (var p = 0; p < pages; p++) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = String(p + 1);
      button.setAttribute("aria-label", (text.page || "Page") + " " + (p + 1));
      button.addEventListener("click", show.bind(null, p));
      nav.appendChild(button);
    }
    show(0);
    return function () { show(current); };
  }

  function sortable(table) {
    var body = table.tBodies[0];
    var head = table.tHead && table.tHead.rows[0];
    if (!body || !head || body.rows.length <= SORT_FROM || table.dataset.sortable === "false") return;
    if (head.cells.length !== (body.rows[0] ? body.rows[0].cells.length : 0)) return;
    function rows() { return Array.prototype.slice.call(body.rows); }
    // data-paging="false": a table other parts of the page jump into (the map's rows).
    var paged = rows().length > PAGE_SIZE && table.dataset.paging !== "false";
    var repage = paged ? pager(table, rows) : function () {};
    Array.prototype.forEach.call(head.cells, function (th, column) {
      // data-sortable="false" on a header: a column of actions ("Bearbeiten") has no order.
      if (th.dataset.sortable === "false") return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      button.setAttribute("title", text.sort || "Sort");
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(head.cells, function (c) { c.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows()
          .map(function (row) { return [sortKey(row.cells[column]), row]; })
          .sort(function (a, b) { return ascending ? compare(a[0], b[0]) : compare(b[0], a[0]); })
          .forEach(function (pair) { body.appendChild(pair[1]); });
        repage();
      });
    });
  }

  function enhance(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("main table"), function (table) {
      if (table.dataset.enhanced) return;
      table.dataset.enhanced = "true";
      region(table);
      sortable(table);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); focusableScrollers(); });
  window.addEventListener("resize", focusableScrollers);
  document.addEventListener("htmx:afterSettle", function () { enhance(document); });
})();
