// The citizen portal in a real browser (Debian's chromium, driven by playwright-core), with an
// axe-core accessibility check of every page visited and a screenshot of each
// (`portal-NN-name.png`):
// a. Sophia Berger's journey from the start page to her certificate: "Antrag stellen", the
//    login page, the built-in TEST identity provider, the form prefilled from her account, the
//    review, the result, the PDF. The clicks after the login are counted: at most five.
// b. "Meine Anträge" lists her application.
// c. The pre-check answered "married to the father": why not, and the responsible Jugendamt.
// d. The form submitted empty: the error summary's links move the focus to the fields, which
//    say what is wrong and are aria-invalid. Keyboard: the skip link comes first, focus shows.
// e. The pages in English and in Leichte Sprache.
// f. Marie Schulz (after Sophia logs out) applies for Ella: her application waits for review
//    and the page offers a reload link (no timed reload); Sophia's application is neither listed nor reachable.
// g. The test identity provider refuses the low-assurance citizen with a clear page.
// Every page is also measured at the width of 200 % zoom (half the viewport): the page must
// not scroll sideways.
//
//   node portal.mjs <base URL> <screenshot folder> <demo data folder>
//
// Exits non-zero on the first failed step, on any axe violation and on any page that scrolls
// sideways at 200 % (all are printed).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, Checks, launch, report, scriptArgs } from './lib.mjs';

const { base, shots } = scriptArgs('portal.mjs');
const checks = new Checks(shots, 'portal-');
/** Pages that scroll sideways at 200 %, and other findings that do not stop the run. */
const problems = [];
const VIEWPORT = { width: 1280, height: 900 };
/** The most clicks after the login until the certificate is downloaded (the issue's promise). */
const MAX_CLICKS = 5;

/** Whether the document scrolls sideways now; the elements sticking out, if it does. */
async function sideways(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth <= width + 1) return null;
    const out = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} (right edge ${Math.round(el.getBoundingClientRect().right)})`);
    return `scrollWidth ${root.scrollWidth} > clientWidth ${width}: ${out.join(', ')}`;
  });
}

/**
 * Screenshots the page, runs axe on it, and measures it at 200 % zoom: the viewport at half its
 * width and height shows the same CSS as a browser zoomed to 200 %. `zoomShot` keeps a
 * screenshot of that too.
 */
async function check(page, name, { zoomShot = false } = {}) {
  await checks.check(page, name);
  const path = new URL(page.url()).pathname;
  await page.setViewportSize({ width: VIEWPORT.width / 2, height: VIEWPORT.height / 2 });
  try {
    const wide = await sideways(page);
    if (wide) problems.push(`${path} (${name}) scrolls sideways at 200 %: ${wide}`);
    if (zoomShot) {
      await page.screenshot({ path: join(shots, checks.file(`${name}-200-prozent`)), fullPage: true });
    }
  } finally {
    await page.setViewportSize(VIEWPORT);
  }
}

async function heading(page) {
  return (await page.locator('h1').first().textContent()).replace(/\s+/g, ' ').trim();
}

async function mainText(page) {
  return (await page.locator('main').textContent()).replace(/\s+/g, ' ');
}

/** Asserts the page's `lang` and that its main text holds every phrase. */
async function shows(page, lang, phrases) {
  const actual = await page.locator('html').getAttribute('lang');
  assert(actual === lang, `${page.url()} has lang="${lang}": "${actual}"`);
  const text = await mainText(page);
  for (const phrase of phrases) {
    assert(text.includes(phrase), `${page.url()} shows “${phrase}”: ${text.slice(0, 600)}`);
  }
}

/** The clicks since counting began: what was clicked, on which page. */
const clicks = [];
let counting = false;

/** Clicks `locator`; while counting, the click is recorded as `what`. */
async function click(page, locator, what) {
  if (counting) clicks.push(`${what} (on ${new URL(page.url()).pathname})`);
  await locator.click();
}

/** Fills the three inputs of the date group `id` (day, month, year). */
async function fillDate(page, id, day, month, year) {
  await page.locator(`#${id}-day`).fill(day);
  await page.locator(`#${id}-month`).fill(month);
  await page.locator(`#${id}-year`).fill(year);
}

/** From the login page through the test identity provider as `citizen`, without counting. */
async function logIn(page, citizen, name) {
  await page.goto(`${base}/anmelden?lang=de`);
  await page.getByRole('link', { name: 'Weiter zum Bürgerkonto' }).click();
  await page.waitForURL((url) => url.pathname === '/test-idp/authorize');
  await check(page, `${name}-test-idp`);
  await page.getByRole('button', { name: citizen }).click();
  await page.waitForURL((url) => url.pathname !== '/test-idp/authorize');
  await page.waitForLoadState();
}

/** The header's logout button; afterwards the header offers the login again. */
async function logOut(page) {
  await page.locator('header').getByRole('button', { name: 'Abmelden' }).click();
  await page.waitForLoadState();
  assert(await page.locator('header').getByRole('link', { name: 'Anmelden' }).isVisible(), `logged out: ${page.url()}`);
}

/** The form filled for a child born in Germany, with the declaration checked (clicks counted). */
async function fillChild(page, given, family, [day, month, year], place) {
  await page.locator('#kind-vornamen').fill(given);
  await page.locator('#kind-familienname').fill(family);
  await fillDate(page, 'kind-geburtsdatum', day, month, year);
  // Only the German birthplace is filled in: the form takes "In Deutschland" from that, so the
  // radio needs no click.
  await page.locator('#geburtsort-text').fill(place);
  await click(page, page.locator('#erklaerung'), 'checkbox “Ich bestätige: Alle vier Aussagen treffen zu.”');
}

/**
 * Continues to the review; if the place chooser asks which place is meant, picks the one
 * naming `choice` (counted). Returns when the review page is shown.
 */
async function toReview(page, name, choice) {
  await click(page, page.getByRole('button', { name: 'Weiter zur Übersicht' }), 'button “Weiter zur Übersicht”');
  await page.waitForLoadState();
  for (let round = 0; round < 2 && (await heading(page)) !== 'Bitte prüfen Sie Ihre Angaben'; round += 1) {
    const options = page.locator('main input[type=radio]');
    const pick = page.getByLabel(choice, { exact: false });
    if ((await pick.count()) === 0) {
      throw new Error(`no review page and no choice “${choice}”: ${await mainText(page)}`);
    }
    await check(page, `${name}-ortswahl`);
    assert((await options.count()) > 0, 'the chooser offers places');
    await click(page, pick.first(), `radio “${choice}” in the place chooser`);
    await click(page, page.getByRole('button', { name: 'Weiter zur Übersicht' }), 'button “Weiter zur Übersicht” (again, after the place choice)');
    await page.waitForLoadState();
  }
  assert((await heading(page)) === 'Bitte prüfen Sie Ihre Angaben', `the review page: ${await heading(page)}`);
}

const browser = await launch();
let failed = false;
try {
  const context = await browser.newContext({ bypassCSP: true, locale: 'de-DE', viewport: VIEWPORT, acceptDownloads: true });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();

  // a. Sophia's journey, from the start page.
  await page.goto(`${base}/`);
  await shows(page, 'de', ['Negativbescheinigung online beantragen', 'Wer kann den Antrag stellen?']);
  await check(page, 'start');
  await page.getByRole('link', { name: 'Antrag stellen', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/anmelden');
  assert((await heading(page)) === 'Mit dem Bürgerkonto anmelden', await heading(page));
  await check(page, 'anmelden');
  await page.getByRole('link', { name: 'Weiter zum Bürgerkonto' }).click();
  await page.waitForURL((url) => url.pathname === '/test-idp/authorize');
  await shows(page, 'de', ['Test-Identitätsanbieter', 'Sophia Berger']);
  await check(page, 'test-idp');

  // The login: her button at the test identity provider. Every click after it counts.
  await page.getByRole('button', { name: /^Sophia Berger/ }).click();
  counting = true;
  await page.waitForURL((url) => url.pathname === '/antrag');
  assert((await heading(page)) === 'Negativbescheinigung beantragen', await heading(page));
  const account = await mainText(page);
  for (const text of ['Sophia Berger', '17.02.1993']) {
    assert(account.includes(text), `the form shows ${text} from her account`);
  }
  assert((await page.locator('#strasse').inputValue()) === 'Am Markt 1', 'her street is prefilled');
  assert((await page.locator('#plz').inputValue()) === '28195', 'her postal code is prefilled');
  assert(await page.locator('header').getByText('Sophia Berger').isVisible(), 'the header names her');
  await check(page, 'antrag', { zoomShot: true });

  await fillChild(page, 'Charlotte', 'Berger', ['04', '05', '2020'], 'Cuxhaven');
  await toReview(page, 'antrag', 'Cuxhaven, Stadt');
  const review = await mainText(page);
  for (const text of ['Charlotte', 'Berger', '04.05.2020', 'Cuxhaven', 'Jugendamt Bremen', 'Am Markt 1']) {
    assert(review.includes(text), `the review shows ${text}: ${review}`);
  }
  await check(page, 'uebersicht', { zoomShot: true });

  await click(page, page.getByRole('button', { name: 'Antrag absenden' }), 'button “Antrag absenden”');
  await page.waitForURL((url) => /^\/antraege\/[^/]+$/.test(url.pathname));
  const sophiaPath = new URL(page.url()).pathname;
  await page.getByRole('heading', { name: 'Ihre Negativbescheinigung ist ausgestellt' }).waitFor({ timeout: 20000 });
  const issued = await mainText(page);
  for (const text of ['Im Sorgeregister gibt es keine Einträge für Ihr Kind.', 'Nummer der Bescheinigung', 'NB-', 'Jugendamt Bremen', 'Charlotte']) {
    assert(issued.includes(text), `the result shows ${text}: ${issued}`);
  }
  assert((await page.locator('meta[http-equiv="refresh" i]').count()) === 0, 'a settled result does not refresh itself');
  await check(page, 'ergebnis', { zoomShot: true });

  const pdfLink = page.getByRole('link', { name: 'Bescheinigung herunterladen (PDF)' });
  assert((await pdfLink.getAttribute('href')).startsWith(`${sophiaPath}/bescheinigung.pdf`), `the PDF link: ${await pdfLink.getAttribute('href')}`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    click(page, pdfLink, 'link “Bescheinigung herunterladen (PDF)”'),
  ]);
  counting = false;
  const pdfFile = await download.path();
  const pdf = readFileSync(pdfFile);
  assert(pdf.subarray(0, 4).toString('latin1') === '%PDF', `the download is a PDF: ${JSON.stringify(pdf.subarray(0, 16).toString('latin1'))}`);
  console.log(`certificate downloaded: ${download.suggestedFilename()} (${pdf.length} bytes)`);
  console.log(`clicks after the login until the PDF: ${clicks.length} (at most ${MAX_CLICKS})`);
  clicks.forEach((c, i) => console.log(`  ${i + 1}. ${c}`));
  assert(clicks.length <= MAX_CLICKS, `the certificate within ${MAX_CLICKS} clicks after the login, not ${clicks.length}: ${clicks.join('; ')}`);

  // b. "Meine Anträge" lists it, linking to its page.
  await page.locator('header, main').getByRole('link', { name: 'Meine Anträge' }).first().click();
  await page.waitForURL((url) => url.pathname === '/antraege');
  assert((await heading(page)) === 'Meine Anträge', await heading(page));
  const mine = page.locator('main tbody tr').filter({ has: page.locator(`a[href^="${sophiaPath}"]`) });
  assert((await mine.count()) === 1, `her list shows this application once: ${await mainText(page)}`);
  const mineRow = (await mine.textContent()).replace(/\s+/g, ' ');
  for (const text of ['Charlotte Berger', 'Negativbescheinigung ausgestellt']) {
    assert(mineRow.includes(text), `the row shows ${text}: ${mineRow}`);
  }
  await check(page, 'meine-antraege', { zoomShot: true });

  // d. The form submitted empty: the summary links to the fields, which say what is wrong.
  await page.goto(`${base}/antrag?lang=de`);
  assert((await heading(page)) === 'Negativbescheinigung beantragen', await heading(page));
  // Keyboard: the first Tab reaches the skip link, visibly; Enter moves to the main content.
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      tag: el.tagName, cls: el.className, href: el.getAttribute('href'), text: el.textContent.trim(),
      outline: style.outlineStyle, outlineWidth: style.outlineWidth, inView: box.left >= 0 && box.top >= 0 && box.width > 0,
    };
  });
  console.log(`first Tab on the form: <${first.tag.toLowerCase()} class="${first.cls}" href="${first.href}"> “${first.text}”, outline ${first.outline} ${first.outlineWidth}`);
  assert(first.tag === 'A' && first.href === '#main', `the first Tab reaches the skip link: ${JSON.stringify(first)}`);
  assert(first.outline !== 'none' && first.outlineWidth !== '0px', `the skip link's focus is visible: ${JSON.stringify(first)}`);
  assert(first.inView, `the focused skip link is on screen: ${JSON.stringify(first)}`);
  await page.screenshot({ path: join(shots, checks.file('antrag-skip-link-fokus')) });
  await page.keyboard.press('Enter');
  assert((await page.evaluate(() => document.activeElement.id)) === 'main', 'the skip link moves focus to the main content');
  // The next Tabs: each focused control shows its focus.
  for (let i = 0; i < 4; i += 1) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement;
      const s = getComputedStyle(el);
      return { what: `${el.tagName.toLowerCase()}#${el.id || ''}${el.getAttribute('href') || ''}`, outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow };
    });
    if (focus.outline === 'none' || focus.width === '0px') {
      problems.push(`/antrag: keyboard focus on ${focus.what} shows no outline (box-shadow ${focus.shadow})`);
    }
  }

  await page.locator('#strasse').fill('');
  await page.locator('#plz').fill('');
  await page.locator('#wohnort-text').fill('');
  await page.getByRole('button', { name: 'Weiter zur Übersicht' }).click();
  await page.waitForLoadState();
  const summary = page.locator('.summary[role="alert"]');
  assert(await summary.isVisible(), 'an error summary');
  assert((await page.title()).startsWith('Fehler: '), `the title says there is an error: ${await page.title()}`);
  const links = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  console.log(`form error summary: ${links.length} links (${links.join(' ')})`);
  for (const href of ['#kind-vornamen', '#kind-familienname', '#geboren', '#erklaerung']) {
    assert(links.includes(href), `the summary names ${href}: ${links}`);
  }
  for (const href of links) {
    assert(href.startsWith('#') && (await page.locator(href).count()) === 1, `summary link ${href} leads to a field`);
    const field = page.locator(href);
    const invalid = await field.getAttribute('aria-invalid');
    assert(invalid === 'true', `${href} is aria-invalid: ${invalid}`);
    // The message at the field: an `.error` named by the field's or its fieldset's aria-describedby.
    const message = await field.evaluate((el) => {
      const ids = [el, el.closest('fieldset')]
        .flatMap((node) => (node?.getAttribute('aria-describedby') || '').split(/\s+/))
        .filter(Boolean);
      const error = ids.map((ref) => document.getElementById(ref)).find((node) => node?.classList.contains('error'));
      return error ? error.textContent.trim() : null;
    });
    if (!message) problems.push(`/antrag (errors): ${href} has no error message in its (or its fieldset's) aria-describedby`);
    else if (!(await summary.textContent()).includes(message)) {
      problems.push(`/antrag (errors): ${href}'s message at the field “${message}” is not the one in the summary`);
    }
  }
  const target = links.find((href) => href === '#kind-familienname') || links[1] || links[0];
  await summary.locator(`a[href="${target}"]`).click();
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  console.log(`the summary link ${target} focuses #${focused}`);
  assert(`#${focused}` === target, `the summary link ${target} focuses its field: #${focused}`);
  await check(page, 'antrag-fehler', { zoomShot: true });

  // e. The form in English, while signed in.
  await page.goto(`${base}/antrag?lang=en`);
  await shows(page, 'en', ['Apply for your certificate of sole custody', 'In Germany', 'I confirm that all four statements are true.']);
  assert(await page.getByRole('button', { name: 'Continue to the summary' }).isVisible(), 'the English continue button');
  await check(page, 'antrag-en', { zoomShot: true });
  await page.goto(`${base}/antraege?lang=en`);
  await shows(page, 'en', ['My applications', 'Charlotte Berger']);
  await check(page, 'meine-antraege-en');
  await page.goto(`${base}${sophiaPath}?lang=en`);
  await shows(page, 'en', ['Your certificate of sole custody has been issued']);
  await check(page, 'ergebnis-en');

  // f. Sophia logs out; Marie Schulz applies for Ella, which waits for review.
  await page.goto(`${base}/antraege?lang=de`);
  await logOut(page);
  const closed = await page.goto(`${base}${sophiaPath}`);
  assert(new URL(page.url()).pathname !== sophiaPath || closed.status() >= 400, `logged out, her application is closed: ${page.url()} ${closed.status()}`);
  await logIn(page, /^Marie Schulz/, 'marie');
  await page.goto(`${base}/antrag?lang=de`);
  assert((await mainText(page)).includes('Marie Schulz'), 'the form names Marie Schulz');
  await fillChild(page, 'Ella', 'Schulz', ['18', '11', '2026'], 'Cuxhaven');
  await toReview(page, 'marie-antrag', 'Cuxhaven, Stadt');
  await check(page, 'marie-uebersicht');
  await page.getByRole('button', { name: 'Antrag absenden' }).click();
  await page.waitForURL((url) => /^\/antraege\/[^/]+$/.test(url.pathname));
  const mariePath = new URL(page.url()).pathname;
  assert(mariePath !== sophiaPath, 'a new application');
  await page.getByRole('heading', { name: 'Ihr Antrag wird bearbeitet' }).waitFor({ timeout: 20000 });
  assert((await page.locator('meta[http-equiv="refresh" i]').count()) === 0, 'no timed reload on the waiting page (WCAG 2.2.1)');
  const waiting = await mainText(page);
  for (const text of ['Ella', 'Im Sorgeregister gibt es einen Eintrag oder eine Erklärung, die vielleicht Ihr Kind betrifft.', 'laden Sie die Seite neu', 'Aktualisieren']) {
    assert(waiting.includes(text), `the waiting page shows ${text}: ${waiting}`);
  }
  console.log(`Marie's application ${mariePath}: waiting for review, with a reload link`);
  await check(page, 'marie-in-pruefung', { zoomShot: true });

  await page.goto(`${base}/antraege?lang=de`);
  const marieList = await mainText(page);
  assert(marieList.includes('Ella Schulz') && marieList.includes('Wird vom Jugendamt geprüft'), `her list shows Ella in review: ${marieList}`);
  assert(!marieList.includes('Charlotte'), `her list does not show Sophia's application: ${marieList}`);
  assert((await page.locator(`main a[href^="${sophiaPath}"]`).count()) === 0, 'no link to Sophia\'s application');
  await check(page, 'marie-meine-antraege');
  const foreign = await page.goto(`${base}${sophiaPath}`);
  assert(foreign.status() === 404, `Sophia's application is 404 for Marie: ${foreign.status()}`);
  const foreignText = await mainText(page);
  assert(foreignText.includes('Diesen Antrag finden wir nicht'), `the 404 page says so: ${foreignText}`);
  assert(!foreignText.includes('Charlotte'), 'the 404 page names nothing of Sophia\'s');
  const foreignPdf = await page.request.get(`${base}${sophiaPath}/bescheinigung.pdf`);
  assert(foreignPdf.status() === 404, `Sophia's PDF is 404 for Marie: ${foreignPdf.status()}`);
  await check(page, 'marie-fremder-antrag-404');

  // g. The low-assurance test citizen is refused with a clear page.
  await page.goto(`${base}/antraege?lang=de`);
  await logOut(page);
  await logIn(page, /^Test Niedrig/, 'niedrig');
  assert((await heading(page)) === 'Anmeldung nicht möglich', `the refusal: ${await heading(page)}`);
  const refusal = await mainText(page);
  assert(/Vertrauensniveau|substanziell/.test(refusal), `the refusal explains the assurance level: ${refusal}`);
  assert(await page.locator('main').getByRole('link', { name: 'Noch einmal anmelden' }).isVisible(), 'a way to log in again');
  assert(await page.locator('header').getByRole('link', { name: 'Anmelden' }).isVisible(), 'not logged in');
  console.log(`low assurance refused: ${refusal.trim().slice(0, 200)}`);
  await check(page, 'niedrig-abgelehnt');

  // c. The pre-check: married to the father, so not eligible; the responsible Jugendamt.
  await page.goto(`${base}/vorpruefung?lang=de`);
  await shows(page, 'de', ['Vorab prüfen: Können Sie den Antrag stellen?', 'Ihre Antworten werden nicht gespeichert.']);
  await check(page, 'vorpruefung', { zoomShot: true });
  await page.locator('#mutter').check();
  await page.locator('#verheiratet-vater').check();
  await page.locator('#verheiratet-anderer-1').check();
  await page.locator('#gericht-1').check();
  await fillDate(page, 'geburt', '04', '05', '2020');
  await page.locator('#wohnort-text').fill('28195');
  await page.getByRole('button', { name: 'Prüfen' }).click();
  await page.waitForLoadState();
  assert((await heading(page)) === 'Sie können die Bescheinigung nicht online beantragen', `not eligible: ${await heading(page)}`);
  const notEligible = await mainText(page);
  for (const text of ['Sie sind oder waren mit dem Vater verheiratet', 'Was Sie jetzt tun können', 'Jugendamt Bremen']) {
    assert(notEligible.includes(text), `the pre-check result shows ${text}: ${notEligible}`);
  }
  await check(page, 'vorpruefung-nein', { zoomShot: true });

  // e. English and Leichte Sprache: start, questions, pre-check.
  for (const [lang, tag, pages] of [
    ['en', 'en', [
      ['/', 'start', ['Apply online for the sole custody certificate', 'Who can apply?']],
      ['/fragen', 'fragen', ['Frequently asked questions', 'Will the father learn of my application?']],
      ['/vorpruefung', 'vorpruefung', ['Check first: can you apply?', 'Are you the child\'s mother?']],
      ['/anmelden', 'anmelden', ['Log in with your citizen account']],
    ]],
    ['ls', 'de', [
      ['/', 'start', ['Das Sorge·recht nachweisen', 'Wer kann die Negativ·bescheinigung bestellen?']],
      ['/fragen', 'fragen', ['Fragen und Antworten', 'Erfährt der Vater davon?']],
      ['/vorpruefung', 'vorpruefung', ['Sind Sie die Mutter von dem Kind?']],
    ]],
  ]) {
    for (const [path, name, phrases] of pages) {
      await page.goto(`${base}${path}?lang=${lang}`);
      await shows(page, tag, phrases);
      const current = await page.locator('nav.langs a[aria-current]').textContent();
      assert(current.trim() === (lang === 'en' ? 'English' : 'Leichte Sprache'), `the language links mark ${current}`);
      await check(page, `${name}-${lang}`);
    }
  }
  // The English pre-check, answered "married to the father".
  await page.goto(`${base}/vorpruefung?lang=en`);
  await page.locator('#mutter').check();
  await page.locator('#verheiratet-vater').check();
  await page.locator('#verheiratet-anderer-1').check();
  await page.locator('#gericht-1').check();
  await fillDate(page, 'geburt', '04', '05', '2020');
  await page.locator('#wohnort-text').fill('Bremen');
  await page.locator('main').getByRole('button').first().click();
  await page.waitForLoadState();
  await shows(page, 'en', ['You cannot apply for the certificate online', 'Jugendamt Bremen']);
  await check(page, 'vorpruefung-nein-en');
  // And in Leichte Sprache.
  await page.goto(`${base}/vorpruefung?lang=ls`);
  await page.locator('#mutter').check();
  await page.locator('#verheiratet-vater').check();
  await page.locator('#verheiratet-anderer-1').check();
  await page.locator('#gericht-1').check();
  await fillDate(page, 'geburt', '04', '05', '2020');
  await page.locator('#wohnort-text').fill('28195');
  await page.locator('main').getByRole('button').first().click();
  await page.waitForLoadState();
  await shows(page, 'de', ['Sie können die Negativ·bescheinigung nicht im Internet bestellen', 'Jugendamt Bremen']);
  await check(page, 'vorpruefung-nein-ls');
  await context.close();
} catch (error) {
  failed = true;
  console.error(`portal journey failed after ${checks.step} pages: ${error.stack || error}`);
} finally {
  await browser.close();
}

if (clicks.length > 0) console.log(`clicks counted after Sophia's login: ${clicks.length}`);
report(checks, failed, 'portal journey', { problems });
