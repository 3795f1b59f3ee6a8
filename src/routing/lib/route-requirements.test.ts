import { describe, expect, it } from "vitest";
import { routeRequirements } from "./route-requirements";

describe("routeRequirements", () => {
  it("sends a return to the returns skill on chat in English", () => {
    expect(routeRequirements({ intent: "return_request", channel: "web_chat", locale: "en-US" })).toEqual({
      skill: "returns",
      channel: "chat",
      language: "en",
    });
  });

  it("counts SMS and WhatsApp as one messaging channel and a call as voice", () => {
    expect(routeRequirements({ intent: null, channel: "whatsapp", locale: null }).channel).toBe("sms");
    expect(routeRequirements({ intent: null, channel: "voice", locale: null }).channel).toBe("voice");
  });

  it("falls back to general skill and English for an unknown intent and locale", () => {
    expect(routeRequirements({ intent: "complaint", channel: "email", locale: "" })).toEqual({
      skill: "general",
      channel: "email",
      language: "en",
    });
    expect(routeRequirements({ intent: "invoice", channel: "email", locale: "es_MX" }).language).toBe("es");
  });
});
