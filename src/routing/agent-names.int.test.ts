import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, createWorkspace, type TestContext } from "../../test/helpers";
import { api, signIn } from "./test-support/team";

/** The agent list names each agent, so a transfer can be aimed at a person rather than an id. */
let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t?.close());

describe("GET /agents", () => {
  it("lists each agent with their name, and only this workspace's agents", async () => {
    const ws = await createWorkspace(t.services);
    const other = await createWorkspace(t.services);
    const sam = await signIn(t, ws, "Sam Rivera");
    const lee = await signIn(t, ws, "Lee Park");
    const stranger = await signIn(t, other, "Outside Person");
    for (const member of [sam, lee, stranger])
      await api(t, member.headers, "PUT", "/agents/me/presence", { presence: "online" });

    const { agents } = await api<{ agents: { userId: string; name?: string }[] }>(
      t,
      sam.headers,
      "GET",
      "/agents",
    );
    expect(agents.map((agent) => [agent.userId, agent.name]).sort()).toEqual(
      [
        [sam.userId, "Sam Rivera"],
        [lee.userId, "Lee Park"],
      ].sort(),
    );
  });
});
