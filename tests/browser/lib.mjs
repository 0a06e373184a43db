// What the browser scripts share: their arguments, the browser, `assert`, the page check
// (a screenshot and axe-core's WCAG 2 A/AA rules) and the closing report.
//
//   import { assert, Checks, launch, report, scriptArgs } from './lib.mjs';

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** The axe rule sets every page must pass. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** `<base URL> <screenshot folder> <demo data folder>` from the command line; the folder is made. */
export function scriptArgs(script) {
  const [base, shots, data] = process.argv.slice(2);
  if (!base || !shots || !data) {
    console.error(`usage: node ${script} <base URL> <screenshot folder> <demo data folder>`);
    process.exit(2);
  }
  mkdirSync(shots, { recursive: true });
  return { base, shots, data };
}

/** Debian's chromium, headless, in German. */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--lang=de-DE'] });
}

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** The pages checked so far, and the accessibility violations found on them. */
export class Checks {
  /** Screenshots go to `shots`, named `<prefix><step>-<name>.png`. */
  constructor(shots, prefix = '') {
    this.shots = shots;
    this.prefix = prefix;
    this.step = 0;
    this.checked = [];
    this.violations = [];
  }

  /** The next screenshot's file name. */
  file(name) {
    this.step += 1;
    return `${this.prefix}${String(this.step).padStart(2, '0')}-${name}.png`;
  }

  /** Screenshots the page and runs axe (WCAG 2 A/AA) on it; violations are collected. */
  async check(page, name) {
    const file = this.file(name);
    await page.screenshot({ path: join(this.shots, file), fullPage: true });
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate((tags) =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    AXE_TAGS);
    const path = new URL(page.url()).pathname;
    this.checked.push(`${file} ${path}: ${result.passes.length} rules passed, ${result.violations.length} violated, ${result.incomplete.length} to review`);
    for (const v of result.violations) {
      this.violations.push(`${path} (${file}): ${v.id} [${v.impact}] ${v.help}\n` +
        v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n'));
    }
    return file;
  }
}

/** Prints the pages checked and every violation; exits non-zero after a failure or a violation. */
export function report(checks, failed, script, { problems = [] } = {}) {
  console.log(`axe (WCAG 2.x A/AA) on ${checks.checked.length} pages:`);
  for (const line of checks.checked) console.log(`  ${line}`);
  if (checks.violations.length > 0) {
    console.error(`${checks.violations.length} accessibility violations:`);
    for (const v of checks.violations) console.error(`  ${v}`);
  }
  if (problems.length > 0) {
    console.error(`${problems.length} other problems:`);
    for (const p of problems) console.error(`  ${p}`);
  }
  if (failed || checks.violations.length > 0 || problems.length > 0) process.exit(1);
  console.log(`${script} passed; screenshots in ${checks.shots}`);
}
