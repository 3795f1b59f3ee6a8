import { randomBytes } from "node:crypto";
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
  /** From an email; a shopper made `verified` also presents their signed-in session. */
  send(from: string, text: string, extra?: Record<string, unknown>): Promise<Reply>;
  /** A shopper signed in on the retailer's site: their session id is verified by a signed token. */
  verified(email: string): Promise<string>;
};

/** A fresh workspace with stores, a catalogue and orders, and a way to talk to the agent over REST. */
export async function openShop(t: TestContext): Promise<Shop> {
  const ws = await createWorkspace(t.services);
  const maya = uniqueEmail("maya");
  const jane = uniqueEmail("jane");
  await seedRetail(t.services, ws.workspaceId, { maya, jane });
  const sessions = new Map<string, string>();
  return {
    ws,
    maya,
    jane,
    async send(from, text, extra = {}) {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/v1/channels/rest/messages",
        headers: ws.headers,
        payload: { sender: senderOf(from, sessions.get(from)), text, ...extra },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as Reply;
    },
    async verified(email) {
      const session = `session-${randomBytes(6).toString("hex")}`;
      const customer = await t.services.customers.create(ws.workspaceId, {
        identities: [
          { kind: "email", value: email },
          { kind: "device", value: session },
        ],
      });
      const identity = customer.identities.find((i) => i.kind === "device");
      if (!identity) throw new Error("no session identity");
      await t.services.customers.verifyIdentity(ws.workspaceId, customer.id, identity.id, "signed_token", "test");
      sessions.set(email, session);
      return customer.id;
    },
  };
}

const senderOf = (email: string, session: string | undefined) => [
  { kind: "email", value: email },
  ...(session ? [{ kind: "device", value: session }] : []),
];

export const say = (r: Reply) => r.replies.map((x) => x.text).join("\n");
