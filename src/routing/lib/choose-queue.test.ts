import { describe, expect, it } from "vitest";
import type { Queue } from "../routing.types";
import { chooseQueue } from "./choose-queue";

const queue = (id: string, extra: Partial<Queue> = {}): Queue => ({
  id,
  name: id,
  skills: [],
  channels: [],
  languages: [],
  timezone: "UTC",
  hours: {},
  holidays: [],
  slaSeconds: 600,
  afterHoursChannel: null,
  isDefault: false,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...extra,
});

const need = { skill: "returns", channel: "chat" as const, language: "en" };

describe("chooseQueue", () => {
  it("prefers the queue that names the skill over one open to every skill", () => {
    const chosen = chooseQueue([queue("any"), queue("returns", { skills: ["returns"] })], need);
    expect(chosen).toEqual({ queue: expect.objectContaining({ id: "returns" }), skill: "returns" });
  });

  it("skips queues for another channel or language", () => {
    const queues = [
      queue("voice-returns", { skills: ["returns"], channels: ["voice"] }),
      queue("spanish-returns", { skills: ["returns"], languages: ["es"] }),
      queue("general", { isDefault: true }),
    ];
    expect(chooseQueue(queues, need)).toEqual({ queue: expect.objectContaining({ id: "general" }), skill: "general" });
  });

  it("falls back to the default queue and needs the general skill there", () => {
    const queues = [queue("billing", { skills: ["billing"] }), queue("fallback", { skills: ["general"], isDefault: true })];
    expect(chooseQueue(queues, need)).toEqual({ queue: expect.objectContaining({ id: "fallback" }), skill: "general" });
  });

  it("finds nothing when no queue matches and none is the default", () => {
    expect(chooseQueue([queue("billing", { skills: ["billing"] })], need)).toBeNull();
    expect(chooseQueue([], need)).toBeNull();
  });
});
