import { describe, expect, it } from "vitest";
import { isDangerousAttachment } from "./dangerous-attachment";

describe("isDangerousAttachment", () => {
  it("flags executables, scripts and markup, also behind a double extension or trailing dots", () => {
    expect(isDangerousAttachment("invoice.pdf.exe", "application/pdf")).toBe(true);
    expect(isDangerousAttachment("setup.EXE. ", "application/octet-stream")).toBe(true);
    expect(isDangerousAttachment("page.html", "text/plain")).toBe(true);
    expect(isDangerousAttachment("x", "text/html; charset=utf-8")).toBe(true);
    expect(isDangerousAttachment("logo.svg", "image/svg+xml")).toBe(true);
  });
  it("lets ordinary documents and photos through", () => {
    expect(isDangerousAttachment("receipt.pdf", "application/pdf")).toBe(false);
    expect(isDangerousAttachment("IMG_0001.JPG", "image/jpeg")).toBe(false);
    expect(isDangerousAttachment("exe", "text/plain")).toBe(false);
    expect(isDangerousAttachment("", "")).toBe(false);
  });
});
