/// <reference lib="dom" />
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { chatFrame, openBrowserHarness, visibleMessages, type BrowserHarness } from "./browser-harness";

/**
 * A shopper on the demo storefront, in headless Chromium, against the real server. Screenshots
 * land in test/browser/screenshots/ for a person to look at.
 */
let h: BrowserHarness;

beforeAll(async () => {
  h = await openBrowserHarness();
});
afterAll(() => h?.close());

type CaseMessage = {
  body: string;
  direction: string;
  channel: string;
  metadata: { context?: { page?: Record<string, string> } };
};

/** Every web-chat message the workspace has, newest case first, as staff read them over REST. */
async function webChatMessages(): Promise<CaseMessage[]> {
  const { cases } = await h.api<{ cases: { id: string }[] }>("GET", "/api/v1/cases?limit=50");
  const all: CaseMessage[] = [];
  for (const item of cases) {
    const { messages } = await h.api<{ messages: CaseMessage[] }>("GET", `/api/v1/cases/${item.id}/messages`);
    all.push(...messages.filter((message) => message.channel === "web_chat"));
  }
  return all;
}

async function waitForInbound(text: string): Promise<CaseMessage> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const found = (await webChatMessages()).find(
      (message) => message.direction === "inbound" && message.body === text,
    );
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no stored message "${text}"`);
}

const launcher = (page: Page) => page.locator("[data-throughline] button.launcher");

async function ask(page: Page, text: string) {
  const frame = await chatFrame(page);
  const before = (await visibleMessages(frame)).filter((message) => message.author !== "customer").length;
  await frame.fill("textarea#tl-message", text);
  await frame.press("textarea#tl-message", "Enter");
  await frame.waitForFunction(
    (count) => document.querySelectorAll("li.message:not(.message--customer)").length > count,
    before,
    { timeout: 30_000 },
  );
  return frame;
}

describe("chat widget on the demo storefront", () => {
  it("opens from the launcher on a product page, answers a question, and files the page context on the case", async () => {
    const { page, problems, context } = await h.newPage();
    await page.goto(`${h.base}/demo/store/products/P-JKT-RAIN`);
    await expect(launcher(page).getAttribute("aria-expanded")).resolves.toBe("false");
    // Lazy: no chat frame until the shopper reaches for the launcher.
    expect(await page.locator("[data-throughline] iframe").count()).toBe(0);
    await h.screenshot(page, "01-product-page-launcher");

    await launcher(page).click();
    await expect(launcher(page).getAttribute("aria-expanded")).resolves.toBe("true");
    const frame = await ask(page, "What is your return policy?");
    const messages = await visibleMessages(frame);
    expect(messages[0]).toMatchObject({
      author: "customer",
      text: "What is your return policy?",
      state: "sent",
    });
    const answer = messages.find((message) => message.author === "ai");
    expect(answer?.text).toMatch(/return/i);
    await h.screenshot(page, "02-chat-answer");

    const stored = await waitForInbound("What is your return policy?");
    const selected = await page.textContent("#sku");
    expect(stored.metadata.context?.page).toMatchObject({
      url: `${h.base}/demo/store/products/P-JKT-RAIN`,
      title: "Trail Rain Jacket · Northwind Outfitters",
      productId: "P-JKT-RAIN",
      sku: selected,
    });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("reports in-app navigation: a variant chosen through the History API changes the SKU on the next message", async () => {
    const { page, problems, context } = await h.newPage();
    await page.goto(`${h.base}/demo/store/products/P-SHOE-TRAIL`);
    await launcher(page).click();
    await ask(page, "Do these run true to size?");
    await page.keyboard.press("Escape");
    await page.waitForSelector('[data-throughline] button.launcher[aria-expanded="false"]');
    // pushState, no page load: only the widget's navigation hook can notice.
    await page.click('a.variant[data-sku="SHOE-TRAIL-11-BLUE"]');
    await page.waitForURL(/sku=SHOE-TRAIL-11-BLUE/);
    await launcher(page).click();
    await ask(page, "Is this one in stock at Union Square?");
    const first = await waitForInbound("Do these run true to size?");
    expect(first.metadata.context?.page?.sku).not.toBe("SHOE-TRAIL-11-BLUE");
    const stored = await waitForInbound("Is this one in stock at Union Square?");
    expect(stored.metadata.context?.page).toMatchObject({
      productId: "P-SHOE-TRAIL",
      sku: "SHOE-TRAIL-11-BLUE",
    });
    expect(stored.metadata.context?.page?.url).toContain("sku=SHOE-TRAIL-11-BLUE");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("keeps the conversation across a reload and renders hostile text as text", async () => {
    const { page, problems, context } = await h.newPage();
    await page.goto(`${h.base}/demo/store/cart`);
    await launcher(page).click();
    const hostile = `<img src=x onerror="document.title='pwned'"> what are your store hours?`;
    await ask(page, hostile);
    const before = await visibleMessages(await chatFrame(page));

    await page.reload();
    await launcher(page).click();
    const frame = await chatFrame(page);
    await frame.waitForFunction(
      (count) => document.querySelectorAll("li.message").length >= count,
      before.length,
    );
    const after = await visibleMessages(frame);
    expect(after.slice(0, before.length).map((m) => m.text)).toEqual(before.map((m) => m.text));
    expect(after[0]?.text).toBe(hostile);
    expect(await frame.locator("li.message img").count()).toBe(0);
    expect(await frame.title()).not.toBe("pwned");
    await h.screenshot(page, "03-history-after-reload");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("queues a message typed offline, shows it as not sent, and delivers it when the network returns", async () => {
    const { page, problems, context } = await h.newPage();
    await page.goto(`${h.base}/demo/store`);
    await launcher(page).click();
    const frame = await chatFrame(page);
    await frame.waitForFunction(() => !document.querySelector(".chat__status")?.textContent);

    await context.setOffline(true);
    await frame.waitForSelector(".chat__status:has-text('offline')");
    await frame.fill("textarea#tl-message", "Do you sell gift cards?");
    await frame.press("textarea#tl-message", "Enter");
    await frame.waitForSelector("li.message[data-state='queued']");
    await h.screenshot(page, "04-offline-queued");

    await context.setOffline(false);
    await frame.waitForSelector("li.message--customer[data-state='sent']", { timeout: 30_000 });
    await frame.waitForSelector("li.message--ai", { timeout: 30_000 });
    const stored = (await webChatMessages()).filter((message) => message.body === "Do you sell gift cards?");
    expect(stored).toHaveLength(1);
    // Network errors while offline are the browser's own reports, not the page's.
    expect(problems.filter((problem) => !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(problem))).toEqual([]);
    await context.close();
  });

  it("works with the keyboard alone: reach the launcher, type, send, close with Escape", async () => {
    const { page, problems, context } = await h.newPage();
    await page.goto(`${h.base}/demo/store`);
    let onLauncher = false;
    for (let step = 0; step < 200 && !onLauncher; step++) {
      await page.keyboard.press("Tab");
      onLauncher = await page.evaluate(
        () => document.activeElement?.hasAttribute("data-throughline") ?? false,
      );
    }
    expect(onLauncher).toBe(true);
    await page.keyboard.press("Enter");
    const frame = await chatFrame(page);
    await frame.waitForFunction(() => document.activeElement?.id === "tl-message");
    await page.keyboard.type("Where is your nearest store?");
    await page.keyboard.press("Enter");
    await frame.waitForSelector("li.message--customer[data-state='sent']", { timeout: 30_000 });
    await h.screenshot(page, "05-keyboard");
    await page.keyboard.press("Escape");
    // The frame asks the page to close the panel: a message, so wait for it.
    await page.waitForSelector('[data-throughline] button.launcher[aria-expanded="false"]');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-throughline"))).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("fills a phone screen and closes from its own header", async () => {
    const { page, problems, context } = await h.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    await page.goto(`${h.base}/demo/store/products/P-EAR-PRO`);
    await h.screenshot(page, "06-phone-product");
    await launcher(page).click();
    const frame = await ask(page, "How long does the battery last?");
    const box = await page.locator("[data-throughline] .panel").boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
    await h.screenshot(page, "07-phone-chat");
    await frame.click("button[aria-label='Close chat']");
    await launcher(page).waitFor({ state: "visible" });
    expect(await launcher(page).getAttribute("aria-expanded")).toBe("false");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("embeds on a retailer's own site only once that site's origin is allowed", async () => {
    // 1. A retailer's page on another origin with the one script tag.
    const shop = http.createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(
        `<!doctype html><html><head><title>Retailer page</title><meta name="throughline:sku" content="TEE-ORG-M-WHITE"></head>` +
          `<body><h1>Retailer</h1><script src="${h.base}/widget.js" data-workspace="${h.widgetKey}" async></script></body></html>`,
      );
    });
    await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
    try {
      // 2. Not in the workspace's widget origins: the browser refuses to frame the chat.
      const blocked = await h.newPage();
      await blocked.page.goto(origin);
      await launcher(blocked.page).click();
      await blocked.page.waitForTimeout(1500);
      const frame = blocked.page.frames().find((candidate) => candidate.url().includes("/widget/chat"));
      expect(frame ? await frame.locator("textarea#tl-message").count() : 0).toBe(0);
      expect(blocked.problems.join("\n")).toMatch(/frame-ancestors/);
      await blocked.context.close();

      // 3. The admin allows the site: the same page now chats.
      await h.api("PATCH", "/api/v1/workspace/settings", { widgetOrigins: [origin] });
      const allowed = await h.newPage();
      await allowed.page.goto(origin);
      await launcher(allowed.page).click();
      await ask(allowed.page, "Is this t-shirt organic cotton?");
      const stored = await waitForInbound("Is this t-shirt organic cotton?");
      expect(stored.metadata.context?.page).toMatchObject({ url: `${origin}/`, sku: "TEE-ORG-M-WHITE" });
      await h.screenshot(allowed.page, "08-retailer-site");
      expect(allowed.problems).toEqual([]);
      await allowed.context.close();
    } finally {
      shop.close();
    }
  });
});
