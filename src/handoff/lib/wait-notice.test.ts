import { describe, expect, it } from "vitest";
import { waitNotice } from "./wait-notice";

describe("waitNotice", () => {
  it("gives the place in line and an estimate called an estimate", () => {
    expect(waitNotice({ state: "queued", queueId: "q", queueName: "Returns", position: 3, estimatedWaitMinutes: 12 }, "web_chat")).toBe(
      "You're number 3 in line for our team; the estimated wait is about 12 minutes.",
    );
    expect(waitNotice({ state: "queued", queueId: "q", queueName: "Returns", position: 1, estimatedWaitMinutes: 1 }, "sms")).toBe(
      "You're next in line for our team; the estimated wait is about 1 minute.",
    );
  });

  it("says when and on which channel a person answers outside the queue's hours, in the queue's zone", () => {
    const text = waitNotice(
      {
        state: "closed_hours",
        queueId: "q",
        queueName: "Billing",
        position: 2,
        opensAt: new Date("2026-01-19T14:00:00Z"),
       
        timezone: "America/New_York",
        channel: "email",
      },
      "web_chat",
    );
    expect(text).toBe("Our team is away right now. A person will answer you by email from Monday 19 January at 9:00 AM New York time.");
  });

  it("says here when the answer comes on the channel the customer is using, and nothing outside a queue", () => {
    const text = waitNotice(
      { state: "closed_hours", queueId: "q", queueName: "B", position: 1, opensAt: new Date("2026-07-06T08:00:00Z"), timezone: "Europe/London", channel: "sms" },
      "sms",
    );
    expect(text).toContain("answer you here from Monday 6 July at 9:00 AM London time");
    expect(waitNotice({ state: "none" }, "sms")).toBeNull();
  });
});
