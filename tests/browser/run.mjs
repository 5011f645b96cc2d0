// Headless-browser checks of a built dossier site.
//
//   node tests/browser/run.mjs SITE_DIR
//
// Serves SITE_DIR on 127.0.0.1 (a free port), opens it in Debian's Chromium
// (/usr/bin/chromium, or $CHROMIUM) through playwright-core, and checks the
// home page, two reports, an entity page, a source page and the entity,
// source, claim and tag indexes at 1280 and 375 px wide (and 320 px for
// overflow):
//   - no console errors, no page errors, no failed or external requests;
//   - axe-core finds no serious or critical violations (light and dark mode);
//   - nothing is wider than the viewport;
//   - the citation preview works with the mouse and the keyboard;
//   - print hides navigation and shows the sources' URLs.
// With DOSSIER_SCREENSHOTS=1 it also writes docs/screenshots/report-1280.png
// and report-375.png. Exit status 0 when every check passed, 1 otherwise,
// 2 on a usage error.

import { createRequire } from "node:module";
import { createServer } from "node:http";
import { once } from "node:events";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const AXE_PATH = require.resolve("axe-core/axe.min.js");

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..", "..");

if (process.argv.length !== 3) {
  console.error("usage: node tests/browser/run.mjs SITE_DIR");
  process.exit(2);
}
const siteDir = path.resolve(process.argv[2]);
if (!existsSync(path.join(siteDir, "index.html"))) {
  console.error(`run.mjs: no index.html in ${siteDir} (build the site first)`);
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const screenshots = process.env.DOSSIER_SCREENSHOTS === "1";

// ---------------------------------------------------------------- server --

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".pdf": "application/pdf",
  ".wasm": "application/wasm",
};

function send(res, status, file) {
  const type = MIME[path.extname(file).toLowerCase()] || "application/octet-stream";
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  createReadStream(file).pipe(res);
}

function notFound(res) {
  const page = path.join(siteDir, "404.html");
  if (existsSync(page)) return send(res, 404, page);
  res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
  res.end("404 not found\n");
}

const server = createServer((req, res) => {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
  } catch {
    res.writeHead(400);
    return res.end();
  }
  const file = path.join(siteDir, pathname);
  if (pathname.includes("\0") || (file !== siteDir && !file.startsWith(siteDir + path.sep))) {
    return notFound(res);
  }
  let st;
  try {
    st = statSync(file);
  } catch {
    return notFound(res);
  }
  if (st.isDirectory()) {
    if (!pathname.endsWith("/")) {
      res.writeHead(301, { Location: pathname + "/" });
      return res.end();
    }
    const index = path.join(file, "index.html");
    return existsSync(index) ? send(res, 200, index) : notFound(res);
  }
  return send(res, 200, file);
});
server.listen(0, "127.0.0.1");
await once(server, "listening");
const origin = `http://127.0.0.1:${server.address().port}`;

// ---------------------------------------------------------------- checks --

let passed = 0;
let failed = 0;
const failures = [];

function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    console.log(`  ok    ${name}`);
  } else {
    failed++;
    failures.push(`${name}${detail ? `: ${detail}` : ""}`);
    console.log(`  FAIL  ${name}${detail ? `\n        ${detail.split("\n").join("\n        ")}` : ""}`);
  }
}

async function attempt(name, fn) {
  try {
    await fn();
  } catch (err) {
    check(name, false, String(err && err.stack ? err.stack.split("\n").slice(0, 3).join("\n") : err));
  }
}

// Pages to visit, chosen from the site's own data so that any site works.
const data = JSON.parse(readFileSync(path.join(siteDir, "data", "site.json"), "utf8"));
const pages = [{ name: "home", url: "" }];
const reports = [...(data.reports || [])].sort((a, b) => (b.sources || []).length - (a.sources || []).length);
for (const r of reports.slice(0, 2)) pages.push({ name: `report ${r.id}`, url: r.url, report: true });
const entities = [...(data.entities || [])].sort(
  (a, b) => b.reports.length - a.reports.length || b.claims.length - a.claims.length,
);
if (entities[0]) pages.push({ name: `entity ${entities[0].id}`, url: entities[0].url });
const sources = [...(data.sources || [])].sort((a, b) => b.reports.length - a.reports.length);
if (sources[0]) pages.push({ name: `source ${sources[0].id}`, url: sources[0].url });
// A claim's page, the one that shows the most: a claimant, where it
// appeared, then the most sources.
const shows = (c) => [c.claimant ? 1 : 0, (c.appearance || []).length, (c.sources || []).length];
const claims = [...(data.claims || [])].sort((a, b) => {
  const [x, y] = [shows(a), shows(b)];
  return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
});
if (claims[0]) pages.push({ name: `claim ${claims[0].id}`, url: claims[0].url });
// A tag's page: the first one the tags index links to.
const tagsIndex = path.join(siteDir, "tags", "index.html");
const tag = existsSync(tagsIndex) && /href="[^"]*?tags\/([^"/]+)\/"/.exec(readFileSync(tagsIndex, "utf8"));
if (tag) pages.push({ name: `tag ${tag[1]}`, url: `tags/${tag[1]}/` });
pages.push(
  { name: "entities index", url: "entities/" },
  { name: "sources index", url: "sources/" },
  { name: "claims index", url: "claims/" },
  { name: "tags index", url: "tags/" },
  { name: "timeline", url: "timeline/" },
);
// The graph of who appears with whom (the entity page above draws its own).
if (existsSync(path.join(siteDir, "entities", "graph", "index.html"))) {
  pages.push({ name: "entity graph", url: "entities/graph/" });
}
// A year of the timeline: the first one data/timeline.json has.
const timelineJson = path.join(siteDir, "data", "timeline.json");
const firstYear = existsSync(timelineJson)
  && (JSON.parse(readFileSync(timelineJson, "utf8")).events || [])[0]?.start_date?.year;
if (firstYear) {
  const year = String(firstYear).padStart(4, "0");
  pages.push({ name: `timeline ${year}`, url: `timeline/${year}/` });
}
if (existsSync(path.join(siteDir, "search", "index.html"))) pages.push({ name: "search page", url: "search/" });
if (!reports.length) check("the site has at least one report", false);
// A multilingual site: the other languages' versions of those reports
// (data/site.json gives them as absolute URLs), and each other language's
// home, claims index and first entity, from its own data/site.json.
const base = data.site && data.site.base_url;
const otherLangs = new Map();
for (const r of reports.slice(0, 2)) {
  for (const t of r.translations || []) {
    if (!base || !t.url.startsWith(base)) continue;
    const url = t.url.slice(base.length);
    pages.push({ name: `report ${r.id} (${t.language})`, url, report: true });
    otherLangs.set(t.language, url.slice(0, url.indexOf("/") + 1));
  }
}
for (const [lang, prefix] of otherLangs) {
  pages.push(
    { name: `home (${lang})`, url: prefix },
    { name: `claims index (${lang})`, url: `${prefix}claims/` },
    { name: `entities index (${lang})`, url: `${prefix}entities/` },
  );
  const own = path.join(siteDir, prefix, "data", "site.json");
  const langData = existsSync(own) ? JSON.parse(readFileSync(own, "utf8")) : {};
  const claim = (langData.claims || []).find((c) => claims[0] && c.id === claims[0].id);
  if (claim) pages.push({ name: `claim ${claim.id} (${lang})`, url: `${prefix}${claim.url}` });
  if (entities[0]) pages.push({ name: `entity ${entities[0].id} (${lang})`, url: `${prefix}${entities[0].url}` });
}

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

// Anything that leaves the test server is an external request: block it and
// count it as a failure (the theme must be self-contained).
await context.route(
  (url) => url.origin !== origin,
  (route) => route.abort("blockedbyclient"),
);

// Opens `url` in a fresh page and records everything that went wrong.
async function open(url, width, opts = {}) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: opts.height || 900 });
  if (opts.colorScheme) await page.emulateMedia({ colorScheme: opts.colorScheme });
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("request", (req) => {
    const u = req.url();
    if (!u.startsWith(origin + "/") && !u.startsWith("data:")) problems.push(`external request: ${u}`);
  });
  page.on("requestfailed", (req) => {
    const u = req.url();
    if (u.startsWith(origin + "/")) problems.push(`failed request: ${u} (${req.failure()?.errorText})`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  const response = await page.goto(`${origin}/${url}`, { waitUntil: "load" });
  if (!response || response.status() !== 200) problems.push(`status ${response?.status()} for /${url}`);
  return { page, problems };
}

async function axe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ["violations"] }),
  );
  return result.violations;
}

function describe(violations) {
  return violations
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.length}x) ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    )
    .join("\n");
}

const minor = new Map();

async function checkPage(p, width, colorScheme) {
  const label = `${p.name} @${width}${colorScheme === "dark" ? " dark" : ""}`;
  await attempt(`${label}: loads`, async () => {
    const { page, problems } = await open(p.url, width, { colorScheme });
    try {
      await page.waitForLoadState("networkidle");
      const violations = await axe(page);
      const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      for (const v of violations) if (!bad.includes(v)) minor.set(`${v.impact} ${v.id}: ${v.help}`, label);
      const overflow = await page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll("body *")]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.right > vw + 1 && getComputedStyle(el).position !== "fixed";
          })
          .filter((el) => !el.closest(".vh"))
          // Inside a box that scrolls (a code block's long line), the rest
          // is scrolled to, not cut off; the box itself is checked.
          .filter((el) => {
            for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
              if (["auto", "scroll"].includes(getComputedStyle(a).overflowX)) return false;
            }
            return true;
          })
          .slice(0, 3)
          .map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : ""));
        return { scroll: document.documentElement.scrollWidth, vw, wide };
      });
      check(`${label}: no console errors, failed or external requests`, problems.length === 0, problems.join("\n"));
      check(`${label}: axe finds no serious or critical violations`, bad.length === 0, describe(bad));
      check(
        `${label}: nothing wider than the viewport`,
        overflow.scroll <= overflow.vw && overflow.wide.length === 0,
        `scrollWidth ${overflow.scroll} > ${overflow.vw}: ${overflow.wide.join(", ")}`,
      );
    } finally {
      await page.close();
    }
  });
}

// A citation number must never start a line: the line break, if any, comes
// before the cited words, not between them and their number.
async function checkCiteWrap(p, width) {
  const { page } = await open(p.url, width);
  try {
    const orphans = await page.evaluate(() => {
      const out = [];
      for (const sup of document.querySelectorAll(".report-body sup.cite, #claims sup.cite")) {
        const prev = sup.previousSibling;
        if (!prev || sup.closest("td, th")) continue;
        const range = document.createRange();
        // Last visible character before the number.
        let node = prev;
        while (node && node.nodeType === 1 && node.lastChild) node = node.lastChild;
        if (!node || node.nodeType !== 3) continue;
        const t = node.textContent;
        let i = t.length;
        while (i > 0 && /\s/.test(t[i - 1])) i--;
        if (i === 0) continue;
        range.setStart(node, i - 1);
        range.setEnd(node, i);
        const a = range.getClientRects();
        const b = sup.getClientRects();
        if (!a.length || !b.length) continue;
        const before = a[a.length - 1];
        if (b[0].top > before.bottom - 2) out.push(`${sup.textContent} after "${t.slice(Math.max(0, i - 20), i)}"`);
      }
      return out;
    });
    check(`${p.name} @${width}: no citation number starts a line`, orphans.length === 0, orphans.join("\n"));
  } finally {
    await page.close();
  }
}

// One group of numbers per place: a claim span cited again right after it
// (`[words](claim:x) [@a, p. 4]`) must not show `[1][1]`.
async function checkCiteGroups(p) {
  const { page } = await open(p.url, 1280);
  try {
    const doubled = await page.evaluate(() => {
      const out = [];
      for (const sup of document.querySelectorAll("sup.cite")) {
        let next = sup.nextSibling;
        while (next && next.nodeType === 3 && !next.textContent.trim()) next = next.nextSibling;
        if (next && next.nodeType === 1 && next.matches("sup.cite")) out.push(`${sup.textContent}${next.textContent}`);
      }
      return out;
    });
    check(`${p.name}: no citation group follows another`, doubled.length === 0, doubled.join(" "));
  } finally {
    await page.close();
  }
}

const PREVIEW_LINKS = ".report-body sup.cite a[href^='#source-'], #claims sup.cite a[href^='#source-']";

async function checkPreview(p, width) {
  const label = `${p.name} @${width}: preview`;
  const { page, problems } = await open(p.url, width);
  try {
    const first = page.locator(".report-body sup.cite a[href^='#source-']").first();
    if ((await first.count()) === 0) return;
    const tip = page.locator("#cite-preview");
    const expected = async (link) => {
      const href = await link.getAttribute("href");
      return page.locator(`[id="${decodeURIComponent(href.slice(1))}"] .source-title`).innerText();
    };

    // Without a title attribute while the preview is enabled (no double tooltip).
    const titles = await page.evaluate(
      (sel) => [...document.querySelectorAll(sel)].filter((a) => a.hasAttribute("title")).length,
      PREVIEW_LINKS,
    );
    check(`${label}: no native title tooltip while the script runs`, titles === 0, `${titles} links keep title`);
    check(`${label}: data-title keeps the text`, (await first.getAttribute("data-title")) !== null);

    // Mouse.
    await first.scrollIntoViewIfNeeded();
    const layoutBefore = await page.evaluate(() => [document.documentElement.scrollHeight, document.querySelector("main").getBoundingClientRect().height]);
    await first.hover();
    await tip.waitFor({ state: "visible", timeout: 2000 });
    const title1 = await expected(first);
    const text1 = await tip.innerText();
    check(`${label}: hover shows the source title`, text1.includes(title1), `expected "${title1}" in "${text1}"`);
    check(`${label}: role=tooltip`, (await tip.getAttribute("role")) === "tooltip");
    check(`${label}: link is aria-describedby the preview`, (await first.getAttribute("aria-describedby")) === "cite-preview");
    const box = await tip.boundingBox();
    const vw = await page.evaluate(() => document.documentElement.clientWidth);
    check(
      `${label}: stays inside the viewport`,
      box && box.x >= 0 && box.x + box.width <= vw,
      `box ${JSON.stringify(box)} in ${vw}px`,
    );
    const layoutAfter = await page.evaluate(() => [document.documentElement.scrollHeight, document.querySelector("main").getBoundingClientRect().height]);
    check(`${label}: no layout shift`, layoutAfter[1] === layoutBefore[1], `${layoutBefore} -> ${layoutAfter}`);
    // The pointer may move onto the preview (WCAG 1.4.13: hoverable).
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 10), { steps: 4 });
    await page.waitForTimeout(300);
    check(`${label}: stays open while the pointer is on it`, await tip.isVisible());
    await page.mouse.move(1, 1);
    await tip.waitFor({ state: "hidden", timeout: 2000 });
    check(`${label}: hides on mouseleave`, (await first.getAttribute("aria-describedby")) === null);

    // Escape while hovering.
    await first.hover();
    await tip.waitFor({ state: "visible", timeout: 2000 });
    await page.keyboard.press("Escape");
    check(`${label}: Escape hides it (mouse)`, await tip.isHidden());
    await page.mouse.move(1, 1);

    // Keyboard: Tab from the top of the page to the first citation number.
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      if (document.activeElement) document.activeElement.blur();
    });
    let reached = false;
    for (let i = 0; i < 300 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate((sel) => document.activeElement?.matches(sel), PREVIEW_LINKS);
    }
    check(`${label}: a citation number is reachable with Tab`, reached);
    if (reached) {
      const focused = page.locator(":focus");
      await tip.waitFor({ state: "visible", timeout: 2000 });
      const title2 = await expected(focused);
      const text2 = await tip.innerText();
      check(`${label}: focus shows the source title`, text2.includes(title2), `expected "${title2}" in "${text2}"`);
      const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle);
      check(`${label}: focus is visible`, outline !== "none", `outline-style ${outline}`);
      await page.keyboard.press("Escape");
      check(`${label}: Escape hides it (keyboard)`, await tip.isHidden());
      check(`${label}: Escape keeps focus`, await focused.evaluate((el) => el === document.activeElement));
      // Tab on until focus leaves the citation numbers: the preview goes with it.
      let inCite = true;
      for (let i = 0; i < 20 && inCite; i++) {
        await page.keyboard.press("Tab");
        inCite = await page.evaluate((sel) => document.activeElement?.matches(sel), PREVIEW_LINKS);
      }
      await tip.waitFor({ state: "hidden", timeout: 2000 });
      check(`${label}: blur hides it`, true);
    }

    // The Claims section's numbers too.
    const claimCite = page.locator("#claims sup.cite a[href^='#source-']").first();
    if (await claimCite.count()) {
      await claimCite.focus();
      await tip.waitFor({ state: "visible", timeout: 2000 });
      const title3 = await expected(claimCite);
      check(`${label}: Claims section numbers preview too`, (await tip.innerText()).includes(title3));
      await claimCite.blur();
    }
    check(`${label}: no console errors while previewing`, problems.length === 0, problems.join("\n"));
  } catch (err) {
    check(`${label}`, false, String(err).split("\n")[0]);
  } finally {
    await page.close();
  }
}

async function checkPrint(p) {
  const { page } = await open(p.url, 1280);
  try {
    await page.emulateMedia({ media: "print" });
    const r = await page.evaluate(() => {
      const nav = document.querySelector(".site-nav");
      const link = document.querySelector(".source-list a[href^='http']");
      return {
        navHidden: !nav || getComputedStyle(nav).display === "none",
        url: link ? getComputedStyle(link, "::after").content : null,
        href: link ? link.getAttribute("href") : null,
      };
    });
    check(`${p.name} print: navigation hidden`, r.navHidden);
    if (r.href) check(`${p.name} print: source URLs shown`, r.url.includes(r.href), `::after is ${r.url}`);
  } finally {
    await page.close();
  }
}

async function takeScreenshots(p) {
  const dir = path.join(repoRoot, "docs", "screenshots");
  mkdirSync(dir, { recursive: true });
  for (const [width, height] of [
    [1280, 900],
    [375, 812],
  ]) {
    const { page } = await open(p.url, width, { height });
    try {
      await page.evaluate(() => document.fonts && document.fonts.ready);
      // At 1280 px: the top of the page with the preview of the first
      // citation number open. At 375 px: the first paragraph with a claim,
      // with the preview of its first number open.
      const para = width === 1280 ? null : page.locator(".report-body p:has(.claim)").first();
      if (para && (await para.count())) {
        await para.evaluate((el) =>
          window.scrollTo({ top: el.getBoundingClientRect().top + window.scrollY - 16, behavior: "instant" }),
        );
      }
      const first = (para && (await para.count()) ? para : page.locator(".report-body"))
        .locator("sup.cite a[href^='#source-']")
        .first();
      if (await first.count()) {
        await first.hover();
        await page.locator("#cite-preview").waitFor({ state: "visible", timeout: 2000 });
      }
      const file = path.join(dir, `report-${width}.png`);
      await page.screenshot({ path: file });
      console.log(`  wrote ${path.relative(repoRoot, file)}`);
    } finally {
      await page.close();
    }
  }
}

// ------------------------------------------------------------------- run --

console.log(`browser tests: ${siteDir} at ${origin} with ${executablePath}`);
try {
  for (const width of [1280, 375]) {
    console.log(`\n# ${width} px`);
    for (const p of pages) await checkPage(p, width);
  }
  console.log("\n# 1280 px, dark mode");
  for (const p of pages) await checkPage(p, 1280, "dark");
  console.log("\n# 320 px");
  for (const p of pages) {
    await attempt(`${p.name} @320`, async () => {
      const { page } = await open(p.url, 320);
      try {
        const o = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        check(`${p.name} @320: nothing wider than the viewport`, o[0] <= o[1], `scrollWidth ${o[0]} > ${o[1]}`);
      } finally {
        await page.close();
      }
    });
  }
  console.log("\n# reports: citation preview, line breaks, print");
  for (const p of pages.filter((x) => x.report)) {
    for (const width of [1280, 375]) {
      await attempt(`${p.name} @${width}: preview`, () => checkPreview(p, width));
      await attempt(`${p.name} @${width}: citation wrap`, () => checkCiteWrap(p, width));
    }
    await attempt(`${p.name}: citation groups`, () => checkCiteGroups(p));
    await attempt(`${p.name}: print`, () => checkPrint(p));
  }
  if (screenshots && pages.find((x) => x.report)) {
    console.log("\n# screenshots");
    await takeScreenshots(pages.find((x) => x.report));
  }
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}

if (minor.size) {
  console.log("\naxe, moderate or minor (not failures):");
  for (const [k, where] of minor) console.log(`  ${k} (first on ${where})`);
}
if (failures.length) {
  console.log("\nfailures:");
  for (const f of failures) console.log(`  - ${f.split("\n")[0]}`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
