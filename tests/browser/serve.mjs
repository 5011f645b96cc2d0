// Live reload in a real browser: `dossier serve` on a copy of the
// tests/sites/full fixture, driven through Debian's Chromium.
//
//   node tests/browser/serve.mjs [DOSSIER_BINARY]
//
// Checks, in order: an edited report shows without a manual reload and
// keeps its scroll position; a stylesheet change applies without
// navigation; broken front matter shows the error overlay over the last
// good page, readable (contrast, axe) with the file:line:col, the source
// line and the help; fixing it removes the overlay; so does a broken
// dossier.yaml; a deleted report leaves the home listing; the 404 page is
// styled and its links stay on the served address; a site with errors from
// the start shows the overlay and the site once fixed. Prints
// `N passed, M failed`; exit status 1 on any failure.
//
// With DOSSIER_LATENCY=N it instead measures, N times, the time from a
// saved edit of one report to the changed text in the browser, on the site
// at $DOSSIER_SITE, and prints the median and the other percentiles.

import { createRequire } from "node:module";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const AXE_PATH = require.resolve("axe-core/axe.min.js");

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..", "..");
const binary = path.resolve(process.argv[2] || path.join(repoRoot, "target/debug/dossier"));
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

const work = mkdtempSync(path.join(tmpdir(), "dossier-serve-"));
const latencyRuns = Number(process.env.DOSSIER_LATENCY || 0);
const site = latencyRuns ? path.resolve(process.env.DOSSIER_SITE) : path.join(work, "site");
if (!latencyRuns) {
  cpSync(path.join(repoRoot, "tests/sites/full"), site, { recursive: true });
}

function startServer(root = site) {
  const child = spawn(binary, ["serve", "--port", "0"], { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
  let log = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${log}`)), 600_000);
    child.stderr.on("data", (chunk) => {
      log += chunk;
      const m = /serving the site at (\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], log: () => log });
      }
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${log}`)));
  });
}

const results = [];
async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push([name, true]);
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push([name, false]);
    console.log(`FAIL ${name}: ${e.message}`);
  }
}

const server = await startServer();
const profile = mkdtempSync(path.join(tmpdir(), "dossier-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 800 },
});
const page = context.pages()[0] || (await context.newPage());
const report = path.join(site, "content/2024/kell-crossing.md");
const original = latencyRuns ? "" : readFileSync(report, "utf8");
const bodyText = () => page.evaluate(() => document.querySelector(".report-body")?.innerText ?? "");
const waitText = (text, timeout = 10_000) =>
  page.waitForFunction((t) => document.body.innerText.includes(t), text, { timeout });

try {
  if (latencyRuns) {
    await measureLatency();
  } else {
    await runChecks();
  }
} finally {
  await context.close();
  server.child.kill("SIGINT");
  rmSync(profile, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}

async function runChecks() {
  await page.goto(new URL("2024/kell-crossing/", server.url).href);

  await check("an edited report shows without a manual reload, at the same scroll position", async () => {
    await page.evaluate(() => window.scrollTo(0, 600));
    await page.waitForFunction(() => window.scrollY > 500);
    await page.evaluate(() => { window.__dossierMarker = "same document"; });
    writeFileSync(report, original.replace("The passenger crossing", "The rerouted crossing"));
    await waitText("The rerouted crossing");
    const y = await page.evaluate(() => window.scrollY);
    if (Math.abs(y - 600) > 80) throw new Error(`scroll position ${y}, expected about 600`);
    // A text edit leaves the head as it was: the body is swapped in place.
    const marker = await page.evaluate(() => window.__dossierMarker);
    if (marker !== "same document") throw new Error("the page was navigated, not updated in place");
  });

  await check("citation previews work on the updated page", async () => {
    const cite = page.locator(".report-body sup.cite a").first();
    await cite.hover();
    await page.locator("#cite-preview").waitFor({ state: "visible", timeout: 5_000 });
    if ((await page.locator("#cite-preview").count()) !== 1) throw new Error("more than one preview");
  });

  await check("an edit that changes citations updates the page too", async () => {
    writeFileSync(report, original.replace("The passenger crossing", "The rerouted crossing [@harbour-log, p. 77]"));
    await page.waitForFunction(() => document.body.innerHTML.includes("p. 77"), null, { timeout: 10_000 });
  });

  await check("a stylesheet change applies without navigation", async () => {
    await page.evaluate(() => { window.__dossierMarker = "still here"; });
    const css = readFileSync(path.join(repoRoot, "themes/default/static/style.css"), "utf8");
    mkdirSync(path.join(site, "static"), { recursive: true });
    writeFileSync(path.join(site, "static/style.css"), css + "\n.report-body { border-top: 7px solid rgb(1, 2, 3); }\n");
    await page.waitForFunction(
      () => getComputedStyle(document.querySelector(".report-body")).borderTopWidth === "7px",
      null, { timeout: 10_000 });
    const marker = await page.evaluate(() => window.__dossierMarker);
    if (marker !== "still here") throw new Error("the page was reloaded");
  });

  await check("broken front matter shows the overlay over the last good page", async () => {
    writeFileSync(report, original.replace("The passenger crossing", "The rerouted crossing")
      .replace("date: 2024-03-20", "date: 2024-03-40"));
    const overlay = page.locator("#dossier-overlay");
    await overlay.waitFor({ state: "visible", timeout: 10_000 });
    await overlayShows(page, [
      "error[E006]:", "2024-03-40",
      "--> content/2024/kell-crossing.md:3:7",
      "3 | date: 2024-03-40", "|       ^^^^^^^^^^",
      "help: ",
      "last good version underneath",
    ]);
    if (!(await bodyText()).includes("The rerouted crossing")) throw new Error("the last good page is gone");
  });

  await check("the overlay is on top, covers the page and is readable", async () => {
    await overlayReadable(page);
  });

  await check("fixing it removes the overlay", async () => {
    writeFileSync(report, original.replace("The passenger crossing", "The repaired crossing"));
    await waitText("The repaired crossing");
    await page.locator("#dossier-overlay").waitFor({ state: "detached", timeout: 10_000 });
  });

  await check("a new title is put in place in the head", async () => {
    await page.evaluate(() => { window.__dossierMarker = "same document"; });
    writeFileSync(report, original.replace("title: Nine days", "title: Ten days"));
    await page.waitForFunction(() => document.title.startsWith("Ten days"), null, { timeout: 10_000 });
    const ld = await page.evaluate(() => document.querySelector('script[type="application/ld+json"]')?.textContent ?? "");
    if (!ld.includes("Ten days")) throw new Error("the structured data kept the old title");
    const marker = await page.evaluate(() => window.__dossierMarker);
    if (marker !== "same document") throw new Error("the page was navigated, not updated in place");
    if ((await page.locator("head title").count()) !== 1) throw new Error("the head has more than one title");
  });

  await check("a broken dossier.yaml shows the overlay; fixing it removes it", async () => {
    const configPath = path.join(site, "dossier.yaml");
    const config = readFileSync(configPath, "utf8");
    writeFileSync(configPath, config.replace("paginate_by: 2", "paginate_by: 2\npaginate: 3"));
    try {
      await page.locator("#dossier-overlay").waitFor({ state: "visible", timeout: 10_000 });
      await overlayShows(page, ["error[E003]:", "--> dossier.yaml:8:1", "8 | paginate: 3", "help: "]);
      await overlayReadable(page);
      if (!(await page.title()).startsWith("Ten days")) throw new Error("the last good page is gone");
    } finally {
      writeFileSync(configPath, config);
    }
    await page.locator("#dossier-overlay").waitFor({ state: "detached", timeout: 10_000 });
  });

  await check("a deleted report leaves the home listing", async () => {
    const extra = path.join(site, "content/late-news.md");
    writeFileSync(extra, "---\ntitle: Late news from the quay\ndate: 2030-01-01\n---\nBody.\n");
    await page.goto(server.url);
    await waitText("Late news from the quay");
    unlinkSync(extra);
    await page.waitForFunction(() => !document.body.innerText.includes("Late news from the quay"), null, { timeout: 10_000 });
  });

  await check("the 404 page is styled, loads nothing that fails, and its links stay on the served address", async () => {
    const origin = new URL(server.url).origin;
    await page.goto(server.url);
    const homeStyle = await styleOf(page);
    const problems = [];
    const onRequest = (req) => {
      if (new URL(req.url()).origin !== origin && !req.url().startsWith("data:")) problems.push(`external request: ${req.url()}`);
    };
    // Leaving a page ends its event stream; that is not a failure.
    const onFailed = (req) => {
      if (!req.url().endsWith("/__dossier/events")) problems.push(`failed request: ${req.url()} (${req.failure()?.errorText})`);
    };
    const onResponse = (res) => {
      if (res.status() >= 400 && !res.request().isNavigationRequest()) problems.push(`HTTP ${res.status()}: ${res.url()}`);
    };
    page.on("request", onRequest);
    page.on("requestfailed", onFailed);
    page.on("response", onResponse);
    try {
      for (const missing of ["no-such-page", "2024/no/such/page/"]) {
        const response = await page.goto(new URL(missing, server.url).href, { waitUntil: "load" });
        if (response.status() !== 404) throw new Error(`/${missing}: status ${response.status()}`);
        const style = await styleOf(page);
        if (JSON.stringify(style) !== JSON.stringify(homeStyle)) {
          throw new Error(`/${missing} is not styled as the home page:\n${JSON.stringify(style)}\n${JSON.stringify(homeStyle)}`);
        }
        const hrefs = await page.evaluate(() => [...document.querySelectorAll("a[href], link[href]:not([rel=canonical])")].map((a) => a.href));
        const away = hrefs.filter((h) => new URL(h).origin !== origin && !h.startsWith("data:"));
        if (away.length) throw new Error(`/${missing} links away: ${away.join(", ")}`);
      }
      if (problems.length) throw new Error(problems.join("\n"));
      // The home page link leads to the served home page.
      await Promise.all([page.waitForURL(server.url), page.locator("main a").first().click()]);
      if (!(await page.locator(".site-title").count())) throw new Error("the home page link did not lead home");
    } finally {
      page.off("request", onRequest);
      page.off("requestfailed", onFailed);
      page.off("response", onResponse);
    }
  });

  await check("a site with errors from the start shows the overlay, and the site once fixed", async () => {
    const broken = path.join(work, "broken");
    cpSync(path.join(repoRoot, "tests/sites/full"), broken, { recursive: true });
    const file = path.join(broken, "content/2024/kell-crossing.md");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace("date: 2024-03-20", "date: 2024-03-40"));
    const second = await startServer(broken);
    const other = await context.newPage();
    try {
      await other.goto(new URL("2024/kell-crossing/", second.url).href);
      await other.locator("#dossier-overlay").waitFor({ state: "visible", timeout: 10_000 });
      await overlayShows(other, [
        "nothing has been built yet",
        "--> content/2024/kell-crossing.md:3:7",
        "3 | date: 2024-03-40",
      ]);
      await overlayReadable(other);
      writeFileSync(file, text);
      await other.waitForFunction(() => document.title.startsWith("Nine days"), null, { timeout: 10_000 });
      if (await other.locator("#dossier-overlay").count()) throw new Error("the overlay stayed");
    } finally {
      await other.close();
      second.child.kill("SIGINT");
    }
  });

  const failed = results.filter(([, ok]) => !ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  if (failed) {
    console.log(server.log());
    process.exitCode = 1;
  }
}

// The overlay's text holds each of `parts` (file:line:col, source line, caret).
async function overlayShows(p, parts) {
  const text = await p.locator("#dossier-overlay").innerText();
  for (const part of parts) {
    if (!text.includes(part)) throw new Error(`overlay lacks \`${part}\`:\n${text}`);
  }
}

// The overlay covers the viewport, is what the reader sees at its centre,
// and each of its texts has a contrast of at least 4.5:1 against what is
// behind it, over a white and over a black page alike; axe agrees.
async function overlayReadable(p) {
  const report = await p.evaluate(() => {
    const overlay = document.querySelector("#dossier-overlay");
    const box = overlay.getBoundingClientRect();
    const covers = box.left <= 0 && box.top <= 0 && box.right >= innerWidth && box.bottom >= innerHeight;
    const onTop = overlay.contains(document.elementFromPoint(innerWidth / 2, innerHeight / 2));
    const parse = (c) => {
      const [r, g, b, a = 1] = c.match(/[\d.]+/g).map(Number);
      return [r, g, b, a];
    };
    const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
    const lum = (c) => {
      const f = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const ratio = (a, b) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    const low = [];
    const texts = [...overlay.querySelectorAll("*")].filter((el) =>
      [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()));
    for (const el of texts) {
      const chain = [];
      for (let e = el; e; e = e.parentElement) {
        chain.push(parse(getComputedStyle(e).backgroundColor));
        if (e === overlay) break;
      }
      for (const page of [[255, 255, 255, 1], [0, 0, 0, 1]]) {
        const bg = chain.reverse().reduce((under, c) => over(c, under), page);
        chain.reverse();
        const fg = over(parse(getComputedStyle(el).color), bg);
        const r = ratio(fg, bg);
        if (r < 4.5) low.push(`${el.tagName.toLowerCase()}.${el.className} ${r.toFixed(2)}:1 \`${el.textContent.slice(0, 40)}\``);
      }
    }
    return { covers, onTop, low, count: texts.length };
  });
  if (!report.covers) throw new Error("the overlay does not cover the viewport");
  if (!report.onTop) throw new Error("something else is on top of the overlay");
  if (report.count < 4) throw new Error(`only ${report.count} texts in the overlay`);
  if (report.low.length) throw new Error(`low contrast:\n${report.low.join("\n")}`);
  await p.addScriptTag({ path: AXE_PATH });
  const violations = await p.evaluate(async () =>
    // eslint-disable-next-line no-undef
    (await axe.run("#dossier-overlay", { resultTypes: ["violations"] })).violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`));
  if (violations.length) throw new Error(`axe: ${violations.join("\n")}`);
}

// What shows whether the theme's stylesheet applied: fonts and colours of
// the page and its header.
function styleOf(p) {
  return p.evaluate(() => {
    const pick = (sel, props) => {
      const el = document.querySelector(sel);
      if (!el) return null;
      const cs = getComputedStyle(el);
      return props.map((prop) => cs.getPropertyValue(prop));
    };
    return {
      body: pick("body", ["font-family", "color", "background-color"]),
      header: pick(".site-header", ["background-color", "border-bottom-color", "display"]),
      title: pick(".site-title", ["font-family", "color", "text-decoration-line"]),
    };
  });
}

// Time from a saved edit to the changed text on the page, `latencyRuns` times.
async function measureLatency() {
  const target = process.env.DOSSIER_REPORT;
  const file = path.join(site, "content", target);
  const url = new URL(target.replace(/\.md$/, "/"), server.url).href;
  const text = readFileSync(file, "utf8");
  // With DOSSIER_CITE=id, every other edit also cites that source (one the
  // report does not cite), so that each edit adds or removes a source.
  const cite = process.env.DOSSIER_CITE || "";
  await page.goto(url);
  const times = [];
  for (let i = 0; i < latencyRuns; i++) {
    const word = `edit${i}x${Date.now()}`;
    const insert = cite && i % 2 === 0 ? `${word} [@${cite}] ` : `${word} `;
    const start = process.hrtime.bigint();
    writeFileSync(file, text.replace(/\n---\n/, `\n---\n${insert}`));
    await waitText(word, 60_000);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    await page.waitForLoadState("load");
  }
  writeFileSync(file, text);
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(0);
  console.log(`latency over ${times.length} edits: median ${q(0.5)} ms, p10 ${q(0.1)} ms, p90 ${q(0.9)} ms, max ${q(1)} ms`);
}
