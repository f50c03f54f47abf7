// tests/bench/web-ui.mjs — the FlowFuse web UI of the same server in the
// Debian chromium (headless), driven by playwright-core (pinned in
// package.json here):
//
//   node web-ui.mjs PEERS_JSON RUNS EXPECTED_INSTANCES
//
// One unmeasured load comes first. Each run starts a fresh browser (empty
// cache), signs in as the admin
// (POST /account/login in the page's own cookie jar), then measures the
// navigation to /team/<slug>/instances until the instance table holds
// EXPECTED rows (performance.now() of the page, i.e. from the navigation
// start, read once the frame that shows the rows has been painted), and the
// memory of the browser's processes 3 s later (VmRSS and Pss summed over
// the chromium process tree). Only 127.0.0.1 is reachable: everything else
// is aborted (and counted). Prints one JSON object.
import fs from 'node:fs';
import { chromium } from 'playwright-core';

const [peersFile, runsArg, expectedArg] = process.argv.slice(2);
const ff = JSON.parse(fs.readFileSync(peersFile, 'utf8')).flowfuse;
const runs = Number(runsArg || 5);
const expected = Number(expectedArg || 1);
const ROWS = '[data-el="instances-table"] tr.ff-data-table--row.selectable';

function kb(path, key) {
  try {
    const m = fs.readFileSync(path, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+)`, 'm'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function tree(pid) {
  const children = new Map();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    let stat;
    try { stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8'); } catch { continue; }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(e));
  }
  const out = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop();
    out.push(p);
    todo.push(...(children.get(p) || []));
  }
  return out;
}

// The browser's processes: every descendant of this node process
// (Playwright starts chromium as our child).
function memory(pid) {
  const pids = tree(pid).slice(1);
  return {
    rss_kb: pids.reduce((s, p) => s + kb(`/proc/${p}/status`, 'VmRSS'), 0),
    pss_kb: pids.reduce((s, p) => s + kb(`/proc/${p}/smaps_rollup`, 'Pss'), 0),
    processes: pids.length,
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function once() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const blocked = [];
  let failed = 0;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.route('**', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      blocked.push(url.host);
      return route.abort();
    });
    page.on('requestfailed', (r) => { if (new URL(r.url()).hostname === '127.0.0.1') failed++; });
    const login = await page.request.post(`${ff.url}/account/login`, {
      data: { username: ff.admin.username, password: ff.admin.password },
    });
    if (login.status() !== 200) throw new Error(`sign-in: HTTP ${login.status()}`);

    // In the page, from its first script on: each animation frame looks
    // for the rows. The frame that finds them is painted after its
    // animation-frame callbacks; a message posted from there is handled
    // after that paint. Flowdeck's figure is likewise taken once its frame
    // with the rows has been drawn (the frame clock's after-paint).
    await page.addInitScript(({ sel, n }) => {
      const tick = () => {
        const found = performance.now();
        const rows = document.querySelectorAll(sel);
        let state = null;
        // Rows present, and their names rendered (not a skeleton) …
        if (rows.length >= n && rows[0].textContent.trim() !== '') state = 'rows';
        // … or FlowFuse's error page ("Oh Dear … no-one answered").
        else if (document.body && document.body.innerText.includes('no-one answered')) state = 'error';
        if (state === null) {
          requestAnimationFrame(tick);
          return;
        }
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          window.__deckRows = { t: performance.now(), found, state };
        };
        channel.port2.postMessage(null);
      };
      requestAnimationFrame(tick);
    }, { sel: ROWS, n: Math.min(expected, 1000000) });

    const wallStart = process.hrtime.bigint();
    await page.goto(`${ff.url}/team/${ff.team.slug}/instances`, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(() => window.__deckRows, null,
      { polling: 'raf', timeout: 180000 });
    const { t: pageMs, found: foundMs, state } = await handle.jsonValue();
    const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
    const rows = await page.locator(ROWS).count();
    await sleep(3000);
    const mem = memory(process.pid);
    return { page_ms: pageMs, found_ms: foundMs, wall_ms: wallMs, state, rows, failed_requests: failed,
      ...mem, blocked };
  } finally {
    await browser.close();
  }
}

// One load first, not measured: this process (Playwright's driver, which
// sees every request through page.route) is then warm for the measured
// ones, as Flowdeck's measured starts come after an unmeasured one.
await once();
const results = [];
for (let i = 0; i < runs; i++) results.push(await once());
console.log(JSON.stringify({ runs: results, chromium: chromium.name() }));
