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
// DEBUG=1 prints every request the page makes. The serving and loading are
// image-load.mjs's, shared with the photo test (photos.mjs).
import { statSync } from "node:fs";
import path from "node:path";
import { isRaster, launchChromium, loadImages, serveSite } from "./image-load.mjs";

const [site, page_path, width_arg] = process.argv.slice(2);
if (!site || !page_path) {
  console.error("usage: node tests/browser/image-bytes.mjs SITE_DIR PAGE_PATH [WIDTH]");
  process.exit(2);
}
const width = Number(width_arg || 375);
const root = path.resolve(site);

const server = await serveSite(root);
const browser = await launchChromium();
try {
  for (const scale of [1, 2]) {
    const got = await loadImages(browser, server, page_path, { width, scale });
    const originals = got.imgs.filter((i) => i.srcset.length).map((i) => i.src);
    const original_bytes = originals.reduce((n, p) => n + statSync(path.join(root, p)).size, 0);
    const images = got.served.filter((s) => s.status === 200 && isRaster(s.path));
    const fetched = images.reduce((n, s) => n + s.bytes, 0);
    console.log(`${width} px @${scale}x: ${originals.length} photos, originals ${original_bytes} bytes, fetched ${fetched} bytes (${(100 * fetched / Math.max(original_bytes, 1)).toFixed(1)}%): ${images.map((s) => path.basename(s.path)).join(", ")}`);
  }
} finally {
  await browser.close();
  await server.close();
}
