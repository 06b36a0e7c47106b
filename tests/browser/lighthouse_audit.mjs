// Lighthouse (accessibility and best practices) on each URL given, in one
// headless Chromium (CHROME_PATH) started once, so several pages fit in one
// test. Prints one JSON array: per URL its category scores and the scored
// audits that did not pass; writes each page's HTML report (with a picture of
// what was audited) to REPORTS/NN.html. Used by tests/browser/test_lighthouse.py.
//
//   CHROME_PATH=/usr/bin/chromium node tests/browser/lighthouse_audit.mjs REPORTS URL...
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CATEGORIES = ["accessibility", "best-practices"];
// As the Playwright tests start Chromium: nothing phones Google from a closed
// network (tests/browser/conftest.py LAUNCH_ARGS).
const CHROME_FLAGS = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// An audit's finding as one line: the element, or the message and its URL.
function where(item) {
  if (item.node) return item.node.selector || item.node.snippet;
  const url = (item.sourceLocation && item.sourceLocation.url) || item.url;
  if (item.description) return url ? `${item.description} (${url})` : item.description;
  return url || JSON.stringify(item).slice(0, 200);
}

function failing(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => ({
      category,
      id: audit.id,
      title: audit.title,
      // What it found, where: a few node selectors or the first item's text.
      items: ((audit.details && audit.details.items) || []).slice(0, 5).map(where),
    }));
}

// Requests to anything but this machine (the other browser tests fail on them too).
function offsite(devtoolsLog) {
  return devtoolsLog
    .filter((entry) => entry.method === "Network.requestWillBeSent")
    .map((entry) => new URL(entry.params.request.url))
    .filter((url) => /^(https?|wss?):$/.test(url.protocol) && !["127.0.0.1", "localhost"].includes(url.hostname))
    .map((url) => url.href);
}

const [reports, ...urls] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH, chromeFlags: CHROME_FLAGS });
const results = [];
try {
  for (const [index, url] of urls.entries()) {
    // The default (simulated) throttling: it waits 1 s for a quiet page where
    // "provided" waits 5.25 s, and these categories do not measure speed.
    // No full-page picture: about 1 s a page, and the findings name their elements.
    const run = await lighthouse(url, {
      port: chrome.port, output: "html", logLevel: "error", onlyCategories: CATEGORIES, disableFullPageScreenshot: true,
    });
    writeFileSync(join(reports, `${String(index + 1).padStart(2, "0")}.html`), run.report);
    const lhr = run.lhr;
    results.push({
      url,
      error: lhr.runtimeError ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` : null,
      scores: Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c].score])),
      failing: CATEGORIES.flatMap((c) => failing(lhr, c)),
      offsite: offsite(run.artifacts.DevtoolsLog),
    });
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results) + "\n");
