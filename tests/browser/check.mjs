// Third-party checks of a built site, run by tests/site/browser.rs:
//   node check.mjs <serve-root> <base-path> <screenshot-dir>
// 1. The Nu HTML Checker (vnu-jar, with the machine's Java) on every page.
// 2. Every page of interest opened in Debian's Chromium (playwright-core),
//    served with the Content-Security-Policy from the site's own _headers:
//    axe-core's serious and critical violations, CSP violations, failed
//    requests and requests to other origins are counted.
// 3. Desktop (1280x800) and mobile (390x844) full-page screenshots of those
//    pages; at both widths no page may scroll sideways, and axe runs at both.
// Prints one JSON summary line (prefixed "RESULT ") and exits non-zero on
// any problem.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, statSync, mkdirSync, readdirSync } from "node:fs";
import { join, extname, normalize, dirname } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const [root, basePath, shots] = process.argv.slice(2);
if (!root || !basePath || !shots) {
  console.error("usage: node check.mjs <serve-root> <base-path> <screenshot-dir>");
  process.exit(2);
}
const site = join(root, basePath);
const PAGES = {
  home: "",
  section: "background/",
  "fact-sheet": "facts/casualties/",
  timeline: "timeline/",
  "timeline-filtered": "timeline/?category=attack",
  place: "places/shushi/",
  sources: "sources/",
  search: "search/?q=shusha",
};
const problems = [];

// --- 1. Nu HTML Checker -------------------------------------------------
function htmlFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith(".html")) out.push(p);
  }
  return out.sort();
}
const files = htmlFiles(site);
const vnuJar = require("vnu-jar");
const vnu = spawnSync("java", ["-jar", vnuJar, "--format", "json", "--stdout", ...files], {
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
});
if (vnu.error) throw vnu.error;
const messages = JSON.parse(vnu.stdout || "{}").messages || [];
const vnuErrors = messages.filter((m) => m.type === "error" || m.subType === "fatal");
const vnuWarnings = messages.filter((m) => m.type === "info" && m.subType === "warning");
for (const m of vnuErrors) {
  problems.push(`vnu: ${m.url.replace("file:" + site, "")}:${m.lastLine}:${m.lastColumn ?? ""}: ${m.message}`);
}

// --- 2. A static server with the site's own headers ---------------------
const headersFile = readFileSync(join(site, "_headers"), "utf8");
const csp = /Content-Security-Policy: (.*)/.exec(headersFile)[1];
const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
  ".xml": "application/xml", ".txt": "text/plain", ".csv": "text/csv",
};
const server = createServer((req, res) => {
  let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = normalize(join(root, path));
  if (!file.startsWith(normalize(root))) { res.writeHead(400).end(); return; }
  try {
    if (statSync(file).isDirectory()) file = join(file, "index.html");
    const body = readFileSync(file);
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] || "application/octet-stream", "Content-Security-Policy": csp });
    res.end(body);
  } catch {
    let body = "";
    try { body = readFileSync(join(site, "404.html")); } catch {}
    res.writeHead(404, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": csp });
    res.end(body);
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;

// --- 3. Chromium: axe, CSP, requests, screenshots -------------------------
const { chromium } = require("playwright-core");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
mkdirSync(shots, { recursive: true });
const axeCounts = {};
for (const [name, rel] of Object.entries(PAGES)) {
  for (const [device, viewport] of [["desktop", { width: 1280, height: 800 }], ["mobile", { width: 390, height: 844 }]]) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    await context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`));
    });
    const page = await context.newPage();
    const seen = [];
    page.on("request", (r) => seen.push(r.url()));
    page.on("requestfailed", (r) => problems.push(`${name}/${device}: request failed: ${r.url()}`));
    page.on("response", (r) => { if (r.status() >= 400) problems.push(`${name}/${device}: ${r.status()} ${r.url()}`); });
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`${name}/${device}: console error: ${m.text()}`);
    });
    await page.goto(`${origin}${basePath}${rel}`, { waitUntil: "networkidle" });
    const cspViolations = await page.evaluate(() => window.__csp || []);
    for (const v of cspViolations) problems.push(`${name}/${device}: CSP: ${v}`);
    for (const u of seen) if (!u.startsWith(origin)) problems.push(`${name}/${device}: third-party request ${u}`);
    await page.screenshot({ path: join(shots, `${name}-${device}.png`), fullPage: true });
    if (name === "timeline-filtered") {
      // The filter hides what it filters: eras and years without a shown
      // event, with their jump links; the count and the live region follow.
      const bad = await page.evaluate(() => {
        const out = [];
        const seen = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
        const events = [...document.querySelectorAll(".event")].filter(seen);
        if (!events.length) out.push("no event shown");
        for (const e of events) if (e.dataset.category !== "attack") out.push(`shown: ${e.id}`);
        for (const era of document.querySelectorAll(".era")) {
          const any = [...era.querySelectorAll(".event")].some(seen);
          if (seen(era) !== any) out.push(`era ${era.id} shown=${seen(era)} with events=${any}`);
          const jump = document.querySelector(`.jump li[data-era="${era.id}"]`);
          if (jump && seen(jump) !== any) out.push(`jump link to ${era.id} shown=${seen(jump)}`);
        }
        for (const h of document.querySelectorAll("h3.year")) {
          const list = h.nextElementSibling;
          const any = [...list.querySelectorAll(".event")].some(seen);
          if (seen(h) !== any) out.push(`year ${h.id || h.textContent} shown=${seen(h)} with events=${any}`);
        }
        const count = document.querySelector(".event-count").textContent;
        if (count !== String(events.length)) out.push(`intro says ${count}, ${events.length} shown`);
        const status = document.querySelector(".filter-status").textContent;
        if (!status.startsWith(`${events.length} events shown`)) out.push(`status: ${status}`);
        return out;
      });
      for (const b of bad) problems.push(`${name}/${device}: ${b}`);
      await page.click(".filters a:not([data-filter])");
      const status = await page.textContent(".filter-status");
      const total = await page.locator(".event").count();
      if (status !== `All ${total} events shown`) problems.push(`${name}/${device}: after All, status: ${status}`);
      await page.goto(`${origin}${basePath}${rel}`, { waitUntil: "networkidle" });
    }
    if (name === "search") {
      // The place itself first, and passages of pages whose text mentions it.
      await page.waitForSelector("#search-results li");
      const rows = await page.$$eval("#search-results li", (lis) =>
        lis.map((li) => [li.querySelector(".result-kind").textContent, li.querySelector("a").textContent]));
      if (rows[0]?.[1] !== "Shusha (Shushi)" || rows[0]?.[0] !== "Place") problems.push(`${name}/${device}: first result ${JSON.stringify(rows[0])}`);
      if (!rows.some((r) => r[0] === "In a page" && r[1].startsWith("The first war"))) problems.push(`${name}/${device}: no passage of the first war's page`);
      // Shushan Stepanyan's page mentions Shusha, so she is found; below the place.
      const shushan = rows.findIndex((r) => r[1] === "Shushan Stepanyan");
      if (shushan === 0) problems.push(`${name}/${device}: Shushan Stepanyan ranked first`);
    }
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > width + 1)
        .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ")[0] : ""));
      return { scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5) };
    });
    if (overflow.scroll > overflow.width) {
      problems.push(`${name}/${device}: scrolls sideways (${overflow.scroll} px in ${overflow.width} px): ${overflow.wide.join(", ")}`);
    }
    {
      // axe is injected through the DevTools protocol, so the page's CSP does not apply to it.
      await page.evaluate(axeSource);
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      axeCounts[`${name}-${device}`] = { serious_or_critical: bad.length, all: result.violations.length };
      for (const v of result.violations) {
        problems.push(`${name}: axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
      }
    }
    await context.close();
  }
}
await browser.close();
server.close();

const summary = {
  html_files: files.length,
  vnu_errors: vnuErrors.length,
  vnu_warnings: vnuWarnings.length,
  axe: axeCounts,
  problems,
};
console.log("RESULT " + JSON.stringify(summary));
process.exit(problems.length ? 1 : 0);
