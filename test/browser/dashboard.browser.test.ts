/// <reference lib="dom" />
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { sendRaw, startMailSink, type MailSink } from "../../src/channels/email/test-support/mail-sink";
import { postSigned } from "../../src/channels/twilio/test-support/signed-webhook";
import {
  newSid,
  startTwilioApiServer,
  type TwilioApiServer,
} from "../../src/channels/twilio/test-support/twilio-api-server";
import { chatFrame, openBrowserHarness, visibleMessages, type BrowserHarness } from "./browser-harness";

/**
 * The agent workspace at /app, in headless Chromium against the real server: an agent signs in,
 * a shopper escalates in the widget, and the case arrives live, is read, answered on chat and by
 * email (at a real SMTP sink standing in for the relay), transferred and resolved.
 */
let h: BrowserHarness;
let sink: MailSink;
/** Stands in for the SMS provider's cloud: a local server speaking its Messages REST protocol. */
let provider: TwilioApiServer;
const providerTokens = new Map<string, string>();
let smtpPort = 0;
const agent = {
  email: `sam.${randomBytes(3).toString("hex")}@staff.example`,
  password: randomBytes(12).toString("base64url"),
  name: "Sam Rivera",
  id: "",
};
let supportQueue = "";
let returnsQueue = "";

type CaseRow = { id: string; status: string; originChannel: string; assigneeId: string | null };

beforeAll(async () => {
  sink = await startMailSink();
  provider = await startTwilioApiServer(() => providerTokens);
  h = await openBrowserHarness({
    env: { SMTP_RELAY_URL: sink.url, SMTP_PORT: "0", TWILIO_API_BASE_URL: provider.url },
  });
  for (let attempt = 0; attempt < 100 && !smtpPort; attempt++) {
    smtpPort = Number(/SMTP inbound:\s+[\d.]+:(\d+)/.exec(h.output())?.[1] ?? 0);
    if (!smtpPort) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  supportQueue = (await h.api<{ id: string }>("POST", "/api/v1/queues", { name: "Support", isDefault: true }))
    .id;
  returnsQueue = (
    await h.api<{ id: string }>("POST", "/api/v1/queues", { name: "Returns", skills: ["returns"] })
  ).id;
  agent.id = (
    await h.api<{ id: string }>("POST", "/api/v1/users", {
      email: agent.email,
      name: agent.name,
      role: "agent",
      password: agent.password,
    })
  ).id;
});
afterAll(async () => {
  await h?.close();
  await sink?.close();
  await provider?.close();
});

async function signIn(page: Page) {
  await page.goto(`${h.base}/app`);
  await page.fill("#login-workspace", "demo");
  await page.fill("#login-email", agent.email);
  await page.fill("#login-password", agent.password);
  await page.press("#login-password", "Enter");
  await page.waitForSelector(".connection--live");
}

async function newestCase(filter: (row: CaseRow) => boolean, known: Set<string>): Promise<CaseRow> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const { cases } = await h.api<{ cases: CaseRow[] }>("GET", "/api/v1/cases?status=escalated&limit=50");
    const found = cases.find((row) => filter(row) && !known.has(row.id));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("no escalated case appeared");
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe("agent workspace", () => {
  let page: Page;
  let problems: string[];
  let shopper: Page;
  let chatCase = "";
  let emailCase = "";
  let emailCustomer = "";

  it("signs an agent in and shows an escalated chat case live, without a reload", async () => {
    ({ page, problems } = await h.newPage({ viewport: { width: 1366, height: 768 } }));
    await signIn(page);
    // Away: takes no new work on its own, but may pick up; so the case waits in the queue.
    await page.selectOption(".topbar__presence select", "away");
    await page.getByRole("button", { name: /All queues/ }).click();
    const navigations: string[] = [];
    page.on("framenavigated", (frame) => frame === page.mainFrame() && navigations.push(frame.url()));

    const before = new Set(
      (await h.api<{ cases: CaseRow[] }>("GET", "/api/v1/cases?limit=200")).cases.map((c) => c.id),
    );
    ({ page: shopper } = await h.newPage());
    await shopper.goto(`${h.base}/demo/store`);
    await shopper.locator("[data-throughline] button.launcher").click();
    const frame = await chatFrame(shopper);
    const hostile = `<img src=x onerror="document.title='pwned'"> my parcel never came`;
    await frame.fill("textarea#tl-message", hostile);
    await frame.press("textarea#tl-message", "Enter");
    await frame.waitForSelector("li.message--ai", { timeout: 30_000 });
    await frame.fill("textarea#tl-message", "I want to speak to a real person please");
    await frame.press("textarea#tl-message", "Enter");

    chatCase = (await newestCase((row) => row.originChannel === "web_chat", before)).id;
    const row = page.locator(`.inbox__row[data-case-id="${chatCase}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(navigations).toEqual([]);
    const queued = await h.api<{ item: { queueId: string } }>("GET", `/api/v1/cases/${chatCase}/routing`);
    expect(queued.item.queueId).toBe(supportQueue);
    await expect(row.locator(".chip", { hasText: "Support" }).count()).resolves.toBe(1);
    await expect(row.locator(".sla").textContent()).resolves.toMatch(/left|over/);
    await h.screenshot(page, "dashboard-01-inbox");

    await row.click();
    const summary = page.locator("[data-testid=summary-text]");
    await summary.waitFor();
    // Opening a case moves focus to its heading, so keyboard users continue from there.
    await page.waitForFunction(() => document.activeElement?.id === "case-title");
    const text = (await summary.textContent()) ?? "";
    expect(words(text)).toBeGreaterThan(5);
    expect(words(text)).toBeLessThanOrEqual(90);
    const stored = await h.api<{ summary: { text: string } }>("GET", `/api/v1/cases/${chatCase}/summary`);
    expect(text).toBe(stored.summary.text);
    // Customer text is text: the hostile message is shown, never run.
    await page.locator(".msg__body", { hasText: "my parcel never came" }).first().waitFor();
    expect(await page.locator(".messages img").count()).toBe(0);
    expect(await page.title()).not.toBe("pwned");
    await h.screenshot(page, "dashboard-02-case-view");
  });

  it("picks the case up and replies by chat: the reply reaches the shopper's widget socket", async () => {
    await page.getByRole("button", { name: "Pick up" }).click();
    await page.locator(".notice", { hasText: "You picked the case up." }).waitFor();
    await page.locator("text=You hold this case").waitFor();

    await page.selectOption("select[name=channel]", "web_chat");
    const reply = `Hi, this is Sam. I'm looking into your parcel now (${randomBytes(2).toString("hex")}).`;
    await page.fill("#reply-body", reply);
    await page.getByRole("button", { name: /Send chat reply/ }).click();
    await page.locator(".msg--agent .msg__body", { hasText: reply }).waitFor();

    const frame = await chatFrame(shopper);
    await frame.waitForFunction(
      (expected) =>
        Array.from(document.querySelectorAll("li.message--agent")).some((item) =>
          item.textContent?.includes(expected),
        ),
      reply,
      { timeout: 30_000 },
    );
    const seen = await visibleMessages(frame);
    expect(seen.filter((message) => message.author === "agent").map((message) => message.text)).toContain(
      reply,
    );
  });

  it("adds an internal note the shopper never sees", async () => {
    await page.fill("#reply-body", "Carrier says the parcel is at the depot.");
    await page.getByRole("button", { name: "Add internal note" }).click();
    await page.locator(".msg--internal .msg__body", { hasText: "at the depot" }).waitFor();
    const frame = await chatFrame(shopper);
    expect((await visibleMessages(frame)).some((message) => message.text.includes("at the depot"))).toBe(
      false,
    );
  });

  it("transfers the case to another queue, recorded on the case", async () => {
    await page.locator(".case__actions").getByRole("button", { name: "Transfer" }).click();
    await page.selectOption("#transfer-target", `queue:${returnsQueue}`);
    await page.fill("#transfer-reason", "Parcel claim belongs with returns");
    await page.locator("form.transfer").getByRole("button", { name: "Transfer" }).click();
    await page.locator(".notice", { hasText: "Case transferred." }).waitFor();
    const routing = await h.api<{
      item: { queueId: string };
      transfers: { toQueueId: string; reason: string }[];
    }>("GET", `/api/v1/cases/${chatCase}/routing`);
    expect(routing.item.queueId).toBe(returnsQueue);
    expect(routing.transfers.at(-1)).toMatchObject({
      toQueueId: returnsQueue,
      reason: "Parcel claim belongs with returns",
    });
    // Back in a queue: the case left "mine" and waits in Returns.
    await page
      .locator(".inbox__views")
      .getByRole("button", { name: /Returns/ })
      .click();
    await page.locator(`.inbox__row[data-case-id="${chatCase}"]`).waitFor();
  });

  it("resolves the case", async () => {
    await page.getByRole("button", { name: "Resolve" }).click();
    await page.locator("[data-testid=case-status]", { hasText: "resolved" }).waitFor();
    const resolved = await h.api<{ status: string }>("GET", `/api/v1/cases/${chatCase}`);
    expect(resolved.status).toBe("resolved");
    await page.locator(`.inbox__row[data-case-id="${chatCase}"]`).waitFor({ state: "detached" });
  });

  it("replies by email to an escalated email case: the mail reaches the SMTP sink", async () => {
    const before = new Set(
      (await h.api<{ cases: CaseRow[] }>("GET", "/api/v1/cases?limit=200")).cases.map((c) => c.id),
    );
    const customer = (emailCustomer = `jordan.${randomBytes(3).toString("hex")}@customer.example`);
    const raw = [
      `From: Jordan Lee <${customer}>`,
      "To: support@demo.mail.localhost",
      "Subject: Damaged jacket",
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <${randomBytes(6).toString("hex")}@customer.example>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "My jacket arrived torn. I want to talk to a real person, not a bot.",
      "",
    ].join("\r\n");
    await sendRaw(smtpPort, raw, { from: customer, to: ["support@demo.mail.localhost"] });
    emailCase = (await newestCase((row) => row.originChannel === "email", before)).id;

    await page.getByRole("button", { name: /All queues/ }).click();
    const row = page.locator(`.inbox__row[data-case-id="${emailCase}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await page.getByRole("button", { name: "Pick up" }).click();
    await page.locator("text=You hold this case").waitFor();
    await page.selectOption("select[name=channel]", "email");
    const reply = `Hello Jordan, I'm sorry about the jacket. A replacement is on its way (${randomBytes(2).toString("hex")}).`;
    await page.fill("#reply-body", reply);
    await page.getByRole("button", { name: /Send email reply/ }).click();
    await page.locator(".msg--agent .msg__body", { hasText: reply }).waitFor();

    const until = Date.now() + 30_000;
    let delivered: (typeof sink.received)[number] | undefined;
    while (!delivered && Date.now() < until) {
      delivered = sink.received.find(
        (mail) => mail.rcptTo.includes(customer) && (mail.mail.text ?? "").includes(reply),
      );
      if (!delivered) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(delivered?.mail.subject).toMatch(/Damaged jacket/);
    expect(problems).toEqual([]);
  });

  const shopNumber = "+15005550188";
  const provided = { accountSid: "", authToken: "", voice: "" };

  it("replies by SMS to a texted case: the reply goes out through the provider to the texter's number", async () => {
    const accountSid = newSid("AC");
    const authToken = randomBytes(16).toString("hex");
    providerTokens.set(accountSid, authToken);
    const account = await h.api<{ webhooks: { sms: string; voice: string } }>(
      "PUT",
      "/api/v1/workspace/channels/twilio",
      {
        accountSid,
        authToken,
        phoneNumbers: [shopNumber],
      },
    );
    Object.assign(provided, {
      accountSid,
      authToken,
      voice: new URL(account.webhooks.voice, h.base).toString(),
    });
    const before = new Set(
      (await h.api<{ cases: CaseRow[] }>("GET", "/api/v1/cases?limit=200")).cases.map((c) => c.id),
    );
    const texter = `+1415555${String(1000 + (randomBytes(2).readUInt16BE() % 9000))}`;
    // Without a configured public URL the webhook address is relative to wherever the server is reached.
    const webhook = new URL(account.webhooks.sms, h.base).toString();
    const inbound = await postSigned(
      webhook,
      {
        MessageSid: newSid("SM"),
        AccountSid: accountSid,
        From: texter,
        To: shopNumber,
        Body: "my parcel came damaged, please put me through to a real person",
        NumMedia: "0",
      },
      authToken,
    );
    expect(inbound.status).toBe(200);
    const smsCase = (await newestCase((row) => row.originChannel === "sms", before)).id;

    await page.getByRole("button", { name: /All queues/ }).click();
    const row = page.locator(`.inbox__row[data-case-id="${smsCase}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await page.getByRole("button", { name: "Pick up" }).click();
    await page.locator("text=You hold this case").waitFor();
    await page.selectOption("select[name=channel]", "sms");
    const reply = `Sorry about the parcel. I have booked a replacement (${randomBytes(2).toString("hex")}).`;
    await page.fill("#reply-body", reply);
    await page.getByRole("button", { name: /Send sms reply/i }).click();
    await page.locator(".msg--agent .msg__body", { hasText: reply }).waitFor();

    const until = Date.now() + 30_000;
    let sent: (typeof provider.sent)[number] | undefined;
    while (!sent && Date.now() < until) {
      sent = provider.sent.find((message) => message.form.Body?.includes(reply));
      if (!sent) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sent?.form).toMatchObject({ To: texter, From: shopNumber });
    expect(sent?.accountSid).toBe(accountSid);
    await h.screenshot(page, "dashboard-07-sms-reply");
  });

  it("pops up a known caller who asks for a person, and opens their case from the pop", async () => {
    const callSid = newSid("CA");
    // Maya's number on file: recognised by caller ID (a claim, so no order details over the phone).
    const caller = {
      AccountSid: provided.accountSid,
      CallSid: callSid,
      From: "+12125550143",
      Caller: "+12125550143",
      To: shopNumber,
      Called: shopNumber,
      Direction: "inbound",
    };
    const rang = await postSigned(provided.voice, { ...caller, CallStatus: "ringing" }, provided.authToken);
    expect(rang.status).toBe(200);
    expect(rang.body).toMatch(/<Say[^>]*>Hi Maya/);
    const action = /<Gather[^>]*action="([^"]+)"/.exec(rang.body)?.[1]?.replace(/&amp;/g, "&");
    expect(action).toBeDefined();
    const asked = await postSigned(
      new URL(action as string, h.base).toString(),
      {
        ...caller,
        CallStatus: "in-progress",
        SpeechResult: "I'd like to talk to a real person please",
        Confidence: "0.92",
      },
      provided.authToken,
    );
    expect(asked.status).toBe(200);
    expect(asked.body).toMatch(/<Enqueue>/);

    const pop = page.locator(".screen-pop", { hasText: "Maya Chen" });
    await pop.waitFor({ timeout: 30_000 });
    await expect(pop.getAttribute("role")).resolves.toBe("alert");
    await expect(pop.textContent()).resolves.toContain("asked for a person");
    await h.screenshot(page, "dashboard-08-screen-pop");
    const screenPop = await h.api<{ case: { id: string } }>("GET", `/api/v1/calls/${callSid}/screen-pop`);
    await pop.getByRole("button", { name: "Open case" }).click();
    const opened = page.locator(`main.case[data-case-id="${screenPop.case.id}"]`);
    await opened.waitFor();
    await expect(opened.textContent()).resolves.toContain("Maya Chen");
    await h.screenshot(page, "dashboard-09-call-case");
    await pop.getByRole("button", { name: "Dismiss" }).click();
    await expect(page.locator(".screen-pop", { hasText: "Maya Chen" }).count()).resolves.toBe(0);
  });

  it("shows a verified customer's profile and orders, runs the return check, and offers the AI's draft", async () => {
    const [maya] = (
      await h.api<{ matches: { customer: { id: string } }[] }>(
        "GET",
        "/api/v1/store/lookup?q=maya.chen%40example.com",
      )
    ).matches;
    const mayaId = maya?.customer.id ?? "";
    const { page: signedIn } = await h.newPage();
    await signedIn.goto(`${h.base}/demo/store/sign-in?as=maya`);
    await signedIn.locator("[data-throughline] button.launcher").click();
    const frame = await chatFrame(signedIn);
    await frame.fill("textarea#tl-message", "I need to speak to a human about my order");
    await frame.press("textarea#tl-message", "Enter");

    let mayaCase = "";
    for (let attempt = 0; attempt < 120 && !mayaCase; attempt++) {
      const { cases } = await h.api<{ cases: CaseRow[] }>(
        "GET",
        `/api/v1/cases?customerId=${mayaId}&status=escalated`,
      );
      for (const found of cases) {
        const routing = await h.api<{ item: { status: string } | null }>(
          "GET",
          `/api/v1/cases/${found.id}/routing`,
        );
        if (routing.item?.status === "queued") mayaCase = found.id;
      }
      if (!mayaCase) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await page.getByRole("button", { name: /All queues/ }).click();
    await page.locator(`.inbox__row[data-case-id="${mayaCase}"]`).click();
    const side = page.locator("aside.side");
    await side.locator("#profile-title", { hasText: "Maya Chen" }).waitFor();
    await expect(side.textContent()).resolves.toMatch(/gold/);
    await side.locator(".chip--verified").first().waitFor();
    const firstOrder = side.locator("li.order").first();
    await firstOrder.waitFor();
    await expect(firstOrder.textContent()).resolves.toMatch(/#\w+/);
    await firstOrder.getByRole("button", { name: "Return eligibility" }).click();
    await firstOrder.locator("[role=status] li").first().waitFor();

    await page.getByRole("button", { name: "Pick up" }).click();
    await page.locator("text=You hold this case").waitFor();
    // With a person holding the case the AI drafts instead of answering; the draft shows up live.
    await frame.fill("textarea#tl-message", "where is order 1001?");
    await frame.press("textarea#tl-message", "Enter");
    const useDraft = page.getByRole("button", { name: "Use this draft" });
    await useDraft.waitFor({ timeout: 30_000 });
    await useDraft.click();
    await expect(page.inputValue("#reply-body")).resolves.toMatch(/1001/);
    await h.screenshot(page, "dashboard-03-verified-customer");
  });

  it("cancels the customer's order with the AI's own policy check, then hands the case back to the AI", async () => {
    const side = page.locator("aside.side");
    const order = side.locator("li.order", { hasText: "#1001" });
    await order.getByRole("button", { name: "Cancel order" }).click();
    // Cancelling asks twice.
    await order.getByRole("button", { name: "Confirm cancel #1001" }).click();
    await order.locator("[role=status] li", { hasText: "Order 1001 cancelled." }).waitFor();
    const caseId = (await page.locator("main.case").getAttribute("data-case-id")) ?? "";
    const [maya] = (
      await h.api<{ matches: { customer: { id: string } }[] }>(
        "GET",
        "/api/v1/store/lookup?q=maya.chen%40example.com",
      )
    ).matches;
    const { orders } = await h.api<{ orders: { number: string; status: string }[] }>(
      "GET",
      `/api/v1/orders/1001?customerId=${maya?.customer.id ?? ""}`,
    );
    expect(orders[0]?.status).toBe("cancelled");
    // The panel reads the order again: its status chip says so without a reload.
    await order.locator(".chip", { hasText: "cancelled" }).waitFor();

    await page.locator(".case__actions").getByRole("button", { name: "Hand back to AI" }).click();
    await page.locator(".notice", { hasText: "Handed back to the AI." }).waitFor();
    await page.locator("[data-testid=case-status]", { hasText: "open" }).waitFor();
    await page.locator("text=You hold this case").waitFor({ state: "detached" });
    // The AI answers again: the case is open with nobody holding it.
    const handedBack = await h.api<{ status: string; assigneeId: string | null }>(
      "GET",
      `/api/v1/cases/${caseId}`,
    );
    expect(handedBack).toMatchObject({ status: "open", assigneeId: null });
    await h.screenshot(page, "dashboard-06-cancel-and-hand-back");
  });

  it("keeps the session across a reload, and the in-store look-up finds the customer and opens their case", async () => {
    await page.getByRole("button", { name: "Hand back to AI" }).waitFor();
    await page.getByRole("button", { name: "Customer look-up" }).click();
    await page.fill("#lookup-q", emailCustomer);
    await page.locator("section.lookup").getByRole("button", { name: "Search" }).click();
    const match = page.locator(".lookup__match").first();
    await match.waitFor();
    await expect(match.textContent()).resolves.toContain("matched by email");
    await page.goto(`${h.base}/app`);
    await page.waitForSelector(".connection--live");
    await page.getByRole("button", { name: "Customer look-up" }).click();
    await page.fill("#lookup-q", emailCustomer);
    await page.press("#lookup-q", "Enter");
    await page.locator(".lookup__match button", { hasText: "Open case" }).first().click();
    await page.locator(`main.case[data-case-id="${emailCase}"]`).waitFor();
    await h.screenshot(page, "dashboard-04-store-lookup");
  });

  it("sends an agent whose session ended back to sign-in with a clear message", async () => {
    const token = await page.evaluate(
      () => JSON.parse(sessionStorage.getItem("throughline.staff.session") ?? "{}").token as string,
    );
    const out = await fetch(`${h.base}/api/v1/auth/logout`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.status).toBe(204);
    await page.selectOption(".topbar__presence select", "online");
    await page.locator(".notice", { hasText: "Your session has expired" }).waitFor();
    await expect(page.locator("#login-password").isVisible()).resolves.toBe(true);
    await h.screenshot(page, "dashboard-05-session-expired");
    // The refused calls are the point of this test; nothing else may have gone wrong.
    expect(problems.filter((problem) => !/^401 |status of 401/.test(problem))).toEqual([]);
  });
});
