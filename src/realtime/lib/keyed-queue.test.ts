import { describe, expect, it } from "vitest";
import { createKeyedQueue } from "./keyed-queue";

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("keyed queue", () => {
  it("runs one key's tasks in order even when an earlier one is slower", async () => {
    const queue = createKeyedQueue();
    const seen: number[] = [];
    await Promise.all([
      queue.run("a", async () => {
        await later(20);
        seen.push(1);
      }),
      queue.run("a", async () => {
        seen.push(2);
      }),
    ]);
    expect(seen).toEqual([1, 2]);
  });

  it("lets other keys run meanwhile and keeps going after a failure", async () => {
    const queue = createKeyedQueue();
    const seen: string[] = [];
    const slow = queue.run("a", async () => {
      await later(20);
      seen.push("a1");
      throw new Error("boom");
    });
    const other = queue.run("b", async () => {
      seen.push("b1");
    });
    const after = queue.run("a", async () => {
      seen.push("a2");
      return 7;
    });
    await expect(slow).rejects.toThrow("boom");
    await other;
    expect(await after).toBe(7);
    expect(seen).toEqual(["b1", "a1", "a2"]);
    await later(0);
    expect(queue.size).toBe(0);
  });
});
