// The main journeys of the demo's workbench in a real browser (Debian's chromium, driven by
// playwright-core), with an axe-core accessibility check of every page visited:
// - the clerk records an entry in the Cuxhaven register, asks for its cancellation, and her
//   supervisor approves it;
// - an application whose child is a near miss of a Cuxhaven entry (submitted over the JSON API
//   with the demo's online-service token) lands in review; the Cuxhaven clerk settles the case,
//   first without the mandatory note; the Bremen clerk, whose office issued it, finds it decided
//   among her applications, downloads the certificate and reads the application's audit trail;
// - prenatal notifications (Sorgeerklärungen before the birth): the Bremen clerk finds the
//   demo's open notification of Marie Schulz, records another one (first submitting the form
//   empty); Marie Schulz's application for Ella, born in Cuxhaven, goes to review because of
//   that notification; the Cuxhaven clerk judges it "this child" (first without a choice), so
//   no certificate is issued and Ella is in the Cuxhaven register; Bremen's notification is
//   completed and names that register.
//
//   node journey.mjs <base URL> <screenshot folder> <demo data folder>
//
// The demo data folder holds `tokens.txt`, the demo's bearer tokens. Exits non-zero on the
// first failed step or on any axe violation (all are printed).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, Checks, launch, report, scriptArgs } from './lib.mjs';

const PASSWORD = 'demo-passwort-58';

const { base, shots, data } = scriptArgs('journey.mjs');
const checks = new Checks(shots);
const check = (page, name) => checks.check(page, name);

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

async function mainText(page) {
  return page.locator('main').textContent();
}

/** The demo's bearer token of `role` (from `tokens.txt` in the demo's data folder). */
function demoToken(role) {
  const line = readFileSync(join(data, 'tokens.txt'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .find((cols) => cols[1] === role && cols.length >= 4);
  assert(line, `tokens.txt names a ${role} token`);
  return line[3].trim();
}

/** Submits an application over the JSON API as the demo's online service; returns its JSON. */
async function apply(application, key) {
  const response = await fetch(`${base}/api/v1/applications`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${demoToken('online_service')}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': key,
    },
    body: JSON.stringify(application),
  });
  const text = await response.text();
  assert(response.status === 201, `the application is created: ${response.status} ${text}`);
  return JSON.parse(text);
}

/** Logs out from the start page, then checks the register is closed again. */
async function logOut(page) {
  await page.goto(`${base}/amt`);
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await page.waitForURL((url) => url.pathname !== '/amt');
  await page.goto(`${base}/amt/register`);
  assert(new URL(page.url()).pathname === '/amt/anmelden', `logged out, the register leads to the login: ${page.url()}`);
}

const browser = await launch();
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
  await page.getByLabel('Geburtsdatum des Kindes').fill('04.05.2020');
  await page.getByLabel('Geburtsort: Gemeindeschlüssel (AGS)').fill('03352011');
  await page.getByLabel('Vornamen der Mutter').fill('Sophia');
  await page.getByLabel('Familienname der Mutter').fill('Berger');
  await page.getByLabel('Vornamen des Vaters').fill('Lars');
  await page.getByLabel('Familienname des Vaters').fill('Janssen');
  await page.getByLabel('Wirksam seit').fill('01.09.2020');
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

  // Lena Vogt (Bremen) applies for Paul Meyer, born 28.01.2017 in Cuxhaven. The Cuxhaven
  // register holds a Paul Meyer born 23.01.2017 there: one digit apart, so a person must look.
  const application = await apply({
    applicant: {
      given_names: 'Lena', family_name: 'Vogt', birth_name: 'Meyer', birth_date: '1990-06-11',
      address: { street: 'Ostertorsteinweg 12', postal_code: '28203', municipality_key: '04011000' },
    },
    child: {
      given_names: 'Paul', family_name_at_birth: 'Meyer', birth_date: '2017-01-28',
      birth_place: { municipality_key: '03352011' },
    },
    declarations: {
      applicant_is_mother: true, married_to_father: false,
      married_to_other_man_at_birth: false, custody_by_court_to_one_parent: false,
    },
  }, `browser-journey-paul-meyer-${Date.now()}`);
  assert(application.status === 'in_review', `the application waits for review: ${application.status}`);
  assert(application.issuing_office.id === 'ja-04011' && application.register_office.id === 'ja-03352',
    `Bremen issues, Cuxhaven answers: ${application.issuing_office.id} ${application.register_office.id}`);
  assert(application.certificate === null && application.outcome === null, 'no outcome yet');
  const caseId = application.id;
  console.log(`application ${caseId}: ${application.status}`);

  // The Cuxhaven clerk finds it in her review queue.
  await logIn(page, 'sb-cuxhaven', 'pruefung');
  await page.goto(`${base}/amt/pruefungen`);
  assert((await heading(page)) === 'Prüfaufträge', await heading(page));
  const reviews = page.locator('main table');
  assert((await reviews.locator('caption').textContent()).trim() === '1 offener Prüfauftrag', 'one open case');
  const reviewRow = (await reviews.locator('tbody tr').first().textContent()).replace(/\s+/g, ' ');
  for (const text of ['Paul Meyer', '28.01.2017', 'Jugendamt Bremen']) {
    assert(reviewRow.includes(text), `the queue's row shows ${text}: ${reviewRow}`);
  }
  await check(page, 'pruefungen');
  await reviews.getByRole('link', { name: 'Paul Meyer' }).click();
  const casePath = `/amt/pruefungen/${caseId}`;
  await page.waitForURL((url) => url.pathname === casePath);
  assert((await heading(page)) === 'Prüfauftrag: Paul Meyer', await heading(page));
  const open = await mainText(page);
  for (const text of [caseId, 'Jugendamt Bremen', 'In Prüfung beim Registeramt', 'Eintrag 1 von 1', '23.01.2017', 'UR 19/2017']) {
    assert(open.includes(text), `the case shows ${text}`);
  }
  const notSame = page.getByLabel('Nein, nicht dasselbe Kind');
  assert((await notSame.count()) === 1 && (await page.getByLabel('Ja, dasselbe Kind').count()) === 1, 'one choice per candidate');
  await check(page, 'pruefung');

  // She judges the entry another child but gives no reason: the note is required.
  await notSame.check();
  await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
  await page.waitForLoadState();
  const caseSummary = page.locator('.summary[role="alert"]');
  assert(await caseSummary.isVisible(), 'an error summary on the case');
  const caseLinks = await caseSummary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert(caseLinks.length === 1 && caseLinks[0] === '#note', `the summary names the note only: ${caseLinks}`);
  assert((await page.title()).startsWith('Fehler: '), `the title says there is an error: ${await page.title()}`);
  assert(await notSame.isChecked(), 'her verdict is kept');
  assert((await page.locator('#note-error').textContent()).includes('Bitte begründen Sie'), 'the note says why');
  assert((await page.locator('#note').getAttribute('aria-describedby') || '').includes('note-error'), 'the note is described by its error');
  await caseSummary.locator('a').first().click();
  const caseFocus = await page.evaluate(() => document.activeElement && document.activeElement.id);
  assert(caseFocus === 'note', `the summary link focuses the note: ${caseFocus}`);
  await check(page, 'pruefung-fehler');

  // With a reason the case is settled, and the application decided at once.
  const note = 'Geburtenregister Cuxhaven: der eingetragene Paul Meyer ist am 23.01.2017 geboren, ein anderes Kind.';
  await page.getByLabel('Begründung (Pflichtangabe)').fill(note);
  await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
  await page.waitForURL((url) => url.pathname === casePath && url.search.includes('hinweis=entschieden'));
  const settled = await mainText(page);
  for (const text of [
    'Ihre Entscheidung ist gespeichert.',
    'Entschieden von',
    'Svenja Brandt (sb-cuxhaven)',
    'Keine Eintragungen',
    'Negativbescheinigung (keine Eintragungen)',
    note,
    'Nicht dasselbe Kind',
  ]) {
    assert(settled.includes(text), `the settled case shows ${text}`);
  }
  assert((await page.getByRole('button', { name: 'Entscheidung speichern' }).count()) === 0, 'no form once settled');
  await check(page, 'pruefung-entschieden');

  // The entry's trail at the register office shows the review.
  await page.locator('main table a[href^="/amt/protokoll?"]').first().click();
  await page.waitForURL((url) => url.pathname === '/amt/protokoll');
  const entryId = new URL(page.url()).searchParams.get('subjekt');
  assert(entryId === '6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5a04', `the trail of Paul Meyer's entry: ${entryId}`);
  assert((await heading(page)) === `Protokoll: ${entryId}`, await heading(page));
  const entryTrail = await mainText(page);
  for (const text of ['Eintrag im Prüfauftrag beurteilt', 'Svenja Brandt (sb-cuxhaven)', 'Eintrag angelegt']) {
    assert(entryTrail.includes(text), `the entry's trail shows ${text}`);
  }
  await check(page, 'protokoll-eintrag');

  // The queue is empty again.
  await page.goto(`${base}/amt/pruefungen`);
  assert((await mainText(page)).includes('Zurzeit gibt es keine offenen Prüfaufträge.'), 'the queue is empty');
  await check(page, 'pruefungen-leer');
  await logOut(page);

  // The Bremen clerk sees the application decided, with a sealed certificate.
  await logIn(page, 'sb-bremen', 'antraege');
  await page.goto(`${base}/amt/antraege`);
  assert((await heading(page)) === 'Anträge', await heading(page));
  const row = page.locator('main tbody tr', { hasText: caseId });
  assert((await row.count()) === 1, 'the application is listed');
  const rowText = (await row.textContent()).replace(/\s+/g, ' ');
  for (const text of ['Lena Vogt', 'Paul Meyer, geb. 28.01.2017', 'Entschieden', 'Negativbescheinigung (keine Eintragungen)', 'NB-']) {
    assert(rowText.includes(text), `the application's row shows ${text}: ${rowText}`);
  }
  await check(page, 'antraege');
  const pdfHref = await row.getByRole('link', { name: 'PDF herunterladen' }).getAttribute('href');
  assert(pdfHref === `/amt/antraege/${caseId}/bescheinigung.pdf`, `the certificate's link: ${pdfHref}`);
  const pdf = await page.request.get(`${base}${pdfHref}`);
  const pdfBody = await pdf.body();
  assert(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf', `the certificate downloads: ${pdf.status()} ${pdf.headers()['content-type']}`);
  assert(pdfBody.subarray(0, 5).toString('latin1') === '%PDF-', 'the certificate is a PDF');
  console.log(`certificate PDF: ${pdfBody.length} bytes`);

  const certificate = (await row.locator('td').nth(5).evaluate((td) => td.firstChild.textContent)).trim();
  assert(/^NB-/.test(certificate), `the certificate's number: ${certificate}`);

  // The application's trail at the issuing office: its course, none of the review.
  await row.getByRole('link', { name: caseId }).click();
  await page.waitForURL((url) => url.pathname === '/amt/protokoll' && url.searchParams.get('subjekt') === caseId);
  assert((await heading(page)) === `Protokoll: ${caseId}`, await heading(page));
  const applicationTrail = (await mainText(page)).replace(/\s+/g, ' ');
  for (const text of ['Antrag eingegangen', 'Antrag zur Prüfung an das Registeramt verwiesen', 'Antrag entschieden']) {
    assert(applicationTrail.includes(text), `the application's trail shows ${text}: ${applicationTrail}`);
  }
  for (const text of ['Eintrag im Prüfauftrag beurteilt', 'Svenja Brandt', note, '23.01.2017']) {
    assert(!applicationTrail.includes(text), `the issuing office does not see ${text}`);
  }
  await check(page, 'protokoll-antrag');

  // The download just made is recorded under the certificate's number: asked for by the form.
  await page.goto(`${base}/amt/protokoll`);
  assert((await heading(page)) === 'Protokoll', await heading(page));
  await check(page, 'protokoll-suche');
  await page.getByLabel('Kennung').fill(certificate);
  await page.getByRole('button', { name: 'Protokoll anzeigen' }).click();
  await page.waitForURL((url) => url.pathname === '/amt/protokoll' && url.searchParams.get('subjekt') === certificate);
  const certificateTrail = (await mainText(page)).replace(/\s+/g, ' ');
  for (const text of ['Bescheinigung abgerufen', 'Birte Hansen (sb-bremen)', caseId]) {
    assert(certificateTrail.includes(text), `the certificate's trail shows ${text}: ${certificateTrail}`);
  }
  await check(page, 'protokoll-bescheinigung');

  // The issuing office may not open the review case.
  const refused = await page.goto(`${base}${casePath}`);
  assert(refused.status() === 403, `the issuing office is refused the case: ${refused.status()}`);
  assert(!(await mainText(page)).includes('23.01.2017'), 'no entry data on the refusal');

  // Prenatal notifications at Bremen: the seeded one of Marie Schulz is open.
  const SEEDED_PRENATAL = '6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5b01';
  await page.goto(`${base}/amt/vorgeburtlich`);
  assert((await heading(page)) === 'Vorgeburtliche Sorgeerklärungen', await heading(page));
  const openPrenatal = page.locator('main ul.entries li');
  const marie = openPrenatal.filter({ hasText: 'Marie Schulz' });
  assert((await marie.count()) === 1, 'the open list shows Marie Schulz');
  const marieText = (await marie.textContent()).replace(/\s+/g, ' ');
  for (const text of ['Tim Becker', '09.04.1996', '10.03.2026', 'UR 402/2026']) {
    assert(marieText.includes(text), `Marie Schulz's notification shows ${text}: ${marieText}`);
  }
  assert((await marie.locator('a').getAttribute('href')).startsWith(`/amt/vorgeburtlich/${SEEDED_PRENATAL}?`), 'it links to its page');
  await check(page, 'vorgeburtlich');

  // The record form, submitted empty: an error summary whose items link to the fields.
  await page.getByRole('link', { name: 'Vorgeburtliche Mitteilung erfassen' }).click();
  await page.waitForURL((url) => url.pathname === '/amt/vorgeburtlich/neu');
  assert((await heading(page)) === 'Vorgeburtliche Mitteilung erfassen', await heading(page));
  await check(page, 'vorgeburtlich-erfassen');
  await page.getByRole('button', { name: 'Erfassen', exact: true }).click();
  await page.waitForLoadState();
  const prenatalSummary = page.locator('.summary[role="alert"]');
  assert(await prenatalSummary.isVisible(), 'an error summary on the prenatal form');
  assert((await page.title()).startsWith('Fehler: '), `the title says there is an error: ${await page.title()}`);
  const prenatalLinks = await prenatalSummary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert(prenatalLinks.length > 0, 'the summary lists the errors');
  for (const href of prenatalLinks) {
    assert(href.startsWith('#') && (await page.locator(href).count()) === 1, `summary link ${href} leads to a field`);
  }
  for (const href of ['#mother_given_names', '#mother_birth_date', '#effective_date', '#source_kind']) {
    assert(prenatalLinks.includes(href), `the summary names ${href}: ${prenatalLinks}`);
  }
  await prenatalSummary.locator('a').first().click();
  const prenatalFocus = await page.evaluate(() => document.activeElement && document.activeElement.id);
  console.log(`prenatal error summary: ${prenatalLinks.length} links (${prenatalLinks.join(' ')}); the first focuses #${prenatalFocus}`);
  await check(page, 'vorgeburtlich-erfassen-fehler');

  // A new notification: Anna Krüger and Jonas Wolff declared at a notary on 1 October 2026.
  await page.getByLabel('Vornamen der Mutter').fill('Anna');
  await page.getByLabel('Familienname der Mutter').fill('Krüger');
  await page.getByLabel('Geburtsdatum der Mutter').fill('21.07.1994');
  await page.getByLabel('Vornamen des Vaters').fill('Jonas');
  await page.getByLabel('Familienname des Vaters').fill('Wolff');
  await page.getByLabel('Tag der Sorgeerklärungen').fill('01.10.2026');
  await page.getByLabel('Notariat (Sorgeerklärungen)').check();
  await page.getByLabel('Name der Stelle').fill('Notariat Am Dom, Bremen');
  await page.getByLabel('Urkundenzeichen').fill('UR 77/2026');
  await page.getByRole('button', { name: 'Erfassen', exact: true }).click();
  await page.waitForURL(/\/amt\/vorgeburtlich\/[^/?]+\?lang=de&hinweis=erfasst$/);
  const annaPath = new URL(page.url()).pathname;
  assert((await heading(page)) === 'Vorgeburtliche Mitteilung: Anna Krüger', await heading(page));
  const anna = await mainText(page);
  for (const text of [
    'Die vorgeburtliche Mitteilung wurde erfasst.',
    'Offen – wartet auf die Daten des Kindes',
    'Jonas Wolff',
    '21.07.1994',
    '01.10.2026',
    'UR 77/2026',
    'Birte Hansen (sb-bremen)',
  ]) {
    assert(anna.includes(text), `the new notification's page shows ${text}`);
  }
  assert(await page.getByRole('button', { name: 'Geburt eintragen' }).isVisible(), 'the birth can be entered');
  await check(page, 'vorgeburtlich-erfasst');
  await page.goto(`${base}/amt/vorgeburtlich`);
  assert((await openPrenatal.count()) === 2, `two open notifications: ${await openPrenatal.count()}`);
  assert((await openPrenatal.filter({ hasText: 'Anna Krüger' }).locator('a').getAttribute('href')).startsWith(`${annaPath}?`), 'the new one is listed');
  await logOut(page);

  // Marie Schulz (Bremen) applies for Ella, born 18.11.2026 in Cuxhaven. No entry could be
  // Ella, but Bremen's open prenatal notification of Marie Schulz could: a person must look.
  const ella = await apply({
    applicant: {
      given_names: 'Marie', family_name: 'Schulz', birth_name: null, birth_date: '1996-04-09',
      address: { street: 'Am Wall 140', postal_code: '28195', municipality_key: '04011000' },
    },
    child: {
      given_names: 'Ella', family_name_at_birth: 'Schulz', birth_date: '2026-11-18',
      birth_place: { municipality_key: '03352011' },
    },
    declarations: {
      applicant_is_mother: true, married_to_father: false,
      married_to_other_man_at_birth: false, custody_by_court_to_one_parent: false,
    },
  }, `browser-journey-ella-schulz-${Date.now()}`);
  assert(ella.status === 'in_review', `Ella's application waits for review: ${ella.status}`);
  assert(ella.issuing_office.id === 'ja-04011' && ella.register_office.id === 'ja-03352',
    `Bremen issues, Cuxhaven answers: ${ella.issuing_office.id} ${ella.register_office.id}`);
  const ellaId = ella.id;
  console.log(`application ${ellaId}: ${ella.status}`);

  // The Cuxhaven clerk opens the case: the prenatal notification beside Marie's name.
  await logIn(page, 'sb-cuxhaven', 'vorgeburtlich-pruefung');
  await page.goto(`${base}/amt/pruefungen`);
  assert((await reviews.locator('caption').textContent()).trim() === '1 offener Prüfauftrag', 'one open case again');
  await reviews.getByRole('link', { name: 'Ella Schulz' }).click();
  const ellaPath = `/amt/pruefungen/${ellaId}`;
  await page.waitForURL((url) => url.pathname === ellaPath);
  assert((await heading(page)) === 'Prüfauftrag: Ella Schulz', await heading(page));
  const ellaCase = (await mainText(page)).replace(/\s+/g, ' ');
  for (const text of [
    'Vorgeburtliche Mitteilungen, die dieses Kind betreffen könnten',
    'Antragstellerin (Mutter)Marie Schulz',
    'Ihr Geburtsdatum09.04.1996',
    'Vorgeburtliche Mitteilung 1 von 1',
    'Geburtsdatum der Mutter09.04.1996',
    'Tim Becker',
    '10.03.2026',
    'UR 402/2026',
    'Jugendamt Bremen',
    '18.11.2026',
    'Die Suche im Register findet keinen Eintrag, der dieses Kind sein könnte.',
  ]) {
    assert(ellaCase.includes(text), `Ella's case shows ${text}`);
  }
  assert(!ellaCase.includes('Am Wall'), 'her address stays with the issuing office');
  const thisChild = page.getByLabel('Ja, dieses Kind');
  assert((await thisChild.count()) === 1 && (await page.getByLabel('Nein, ein anderes Kind').count()) === 1, 'one choice for the notification');
  assert((await thisChild.getAttribute('name')) === `prenatal.${SEEDED_PRENATAL}`, 'the choice names the notification');
  await check(page, 'vorgeburtlich-fall');

  // Only a note, no choice: the summary names the notification's choice.
  const ellaNote = 'Mit dem Jugendamt Bremen geklärt: die Sorgeerklärungen vom 10.03.2026 betreffen Ella.';
  await page.getByLabel('Begründung (Pflichtangabe)').fill(ellaNote);
  await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
  await page.waitForLoadState();
  const ellaSummary = page.locator('.summary[role="alert"]');
  assert(await ellaSummary.isVisible(), 'an error summary on the case');
  const ellaLinks = await ellaSummary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert(ellaLinks.length === 1 && ellaLinks[0] === '#v1', `the summary names the notification's choice only: ${ellaLinks}`);
  assert((await ellaSummary.textContent()).includes('ob die vorgeburtliche Mitteilung 1 dieses Kind betrifft'), 'the summary says what is missing');
  assert((await page.title()).startsWith('Fehler: '), `the title says there is an error: ${await page.title()}`);
  assert((await page.locator('#v1-error').textContent()).includes('Bitte entscheiden Sie'), 'the choice says why');
  assert((await page.locator('#note').inputValue()) === ellaNote, 'her note is kept');
  await ellaSummary.locator('a').first().click();
  const ellaFocus = await page.evaluate(() => document.activeElement && document.activeElement.id);
  console.log(`prenatal case error summary: ${ellaLinks.join(' ')}; the link focuses #${ellaFocus}`);
  assert(ellaFocus === 'v1', `the summary link focuses the choice: ${ellaFocus}`);
  await check(page, 'vorgeburtlich-fall-fehler');

  // "Ja, dieses Kind": the notification becomes Ella's entry, and no certificate is issued.
  await thisChild.check();
  await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
  await page.waitForURL((url) => url.pathname === ellaPath && url.search.includes('hinweis=entschieden'));
  const ellaSettled = (await mainText(page)).replace(/\s+/g, ' ');
  for (const text of [
    'Ihre Entscheidung ist gespeichert.',
    'Svenja Brandt (sb-cuxhaven)',
    'Keine Bescheinigung (Eintragungen zur gesamten Sorge)',
    ellaNote,
    'Beurteilte vorgeburtliche Mitteilungen',
    SEEDED_PRENATAL,
    'Dasselbe Kind',
  ]) {
    assert(ellaSettled.includes(text), `the settled case shows ${text}`);
  }
  const judged = (await page.locator('main table', { hasText: 'Beurteilte vorgeburtliche Mitteilungen' }).locator('tbody tr').first().textContent()).replace(/\s+/g, ' ');
  assert(judged.includes('Eintrag in Ihrem Register'), `the judged notification links its entry: ${judged}`);
  assert((await page.getByRole('button', { name: 'Entscheidung speichern' }).count()) === 0, 'no form once settled');
  await check(page, 'vorgeburtlich-fall-entschieden');

  // Ella is in the Cuxhaven register now.
  await page.goto(`${base}/amt/register`);
  const ellaEntry = page.locator('main li', { hasText: 'Ella Schulz, geb. 18.11.2026' });
  assert((await ellaEntry.count()) === 1, 'the register lists Ella Schulz');
  console.log(`Cuxhaven register: ${(await ellaEntry.textContent()).replace(/\s+/g, ' ').trim()}`);
  await check(page, 'register-ella');
  await logOut(page);

  // Bremen: Marie Schulz's notification is no longer open; its page names Cuxhaven's register.
  await logIn(page, 'sb-bremen', 'vorgeburtlich-erledigt');
  await page.goto(`${base}/amt/vorgeburtlich`);
  assert((await openPrenatal.filter({ hasText: 'Marie Schulz' }).count()) === 0, 'Marie Schulz is no longer open');
  assert((await openPrenatal.filter({ hasText: 'Anna Krüger' }).count()) === 1, 'Anna Krüger still is');
  await page.goto(`${base}/amt/vorgeburtlich/${SEEDED_PRENATAL}`);
  assert((await heading(page)) === 'Vorgeburtliche Mitteilung: Marie Schulz', await heading(page));
  const completed = (await mainText(page)).replace(/\s+/g, ' ');
  for (const text of ['Vervollständigt – Registereintrag', 'Geburt eingetragen', 'Im Register', 'Die Sorgeerklärungen sind jetzt ein Eintrag im Register von', 'Cuxhaven']) {
    assert(completed.includes(text), `the completed notification shows ${text}: ${completed}`);
  }
  assert((await page.getByRole('button', { name: 'Geburt eintragen' }).count()) === 0, 'no birth form once completed');
  assert((await page.locator('main a[href^="/amt/register/"]').count()) === 0, 'no link into another office\'s register');
  await check(page, 'vorgeburtlich-vervollstaendigt');

  // Bremen's applications list shows Ella's application decided without a certificate.
  await page.goto(`${base}/amt/antraege`);
  const ellaRow = (await page.locator('main tbody tr', { hasText: ellaId }).textContent()).replace(/\s+/g, ' ');
  for (const text of ['Marie Schulz', 'Ella Schulz, geb. 18.11.2026', 'Entschieden', 'Keine Bescheinigung']) {
    assert(ellaRow.includes(text), `the application's row shows ${text}: ${ellaRow}`);
  }
  await logOut(page);
  await context.close();
} catch (error) {
  failed = true;
  console.error(`journey failed after ${checks.step} pages: ${error.stack || error}`);
} finally {
  await browser.close();
}

report(checks, failed, 'journey');
