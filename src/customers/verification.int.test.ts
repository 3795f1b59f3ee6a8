import { describe, expect, it } from "vitest";
import { manualClock, uniqueEmail, useTestApp } from "../../test/helpers";

const clock = manualClock("2026-05-01T10:00:00Z");
const app = useTestApp({ clock });

describe("verification levels", () => {
  it("starts recognised for a typed email, anonymous for a bare device id", async () => {
    const typed = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/inbound",
      headers: app.ws.headers,
      payload: { channel: "web_chat", identities: [{ kind: "email", value: uniqueEmail() }], text: "hi" },
    });
    expect(typed.json().customer.verification.level).toBe("recognised");
    expect(typed.json().contact.level).toBe("recognised");
    const device = await app.ctx.app.inject({
      method: "POST",
      url: "/api/v1/inbound",
      headers: app.ws.headers,
      payload: {
        channel: "web_chat",
        identities: [{ kind: "device", value: `dev-${Date.now()}` }],
        text: "hi",
      },
    });
    expect(device.json().customer.verification.level).toBe("anonymous");
  });

  it("keeps the record's proof for the trust window without verifying a claim, then lapses to recognised", async () => {
    await app.ctx.app.inject({
      method: "PATCH",
      url: "/api/v1/workspace/settings",
      headers: app.ws.headers,
      payload: { verificationTrustHours: 2 },
    });
    const email = uniqueEmail();
    const created = (
      await app.ctx.app.inject({
        method: "POST",
        url: "/api/v1/inbound",
        headers: app.ws.headers,
        payload: { channel: "web_chat", identities: [{ kind: "email", value: email }], text: "hi" },
      })
    ).json();
    const identityId = created.customer.identities[0].id;
    const verified = await app.ctx.app.inject({
      method: "POST",
      url: `/api/v1/customers/${created.customer.id}/identities/${identityId}/verify`,
      headers: app.ws.headers,
      payload: { method: "one_time_code" },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().verification).toMatchObject({
      level: "verified",
      method: "one_time_code",
      trustedUntil: "2026-05-01T12:00:00.000Z",
    });

    clock.advance(60 * 60_000);
    const byPhoneLater = (
      await app.ctx.app.inject({
        method: "POST",
        url: "/api/v1/inbound",
        headers: app.ws.headers,
        payload: { channel: "voice", identities: [{ kind: "email", value: email }], text: "calling" },
      })
    ).json();
    // The record keeps its proof for the window; the call that only claims the email is not verified by it.
    expect(byPhoneLater.customer.verification.level).toBe("verified");
    expect(byPhoneLater.contact).toMatchObject({ level: "recognised", via: null });

    clock.advance(2 * 60 * 60_000);
    const lapsed = (
      await app.ctx.app.inject({ url: `/api/v1/customers/${created.customer.id}`, headers: app.ws.headers })
    ).json();
    expect(lapsed.verification.level).toBe("recognised");
    const timeline = (
      await app.ctx.app.inject({
        url: `/api/v1/customers/${created.customer.id}/timeline`,
        headers: app.ws.headers,
      })
    ).json();
    expect(timeline.events.map((e: { kind: string }) => e.kind)).toContain("customer.verified");
  });

  it("answers 404 for an identity of another customer", async () => {
    const a = (
      await app.ctx.app.inject({
        method: "POST",
        url: "/api/v1/customers",
        headers: app.ws.headers,
        payload: { identities: [{ kind: "email", value: uniqueEmail() }] },
      })
    ).json();
    const b = (
      await app.ctx.app.inject({
        method: "POST",
        url: "/api/v1/customers",
        headers: app.ws.headers,
        payload: { identities: [{ kind: "email", value: uniqueEmail() }] },
      })
    ).json();
    const response = await app.ctx.app.inject({
      method: "POST",
      url: `/api/v1/customers/${a.id}/identities/${b.identities[0].id}/verify`,
      headers: app.ws.headers,
      payload: {},
    });
    expect(response.statusCode).toBe(404);
  });
});
