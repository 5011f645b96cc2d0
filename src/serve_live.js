// dossier serve: live reload. Added only to pages that `dossier serve` sends.
(() => {
  const key = "dossier-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const y = Number(saved);
    window.scrollTo(0, y);
    window.addEventListener("load", () => window.scrollTo(0, y));
  }

  // The overlay's own stylesheet. Each rule starts at the overlay's id, so
  // that it outranks the page's rules (a theme's `pre`, `h2`, `section`),
  // and each element sets both its colour and its background: nothing of
  // the page's colours shows through. tests/it/contrast.rs measures them.
  const OVERLAY_CSS = `
#dossier-overlay { position: fixed; inset: 0; z-index: 2147483647; overflow: auto; box-sizing: border-box; margin: 0; padding: 2rem; background: rgba(20, 20, 24, 0.94); color: #f4f4f4; font: 14px/1.5 ui-monospace, monospace; text-align: left; }
#dossier-overlay h2 { margin: 0 0 1rem; padding: 0; background: none; color: #ffb4a8; font: bold 16px/1.4 system-ui, sans-serif; }
#dossier-overlay .dossier-problem { max-width: none; margin: 0 0 1.25rem; padding: 0 0 1rem; border: 0; border-bottom: 1px solid #5a5a64; background: none; color: #f4f4f4; }
#dossier-overlay .dossier-message { background: none; color: #ffb4a8; }
#dossier-overlay .dossier-location { background: none; color: #f4f4f4; }
#dossier-overlay pre { margin: 0.25rem 0; padding: 0.5rem 0.75rem; border: 1px solid #5a5a64; border-radius: 4px; background: #0b0b0d; color: #f4f4f4; font: inherit; white-space: pre-wrap; overflow: visible; }
#dossier-overlay .dossier-help { background: none; color: #9fd3ff; }
`;

  let overlay = null;
  const hide = () => { if (overlay) { overlay.remove(); overlay = null; } };
  const add = (parent, tag, className, text) => {
    const el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = text;
    parent.append(el);
    return el;
  };
  const show = (problems) => {
    hide();
    overlay = document.createElement("div");
    overlay.id = "dossier-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Build errors");
    add(overlay, "style", "", OVERLAY_CSS);
    // Version 0 is the page sent before any build succeeded.
    add(overlay, "h2", "", loaded === "0"
      ? "The site has errors; nothing has been built yet"
      : "The site has errors; this is the last good version underneath");
    for (const p of problems) {
      const item = add(overlay, "section", "dossier-problem", "");
      const where = p.file ? `${p.file}${p.line ? `:${p.line}:${p.column}` : ""}` : "";
      add(item, "div", "dossier-message", `${p.code ? `error[${p.code}]: ` : "error: "}${p.message}`);
      add(item, "div", "dossier-location", where ? `--> ${where}` : "");
      if (p.source) {
        add(item, "pre", "", `${p.line} | ${p.source}\n${" ".repeat(String(p.line).length)} | ${" ".repeat(Math.max(0, p.column - 1))}${"^".repeat(Math.max(1, p.width || 1))}${p.label ? ` ${p.label}` : ""}`);
      }
      if (p.help) add(item, "div", "dossier-help", `help: ${p.help}`);
    }
    document.body.append(overlay);
  };

  // The build this page was sent from; a newer one means reload, also when
  // the event announcing it came while this page was still loading.
  let loaded = document.currentScript?.dataset.version;
  const fullReload = () => {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  };
  // What of a head loads something: stylesheets, scripts, icons. When
  // these are unchanged, the rest of the head (title, descriptions,
  // structured data) is replaced in place.
  const isResource = (el) => el.matches("link, script[src], base");
  const resourcesOf = (doc) =>
    [...doc.head.children].filter(isResource).map((el) => el.outerHTML).join("\n");
  const resources = resourcesOf(document);
  const replaceHead = (doc) => {
    for (const el of [...document.head.children]) if (!isResource(el)) el.remove();
    const first = document.head.firstChild;
    for (const el of [...doc.head.children]) {
      if (!isResource(el)) document.head.insertBefore(document.adoptNode(el), first);
    }
  };

  // Fetches the page again and, when it loads the same stylesheets and
  // scripts, puts its head and body in place: no new requests for them, no
  // new layout of a blank page, the scroll position kept as it is. The
  // page's own deferred and body scripts run again on the new body.
  // Anything else (other stylesheets or scripts, an error status, a failed
  // request) reloads the page.
  let busy = false;
  let again = false;
  const update = async () => {
    if (busy) { again = true; return; }
    busy = true;
    try {
      do {
        again = false;
        const response = await fetch(location.href, { cache: "no-store" });
        if (!response.ok) return fullReload();
        const doc = new DOMParser().parseFromString(await response.text(), "text/html");
        if (resourcesOf(doc) !== resources) return fullReload();
        const live = doc.querySelector('script[src="/__dossier/live.js"]');
        const version = live?.dataset.version;
        if (!version) return fullReload();
        live.remove();
        const x = window.scrollX, y = window.scrollY;
        replaceHead(doc);
        document.body.replaceWith(document.adoptNode(doc.body));
        window.scrollTo(x, y);
        rerun();
        loaded = version;
        document.dispatchEvent(new CustomEvent("dossier:updated"));
      } while (again);
    } catch {
      fullReload();
    } finally {
      busy = false;
    }
  };
  // Scripts parsed by DOMParser do not run: copies of them do.
  const rerun = () => {
    const scripts = [...document.head.querySelectorAll("script[src][defer], script[type=module]"),
      ...document.body.querySelectorAll("script")];
    for (const old of scripts) {
      const type = old.getAttribute("type");
      if (type && !/^(text|application)\/(x-)?javascript$|^module$/.test(type)) continue;
      const copy = document.createElement("script");
      for (const { name, value } of old.attributes) copy.setAttribute(name, value);
      copy.text = old.text;
      if (old.parentNode === document.head) document.body.append(copy);
      else old.replaceWith(copy);
    }
  };
  const reload = (version) => { if (version !== loaded) update(); };

  const events = new EventSource("/__dossier/events");
  events.addEventListener("version", (e) => { if (loaded) reload(e.data); });
  events.addEventListener("reload", (e) => reload(e.data));
  events.addEventListener("css", () => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("dossier-reload", Date.now().toString());
      link.href = url.toString();
    }
  });
  events.addEventListener("problems", (e) => show(JSON.parse(e.data)));
})();
