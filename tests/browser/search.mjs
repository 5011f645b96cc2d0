// Headless-browser checks of a built site's search page (SPEC §5.1).
//
//   node tests/browser/search.mjs SITE_DIR
//   node tests/browser/search.mjs --measure SITE_DIR [QUERY]
//
// Serves SITE_DIR on 127.0.0.1 (a free port) at `/` and again under
// `/sub/`, with gzip for text files as static hosts send them, and opens
// `search/` in Debian's Chromium (/usr/bin/chromium, or $CHROMIUM):
//   - a query for a report's title lists that report and one of its claims,
//     at `/` and under `/sub/`;
//   - checking a claim status narrows the results to that status, as many
//     as the facet's count said;
//   - the keyboard alone searches, moves to the results (arrow keys, Tab)
//     and opens one, with a visible focus ring;
//   - axe-core finds no serious or critical violations;
//   - no console errors, failed requests or requests elsewhere.
// With --measure it only prints, as JSON, the bytes and requests that the
// first query takes from opening the page to the results shown (QUERY, or
// the title of the site's first report). Exit status 0 when every check
// passed, 1 otherwise, 2 on a usage error.

import { createRequire } from "node:module";
import { createServer } from "node:http";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const AXE_PATH = require.resolve("axe-core/axe.min.js");

const args = process.argv.slice(2);
const measure = args[0] === "--measure";
if (measure) args.shift();
if (args.length < 1 || args.length > (measure ? 2 : 1)) {
  console.error("usage: node tests/browser/search.mjs [--measure] SITE_DIR [QUERY]");
  process.exit(2);
}
const siteDir = path.resolve(args[0]);
if (!existsSync(path.join(siteDir, "search", "index.html"))) {
  console.error(`search.mjs: no search/index.html in ${siteDir} (build the site with search on)`);
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

// ---------------------------------------------------------------- server --

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
};
// Bytes of response bodies sent, as they went over the wire.
let sent = 0;
let requests = 0;
// Each response: [path, bytes sent].
let log = [];

function send(res, status, file) {
  const ext = path.extname(file).toLowerCase();
  let body = readFileSync(file);
  const headers = {
    "Content-Type": MIME[ext] || "application/octet-stream",
    "Cache-Control": "no-store",
  };
  // Text is compressed, as static hosts do; Pagefind's own files are
  // gzipped already.
  if (MIME[ext] && (res.req.headers["accept-encoding"] || "").includes("gzip")) {
    body = gzipSync(body);
    headers["Content-Encoding"] = "gzip";
  }
  headers["Content-Length"] = body.length;
  sent += body.length;
  requests += 1;
  log.push([res.req.url, body.length]);
  res.writeHead(status, headers);
  res.end(body);
}

const server = createServer((req, res) => {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
  } catch {
    res.writeHead(400);
    return res.end();
  }
  // The same site under a sub-path.
  if (pathname === "/sub" || pathname.startsWith("/sub/")) pathname = pathname.slice(4) || "/";
  const file = path.join(siteDir, pathname);
  const missing = () => {
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("404\n");
  };
  if (pathname.includes("\0") || (file !== siteDir && !file.startsWith(siteDir + path.sep))) return missing();
  let st;
  try {
    st = statSync(file);
  } catch {
    return missing();
  }
  if (st.isDirectory()) {
    if (!pathname.endsWith("/")) {
      res.writeHead(301, { Location: req.url.split("?")[0] + "/" });
      return res.end();
    }
    const index = path.join(file, "index.html");
    return existsSync(index) ? send(res, 200, index) : missing();
  }
  return send(res, 200, file);
});
server.listen(0, "127.0.0.1");
await once(server, "listening");
const origin = `http://127.0.0.1:${server.address().port}`;

// ---------------------------------------------------------------- checks --

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    if (!measure) console.log(`  ok    ${name}`);
  } else {
    failed++;
    console.log(`  FAIL  ${name}${detail ? `\n        ${String(detail).split("\n").join("\n        ")}` : ""}`);
  }
}
async function attempt(name, fn) {
  try {
    await fn();
  } catch (err) {
    check(name, false, err && err.stack ? err.stack.split("\n").slice(0, 4).join("\n") : err);
  }
}

// What to look for, from the site's own data: a report with claims, and
// one of them.
const data = JSON.parse(readFileSync(path.join(siteDir, "data", "site.json"), "utf8"));
const report = (data.reports || []).find((r) => (r.claims || []).length > 0) || (data.reports || [])[0];
if (!report) {
  console.error("search.mjs: the site has no report");
  process.exit(2);
}
const claim = (data.claims || []).find((c) => c.report === report.id);
const query = (measure && args[1]) || report.title;

const profile = mkdtempSync(path.join(tmpdir(), "dossier-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
let external = [];
await context.route(
  (url) => url.origin !== origin,
  (route) => {
    external.push(route.request().url());
    return route.abort("blockedbyclient");
  },
);

// Opens the search page under `base` and records what went wrong.
async function open(base) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`failed: ${r.url()}`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`));
  await page.goto(`${origin}${base}search/`, { waitUntil: "load" });
  return { page, problems };
}

// Types `text` into the box and waits for the count to be announced.
async function search(page, text) {
  await page.fill("#search-q", "");
  await page.type("#search-q", text);
  await page.keyboard.press("Enter");
  await waitForCount(page);
}

async function waitForCount(page, previous = null) {
  await page.waitForFunction(
    (prev) => {
      const s = document.getElementById("search-status").textContent;
      return /\d/.test(s) && s !== prev && document.querySelectorAll("#search-results li").length > 0;
    },
    previous,
    { timeout: 20000 },
  );
}

const hrefs = (page) =>
  page.$$eval("#search-results a.search-title", (links) => links.map((a) => new URL(a.href).pathname));

if (measure) {
  const { page } = await open("/");
  sent = 0;
  requests = 0;
  log = [];
  await page.reload({ waitUntil: "load" });
  await search(page, query);
  const files = process.env.SEARCH_MEASURE_FILES === "1" ? { files: log } : {};
  console.log(JSON.stringify({ query, first_query_bytes: sent, requests, ...files }));
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
  process.exit(0);
}

for (const base of ["/", "/sub/"]) {
  await attempt(`a query finds the report and its claim (${base})`, async () => {
    const { page, problems } = await open(base);
    await search(page, report.title);
    const found = await hrefs(page);
    check(`the report ${report.url} is a result (${base})`, found.includes(`${base}${report.url}`), found.join("\n"));
    if (claim) {
      check(`its claim ${claim.id} is a result (${base})`, found.includes(`${base}${claim.url}`), found.join("\n"));
      const badge = await page.$eval(
        `#search-results a[href$="${claim.url}"]`,
        (a) => a.closest("li").querySelector(".badge")?.dataset.status,
      );
      check(`the claim shows its status badge (${base})`, badge === claim.status, String(badge));
    }
    check(`nothing went wrong (${base})`, problems.length === 0, problems.join("\n"));
    await page.close();
  });
}

await attempt("a status facet narrows the results", async () => {
  const { page, problems } = await open("/");
  await search(page, report.title);
  const before = await page.$$eval("#search-results li", (l) => l.length);
  // The facets open on demand, with their counts for this query.
  await page.click("#search-facets-toggle");
  await page.waitForSelector('fieldset[data-facet="status"]:not([hidden]) li:not([hidden])', { timeout: 20000 });
  const facet = await page.$$eval('fieldset[data-facet="status"] li:not([hidden])', (items) =>
    items.map((li) => ({
      id: li.querySelector("input").id,
      value: li.querySelector("input").value,
      count: Number(li.querySelector(".facet-count").textContent.replace(/\D/g, "")),
    })),
  );
  check("the status facet lists values with counts", facet.length > 0 && facet.every((f) => f.count > 0), JSON.stringify(facet));
  const pick = facet[facet.length - 1];
  const status = await page.$eval("#search-status", (s) => s.textContent);
  await page.click(`label[for="${pick.id}"]`);
  await waitForCount(page, status);
  const items = await page.$$eval("#search-results li", (l) =>
    l.map((li) => li.querySelector(".badge")?.textContent || ""),
  );
  const more = await page.$eval("#search-more", (b) => !b.hidden);
  const count = more ? 10 : pick.count;
  check(
    `checking "${pick.value}" leaves ${pick.count} results, each with that status`,
    items.length === Math.min(count, 10) && items.every((t) => t === pick.value) && items.length <= before,
    JSON.stringify({ before, items }),
  );
  const announced = await page.$eval("#search-status", (s) => s.textContent);
  check("the count is announced", announced.replace(/\D/g, "") === String(pick.count), announced);
  check("nothing went wrong (facet)", problems.length === 0, problems.join("\n"));
  await page.close();
});

await attempt("the keyboard alone searches and opens a result", async () => {
  const { page, problems } = await open("/");
  // Tab from the top of the page to the search box.
  let tabs = 0;
  while (tabs < 40 && (await page.evaluate(() => document.activeElement?.id)) !== "search-q") {
    await page.keyboard.press("Tab");
    tabs++;
  }
  check("Tab reaches the search box", tabs < 40);
  await page.keyboard.type(report.title);
  await page.keyboard.press("Enter");
  await waitForCount(page);
  await page.keyboard.press("ArrowDown");
  const first = await page.evaluate(() => document.activeElement?.className);
  check("ArrowDown moves to the first result", first === "search-title", String(first));
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check("the focused result shows a focus ring", ring !== "none", ring);
  const target = await page.evaluate(() => document.activeElement.href);
  await Promise.all([page.waitForURL(target), page.keyboard.press("Enter")]);
  check("Enter opens the result", page.url() === target, page.url());
  check("nothing went wrong (keyboard)", problems.length === 0, problems.join("\n"));
  await page.close();
});

await attempt("axe finds nothing serious on the search page", async () => {
  const { page } = await open("/");
  await search(page, report.title);
  await page.addScriptTag({ path: AXE_PATH });
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    const result = await page.evaluate(async () => await window.axe.run(document));
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    check(
      `axe: no serious violations (${scheme})`,
      bad.length === 0,
      bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`).join("\n"),
    );
  }
  await page.close();
});

check("no request left the test server", external.length === 0, external.join("\n"));

await context.close();
server.close();
rmSync(profile, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
