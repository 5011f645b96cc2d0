/* dossier default theme: citation previews.
   Progressive enhancement: without this script a citation number is a link to
   the report's Sources list and carries a `title`. With it, hovering or
   focusing the number shows the source's details (read from the Sources list
   on the same page) in a popover: role="tooltip", referenced by
   aria-describedby while shown; Escape, blur or moving the pointer away hides
   it. The popover is positioned absolutely, so nothing else moves. */
(function () {
  "use strict";
  var links = document.querySelectorAll(
    '.report-body sup.cite a[href^="#source-"], #claims sup.cite a[href^="#source-"]'
  );
  if (!links.length) return;

  var tip = document.createElement("div");
  tip.id = "cite-preview";
  tip.className = "cite-preview";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);

  var current = null;
  var timer = 0;

  function text(root, sel) {
    var el = root.querySelector(sel);
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function add(parent, tag, cls, value) {
    if (!value) return null;
    var el = document.createElement(tag);
    el.className = cls;
    el.textContent = value;
    parent.appendChild(el);
    return el;
  }

  // Fills the popover from the Sources list entry the link points at.
  function fill(a) {
    var id = decodeURIComponent(a.hash.slice(1));
    var li = document.getElementById(id);
    if (!li) return false;
    tip.textContent = "";
    var n = li.getAttribute("value");
    var head = add(tip, "p", "cp-title", text(li, ".source-title"));
    if (!head) return false;
    if (n) head.insertBefore(document.createTextNode(n + ". "), head.firstChild);
    // No comma after a field that ends with one, or with ? or !.
    var by = [text(li, ".author"), text(li, ".publisher")].filter(Boolean).reduce(function (out, p) {
      return out ? out + (/[,;:?!]["'\u201d\u2019\u00bb]*$/.test(out) ? " " : ", ") + p : p;
    }, "");
    add(tip, "p", "cp-by", by);
    var meta = [text(li, ".source-date"), text(li, ".type-label")].filter(Boolean).join(" · ");
    add(tip, "p", "cp-meta", meta);
    var locator = a.getAttribute("data-locator");
    // The sentence in the site's language, from report.html; English
    // when the page does not give one.
    var article = a.closest("article.report");
    var citedAt = (article && article.getAttribute("data-cited-at")) || "Cited at {locator}";
    if (locator) add(tip, "p", "cp-locator", citedAt.replace("{locator}", locator));
    add(tip, "p", "cp-quote", text(li, ".source-quote"));
    return true;
  }

  function place(a) {
    var r = a.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    var vh = window.innerHeight;
    var gap = 6;
    var margin = 8;
    tip.style.left = "0px";
    tip.style.top = "0px";
    var w = tip.offsetWidth;
    var h = tip.offsetHeight;
    var left = Math.min(Math.max(margin, r.left + r.width / 2 - w / 2), Math.max(margin, vw - w - margin));
    var top = r.bottom + gap;
    if (top + h > vh - margin && r.top - gap - h >= margin) top = r.top - gap - h;
    tip.style.left = Math.round(left + window.scrollX) + "px";
    tip.style.top = Math.round(top + window.scrollY) + "px";
  }

  function show(a) {
    clearTimeout(timer);
    if (current === a && !tip.hidden) return;
    if (current) hide();
    if (!fill(a)) return;
    current = a;
    tip.hidden = false;
    place(a);
    a.setAttribute("aria-describedby", tip.id);
  }

  function hide() {
    clearTimeout(timer);
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    tip.hidden = true;
  }

  function hideSoon() {
    clearTimeout(timer);
    timer = setTimeout(hide, 120);
  }

  Array.prototype.forEach.call(links, function (a) {
    // The popover replaces the browser's own tooltip.
    var t = a.getAttribute("title");
    if (t !== null) {
      a.setAttribute("data-title", t);
      a.removeAttribute("title");
    }
    a.addEventListener("mouseenter", function () { show(a); });
    a.addEventListener("mouseleave", function () { if (document.activeElement !== a) hideSoon(); });
    a.addEventListener("focus", function () { show(a); });
    a.addEventListener("blur", function () { if (current === a) hide(); });
  });

  // The pointer may move onto the popover without it disappearing (WCAG 1.4.13).
  tip.addEventListener("mouseenter", function () { clearTimeout(timer); });
  tip.addEventListener("mouseleave", hideSoon);

  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && !tip.hidden) hide();
  });
  window.addEventListener("resize", hide);
})();
