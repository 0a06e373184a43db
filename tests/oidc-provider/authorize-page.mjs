// The test identity provider's choice page in a real browser, for crates/oidc/tests/page_in_browser.rs:
// an axe-core check (WCAG 2.x A/AA) of the page, then a click on the first citizen with the page's
// own CSP in force, which must lead the browser to the client's redirect URI (Chromium applies
// form-action to the redirect after the POST).
//
// Usage: node authorize-page.mjs <authorization URL> <redirect URI>
// Uses playwright-core and axe-core from ../browser/node_modules (or NODE_PATH) and Debian's
// chromium (CHROMIUM_PATH overrides). Exits 1 on any violation or failure, 3 when a prerequisite
// is missing.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

// Exit code 3: a prerequisite is missing, the caller skips.
const require = createRequire(new URL('../browser/package.json', import.meta.url));
let chromium;
let AXE;
try {
  ({ chromium } = require('playwright-core'));
  AXE = require.resolve('axe-core/axe.min.js');
} catch {
  console.log('skipped: playwright-core or axe-core is not installed (npm ci in tests/browser)');
  process.exit(3);
}
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.log(`skipped: ${CHROMIUM} is missing`);
  process.exit(3);
}

const [url, redirectUri] = process.argv.slice(2);
if (!url || !redirectUri) {
  console.error('usage: node authorize-page.mjs <authorization URL> <redirect URI>');
  process.exit(2);
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--lang=de-DE'] });
let failed = false;
try {
  // axe is injected, so this context ignores the page's CSP.
  const axeContext = await browser.newContext({ bypassCSP: true, locale: 'de-DE' });
  const page = await axeContext.newPage();
  await page.goto(url);
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }),
  );
  console.log(`axe: ${result.passes.length} rules passed, ${result.violations.length} violated`);
  for (const v of result.violations) {
    failed = true;
    console.log(`violation: ${v.id} [${v.impact}] ${v.help}`);
    for (const n of v.nodes) console.log(`    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`);
  }

  // With the page's CSP in force: choosing a citizen must reach the redirect URI.
  const strict = await browser.newContext({ locale: 'de-DE' });
  const strictPage = await strict.newPage();
  await strictPage.goto(url);
  const reached = strictPage.waitForRequest((r) => r.url().startsWith(redirectUri), { timeout: 10000 });
  await strictPage.locator('main form button').first().click();
  const request = await reached;
  const back = new URL(request.url());
  if (!back.searchParams.get('code')) throw new Error(`redirect without code: ${request.url()}`);
  console.log('redirect: reached the redirect URI with a code');
} catch (err) {
  failed = true;
  console.log(`error: ${err.message}`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
