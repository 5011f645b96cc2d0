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

  let overlay = null;
  const hide = () => { if (overlay) { overlay.remove(); overlay = null; } };
  const show = (problems) => {
    hide();
    overlay = document.createElement("div");
    overlay.id = "dossier-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Build errors");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,24,.94);color:#f4f4f4;font:14px/1.5 ui-monospace,monospace;padding:2rem";
    const title = document.createElement("h2");
    title.textContent = "The site has errors; this is the last good version underneath";
    title.style.cssText = "font:bold 16px/1.4 system-ui,sans-serif;margin:0 0 1rem;color:#ffb4a8";
    overlay.append(title);
    for (const p of problems) {
      const item = document.createElement("section");
      item.className = "dossier-problem";
      item.style.cssText = "margin:0 0 1.25rem;padding:0 0 1rem;border-bottom:1px solid #444";
      const where = p.file ? `${p.file}${p.line ? `:${p.line}:${p.column}` : ""}` : "";
      const head = document.createElement("div");
      head.textContent = `${p.code ? `error[${p.code}]: ` : "error: "}${p.message}`;
      head.style.color = "#ffb4a8";
      const loc = document.createElement("div");
      loc.className = "dossier-location";
      loc.textContent = where ? `--> ${where}` : "";
      item.append(head, loc);
      if (p.source) {
        const pre = document.createElement("pre");
        pre.style.cssText = "margin:.25rem 0;white-space:pre-wrap";
        pre.textContent = `${p.line} | ${p.source}\n${" ".repeat(String(p.line).length)} | ${" ".repeat(Math.max(0, p.column - 1))}^`;
        item.append(pre);
      }
      if (p.help) {
        const help = document.createElement("div");
        help.textContent = `help: ${p.help}`;
        help.style.color = "#9fd3ff";
        item.append(help);
      }
      overlay.append(item);
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
