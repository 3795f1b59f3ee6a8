import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, createWorkspace, type TestContext, type WorkspaceFixture } from "../../test/helpers";
import { findPersonalData } from "../../test/personal-data-scan";

const NAME = "Marisol Quintanilla";
const EMAIL = "marisol.quintanilla@shopper.example";
const PHONE = "+15025550147";
const POSTAL = "40299";

describe("customer erasure", () => {
  let ctx: TestContext;
  let ws: WorkspaceFixture;
  let other: WorkspaceFixture;
  const api = (method: "GET" | "POST" | "DELETE", url: string, body?: unknown, fixture = ws) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers: fixture.headers, payload: body as object });

  beforeAll(async () => {
    ctx = await createTestContext();
    ws = await createWorkspace(ctx.services);
    other = await createWorkspace(ctx.services);
  });
  afterAll(() => ctx?.close());

  it("removes the customer's name, email, phone and postal code from every table, keeps an audit record without them", async () => {
    const endpoint = await api("POST", "/webhooks/endpoints", {
      url: "http://127.0.0.1:9/hooks",
      eventTypes: ["message.received", "case.opened", "case.escalated"],
    });
    expect(endpoint.statusCode).toBe(201);
    const imported = await api("POST", "/imports/orders", {
      records: [
        {
          number: "MQ-1001",
          status: "processing",
          customer: { email: EMAIL, name: NAME },
          shippingAddress: { name: NAME, line1: "Chestnut Street 92", city: "Louisville", region: "KY", postalCode: POSTAL, country: "US" },
          lines: [{ id: "1", sku: "TEE-1", title: "Tee", quantity: 1, unitPrice: 20 }],
        },
      ],
    });
    expect(imported.json()).toMatchObject({ inserted: 1 });

    const sender = [
      { kind: "email", value: EMAIL },
      { kind: "phone", value: PHONE },
    ];
    const first = await api("POST", "/channels/rest/messages", {
      sender,
      displayName: NAME,
      text: `Hi, this is ${NAME} (${PHONE}), where is order MQ-1001? I live at ${POSTAL}.`,
    });
    expect(first.statusCode).toBe(201);
    const customerId = first.json().customerId as string;
    for (const [channel, text] of [
      ["email", `Please reply to ${EMAIL}. Regards, ${NAME}`],
      ["sms", `Call me on ${PHONE}`],
      ["web_chat", `My postcode is ${POSTAL}`],
    ] as const) {
      await ctx.services.ingest.ingest({ workspaceId: ws.workspaceId, channel, identities: [{ kind: "email", value: EMAIL }], text });
    }
    // Real mail through the inbound pipeline, with an attachment that names her.
    const domain = `${ws.slug}.${ctx.services.email.settings.inboundDomain}`;
    const boundary = "erasure-boundary";
    const raw = [
      `From: ${NAME} <${EMAIL}>`,
      `To: support@${domain}`,
      "Subject: Receipt for MQ-1001",
      `Message-ID: <erasure-${Date.now()}@shopper.example>`,
      "MIME-Version: 1.0",
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      `Here is my receipt. ${NAME}, ${PHONE}`,
      `--${boundary}`,
      'Content-Type: text/plain; name="receipt.txt"',
      'Content-Disposition: attachment; filename="receipt.txt"',
      "",
      `Receipt for ${NAME}, ${POSTAL}`,
      `--${boundary}--`,
      "",
    ].join("\r\n");
    await ctx.services.email.inbound.receive(Buffer.from(raw), { mailFrom: EMAIL, rcptTo: [`support@${domain}`] });
    // The web widget's realtime conversation, signed in as her.
    const { conversation } = await ctx.services.realtime.open({
      workspaceId: ws.workspaceId,
      channel: "web_chat",
      identity: { kind: "email", value: EMAIL },
    });
    const stored = await ctx.services.realtime.store(conversation, {
      clientId: "c1",
      text: `It's ${NAME} again, deliver to ${POSTAL} please`,
      context: {},
    });
    await stored.reply;
    // A one-time code to her email and phone: verification deliveries and their outbox effects.
    const record = await ctx.services.customers.get(ws.workspaceId, customerId);
    for (const destination of record.identities.filter((identity) => identity.kind === "email" || identity.kind === "phone"))
      await ctx.services.oneTimeCodes.send({ workspaceId: ws.workspaceId, customerId, caseId: first.json().caseId, destination });
    const human = await api("POST", "/channels/rest/messages", { sender, text: "I want to talk to a human agent please" });
    expect(human.statusCode).toBe(201);

    const needles = [NAME, EMAIL, PHONE, PHONE.slice(1), POSTAL];
    const before = await findPersonalData(ctx.database, needles, ws.workspaceId);
    // The test proves something only if the data had spread before the erasure.
    const tables = new Set(before.map((hit) => hit.table));
    for (const table of ["customers", "customer_identities", "messages", "timeline_events", "retail_orders", "email_attachments", "email_outbound", "agent_turns", "realtime_events", "verification_deliveries"])
      expect(tables, table).toContain(table);

    expect((await api("POST", `/customers/${customerId}/erasure`, undefined, other)).statusCode).toBe(404);
    const erased = await api("POST", `/customers/${customerId}/erasure`);
    expect(erased.statusCode, erased.body).toBe(201);
    expect(erased.json()).toMatchObject({ customerId });

    expect(await findPersonalData(ctx.database, needles, ws.workspaceId)).toEqual([]);
    const audit = await api("GET", "/erasures");
    expect(audit.json().items).toHaveLength(1);
    expect(JSON.stringify(audit.json())).not.toMatch(/marisol|quintanilla|5025550147/i);

    // The order stays for the retailer's books, without its owner; the customer no longer matches their old email.
    const order = await ctx.database.query<{ customer_email: string | null; total: string }>(
      `SELECT customer_email, total::text FROM retail_orders WHERE workspace_id = $1 AND number = 'MQ-1001'`,
      [ws.workspaceId],
    );
    expect(order).toEqual([{ customer_email: null, total: expect.any(String) }]);
    const again = await api("POST", "/channels/rest/messages", { sender: [{ kind: "email", value: EMAIL }], text: "hello" });
    expect(again.json().customerId).not.toBe(customerId);
  });

  it("answers 400 for an id that is too long and 404 for an unknown customer", async () => {
    expect((await api("POST", `/customers/${"x".repeat(80)}/erasure`)).statusCode).toBe(400);
    expect((await api("POST", "/customers/cus_unknown/erasure")).statusCode).toBe(404);
  });
});
