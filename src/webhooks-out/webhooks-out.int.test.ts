import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver as startReceiver } from "./test-support/webhook-receiver";
import {
  createTestContext,
  createWorkspace,
  manualClock,
  uniqueEmail,
  type TestContext,
  type WorkspaceFixture,
} from "../../test/helpers";

// Signatures are checked against the receiver's real time, so the test clock starts at now.
const clock = manualClock(new Date());
let ctx: TestContext;
let ws: WorkspaceFixture;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  ws = await createWorkspace(ctx.services);
});
afterAll(() => ctx.close());

const api = (
  method: "GET" | "POST" | "PATCH" | "DELETE",
  url: string,
  payload?: unknown,
  headers = ws.headers,
) =>
  ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const deliverAll = async () => {
  await ctx.services.webhooksOut.idle();
  return ctx.services.outbox.drainDue();
};

const customerWrites = (text: string) =>
  api("POST", "/inbound", { channel: "email", identities: [{ kind: "email", value: uniqueEmail() }], text });

describe("outbound webhooks", () => {
  it("delivers signed events, retries a failing receiver under the same webhook-id, and replays on request", async () => {
    let status = 500;
    const receiver = await startReceiver(() => status);
    try {
      const created = await api("POST", "/webhooks/endpoints", {
        url: receiver.url,
        eventTypes: ["message.received", "case.opened"],
        description: "order system",
      });
      expect(created.statusCode).toBe(201);
      const endpoint = created.json();
      expect(endpoint.secret).toMatch(/^whsec_/);
      receiver.useSecret(endpoint.secret);

      // 1. A customer writes: a case opens and a message arrives — two events for this endpoint.
      expect((await customerWrites("Where is my parcel?")).statusCode).toBe(201);
      // 2. The receiver is down: nothing is delivered, both are retried later.
      expect(await deliverAll()).toBe(0);
      expect(receiver.received).toHaveLength(2);
      const firstIds = receiver.received.map((r) => r.id).sort();
      const failed = await api("GET", "/webhooks/deliveries?status=pending");
      expect(failed.json().deliveries).toHaveLength(2);
      expect(failed.json().deliveries[0]).toMatchObject({
        attempts: 1,
        lastError: expect.stringContaining("500"),
      });

      // 3. The receiver recovers; after the back-off both arrive, with the ids of the first attempt.
      status = 200;
      clock.advance(10_000);
      expect(await deliverAll()).toBe(2);
      const retried = receiver.received.slice(2);
      expect(retried.map((r) => r.id).sort()).toEqual(firstIds);
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      expect(retried.map((r) => r.body.type).sort()).toEqual(["case.opened", "message.received"]);
      const message = retried.find((r) => r.body.type === "message.received")!;
      expect(message.body.data).toMatchObject({ channel: "email", caseId: expect.stringMatching(/^case_/) });
      // Ids only: the customer's words and address stay in Throughline.
      expect(JSON.stringify(receiver.received)).not.toContain("parcel");

      // 4. Nothing is delivered twice once acknowledged.
      clock.advance(60_000);
      expect(await deliverAll()).toBe(0);
      const delivered = await api("GET", `/webhooks/deliveries/${message.id}`);
      expect(delivered.json()).toMatchObject({
        status: "delivered",
        attempts: 2,
        endpointId: endpoint.id,
        type: "message.received",
      });

      // 5. A replay sends it again under the same id.
      const replay = await api("POST", `/webhooks/deliveries/${message.id}/replay`);
      expect(replay.statusCode).toBe(202);
      expect(await deliverAll()).toBe(1);
      expect(receiver.received.at(-1)!.id).toBe(message.id);
      expect(receiver.received.at(-1)!.verified).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it("sends only subscribed types, to enabled endpoints, signed with the current secret", async () => {
    const receiver = await startReceiver(() => 204);
    try {
      const endpoint = (
        await api("POST", "/webhooks/endpoints", { url: receiver.url, eventTypes: ["case.escalated"] })
      ).json();
      receiver.useSecret(endpoint.secret);
      await customerWrites("hello");
      await deliverAll();
      expect(receiver.received).toHaveLength(0);

      const kase = (await customerWrites("I want a human")).json().case;
      const escalate = await api("PATCH", `/cases/${kase.id}`, { status: "escalated" });
      expect(escalate.statusCode).toBe(200);
      const rotated = (await api("POST", `/webhooks/endpoints/${endpoint.id}/secret`)).json();
      receiver.useSecret(rotated.secret);
      await deliverAll();
      expect(receiver.received.map((r) => [r.body.type, r.body.data.caseId, r.verified])).toEqual([
        ["case.escalated", kase.id, true],
      ]);

      const disabled = await api("PATCH", `/webhooks/endpoints/${endpoint.id}`, { enabled: false });
      expect(disabled.json().enabled).toBe(false);
      const other = (await customerWrites("again")).json().case;
      await api("PATCH", `/cases/${other.id}`, { status: "escalated" });
      await deliverAll();
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it("marks a delivery dead when the receiver answers 410 Gone, and when its endpoint is deleted", async () => {
    const receiver = await startReceiver(() => 410);
    try {
      const endpoint = (
        await api("POST", "/webhooks/endpoints", { url: receiver.url, eventTypes: ["case.opened"] })
      ).json();
      receiver.useSecret(endpoint.secret);
      await customerWrites("first");
      await deliverAll();
      const [gone] = (await api("GET", "/webhooks/deliveries?status=dead")).json().deliveries;
      expect(gone).toMatchObject({
        endpointId: endpoint.id,
        attempts: 1,
        lastError: expect.stringContaining("410"),
      });

      clock.advance(1000);
      await customerWrites("second");
      await ctx.services.webhooksOut.idle();
      expect((await api("DELETE", `/webhooks/endpoints/${endpoint.id}`)).statusCode).toBe(204);
      await ctx.services.outbox.drainDue();
      const dead = (await api("GET", "/webhooks/deliveries?status=dead")).json().deliveries;
      expect(dead[0]).toMatchObject({ lastError: expect.stringContaining("deleted") });
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it("names the field of bad input and keeps other workspaces out", async () => {
    const badUrl = await api("POST", "/webhooks/endpoints", {
      url: "ftp://example.com/x",
      eventTypes: ["case.opened"],
    });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().error.field).toBe("url");
    const badType = await api("POST", "/webhooks/endpoints", {
      url: "https://example.com/x",
      eventTypes: ["case.deleted"],
    });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().error.field).toMatch(/^eventTypes/);

    const mine = (
      await api("POST", "/webhooks/endpoints", { url: "https://example.com/x", eventTypes: ["case.opened"] })
    ).json();
    const listed = await api("GET", "/webhooks/endpoints");
    expect(listed.body).not.toContain(mine.secret);
    const [anyDelivery] = (await api("GET", "/webhooks/deliveries")).json().deliveries;

    const other = await createWorkspace(ctx.services, "Other Retail");
    expect((await api("GET", `/webhooks/endpoints/${mine.id}`, undefined, other.headers)).statusCode).toBe(
      404,
    );
    expect((await api("DELETE", `/webhooks/endpoints/${mine.id}`, undefined, other.headers)).statusCode).toBe(
      404,
    );
    expect((await api("GET", "/webhooks/deliveries", undefined, other.headers)).json().deliveries).toEqual(
      [],
    );
    expect(
      (await api("POST", `/webhooks/deliveries/${anyDelivery.id}/replay`, undefined, other.headers))
        .statusCode,
    ).toBe(404);
  });
});
