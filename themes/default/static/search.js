// The search page (search/index.html): runs queries on the site's static
// index with Pagefind's search client, which the build writes beside the
// index (`search/pagefind/pagefind.js`), and shows results and facets.
// Nothing is requested from anywhere else; every URL is relative to the
// page, so the site works under any sub-path and offline.
//
// The page's form says where things are and gives the words to show, in
// data attributes: `data-index` (the index folder), `data-root` (the
// language's folder), `data-lang`, `data-count` (the count's plural
// forms, JSON, `{n}` for the number), `data-none`, `data-loading`,
// `data-unavailable`, `data-more`, `data-fewer`.

const PAGE = 10; // results shown at a time
const SHOWN_VALUES = 8; // facet values shown before "Show more"

const form = document.getElementById("search-form");
if (form) {
  start(form);
}

function start(form) {
  const data = form.dataset;
  const input = form.querySelector("#search-q");
  const status = form.querySelector("#search-status");
  const list = form.querySelector("#search-results");
  const more = form.querySelector("#search-more");
  const facets = [...form.querySelectorAll("fieldset[data-facet]")];
  const facetToggle = form.querySelector("#search-facets-toggle");
  const facetList = form.querySelector("#search-facet-list");
  const forms = JSON.parse(data.count || "{}");
  const plural = new Intl.PluralRules(data.lang || undefined);
  const number = new Intl.NumberFormat(data.lang || undefined);
  const indexUrl = new URL(data.index, document.baseURI).href;
  form.hidden = false;

  let pagefind = null;
  let ready = null;
  // The facets' values, loaded when the reader first opens them: every
  // facet is a file of its own, which the first query need not wait for.
  let facetsReady = null;
  // Facet → value → {item, box, count}: made once, from the whole index,
  // so the order and the Tab order stay put while the counts change.
  const boxes = new Map();
  let results = [];
  let shown = 0;
  let serial = 0;
  // The counts of the last search, by facet and value.
  let lastCounts = null;

  function load() {
    if (!ready) {
      ready = (async () => {
        pagefind = await import(indexUrl + "pagefind.js");
        await pagefind.options({ basePath: indexUrl, noWorker: true, excerptLength: 24 });
      })();
    }
    return ready;
  }

  function loadFacets() {
    if (!facetsReady) {
      facetsReady = (async () => {
        await load();
        buildFacets(await pagefind.filters());
      })();
    }
    return facetsReady;
  }

  function countText(n) {
    const form = forms["=" + n] ?? forms[plural.select(n)] ?? forms.other ?? "{n}";
    return form.replace("{n}", number.format(n));
  }

  function buildFacets(totals) {
    for (const fieldset of facets) {
      const key = fieldset.dataset.facet;
      const values = Object.entries(totals[key] || {}).sort(
        (a, b) => b[1] - a[1] || a[0].localeCompare(b[0], data.lang),
      );
      const ul = fieldset.querySelector("ul");
      const byValue = new Map();
      values.forEach(([value], i) => {
        const li = document.createElement("li");
        const id = `facet-${key}-${i}`;
        const box = document.createElement("input");
        box.type = "checkbox";
        box.id = id;
        box.value = value;
        box.addEventListener("change", () => run());
        const label = document.createElement("label");
        label.htmlFor = id;
        const name = document.createElement("span");
        name.textContent = value;
        const count = document.createElement("span");
        count.className = "facet-count";
        label.append(name, " ", count);
        li.append(box, label);
        ul.append(li);
        byValue.set(value, { li, box, count });
      });
      boxes.set(key, byValue);
      if (values.length > SHOWN_VALUES) {
        const toggle = document.createElement("button");
        toggle.type = "button";
        toggle.className = "facet-toggle";
        toggle.setAttribute("aria-expanded", "false");
        toggle.textContent = data.more;
        toggle.addEventListener("click", () => {
          const open = fieldset.classList.toggle("facet-open");
          toggle.setAttribute("aria-expanded", String(open));
          toggle.textContent = open ? data.fewer : data.more;
          updateFacets(null);
        });
        fieldset.append(toggle);
      }
    }
  }

  // Shows each value's count among the results; values with none are
  // hidden unless checked, and past SHOWN_VALUES only when opened.
  function updateFacets(counts) {
    if (counts) {
      lastCounts = counts;
    }
    for (const fieldset of facets) {
      const key = fieldset.dataset.facet;
      const values = boxes.get(key) || new Map();
      const open = fieldset.classList.contains("facet-open");
      let visible = 0;
      for (const [value, { li, box, count }] of values) {
        const n = lastCounts?.[key]?.[value] ?? 0;
        count.textContent = `(${number.format(n)})`;
        const has = n > 0 || box.checked;
        li.hidden = !has || (!open && visible >= SHOWN_VALUES && !box.checked);
        if (has) {
          visible += 1;
        }
      }
      fieldset.hidden = visible === 0;
      const toggle = fieldset.querySelector(".facet-toggle");
      if (toggle) {
        toggle.hidden = visible <= SHOWN_VALUES;
      }
    }
  }

  function selected() {
    const filters = {};
    for (const [key, values] of boxes) {
      const any = [...values.values()].filter((v) => v.box.checked).map((v) => v.box.value);
      if (any.length) {
        filters[key] = { any };
      }
    }
    return filters;
  }

  async function run() {
    const query = input.value.trim();
    const filters = selected();
    const mine = ++serial;
    const url = new URL(location.href);
    if (query) {
      url.searchParams.set("q", query);
    } else {
      url.searchParams.delete("q");
    }
    history.replaceState(null, "", url);
    if (!query && Object.keys(filters).length === 0) {
      results = [];
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      if (facetsReady) updateFacets({});
      return;
    }
    status.textContent = data.loading;
    try {
      await load();
      const found = await pagefind.search(query || null, { filters });
      if (mine !== serial) {
        return;
      }
      results = found.results;
      shown = 0;
      list.replaceChildren();
      if (facetsReady) updateFacets(found.filters);
      await showMore();
      if (mine === serial) {
        status.textContent = results.length ? countText(results.length) : data.none;
      }
    } catch (error) {
      console.error(error);
      status.textContent = data.unavailable;
    }
  }

  async function showMore() {
    const batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    const items = await Promise.all(batch.map((r) => r.data()));
    const first = list.children.length;
    for (const item of items) {
      list.append(resultItem(item));
    }
    more.hidden = shown >= results.length;
    return first;
  }

  function resultItem(item) {
    const meta = item.meta || {};
    const li = document.createElement("li");
    li.className = "search-result";
    li.dataset.kind = meta.kind || "";
    const head = document.createElement("p");
    head.className = "search-result-head";
    const kind = document.createElement("span");
    kind.className = "search-kind";
    kind.textContent = meta.type || "";
    head.append(kind);
    if (meta.status_label) {
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.dataset.status = meta.status || "";
      badge.textContent = meta.status_label;
      head.append(" ", badge);
    }
    if (meta.date) {
      const date = document.createElement("span");
      date.className = "search-date";
      date.textContent = meta.date;
      head.append(" ", date);
    }
    const title = document.createElement("a");
    title.className = "search-title";
    title.href = data.root + (item.raw_url || "");
    title.textContent = meta.title || item.raw_url;
    const excerpt = document.createElement("p");
    excerpt.className = "search-excerpt";
    excerpt.append(marked(item.excerpt || ""));
    li.append(title, head, excerpt);
    return li;
  }

  // The excerpt as text with its <mark>s, and nothing else of its markup.
  function marked(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const out = document.createDocumentFragment();
    for (const node of template.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.append(mark);
      } else {
        out.append(node.textContent);
      }
    }
    return out;
  }

  facetToggle.addEventListener("click", async () => {
    const open = facetToggle.getAttribute("aria-expanded") !== "true";
    facetToggle.setAttribute("aria-expanded", String(open));
    facetList.hidden = !open;
    if (open && !facetsReady) {
      try {
        await loadFacets();
        await run();
      } catch (error) {
        console.error(error);
        status.textContent = data.unavailable;
      }
    }
  });

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  more.addEventListener("click", async () => {
    const first = await showMore();
    list.children[first]?.querySelector("a")?.focus();
  });
  // Arrow keys: from the box to the results, and along them.
  form.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") {
      return;
    }
    const links = [...list.querySelectorAll("a.search-title")];
    if (!links.length) {
      return;
    }
    const at = links.indexOf(document.activeElement);
    if (document.activeElement === input && event.key === "ArrowDown") {
      links[0].focus();
    } else if (at >= 0) {
      const next = at + (event.key === "ArrowDown" ? 1 : -1);
      (next < 0 ? input : links[Math.min(next, links.length - 1)]).focus();
    } else {
      return;
    }
    event.preventDefault();
  });
  // Warm up while the reader types, then run a query from the address.
  input.addEventListener("focus", () => load().catch(() => {}), { once: true });
  const q = new URL(location.href).searchParams.get("q");
  if (q) {
    input.value = q;
    run();
  }
}
