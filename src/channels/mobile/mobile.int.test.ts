import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueEmail } from "../../../test/helpers";
import { seedRetail } from "../../agent/test-support/retail-fixture";
import { openRealtimeHarness, type RealtimeHarness } from "../../realtime/test-support/realtime-harness";
import { isAckFor, isEvent, type Frame } from "../../realtime/test-support/ws-client";

// The mobile app: the realtime protocol with device identity, location and screen as context.
let h: RealtimeHarness;
const UPPER_WEST_SIDE = { latitude: 40.7812, longitude: -73.9797 };

beforeAll(async () => {
  h = await openRealtimeHarness();
  await seedRetail(h.t.services, h.ws.workspaceId, { maya: uniqueEmail("maya"), jane: uniqueEmail("jane") });
  await h.t.services.agent.warmUp();
});
afterAll(async () => h?.close());

const aiReply = (frame: Frame) => isEvent("message")(frame) && (frame.message as { author: string }).author === "ai";
const textOf = (frame: Frame) => (frame.message as { text: string }).text;

describe("mobile channel", () => {
  it("registers the device and push token at hello and over REST", async () => {
    const { welcome } = await h.hello(
      { device: { id: "install-1", platform: "ios", pushToken: "apns-token-1" } },
      { channel: "mobile" },
    );
    expect(welcome.channel).toBe("mobile");
    const row = async () =>
      (
        await h.t.database.query<{ device_id: string; device_platform: string; push_token: string | null }>(
          "SELECT device_id, device_platform, push_token FROM realtime_conversations WHERE id = $1",
          [welcome.conversationId],
        )
      )[0];
    expect(await row()).toEqual({ device_id: "install-1", device_platform: "ios", push_token: "apns-token-1" });

    const updated = await h.t.app.inject({
      method: "PUT",
      url: "/api/v1/channels/mobile/device",
      payload: { workspace: h.ws.slug, resumeToken: welcome.resumeToken, device: { id: "install-1", pushToken: "apns-token-2" } },
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toEqual({ conversationId: welcome.conversationId });
    expect((await row())?.push_token).toBe("apns-token-2");

    const guessed = await h.t.app.inject({
      method: "PUT",
      url: "/api/v1/channels/mobile/device",
      payload: { workspace: h.ws.slug, resumeToken: "rt_guess", device: { id: "install-1" } },
    });
    expect(guessed.statusCode).toBe(404);
    expect(guessed.json().error.code).toBe("REALTIME_CONVERSATION_UNKNOWN");
    const missing = await h.t.app.inject({
      method: "PUT",
      url: "/api/v1/channels/mobile/device",
      payload: { workspace: h.ws.slug, resumeToken: welcome.resumeToken, device: {} },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toMatch(/device\.id/);
  });

  it("finds the nearest store from the phone's location, concisely", async () => {
    const { socket } = await h.hello({ device: { id: "install-2" } }, { channel: "mobile" });
    const clientId = randomUUID();
    socket.send({
      type: "message",
      clientId,
      text: "where is your nearest store?",
      context: { location: UPPER_WEST_SIDE, screen: "stores" },
    });
    await socket.next(isAckFor(clientId));
    const reply = await socket.next(aiReply);
    expect(textOf(reply)).toMatch(/^Your nearest store is Upper West Side/);
    expect(textOf(reply)).not.toContain("\n");
    const stored = await h.t.database.query<{ metadata: { context: Record<string, unknown> } }>(
      "SELECT metadata FROM messages WHERE metadata->'realtime'->>'clientId' = $1",
      [clientId],
    );
    expect(stored[0]?.metadata.context).toEqual({ location: UPPER_WEST_SIDE, screen: "stores" });
  });

  it("answers which nearby store has the product on screen in stock", async () => {
    const { socket } = await h.hello({ device: { id: "install-3" } }, { channel: "mobile" });
    const clientId = randomUUID();
    socket.send({
      type: "message",
      clientId,
      text: "which store near me has this in stock in medium blue?",
      context: { location: UPPER_WEST_SIDE, page: { productId: "P-JACKET" }, screen: "product/P-JACKET" },
    });
    const reply = await socket.next(aiReply);
    expect(textOf(reply)).toMatch(/Upper West Side/);
    expect(textOf(reply)).not.toMatch(/Soho/);
    expect(textOf(reply).length).toBeLessThanOrEqual(320);
  });
});
