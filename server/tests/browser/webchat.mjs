// The web chat widget in Debian's chromium, driven by playwright-core (no browser download).
// Usage: node webchat.mjs BASE_URL HOSTILE_BASE_URL ARTIFACT_DIR
//   BASE_URL: a server with the bundled demo directory; HOSTILE_BASE_URL: a server whose only
//   service has HTML in its name and description. Exits non-zero when any check fails.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const [base, hostileBase, artifacts] = process.argv.slice(2);
fs.mkdirSync(artifacts, { recursive: true });
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

let failed = 0;
async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});

async function newPage(options = {}) {
  // bypassCSP only so the test can inject axe-core; the demo page's CSP stays on for the widget.
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, bypassCSP: true, ...options });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  return { context, page };
}
const bots = (page) => page.locator(".msg.bot, .msg.navigator");
const persons = (page) => page.locator(".msg.person");
async function openWidget(page, url = base) {
  await page.goto(url + "/");
  await page.locator("button.launcher").click();
  await page.locator("#fd-panel").waitFor({ state: "visible" });
}
/** Sends `text` and waits until the bot has answered and gone quiet; returns the new bot texts. */
async function say(page, text) {
  const before = await bots(page).count();
  await page.locator("#fd-input").fill(text);
  await page.locator("#fd-input").press("Enter");
  await page.waitForFunction(
    (n) => document.querySelector("[data-frontdoor-widget]").shadowRoot.querySelectorAll(".msg.bot, .msg.navigator").length > n,
    before, { timeout: 30000 });
  let count = -1;
  for (let i = 0; i < 20; i++) { // quiet for 0.6 s
    await page.waitForTimeout(600);
    const now = await bots(page).count();
    if (now === count) break;
    count = now;
  }
  const all = await bots(page).allTextContents();
  return all.slice(before);
}
const hasThreeReferrals = (texts) => texts.some((t) => /(^|\n)1\. /.test(t) && /\n2\. /.test(t) && /\n3\. /.test(t));
async function axe(page, label) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
  });
  fs.writeFileSync(path.join(artifacts, `axe-${label}.json`), JSON.stringify(result, null, 2));
  const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert(bad.length === 0, `axe (${label}) serious/critical violations: ${JSON.stringify(bad)}`);
  return result;
}
const shadowActive = (page) => page.evaluate(() => {
  const a = document.activeElement && document.activeElement.shadowRoot && document.activeElement.shadowRoot.activeElement;
  if (!a) return null;
  const s = getComputedStyle(a);
  return { id: a.id, cls: a.className, tag: a.tagName, outline: s.outlineStyle, outlineWidth: s.outlineWidth, shadow: s.boxShadow };
});

// ---- 1. Greeting to three referrals, reload, a second tab ----
const first = await newPage();
const page = first.page;
await check("a conversation goes from greeting to three referrals", async () => {
  await openWidget(page);
  const hello = await say(page, "hi");
  assert(hello.length > 0, "no answer to hi");
  let got = await say(page, "I need food for my kids");
  if (!hasThreeReferrals(got)) got = await say(page, "Toronto");
  assert(hasThreeReferrals(got), `expected three numbered referrals, got: ${JSON.stringify(got)}`);
  await page.screenshot({ path: path.join(artifacts, "webchat-en.png") });
});
await check("axe-core finds no serious or critical violation (English)", async () => { await axe(page, "en"); });
let before = [];
await check("a reload resumes the same conversation", async () => {
  before = await page.locator(".msg").allTextContents();
  await page.reload();
  await page.locator("#fd-panel").waitFor({ state: "visible" });
  await page.waitForFunction((n) => document.querySelector("[data-frontdoor-widget]").shadowRoot.querySelectorAll(".msg").length >= n,
    before.length, { timeout: 15000 });
  const after = await page.locator(".msg").allTextContents();
  const diff = after.findIndex((t, i) => t !== before[i]);
  assert(diff === -1 && after.length === before.length,
    `after reload: ${after.length} messages vs ${before.length}; first difference: ${JSON.stringify([before[diff], after[diff]])}`);
});
await check("a second tab has its own session and the sessions do not mix", async () => {
  const tab = await first.context.newPage();
  await tab.goto(base + "/");
  assert(await tab.locator("#fd-panel").isHidden(), "the second tab must not open the first tab's chat");
  await tab.locator("button.launcher").click();
  assert((await tab.locator(".msg").count()) === 0, "the second tab shows another session's messages");
  await say(tab, "hello from the second tab");
  await page.waitForTimeout(2500);
  const mine = await page.locator(".msg").allTextContents();
  assert(!mine.join("\n").includes("second tab"), "the first tab received the second tab's message");
  assert(mine.length === before.length, "the first tab changed while the second was used");
  await tab.close();
});
await check("end and clear removes the chat from the device", async () => {
  await page.locator("button.end").click();
  assert((await page.locator(".msg").count()) === 0, "messages remain after end and clear");
  await page.reload();
  await page.waitForTimeout(1500);
  assert((await page.locator(".msg").count()) === 0, "a reload brought the cleared chat back");
});
await first.context.close();

// ---- 2. Keyboard only ----
await check("the whole flow works with the keyboard alone, with visible focus", async () => {
  const { context, page } = await newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(base + "/");
  let focus = null;
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    focus = await shadowActive(page);
    if (focus && String(focus.cls).includes("launcher")) break;
  }
  assert(focus && String(focus.cls).includes("launcher"), "Tab never reached the chat launcher");
  assert(focus.outline !== "none" && focus.outlineWidth !== "0px", `launcher focus is not visible: ${JSON.stringify(focus)}`);
  await page.keyboard.press("Enter");
  focus = await shadowActive(page);
  assert(focus && focus.id === "fd-input", `opening must move focus to the message box, got ${JSON.stringify(focus)}`);
  const before = await bots(page).count();
  await page.keyboard.type("I need help paying my rent");
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.querySelector("[data-frontdoor-widget]").shadowRoot.querySelectorAll(".msg.bot").length > n, before, { timeout: 30000 });
  await page.waitForTimeout(1200);
  await page.keyboard.type("Ottawa");
  await page.keyboard.press("Enter");
  await page.waitForTimeout(2500);
  const texts = await bots(page).allTextContents();
  assert(hasThreeReferrals(texts), `keyboard flow did not reach referrals: ${JSON.stringify(texts)}`);
  // Every control is reachable with Tab and shows its focus.
  const reached = new Set();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    const f = await shadowActive(page);
    if (!f) continue;
    reached.add(f.id || f.cls);
    assert(f.outline !== "none" || f.shadow !== "none", `no visible focus on ${JSON.stringify(f)}`);
  }
  for (const want of ["fd-input", "send", "end", "close", "fd-lang"]) {
    assert([...reached].some((r) => String(r).includes(want)), `Tab never reached ${want}; reached ${[...reached]}`);
  }
  for (let i = 0; i < 30; i++) { // back into the panel, then Escape
    const f = await shadowActive(page);
    if (f && f.id === "fd-input") break;
    await page.keyboard.press("Tab");
  }
  await page.keyboard.press("Escape");
  assert(await page.locator("#fd-panel").isHidden(), "Escape must close the panel");
  focus = await shadowActive(page);
  assert(focus && String(focus.cls).includes("launcher"), "closing must return focus to the launcher");
  await context.close();
});

// ---- 3. Arabic, right to left ----
await check("Arabic: right-to-left layout, answers in Arabic, no serious axe violation", async () => {
  const { context, page } = await newPage();
  await openWidget(page);
  await page.locator("#fd-lang").selectOption("ar");
  await page.waitForTimeout(300);
  assert((await page.locator("#fd-panel").getAttribute("dir")) === "rtl", "the panel is not right-to-left in Arabic");
  await page.waitForFunction(() => document.querySelector("[data-frontdoor-widget]").shadowRoot.querySelectorAll(".msg.bot").length > 0, null, { timeout: 30000 });
  await page.waitForTimeout(1200);
  let got = await say(page, "أحتاج إلى طعام لعائلتي في تورونتو");
  if (!hasThreeReferrals(got)) got = await say(page, "تورونتو");
  const all = (await bots(page).allTextContents()).join("\n");
  assert(/[\u0600-\u06FF]/.test(all), "the bot did not answer in Arabic");
  await page.screenshot({ path: path.join(artifacts, "webchat-ar.png") });
  await axe(page, "ar");
  await context.close();
});

// ---- 4. Hostile text renders as text ----
await check("a hostile message and a hostile service description render as text", async () => {
  const { context, page } = await newPage();
  await openWidget(page, hostileBase);
  await say(page, HOSTILE);
  let got = await say(page, "I need food");
  if (!got.some((t) => t.includes("<img"))) got = await say(page, "Toronto");
  const shown = (await page.locator(".msg").allTextContents()).join("\n");
  assert(shown.includes(HOSTILE), "the person's hostile message is not shown as text");
  assert(got.some((t) => t.includes("<img")), `the hostile service name is not shown as text: ${JSON.stringify(got)}`);
  const injected = await page.evaluate(() => ({
    imgs: document.querySelector("[data-frontdoor-widget]").shadowRoot.querySelectorAll(".log img, .log script, .log b").length,
    pwned: window.__pwned,
  }));
  assert(injected.imgs === 0 && injected.pwned === undefined, `markup was interpreted: ${JSON.stringify(injected)}`);
  await context.close();
});

// ---- 5. Small screens and zoom ----
for (const [label, options] of [
  ["320 px wide", { viewport: { width: 320, height: 640 } }],
  ["200% zoom", { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }],
]) {
  await check(`usable at ${label}`, async () => {
    const { context, page } = await newPage(options);
    await openWidget(page);
    const vw = options.viewport.width, vh = options.viewport.height;
    for (const sel of ["#fd-panel", "#fd-input", "button.send", "button.close"]) {
      const box = await page.locator(sel).boundingBox();
      assert(box && box.x >= 0 && box.x + box.width <= vw + 0.5 && box.y >= 0 && box.y + box.height <= vh + 0.5,
        `${sel} is outside the ${vw}x${vh} viewport: ${JSON.stringify(box)}`);
    }
    const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert(!scrolls, "the page scrolls sideways");
    await page.screenshot({ path: path.join(artifacts, `webchat-${label.replace(/[^0-9a-z]+/g, "-")}.png`) });
    await context.close();
  });
}

await browser.close();
console.log(failed ? `${failed} browser check(s) failed` : "all browser checks passed");
process.exit(failed ? 1 : 0);
