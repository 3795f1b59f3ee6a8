import { describe, expect, it } from "vitest";
import { webhookUrl } from "./webhook-url";

describe("webhookUrl", () => {
  it("rebuilds the URL from the scheme and host the server saw, query string included", () => {
    expect(webhookUrl({ protocol: "http", host: "127.0.0.1:3000", url: "/api/v1/x/voice/gather?turn=2" })).toBe(
      "http://127.0.0.1:3000/api/v1/x/voice/gather?turn=2",
    );
  });

  it("prefers the configured public base URL, keeping its path prefix and dropping a trailing slash", () => {
    expect(
      webhookUrl({ publicBaseUrl: "https://support.example.com/tl/", protocol: "http", host: "10.0.0.5", url: "/api/v1/x/sms" }),
    ).toBe("https://support.example.com/tl/api/v1/x/sms");
  });

  it("gives nothing for a missing or malformed host rather than a URL no provider signed", () => {
    expect(webhookUrl({ protocol: "https", host: undefined, url: "/a" })).toBeUndefined();
    expect(webhookUrl({ protocol: "https", host: "", url: "/a" })).toBeUndefined();
    expect(webhookUrl({ protocol: "https", host: "evil.com/x", url: "/a" })).toBeUndefined();
    expect(webhookUrl({ protocol: "https", host: "user@evil.com", url: "/a" })).toBeUndefined();
  });
});
