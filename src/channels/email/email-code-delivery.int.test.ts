import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestContext,
  createWorkspace,
  manualClock,
  type TestContext,
  type WorkspaceFixture,
} from "../../../test/helpers";
import { SmtpMailSender } from "./mail-sender";
import { startMailSink, type MailSink } from "./test-support/mail-sink";

const clock = manualClock("2026-05-04T10:00:00Z");
let t: TestContext;
let ws: WorkspaceFixture;
let sink: MailSink;

beforeAll(async () => {
  t = await createTestContext({ clock });
  ws = await createWorkspace(t.services, "Northwind Outfitters");
  sink = await startMailSink();
  // A long interval: this test drives the outbox itself.
  await t.services.email.start({ sender: new SmtpMailSender(sink.url), deliveryIntervalMs: 60_000 });
});
afterAll(async () => {
  await t?.services.email.stop();
  await sink?.close();
  await t?.close();
});

async function customerWithEmail(email: string) {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/channels/rest/messages",
    headers: ws.headers,
    payload: { sender: [{ kind: "email", value: email }], text: "hello" },
  });
  expect(response.statusCode, response.body).toBe(201);
  const { customerId, caseId } = response.json() as { customerId: string; caseId: string };
  const customer = await t.services.customers.get(ws.workspaceId, customerId);
  const destination = customer.identities.find((identity) => identity.kind === "email");
  if (!destination) throw new Error("no email identity");
  return { customerId, caseId, destination };
}

const codesTo = (address: string) =>
  sink.received
    .filter((entry) => entry.rcptTo.includes(address))
    .map((entry) => /\b(\d{6})\b/.exec(entry.mail.text ?? "")?.[1]);

describe("one-time codes by email", () => {
  it("reach the customer's inbox through the relay once, after the relay comes back", async () => {
    const email = "code.by.mail@shopper.example";
    const { customerId, caseId, destination } = await customerWithEmail(email);
    sink.setMode("down");
    expect(
      await t.services.oneTimeCodes.send({ workspaceId: ws.workspaceId, customerId, caseId, destination }),
    ).toMatchObject({ status: "sent" });
    await t.services.outbox.drainDue();
    expect(codesTo(email)).toEqual([]);

    sink.setMode("accept");
    clock.advance(60 * 60_000); // past any retry delay
    await t.services.outbox.drainDue();
    await t.services.outbox.drainDue();
    const [queued] = await t.services.oneTimeCodes.deliveries(ws.workspaceId, 5);
    const expected = /\b(\d{6})\b/.exec(String((queued?.payload as { text?: string }).text))?.[1];
    expect(expected).toMatch(/^\d{6}$/);
    expect(codesTo(email)).toEqual([expected]);
  });

  it("carries the code that proves the contact", async () => {
    const email = "second.code@shopper.example";
    const { customerId, caseId, destination } = await customerWithEmail(email);
    await t.services.oneTimeCodes.send({ workspaceId: ws.workspaceId, customerId, caseId, destination });
    await t.services.outbox.drainDue();
    const [code] = codesTo(email);
    expect(code).toMatch(/^\d{6}$/);
    expect(
      await t.services.oneTimeCodes.check({
        workspaceId: ws.workspaceId,
        customerId,
        caseId,
        code: code ?? "",
      }),
    ).toMatchObject({
      status: "valid",
    });
  });
});
