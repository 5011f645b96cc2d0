// What a browser fetches for the images of a page: shared by the photo test
// (photos.mjs) and the image-bytes benchmark (image-bytes.mjs).
//
// - `serveSite(root, prefix)` serves a built site over HTTP on 127.0.0.1,
//   under `prefix` ("/" or a sub-path such as "/sub/"; anything outside
//   it is a 404), and logs the bytes of every file it sends.
// - `launchChromium()` starts Debian's Chromium (/usr/bin/chromium, or
//   $CHROMIUM) through playwright-core.
// - `loadImages(browser, server, url, { width, scale })` opens `url` in a
//   fresh context of that viewport width and device scale factor with the
//   cache off, brings every image into view one by one so that lazy ones
//   load, and returns every image request the page made, the bytes the
//   server sent for each, and each `<img>` as laid out.

import { createRequire } from "node:module";
import { createServer } from "node:http";
import { once } from "node:events";
import { createReadStream, statSync } from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".pdf": "application/pdf",
};

/** Whether a path names a raster image (the kind that has copies). */
export const isRaster = (p) => /\.(jpe?g|png|gif|webp|avif)$/i.test(p);

/**
 * Serves `root` under `prefix` on a free port. Resolves to
 * `{ base, log, close }`: `base` is the site's address (ending in `/`),
 * `log` the `{ path, status, bytes }` of every response, in order.
 */
export async function serveSite(root, prefix = "/") {
  root = path.resolve(root);
  if (!prefix.startsWith("/") || !prefix.endsWith("/")) throw new Error(`prefix must start and end with /: ${prefix}`);
  const log = [];
  const server = createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      pathname = "";
    }
    const reply = (status, file, bytes) => {
      log.push({ path: pathname, status, bytes });
      if (!file) return res.writeHead(status).end();
      res.writeHead(status, {
        "Content-Type": TYPES[path.extname(file).toLowerCase()] || "application/octet-stream",
        "Content-Length": bytes,
        "Cache-Control": "no-store",
      });
      createReadStream(file).pipe(res);
    };
    if (!pathname.startsWith(prefix) || pathname.includes("\0")) return reply(404);
    let file = path.join(root, pathname.slice(prefix.length));
    if (file !== root && !file.startsWith(root + path.sep)) return reply(404);
    try {
      if (statSync(file).isDirectory()) file = path.join(file, "index.html");
      return reply(200, file, statSync(file).size);
    } catch {
      return reply(404);
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    base: `http://127.0.0.1:${server.address().port}${prefix}`,
    log,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

/** Debian's Chromium, headless. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * Opens `url` (relative to `server.base`) at `width` CSS px and device scale
 * factor `scale` in a new browser context, the cache off, and brings every
 * `<img>` into view in turn, waiting for each to load. Resolves to:
 * - `requests`: the path of every image request, in order (also those that
 *   were cancelled or failed);
 * - `requestsAtLoad`: those made before any scrolling (the page loaded and
 *   the network idle);
 * - `served`: the `{ path, status, bytes }` the server sent for the page;
 * - `problems`: failed requests, HTTP errors, console and page errors;
 * - `imgs`: each `<img>` as `{ src, srcset, sizes, currentSrc, complete,
 *   rendered: { left, right, width }, figure: { left, right, width }, top }`
 *   (paths resolved against the page; `srcset` as `[{ path, w }]`; `top`
 *   in CSS px from the top of the document, as laid out at load);
 * - `viewport`: the layout viewport's width (`clientWidth`).
 * With DEBUG=1 it prints every request.
 */
export async function loadImages(browser, server, url, { width, scale, height = 800 }) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, isMobile: true });
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const requests = [];
    const problems = [];
    const origin = new URL(server.base).origin;
    page.on("request", (q) => {
      if (process.env.DEBUG) console.error(`  request ${q.resourceType()} ${q.url()}`);
      if (!q.url().startsWith(origin + "/")) return;
      if (q.resourceType() === "image" || isRaster(new URL(q.url()).pathname)) requests.push(decodeURIComponent(new URL(q.url()).pathname));
    });
    page.on("requestfailed", (q) => problems.push(`failed request: ${q.url()} (${q.failure()?.errorText})`));
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));

    const first = server.log.length;
    await page.goto(server.base + url, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    const requestsAtLoad = [...requests];
    const tops = await page.$$eval("img", (all) => all.map((img) => img.getBoundingClientRect().top + window.scrollY));
    await page.evaluate(async () => {
      const loaded = (img) =>
        img.complete ? Promise.resolve() : new Promise((r) => {
          img.addEventListener("load", r, { once: true });
          img.addEventListener("error", r, { once: true });
          setTimeout(r, 5000);
        });
      for (const img of document.querySelectorAll("img")) {
        img.scrollIntoView({ block: "center", behavior: "instant" });
        await loaded(img);
      }
    });
    await page.waitForLoadState("networkidle");
    const { imgs, viewport } = await page.evaluate(() => {
      const here = (u) => decodeURIComponent(new URL(u, location.href).pathname);
      const box = (el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, right: r.right, width: r.width };
      };
      return {
        viewport: document.documentElement.clientWidth,
        imgs: [...document.querySelectorAll("img")].map((img) => ({
          src: here(img.getAttribute("src")),
          srcset: (img.getAttribute("srcset") || "")
            .split(",")
            .map((c) => c.trim().split(/\s+/))
            .filter((c) => c[0])
            .map(([u, d]) => ({ path: here(u), w: d && d.endsWith("w") ? Number(d.slice(0, -1)) : null })),
          sizes: img.getAttribute("sizes"),
          currentSrc: img.currentSrc ? here(img.currentSrc) : null,
          complete: img.complete && img.naturalWidth > 0,
          rendered: box(img),
          figure: box(img.closest("figure") || img),
        })),
      };
    });
    imgs.forEach((img, i) => (img.top = tops[i]));
    return { requests, requestsAtLoad, served: server.log.slice(first), problems, imgs, viewport };
  } finally {
    await context.close();
  }
}
