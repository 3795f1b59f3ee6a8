/// <reference lib="dom" />
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from "playwright-core";
import { stopThroughline, throughlineEnv } from "../throughline-process";

export const SCREENSHOTS = path.resolve(import.meta.dirname, "screenshots");

/** Debian's Chromium; flags for a container running as root without a GPU or a large /dev/shm. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"];
const START_TIMEOUT_MS = Number(process.env.BROWSER_SERVER_START_MS ?? 300_000);

export type BrowserHarness = {
  base: string;
  apiKey: string;
  widgetKey: string;
  browser: Browser;
  api<T>(method: string, url: string, body?: unknown): Promise<T>;
  newPage(options?: {
    viewport?: { width: number; height: number };
    isMobile?: boolean;
  }): Promise<{ context: BrowserContext; page: Page; problems: string[] }>;
  screenshot(page: Page, name: string): Promise<void>;
  /** Everything the server printed so far (its URLs, the SMTP listener's port). */
  output(): string;
  close(): Promise<void>;
};

/**
 * The real `throughline serve` on a fresh embedded database (demo workspace seeded, a known
 * admin key), and one headless Chromium. Every page records console errors and CSP violations
 * in `problems`, which tests assert to be empty.
 */
export async function openBrowserHarness(options: { env?: Record<string, string> } = {}): Promise<BrowserHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-browser-"));
  const apiKey = `tl_test_${randomBytes(24).toString("hex")}`;
  // The real command, as an operator starts it; always the embedded database.
  const child = spawn(
    process.execPath,
    [path.resolve(import.meta.dirname, "../../bin/throughline.mjs"), "serve"],
    {
      env: throughlineEnv(dataDir, {
        THROUGHLINE_BOOTSTRAP_API_KEY: apiKey,
        SEED_DEMO: "true",
        DATABASE_URL: undefined,
        ...options.env,
      }),
      stdio: "pipe",
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const base = await new Promise<string>((resolve, reject) => {
    // First start seeds the demo and trains the language model: slow on a busy machine.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), START_TIMEOUT_MS);
    child.stdout.on("data", () => {
      const match = output.match(/Health:\s+(http:\/\/\S+)\/health/);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve(match[1]);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const api = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const { publicKey } = await api<{ publicKey: string }>("GET", "/api/v1/workspace/widget-keys");
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });

  return {
    base,
    apiKey,
    widgetKey: publicKey,
    browser,
    api,
    async newPage(options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 860 },
        isMobile: options.isMobile,
        hasTouch: options.isMobile,
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(`${message.text()} (${message.location().url})`);
      });
      page.on("pageerror", (error) => problems.push(String(error)));
      page.on("response", (response) => {
        if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
      });
      return { context, page, problems };
    },
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    },
    output: () => output,
    async close() {
      await browser.close();
      await stopThroughline(child, "SIGTERM");
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The chat frame inside the widget; it exists once the shopper reached for the launcher. */
export async function chatFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector("[data-throughline] iframe", { state: "attached" });
  const frame = await handle.contentFrame();
  if (!frame) throw new Error("chat frame has no content");
  await frame.waitForSelector("textarea#tl-message");
  return frame;
}

/** Messages as the shopper sees them: author class, text and delivery state. */
export async function visibleMessages(frame: Frame) {
  return frame.$$eval("li.message", (items) =>
    items.map((item) => ({
      author: item.className.replace(/.*message--/, ""),
      text: item.querySelector(".message__bubble")?.textContent ?? "",
      state: item.getAttribute("data-state"),
    })),
  );
}
