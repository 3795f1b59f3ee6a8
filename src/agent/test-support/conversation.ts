import { expect } from "vitest";
import { createWorkspace, uniqueEmail, type TestContext, type WorkspaceFixture } from "../../../test/helpers";
import { seedRetail } from "./retail-fixture";

export type Reply = {
  caseId: string;
  customerId: string;
  turnId: string;
  replies: { text: string }[];
  understanding: {
    intent: string;
    confidence: number;
    entities: { type: string; value: string }[];
    sentiment: { score: number; frustration: number };
    sentimentTrend: string;
    resolved: Record<string, string>;
  };
  decision: string;
  reason: string;
  escalated: boolean;
  caseStatus: string;
  engine: string;
  verified: boolean;
};

export type Shop = {
  ws: WorkspaceFixture;
  maya: string;
  jane: string;
  send(from: string, text: string, extra?: Record<string, unknown>): Promise<Reply>;
  /** A shopper already verified (as if signed in on the retailer's site). */
  verified(email: string): Promise<string>;
};

/** A fresh workspace with stores, a catalogue and orders, and a way to talk to the agent over REST. */
export async function openShop(t: TestContext): Promise<Shop> {
  const ws = await createWorkspace(t.services);
  const maya = uniqueEmail("maya");
  const jane = uniqueEmail("jane");
  await seedRetail(t.services, ws.workspaceId, { maya, jane });
  return {
    ws,
    maya,
    jane,
    async send(from, text, extra = {}) {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/v1/channels/rest/messages",
        headers: ws.headers,
        payload: { sender: [{ kind: "email", value: from }], text, ...extra },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as Reply;
    },
    async verified(email) {
      const customer = await t.services.customers.create(ws.workspaceId, { identities: [{ kind: "email", value: email }] });
      const identity = customer.identities[0];
      if (!identity) throw new Error("no identity");
      await t.services.customers.verifyIdentity(ws.workspaceId, customer.id, identity.id, "signed_token", "test");
      return customer.id;
    },
  };
}

export const say = (r: Reply) => r.replies.map((x) => x.text).join("\n");
