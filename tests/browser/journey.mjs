// The main clerk journey of the demo in a real browser (Debian's chromium, driven by
// playwright-core), with an axe-core accessibility check of every page visited.
//
//   node journey.mjs <base URL> <screenshot folder>
//
// Exits non-zero on the first failed step or on any axe violation (all are printed).

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PASSWORD = 'demo-passwort-58';

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error('usage: node journey.mjs <base URL> <screenshot folder>');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

let step = 0;
const checked = [];
const violations = [];

function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** Screenshots the page and runs axe (WCAG 2 A/AA) on it; violations are collected. */
async function check(page, name) {
  step += 1;
  const file = `${String(step).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: join(shots, file), fullPage: true });
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }),
  );
  const path = new URL(page.url()).pathname;
  checked.push(`${file} ${path}: ${result.passes.length} rules passed, ${result.violations.length} violated, ${result.incomplete.length} to review`);
  for (const v of result.violations) {
    violations.push(`${path} (${file}): ${v.id} [${v.impact}] ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n'));
  }
}

async function heading(page) {
  return (await page.locator('h1').textContent()).trim();
}

async function logIn(page, login, name) {
  await page.goto(`${base}/amt/anmelden`);
  await check(page, `${name}-anmelden`);
  await page.getByLabel('Anmeldename').fill(login);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByLabel('Passwort').press('Enter');
  await page.waitForURL((url) => url.pathname === '/amt');
  await check(page, `${name}-start`);
}

/** Logs out from the start page, then checks the register is closed again. */
async function logOut(page) {
  await page.goto(`${base}/amt`);
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await page.waitForURL((url) => url.pathname !== '/amt');
  await page.goto(`${base}/amt/register`);
  assert(new URL(page.url()).pathname === '/amt/anmelden', `logged out, the register leads to the login: ${page.url()}`);
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--lang=de-DE'] });
let failed = false;
try {
  const context = await browser.newContext({ bypassCSP: true, locale: 'de-DE', viewport: { width: 1024, height: 800 } });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();

  // The clerk of Cuxhaven logs in and opens her register.
  await logIn(page, 'sb-cuxhaven', 'sachbearbeitung');
  await page.goto(`${base}/amt/register`);
  assert(page.url().includes('/amt/register'), page.url());
  await check(page, 'register');

  // The record form submitted empty: an error summary whose items link to the fields.
  await page.goto(`${base}/amt/register/neu`);
  assert((await heading(page)) === 'Mitteilung erfassen', 'the record form');
  await check(page, 'erfassen');
  await page.getByRole('button', { name: 'Eintragen' }).click();
  await page.waitForLoadState();
  const summary = page.locator('.summary[role="alert"]');
  assert(await summary.isVisible(), 'an error summary');
  const links = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert(links.length > 0, 'the summary lists the errors');
  for (const href of links) {
    assert(href.startsWith('#') && (await page.locator(href).count()) === 1, `summary link ${href} leads to a field`);
  }
  await summary.locator('a').first().click();
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  console.log(`error summary: ${links.length} links (${links.join(' ')}); the first focuses #${focused}`);
  await check(page, 'erfassen-fehler');

  // Sorgeerklärungen for Charlotte Berger, born 2020-05-04 in Cuxhaven.
  await page.getByLabel('Sorgeerklärungen beider Eltern').check();
  await page.getByLabel('Vornamen des Kindes').fill('Charlotte');
  await page.getByLabel('Familienname des Kindes bei der Geburt').fill('Berger');
  await page.getByLabel('Geburtsdatum des Kindes').fill('2020-05-04');
  await page.getByLabel('Geburtsort: Gemeindeschlüssel (AGS)').fill('03352011');
  await page.getByLabel('Vornamen der Mutter').fill('Sophia');
  await page.getByLabel('Familienname der Mutter').fill('Berger');
  await page.getByLabel('Vornamen des Vaters').fill('Lars');
  await page.getByLabel('Familienname des Vaters').fill('Janssen');
  await page.getByLabel('Wirksam seit').fill('2020-09-01');
  await page.getByLabel('Jugendamt (Urkundsperson').check();
  await page.getByLabel('Name der Stelle').fill('Jugendamt Landkreis Cuxhaven');
  await page.getByLabel('Urkunden- oder Aktenzeichen').fill('UR 88/2020');
  await page.getByLabel('Urkunden- oder Aktenzeichen').press('Enter');
  await page.waitForURL(/\/amt\/register\/[^/?]+\?lang=de&hinweis=eingetragen$/);
  const entry = new URL(page.url()).pathname;
  assert((await heading(page)) === 'Registereintrag: Charlotte Berger, geb. 04.05.2020', await heading(page));
  const recorded = await page.locator('main').textContent();
  for (const text of ['Die Mitteilung wurde in das Register eingetragen.', 'Wirksam', 'Svenja Brandt (sb-cuxhaven)']) {
    assert(recorded.includes(text), `entry page shows ${text}`);
  }
  await check(page, 'eintrag');

  // She asks for the cancellation; it waits for a supervisor.
  await page.getByLabel('Begründung').fill('irrtümlich eingetragen');
  await page.getByRole('button', { name: 'Austragung beantragen' }).click();
  await page.waitForURL((url) => url.search.includes('hinweis=beantragt'));
  const requested = await page.locator('main').textContent();
  assert(requested.includes('Austragung – Offen'), 'the request is pending');
  assert(await page.getByRole('button', { name: 'Antrag zurückziehen' }).isVisible(), 'she may withdraw it');
  assert((await page.getByRole('button', { name: 'Genehmigen' }).count()) === 0, 'she cannot approve it');
  await check(page, 'eintrag-beantragt');
  await logOut(page);

  // The supervisor finds it among the change requests and approves it.
  await logIn(page, 'sl-cuxhaven', 'sachgebietsleitung');
  await page.goto(`${base}/amt/aenderungen`);
  const queue = await page.locator('main').textContent();
  for (const text of ['Charlotte Berger, geb. 04.05.2020', 'irrtümlich eingetragen', 'Svenja Brandt (sb-cuxhaven)']) {
    assert(queue.includes(text), `change requests show ${text}`);
  }
  await check(page, 'aenderungen');
  await page.locator(`main a[href^="${entry}?"]`).first().click();
  await page.waitForURL((url) => url.pathname === entry);
  await check(page, 'eintrag-entscheiden');
  await page.getByLabel('Vermerk').fill('Geprüft, Mitteilung betraf ein anderes Kind');
  await page.getByRole('button', { name: 'Genehmigen' }).click();
  await page.waitForURL((url) => url.pathname === entry && url.search.includes('hinweis='));
  const cancelled = await page.locator('main').textContent();
  for (const text of [
    'Der Antrag wurde genehmigt; die Änderung ist wirksam.',
    'Aufgehoben',
    'Dieser Eintrag ist aufgehoben.',
    'Austragung – Genehmigt',
    'Stefan Lüders (sl-cuxhaven)',
  ]) {
    assert(cancelled.includes(text), `the cancelled entry shows ${text}`);
  }
  assert((await page.getByRole('button', { name: 'Austragung beantragen' }).count()) === 0, 'no further cancellation');
  await check(page, 'eintrag-aufgehoben');
  await logOut(page);
  await context.close();
} catch (error) {
  failed = true;
  console.error(`journey failed after ${step} pages: ${error.stack || error}`);
} finally {
  await browser.close();
}

console.log(`axe (WCAG 2.x A/AA) on ${checked.length} pages:`);
for (const line of checked) console.log(`  ${line}`);
if (violations.length > 0) {
  console.error(`${violations.length} accessibility violations:`);
  for (const v of violations) console.error(`  ${v}`);
}
if (failed || violations.length > 0) process.exit(1);
console.log(`journey passed; screenshots in ${shots}`);
