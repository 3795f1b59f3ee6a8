import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace } from "../../../test/helpers";
import { newSid } from "../twilio/test-support/twilio-api-server";
import { openTwilioHarness, type Harness, type TwilioWorkspace } from "../twilio/test-support/twilio-harness";
import { postSigned } from "../twilio/test-support/signed-webhook";
import inboundSms from "./fixtures/inbound-sms.json";
import inboundWhatsapp from "./fixtures/inbound-whatsapp.json";

// Staff replies written in the workspace reach a texting customer through the provider's
// Messages API (a local server speaking it), queued in the reply's transaction like the AI's.

let h: Harness;
let ws: TwilioWorkspace;

const phone = () => `+1212555${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
const sentTo = (to: string) => h.api.sent.filter((m) => m.form.To === to);
const waitFor = async (check: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 1200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

async function textIn(from: string, body: string, fixture: Record<string, string> = inboundSms) {
  const params = { ...fixture, AccountSid: ws.accountSid, MessageSid: newSid("SM"), From: from, Body: body };
  expect((await postSigned(`${ws.base}/sms`, params, ws.authToken)).status).toBe(200);
  // The AI answers first; the staff reply below is a second, separate message.
  await waitFor(() => sentTo(from).length >= 1, "the AI's reply");
  const [row] = await h.database.query<{ case_id: string }>(
    "SELECT case_id FROM messages WHERE workspace_id = $1 AND external_id = $2",
    [ws.workspaceId, params.MessageSid],
  );
  if (!row) throw new Error("inbound text not stored");
  return row.case_id;
}

const staffReply = (caseId: string, payload: Record<string, unknown>, headers = ws.headers) =>
  h.app.inject({ method: "POST", url: `/api/v1/cases/${caseId}/messages`, headers, payload });

beforeAll(async () => {
  h = await openTwilioHarness();
  await h.services.agent.warmUp();
  ws = await h.workspace();
}, 300_000);
afterAll(async () => h?.close());

describe("staff replies on SMS and WhatsApp", () => {
  it("sends a staff reply on an SMS case from the number the customer texted, once", async () => {
    const from = phone();
    const caseId = await textIn(from, "where is my parcel?");
    const response = await staffReply(caseId, { body: "Hi, Sam from the team here: it left our warehouse today." });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ channel: "sms", direction: "outbound", authorKind: "agent" });

    await waitFor(() => sentTo(from).some((m) => m.form.Body?.startsWith("Hi, Sam")), "the staff reply");
    const staff = sentTo(from).filter((m) => m.form.Body?.startsWith("Hi, Sam"));
    expect(staff).toHaveLength(1);
    expect(staff[0]?.form.From).toBe("+14155550100");
    expect(staff[0]?.form.StatusCallback).toBe(`${ws.base}/status`);
    // Running the outbox again sends nothing more: the effect is keyed by the reply.
    await h.services.outbox.drainDue();
    expect(sentTo(from).filter((m) => m.form.Body?.startsWith("Hi, Sam"))).toHaveLength(1);
  });

  it("answers a WhatsApp case back on WhatsApp", async () => {
    const number = phone();
    const caseId = await textIn(`whatsapp:${number}`, "hello", { ...inboundWhatsapp, WaId: number.slice(1) });
    const response = await staffReply(caseId, { body: "Staff here on WhatsApp." });
    expect(response.statusCode, response.body).toBe(201);
    await waitFor(() => sentTo(`whatsapp:${number}`).some((m) => m.form.Body === "Staff here on WhatsApp."), "the reply");
    expect(sentTo(`whatsapp:${number}`).find((m) => m.form.Body === "Staff here on WhatsApp.")?.form.From).toBe(
      "whatsapp:+14155550100",
    );
  });

  it("texts the phone on file when staff choose SMS on a case that came in by chat", async () => {
    const number = phone();
    const ingested = await h.services.ingest.ingest({
      workspaceId: ws.workspaceId,
      channel: "web_chat",
      identities: [{ kind: "phone", value: number, level: "recognised" }],
      text: "my order is late",
    });
    const response = await staffReply(ingested.case.id, { body: "We will text you the tracking link.", channel: "sms" });
    expect(response.statusCode, response.body).toBe(201);
    await waitFor(() => sentTo(number).length === 1, "the text");
    expect(sentTo(number)[0]?.form).toMatchObject({ From: "+14155550100", Body: "We will text you the tracking link." });
  });

  it("refuses SMS for a customer with no phone, naming the channel, and stores nothing", async () => {
    const ingested = await h.services.ingest.ingest({
      workspaceId: ws.workspaceId,
      channel: "web_chat",
      identities: [{ kind: "email", value: `nophone-${Date.now()}@example.com`, level: "recognised" }],
      text: "hello",
    });
    const before = h.api.sent.length;
    const response = await staffReply(ingested.case.id, { body: "text me", channel: "sms" });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ field: "channel" });
    expect(response.json().error.message).toContain("sms");
    const stored = await h.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM messages WHERE case_id = $1 AND body = 'text me'",
      [ingested.case.id],
    );
    expect(stored[0]?.n).toBe(0);
    await h.services.outbox.drainDue();
    expect(h.api.sent.length).toBe(before);
  });

  it("refuses an SMS reply in a workspace without a provider account, naming the channel", async () => {
    const other = await createWorkspace(h.services, "No Twilio");
    const ingested = await h.services.ingest.ingest({
      workspaceId: other.workspaceId,
      channel: "sms",
      identities: [{ kind: "phone", value: phone(), level: "recognised" }],
      text: "hello",
    });
    const response = await staffReply(ingested.case.id, { body: "hi" }, other.headers);
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: "CHANNEL_TWILIO_NOT_CONFIGURED", field: "channel" });
  });

  it("keeps a staff reply the provider could not take and sends it once when it is back", async () => {
    const from = phone();
    const caseId = await textIn(from, "hello");
    h.api.failNext(2);
    expect((await staffReply(caseId, { body: "Retried staff reply." })).statusCode).toBe(201);
    await waitFor(() => sentTo(from).some((m) => m.form.Body === "Retried staff reply."), "the retried reply");
    // The provider has it; the outbox notes the delivery right after.
    await waitFor(async () => {
      const [effect] = await h.database.query<{ attempts: number; status: string }>(
        "SELECT attempts, status FROM outbox_effects WHERE workspace_id = $1 AND kind = 'sms.send' AND payload->>'body' = 'Retried staff reply.'",
        [ws.workspaceId],
      );
      return effect?.status === "delivered" && effect.attempts === 3;
    }, "the effect delivered on its third attempt");
    await h.services.outbox.drainDue();
    expect(sentTo(from).filter((m) => m.form.Body === "Retried staff reply.")).toHaveLength(1);
  });
});
