// The warm handoff end to end in Debian's chromium: a person in the web widget is handed off
// after a failed clarification; a navigator signs in to the inbox, opens the card, claims it,
// replies; the reply appears in the person's widget; the navigator resolves with a disposition.
// Usage: node inbox.mjs BASE_URL USERNAME PASSWORD ARTIFACT_DIR
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const [base, username, password, artifacts] = process.argv.slice(2);
fs.mkdirSync(artifacts, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
let failed = 0;
async function step(name, fn) {
  try { await fn(); console.log(`ok   ${name}`); }
  catch (e) { failed++; console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`); throw e; }
}
function assert(c, m) { if (!c) throw new Error(m); }

const person = await (await browser.newContext({ viewport: { width: 420, height: 800 } })).newPage();
const navigator = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
const REPLY = "Hello, this is Maya from 211. I can help you find a ride to the hospital.";

async function say(text) {
  const before = await person.locator(".msg.bot").count();
  await person.locator("#fd-input").fill(text);
  await person.locator("#fd-input").press("Enter");
  await person.waitForFunction((n) => document.querySelector("[data-frontdoor-widget]").shadowRoot.querySelectorAll(".msg.bot").length > n, before, { timeout: 30000 });
  await person.waitForTimeout(1200);
}

try {
  await step("the bot cannot place the need, clarification fails, the person is handed off", async () => {
    await person.goto(base + "/");
    await person.locator("button.launcher").click();
    await say("i lost my job and my rent is due");
    await say("something else");
    await say("yes");
    await person.waitForFunction(() => /navigator|ahead/i.test(document.querySelector("[data-frontdoor-widget]").shadowRoot.querySelector(".status").textContent), null, { timeout: 15000 });
  });
  await step("a navigator signs in and sees the conversation in the queue", async () => {
    await navigator.goto(base + "/inbox");
    assert(navigator.url().endsWith("/inbox/login"), "an anonymous visit must go to sign-in");
    await navigator.fill("#username", username);
    await navigator.fill("#password", password);
    await Promise.all([navigator.waitForNavigation(), navigator.click("form.login button")]);
    const landed = navigator.url();
    assert(landed === base + "/inbox", `sign-in landed on ${landed}: ${(await navigator.content()).slice(0, 400)}`);
    const rows = navigator.locator("tbody tr[data-handoff]");
    assert((await rows.count()) >= 1, "the queue is empty");
    await navigator.screenshot({ path: path.join(artifacts, "inbox-queue.png"), fullPage: true });
  });
  await step("the card carries the context and the navigator claims it", async () => {
    await navigator.locator("tbody tr[data-handoff] a").first().click();
    await navigator.waitForSelector(".transcript");
    const transcript = await navigator.locator(".transcript").textContent();
    assert(transcript.includes("rent is due"), "the transcript lacks the person's words");
    await navigator.click("text=Claim this conversation");
    await navigator.waitForSelector("#reply");
  });
  await step("the navigator's reply appears in the person's widget", async () => {
    await navigator.click("p.canned button >> nth=0");
    const greeting = await navigator.inputValue("#reply");
    assert(greeting.includes("Maya R."), `the canned greeting should carry the navigator's name: ${greeting}`);
    await navigator.fill("#reply", REPLY);
    await navigator.screenshot({ path: path.join(artifacts, "inbox-card.png"), fullPage: true });
    await navigator.click("text=Send reply");
    await navigator.waitForSelector(".msg.navigator");
    await person.waitForFunction((t) => [...document.querySelector("[data-frontdoor-widget]").shadowRoot.querySelectorAll(".msg.navigator")].some((m) => m.textContent.includes(t)), REPLY, { timeout: 15000 });
    await person.screenshot({ path: path.join(artifacts, "inbox-person-widget.png") });
  });
  await step("the navigator resolves with a disposition", async () => {
    const sets = navigator.locator("form[action$='/resolve'] fieldset");
    const n = await sets.count();
    for (let i = 0; i < n; i++) await sets.nth(i).locator("input[value=met]").check();
    await navigator.click("form[action$='/resolve'] button");
    await navigator.waitForURL(/\/inbox\?note=/);
  });
} catch (e) {
  // reported by step()
}
await browser.close();
console.log(failed ? `${failed} step(s) failed` : "all inbox steps passed");
process.exit(failed ? 1 : 0);
