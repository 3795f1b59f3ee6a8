import { describe, expect, it } from "vitest";
import { uniqueEmail, useTestApp } from "../../test/helpers";

const app = useTestApp();

const inbound = (headers: Record<string, string>, payload: Record<string, unknown>) =>
  app.ctx.app.inject({ method: "POST", url: "/api/v1/inbound", headers, payload });

describe("identity resolution", () => {
  it("creates a customer for an unknown contact and finds it again from another channel", async () => {
    const email = uniqueEmail();
    const first = await inbound(app.ws.headers, {
      channel: "web_chat",
      identities: [
        { kind: "email", value: email.toUpperCase() },
        { kind: "device", value: "dev-1" + email },
      ],
      text: "Hi, my order 1042 is late",
      orderRef: "1042",
    });
    expect(first.statusCode).toBe(201);
    const a = first.json();
    expect(a.customerCreated).toBe(true);
    expect(a.customer.identities.map((i: { value: string }) => i.value)).toContain(email);

    const second = await inbound(app.ws.headers, {
      channel: "email",
      identities: [{ kind: "email", value: ` ${email} ` }],
      text: "Any news about 1042?",
      orderRef: "1042",
    });
    expect(second.statusCode).toBe(201);
    const b = second.json();
    expect(b.customerCreated).toBe(false);
    expect(b.customer.id).toBe(a.customer.id);
    expect(b.case.id).toBe(a.case.id);
    expect(b.case.channels).toEqual(["web_chat", "email"]);
  });

  it("matches a national phone number to the same E.164 identity", async () => {
    await app.ctx.services.workspaces.updateSettings(app.ws.workspaceId, { defaultRegion: "GB" });
    const a = (
      await inbound(app.ws.headers, {
        channel: "voice",
        identities: [{ kind: "phone", value: "+44 20 7946 0018" }],
        text: "call",
      })
    ).json();
    const b = (
      await inbound(app.ws.headers, {
        channel: "sms",
        identities: [{ kind: "phone", value: "020 7946 0018" }],
        text: "sms",
      })
    ).json();
    expect(b.customer.id).toBe(a.customer.id);
    expect(b.customer.identities[0].value).toBe("+442079460018");
    await app.ctx.services.workspaces.updateSettings(app.ws.workspaceId, { defaultRegion: "US" });
  });

  it("proposes a merge instead of merging when one contact carries identities of two customers", async () => {
    const emailA = uniqueEmail("a");
    const emailB = uniqueEmail("b");
    const a = (
      await inbound(app.ws.headers, {
        channel: "email",
        identities: [{ kind: "email", value: emailA }],
        text: "one",
      })
    ).json();
    const b = (
      await inbound(app.ws.headers, {
        channel: "email",
        identities: [{ kind: "email", value: emailB }],
        text: "two",
      })
    ).json();
    const both = await inbound(app.ws.headers, {
      channel: "web_chat",
      identities: [
        { kind: "email", value: emailA },
        { kind: "email", value: emailB },
      ],
      text: "three",
    });
    expect(both.statusCode).toBe(201);
    expect(both.json().mergeProposalIds).toHaveLength(1);
    const proposals = (
      await app.ctx.app.inject({ url: "/api/v1/merge-proposals", headers: app.ws.headers })
    ).json().proposals;
    const proposal = proposals.find((p: { id: string }) => p.id === both.json().mergeProposalIds[0]);
    expect([proposal.customerId, proposal.otherCustomerId].sort()).toEqual(
      [a.customer.id, b.customer.id].sort(),
    );
  });

  it("rejects an invalid email naming the field", async () => {
    const response = await inbound(app.ws.headers, {
      channel: "email",
      identities: [{ kind: "email", value: "not-an-email" }],
      text: "x",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("identities.0.value");
  });
});

describe("adding identities", () => {
  it("answers 409 with a stored merge proposal when another customer owns the identity", async () => {
    const emailA = uniqueEmail();
    const emailB = uniqueEmail();
    const a = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/customers",
      headers: app.ws.headers,
      payload: { identities: [{ kind: "email", value: emailA }] },
    });
    const b = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/customers",
      headers: app.ws.headers,
      payload: { identities: [{ kind: "email", value: emailB }] },
    });
    expect(a.statusCode).toBe(201);
    const response = await app.ctx.app.inject({
      method: "POST",
      url: `/api/v1/customers/${a.json().id}/identities`,
      headers: app.ws.headers,
      payload: { kind: "email", value: emailB },
    });
    expect(response.statusCode).toBe(409);
    const body = response.json();
    expect(body.error.code).toBe("CUSTOMERS_IDENTITY_CONFLICT");
    expect(body.error.details.otherCustomerId).toBe(b.json().id);
    const proposals = (
      await app.ctx.app.inject({ url: "/api/v1/merge-proposals", headers: app.ws.headers })
    ).json().proposals;
    expect(proposals.map((p: { id: string }) => p.id)).toContain(body.error.details.mergeProposalId);
  });

  it("rejects creating a customer with an identity someone else has", async () => {
    const email = uniqueEmail();
    await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/customers",
      headers: app.ws.headers,
      payload: { identities: [{ kind: "email", value: email }] },
    });
    const again = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/customers",
      headers: app.ws.headers,
      payload: {
        identities: [
          { kind: "phone", value: "+12125550100" },
          { kind: "email", value: email },
        ],
      },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.field).toBe("identities.1.value");
  });
});
