// A phone-sized window on a report with photos fetches the right copies.
//
//   node tests/browser/photos.mjs SITE_DIR
//
// SITE_DIR is a built site with at least one report whose body has photos
// (raster images, offered in smaller copies by `srcset`); .ci/run makes one
// with gen-corpus and gen-photos. Each such report page (at most two) is
// opened in headless Chromium at 375 px wide, device scale factor 1 and 2,
// served at the root and under /sub/, with the cache off; every image is
// brought into view so that lazy ones load, and every image request is
// recorded. For each photo:
//   - the browser fetched exactly one file of it: the smallest `srcset`
//     candidate at least as wide as the viewport in device pixels (375 px at
//     1x, 750 px at 2x), and it is what the `img` shows (`currentSrc`);
//   - that candidate is a smaller copy: the original is never fetched;
//   - the figure and its image fit in the viewport;
//   - when it is more than 5,000 px down the page, it is not fetched before
//     it is scrolled to (lazy loading).
// And for the page: the image bytes fetched are under 35% of the photos'
// originals (issue 14's budget), and no request failed or left the served
// path. Exit status 0 when every check passed, 1 otherwise, 2 on a usage
// error.

import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isRaster, launchChromium, loadImages, serveSite } from "./image-load.mjs";

const WIDTH = 375;
const BUDGET = 0.35;
const LAZY_BELOW = 5000;

if (process.argv.length !== 3) {
  console.error("usage: node tests/browser/photos.mjs SITE_DIR");
  process.exit(2);
}
const siteDir = path.resolve(process.argv[2]);
const dataFile = path.join(siteDir, "data", "site.json");
if (!existsSync(dataFile)) {
  console.error(`photos.mjs: no data/site.json in ${siteDir} (build the site first)`);
  process.exit(2);
}

let passed = 0;
const failures = [];
function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    console.log(`  ok    ${name}`);
  } else {
    failures.push(name);
    console.log(`  FAIL  ${name}${detail ? `\n        ${String(detail).split("\n").join("\n        ")}` : ""}`);
  }
}

// The report pages whose HTML shows a raster image.
const reports = JSON.parse(readFileSync(dataFile, "utf8")).reports || [];
const photoPages = reports
  .map((r) => r.url)
  .filter((url) => {
    const file = path.join(siteDir, url, "index.html");
    if (!existsSync(file)) return false;
    return [...readFileSync(file, "utf8").matchAll(/<img\b[^>]*\ssrc="([^"]*)"/g)].some((m) => isRaster(m[1]));
  })
  .sort()
  .slice(0, 2);
console.log(`photo tests: ${siteDir}, ${photoPages.length} report(s) with photos`);
check("the site has a report with photos", photoPages.length > 0, `none of ${reports.length} reports shows a raster image`);

// What the browser should fetch for a photo shown in a slot `needed` device
// pixels wide: the smallest candidate at least that wide, or the widest;
// without a srcset, the image itself.
function expectedCandidate(img, needed) {
  const byWidth = img.srcset.filter((c) => c.w).sort((a, b) => a.w - b.w);
  return byWidth.find((c) => c.w >= needed) || byWidth[byWidth.length - 1] || { path: img.src, w: null };
}

const kb = (n) => `${(n / 1000).toFixed(1)} kB`;

async function checkPage(browser, server, prefix, url, scale) {
  const label = `${prefix}${url} @${WIDTH} ${scale}x`;
  const got = await loadImages(browser, server, url, { width: WIDTH, scale });
  check(`${label}: no failed requests or errors`, got.problems.length === 0, got.problems.join("\n"));
  const photos = got.imgs.filter((i) => isRaster(i.src));
  if (!photos.length) return check(`${label}: the page shows photos`, false);

  const needed = WIDTH * scale;
  let originalBytes = 0;
  for (const img of photos) {
    const name = path.basename(img.src);
    const files = new Set([img.src, ...img.srcset.map((c) => c.path)]);
    const fetched = got.requests.filter((p) => files.has(p));
    const want = expectedCandidate(img, needed);
    if (!img.src.startsWith(prefix)) {
      check(`${label}: ${name}: under the served path`, false, `src is ${img.src}, outside ${prefix}`);
      continue;
    }
    originalBytes += statSync(path.join(siteDir, img.src.slice(prefix.length))).size;
    // Lazy: a photo far below the first screen (Chromium starts loading
    // lazy images 1,250-2,500 px ahead) waits until it is scrolled to.
    if (img.top > LAZY_BELOW) {
      const early = got.requestsAtLoad.filter((p) => files.has(p));
      check(
        `${label}: ${name}: not fetched before it is scrolled to (${Math.round(img.top)} px down)`,
        early.length === 0,
        `fetched at load: ${early.join(", ")}`,
      );
    }
    check(
      `${label}: ${name}: fetched only ${path.basename(want.path)} (the smallest candidate >= ${needed} px)`,
      fetched.length === 1 && fetched[0] === want.path && img.currentSrc === want.path,
      `fetched [${fetched.map((p) => path.basename(p)).join(", ")}], showing ${img.currentSrc && path.basename(img.currentSrc)}; ` +
        (img.srcset.length
          ? `candidates ${img.srcset.map((c) => `${path.basename(c.path)} ${c.w}w`).join(", ")}; sizes="${img.sizes}"`
          : "no srcset"),
    );
    check(
      `${label}: ${name}: the original is not fetched`,
      want.path !== img.src && !got.requests.includes(img.src),
      want.path === img.src ? `no smaller copy is at least ${needed} px wide` : `requests: ${got.requests.join(", ")}`,
    );
    check(`${label}: ${name}: loaded`, img.complete);
    const fits = (b) => b.width > 0 && b.left >= -0.5 && b.right <= got.viewport + 0.5;
    check(
      `${label}: ${name}: the figure fits the ${got.viewport} px viewport`,
      fits(img.figure) && fits(img.rendered),
      `figure ${JSON.stringify(img.figure)}, img ${JSON.stringify(img.rendered)}`,
    );
  }
  const fetchedBytes = got.served.filter((s) => s.status === 200 && isRaster(s.path)).reduce((n, s) => n + s.bytes, 0);
  const share = fetchedBytes / Math.max(originalBytes, 1);
  check(
    `${label}: image bytes fetched under ${BUDGET * 100}% of the originals (${kb(fetchedBytes)} of ${kb(originalBytes)}, ${(share * 100).toFixed(1)}%)`,
    share < BUDGET,
  );
}

const browser = await launchChromium();
try {
  for (const prefix of ["/", "/sub/"]) {
    const server = await serveSite(siteDir, prefix);
    try {
      console.log(`\n# served under ${prefix}`);
      for (const url of photoPages) {
        for (const scale of [1, 2]) {
          try {
            await checkPage(browser, server, prefix, url, scale);
          } catch (err) {
            check(`${prefix}${url} @${WIDTH} ${scale}x`, false, err && err.stack ? err.stack.split("\n").slice(0, 3).join("\n") : err);
          }
        }
      }
    } finally {
      await server.close();
    }
  }
} finally {
  await browser.close();
}

if (failures.length) {
  console.log("\nfailures:");
  for (const f of failures) console.log(`  - ${f}`);
}
console.log(`\n${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
