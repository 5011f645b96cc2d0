// Measures what a phone-sized window downloads for a report page with
// photos, against the photos' original bytes (issue 14's budget: at most
// 35% at 375 px). A benchmark, not a test: it prints numbers.
//
//   node tests/browser/image-bytes.mjs SITE_DIR PAGE_PATH [WIDTH]
//
// SITE_DIR is a built site (e.g. a gen-corpus + gen-photos corpus built by
// `dossier build`), PAGE_PATH a report page in it (`2024/report-1/`).
// The page is served from SITE_DIR over HTTP, opened in headless Chromium
// at WIDTH px (375 by default, device scale factor 1 and 2), scrolled to
// the end so that every lazy image loads, and every image response is
// counted: the bytes fetched, and the bytes of the originals the page
// shows (the file each `img`'s `src` names).
// DEBUG=1 prints every request the page makes.
import { createRequire } from "node:module";
import { createServer } from "node:http";
import { once } from "node:events";
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const [site, page_path, width_arg] = process.argv.slice(2);
if (!site || !page_path) {
  console.error("usage: node tests/browser/image-bytes.mjs SITE_DIR PAGE_PATH [WIDTH]");
  process.exit(2);
}
const width = Number(width_arg || 375);
const root = path.resolve(site);

const types = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".jpg": "image/jpeg", ".png": "image/png", ".svg": "image/svg+xml", ".webp": "image/webp" };
const server = createServer((req, res) => {
  let file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(root)) { res.writeHead(404); return res.end(); }
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!existsSync(file)) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream", "content-length": statSync(file).size });
  createReadStream(file).pipe(res);
});
server.listen(0, "127.0.0.1");
await once(server, "listening");
const base = `http://127.0.0.1:${server.address().port}/`;

const profile = mkdtempSync(path.join(tmpdir(), "dossier-image-bytes-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const scale of [1, 2]) {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 800 });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Emulation.setDeviceMetricsOverride", { width, height: 800, deviceScaleFactor: scale, mobile: true });
    const fetched = new Map();
    if (process.env.DEBUG) page.on("request", (q) => console.error("req", q.resourceType(), q.url()));
    page.on("response", async (r) => {
      if (r.request().resourceType() !== "image") return;
      const len = Number((await r.allHeaders())["content-length"] || 0);
      fetched.set(new URL(r.url()).pathname, len);
    });
    await page.goto(base + page_path, { waitUntil: "load" });
    await page.evaluate(async () => {
      for (const img of document.querySelectorAll("img")) { img.scrollIntoView(); await new Promise((r) => setTimeout(r, 200)); }
    });
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(500);
    const originals = await page.$$eval("img[srcset]", (imgs) => imgs.map((i) => new URL(i.getAttribute("src"), location.href).pathname));
    const original_bytes = originals.reduce((n, p) => n + statSync(path.join(root, decodeURIComponent(p))).size, 0);
    let got = 0;
    for (const [p, n] of fetched) if (/\.(jpe?g|png|webp)$/i.test(p)) got += n;
    console.log(`${width} px @${scale}x: ${originals.length} photos, originals ${original_bytes} bytes, fetched ${got} bytes (${(100 * got / Math.max(original_bytes, 1)).toFixed(1)}%): ${[...fetched.keys()].filter((p) => /\.(jpe?g|png|webp)$/i.test(p)).map((p) => path.basename(p)).join(", ")}`);
    await page.close();
  }
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
