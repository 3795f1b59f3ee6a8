import { describe, expect, it } from "vitest";
import { callerPhone } from "./caller-phone";

describe("callerPhone", () => {
  it("reads E.164 from SMS and WhatsApp addresses", () => {
    expect(callerPhone("+14155550123")).toBe("+14155550123");
    expect(callerPhone("whatsapp:+447911123456")).toBe("+447911123456");
    expect(callerPhone("WhatsApp:+14155550123")).toBe("+14155550123");
  });

  it("gives nothing for withheld, short-code, client and malformed senders", () => {
    for (const address of [undefined, "", "anonymous", "+266696687", "12345", "client:alice", "+1415"])
      expect(callerPhone(address)).toBeUndefined();
  });
});
