import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderSubject } from "../../customers";
import { createServices } from "../../services";
import { createTestContext, manualClock, TEST_CONFIG, type TestContext } from "../../../test/helpers";
import { openShop, say, type Shop } from "../test-support/conversation";
import { contact, getCustomer, staffCreatesCustomer, type Sender } from "../test-support/contact";

// Guest verification that links, and one-time codes, through the REST channel on a real database.
const clock = manualClock("2026-01-15T17:00:00Z");
let t: TestContext;

beforeAll(async () => {
  t = await createTestContext({ clock });
  await t.services.agent.warmUp();
}, 600_000);
afterAll(async () => t?.close());

const PHONE = "+447911123456";
const MAYA_DATA = /1001|1002|1003|1004|Spring Street|on its way|being prepared/;
const guest = (): Sender => [{ kind: "device", value: `guest-${randomBytes(5).toString("hex")}` }];

/** Maya's record as staff made it, a minute before she writes: her email and phone are on file. */
async function mayaOnFile(shop: Shop) {
  const record = await staffCreatesCustomer(t, shop, [
    { kind: "email", value: shop.maya },
    { kind: "phone", value: PHONE },
  ], "Maya Chen");
  clock.advance(60_000);
  return record;
}

async function api<T>(shop: Shop, method: "GET" | "POST", url: string, payload?: unknown): Promise<T> {
  const response = await t.app.inject({ method, url, headers: shop.ws.headers, ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json() as T;
}

type Merge = { id: string; survivorId: string; mergedId: string; actor: string; revertedAt: string | null };
type TimelineEvent = { kind: string; caseId: string | null; data: Record<string, unknown> };

const merges = (shop: Shop, id: string) => api<{ merges: Merge[] }>(shop, "GET", `/api/v1/customers/${id}/merges`);
const timeline = async (shop: Shop, id: string) =>
  (await api<{ events: TimelineEvent[] }>(shop, "GET", `/api/v1/customers/${id}/timeline?limit=200`)).events;

/** The newest code queued for this workspace (to one recipient), read where the mail/SMS driver would read it. */
async function lastCode(shop: Shop, recipient?: string): Promise<{ to: string; kind: string; code: string }> {
  const queued = await t.services.oneTimeCodes.deliveries(shop.ws.workspaceId, 20);
  const latest = queued.find((entry) => !recipient || (entry.payload as { to?: string }).to === recipient);
  if (!latest) throw new Error("no code was queued");
  const payload = latest.payload as { to: string; body?: string; text?: string };
  const code = /\b(\d{6})\b/.exec(payload.body ?? payload.text ?? "")?.[1];
  if (!code) throw new Error("queued message carries no code");
  return { to: payload.to, kind: latest.kind, code };
}

describe("guest verification links the visitor to the order's customer", () => {
  it("verifies an anonymous visitor with order number + postal code, merges its record into the order's customer, and can be reverted", async () => {
    const shop = await openShop(t);
    const maya = await mayaOnFile(shop);
    const visitor = guest();
    const ask = await contact(t, shop, visitor, "where is my order?");
    expect(ask.decision).toBe("verify");
    expect(ask.customerId).not.toBe(maya.id);
    const guestId = ask.customerId;

    const proved = await contact(t, shop, visitor, "it's 1002, zip 10012");
    expect(proved.verified).toBe(true);
    expect(say(proved)).toMatch(/1002 is on its way/);
    expect(proved.customerId).toBe(maya.id);
    expect(proved.caseId).toBe(ask.caseId);

    // Linked through the merge history, on the timeline, and the session is what was proven.
    const record = await getCustomer(t, shop, maya.id);
    const session = record.identities.find((i) => i.value === visitor[0]?.value);
    expect(session).toMatchObject({ verificationLevel: "verified", verifiedMethod: "order_postcode" });
    expect(record.identities.find((i) => i.kind === "email")?.verificationLevel).toBe("recognised");
    const history = (await merges(shop, maya.id)).merges;
    expect(history).toEqual([expect.objectContaining({ survivorId: maya.id, mergedId: guestId, actor: "ai", revertedAt: null })]);
    expect((await timeline(shop, maya.id)).map((e) => e.kind)).toContain("customer.merged");
    const cases = await api<{ id: string; customerId: string }>(shop, "GET", `/api/v1/cases/${ask.caseId}`);
    expect(cases.customerId).toBe(maya.id);

    // The same session carries on as Maya.
    const next = await contact(t, shop, visitor, "and order 1001?");
    expect(next.verified).toBe(true);
    expect(next.customerId).toBe(maya.id);
    expect(say(next)).toMatch(/1001 is being prepared/);

    // Reverted by staff: the guest record, its session and its case are its own again.
    const [merge] = history;
    const reverted = await api<{ restoredId: string }>(shop, "POST", `/api/v1/customers/merges/${merge?.id}/revert`);
    expect(reverted.restoredId).toBe(guestId);
    const restored = await getCustomer(t, shop, guestId);
    expect(restored.identities.map((i) => i.value)).toEqual([visitor[0]?.value]);
    expect((await getCustomer(t, shop, maya.id)).identities.some((i) => i.kind === "device")).toBe(false);
    expect((await api<{ customerId: string }>(shop, "GET", `/api/v1/cases/${ask.caseId}`)).customerId).toBe(guestId);
    expect((await merges(shop, maya.id)).merges[0]?.revertedAt).not.toBeNull();
    expect((await timeline(shop, guestId)).map((e) => e.kind)).toContain("customer.unmerged");
    const after = await contact(t, shop, visitor, "where is my order 1001?");
    expect(after.customerId).toBe(guestId);
    expect(say(after)).not.toMatch(/being prepared|Spring Street/);
    const again = await t.app.inject({ method: "POST", url: `/api/v1/customers/merges/${merge?.id}/revert`, headers: shop.ws.headers });
    expect(again.statusCode).toBe(409);
  });

  it("links a visitor whose order's email is on no record yet by giving the guest record that email", async () => {
    const shop = await openShop(t);
    const visitor = guest();
    await contact(t, shop, visitor, "where is my order?");
    const proved = await contact(t, shop, visitor, "order 2002, zip 02115");
    expect(proved.verified).toBe(true);
    expect(say(proved)).toMatch(/2002/);
    const record = await getCustomer(t, shop, proved.customerId);
    expect(record.identities.map((i) => [i.kind, i.value])).toContainEqual(["email", shop.jane]);
  });

  it("never says which detail was wrong: a wrong postal code and an unknown order get the same reply", async () => {
    const shop = await openShop(t);
    await mayaOnFile(shop);
    const replies: string[] = [];
    for (const text of ["order 1002, zip 99999", "order 9999, zip 10012", "order 1001, zip 10013"]) {
      const visitor = guest();
      await contact(t, shop, visitor, "where is my order?");
      const wrong = await contact(t, shop, visitor, text);
      expect(wrong.verified).toBe(false);
      expect(say(wrong)).not.toMatch(MAYA_DATA);
      replies.push(say(wrong));
    }
    expect(new Set(replies).size).toBe(1);
    expect(replies[0]).toMatch(/couldn't match those details/);
  });

  it("rate-limits failures per order across new sessions, and the limit survives a restart", async () => {
    const shop = await openShop(t);
    const maya = await mayaOnFile(shop);
    for (const zip of ["10001", "10002", "10003", "10004", "10005"]) {
      const visitor = guest();
      await contact(t, shop, visitor, "where is my order?");
      expect((await contact(t, shop, visitor, `order 1001, zip ${zip}`)).verified).toBe(false);
    }
    // The sixth visitor has the right pair, and learns nothing from it.
    const late = guest();
    await contact(t, shop, late, "where is my order?");
    const refused = await contact(t, shop, late, "order 1001, zip 10012");
    expect(refused.verified).toBe(false);
    expect(refused.reason).toBe("verification_rate_limited");
    expect(say(refused)).not.toMatch(MAYA_DATA);

    // A restarted server on the same database still holds the count.
    const restarted = createServices({ database: t.database, clock, config: TEST_CONFIG });
    expect(await restarted.verificationLimits.limited(shop.ws.workspaceId, [orderSubject("#1001")])).toBe(true);
    expect(await restarted.verificationLimits.limited(shop.ws.workspaceId, [orderSubject("1002")])).toBe(false);
    // Another order is not affected, and the window ends.
    const other = guest();
    await contact(t, shop, other, "where is my order?");
    expect((await contact(t, shop, other, "order 1002, zip 10012")).verified).toBe(true);
    clock.advance(61 * 60_000);
    const later = guest();
    await contact(t, shop, later, "where is my order?");
    const ok = await contact(t, shop, later, "order 1001, zip 10012");
    expect(ok.verified).toBe(true);
    expect(ok.customerId).toBe(maya.id);
  }, 300_000);

  it("rate-limits failures per identity across cases of the same session", async () => {
    const shop = await openShop(t);
    await mayaOnFile(shop);
    const visitor = guest();
    const wrong = ["order 1001, zip 99991", "order 1002, zip 99992", "order 1003, zip 99993", "order 1004, zip 99994", "order 2002, zip 99995"];
    for (const [index, text] of wrong.entries()) {
      const ask = await contact(t, shop, visitor, "where is my order?");
      expect((await contact(t, shop, visitor, text)).verified).toBe(false);
      // Two failures in one case hand it over; staff close it, and the visitor starts again.
      if (index % 2 === 1) {
        const closed = await t.app.inject({ method: "PATCH", url: `/api/v1/cases/${ask.caseId}`, headers: shop.ws.headers, payload: { status: "resolved" } });
        expect(closed.statusCode, closed.body).toBe(200);
      }
    }
    const ask = await contact(t, shop, visitor, "where is my order?");
    const refused = await contact(t, shop, visitor, "order 1002, zip 10012");
    expect(refused.caseId).toBe(ask.caseId);
    expect(refused.reason).toBe("verification_rate_limited");
    expect(say(refused)).not.toMatch(MAYA_DATA);
  });

  it("links once when the same visitor proves the order twice at once, and two visitors at once each join", async () => {
    const shop = await openShop(t);
    const maya = await mayaOnFile(shop);
    const visitor = guest();
    await contact(t, shop, visitor, "where is my order?");
    const both = await Promise.all([
      contact(t, shop, visitor, "it's 1002, zip 10012"),
      contact(t, shop, visitor, "order 1002 zip 10012"),
    ]);
    expect(both.map((r) => r.verified)).toEqual([true, true]);
    expect(both.map((r) => r.customerId)).toEqual([maya.id, maya.id]);
    const others = [guest(), guest()];
    await Promise.all(others.map((v) => contact(t, shop, v, "where is my order?")));
    const proved = await Promise.all(others.map((v) => contact(t, shop, v, "order 1001, zip 10012")));
    expect(proved.map((r) => [r.verified, r.customerId])).toEqual([
      [true, maya.id],
      [true, maya.id],
    ]);
    expect((await merges(shop, maya.id)).merges).toHaveLength(3);
  });

  it("never joins a record that names someone else: a merge is proposed and nothing is shown", async () => {
    const shop = await openShop(t);
    const maya = await mayaOnFile(shop);
    const jane: Sender = [{ kind: "email", value: shop.jane }, ...guest()];
    await contact(t, shop, jane, "where is my order?");
    const tried = await contact(t, shop, jane, "order 1002, zip 10012");
    expect(tried.verified).toBe(false);
    expect(tried.customerId).not.toBe(maya.id);
    expect(tried.reason).toBe("verification_needs_staff");
    expect(say(tried)).not.toMatch(MAYA_DATA);
    const proposals = await api<{ proposals: { customerId: string; otherCustomerId: string; source: string }[] }>(shop, "GET", "/api/v1/merge-proposals");
    expect(proposals.proposals).toContainEqual(
      expect.objectContaining({ customerId: tried.customerId, otherCustomerId: maya.id, source: "order_postcode" }),
    );
    expect((await merges(shop, maya.id)).merges).toHaveLength(0);
  });
});

describe("one-time codes to the email or phone on file", () => {
  it("texts a code to the phone on file; the right code proves the contact and confirms the phone for later", async () => {
    const shop = await openShop(t);
    const maya = await mayaOnFile(shop);
    const sms: Sender = [{ kind: "phone", value: PHONE }];
    const ask = await contact(t, shop, sms, "where is my order 1002?", "sms");
    expect(ask.verified).toBe(false);
    expect(say(ask)).toMatch(/send me a code/);
    expect(say(ask)).toMatch(/ending 56/);
    expect(say(ask)).not.toMatch(/on its way|Spring Street/);

    const sent = await contact(t, shop, sms, "text me a code", "sms");
    expect(sent.reason).toBe("code_sent");
    const { to, kind, code } = await lastCode(shop);
    expect([to, kind]).toEqual([PHONE, "sms.send"]);
    expect(say(sent)).not.toContain(code);
    // Only a keyed hash is stored.
    const stored = await t.database.query<{ code_hash: string }>("SELECT code_hash FROM one_time_codes WHERE customer_id = $1", [maya.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.code_hash).not.toContain(code);

    const proved = await contact(t, shop, sms, code, "sms");
    expect(proved.verified).toBe(true);
    expect(say(proved)).toMatch(/1002 is on its way/);
    expect(say(proved)).not.toContain(code);
    const phone = (await getCustomer(t, shop, maya.id)).identities.find((i) => i.kind === "phone");
    expect(phone).toMatchObject({ verificationLevel: "verified", verifiedMethod: "one_time_code" });

    // A code-confirmed phone carries its proof to a later text; the same code never works twice.
    clock.advance(2 * 3_600_000);
    const later = await contact(t, shop, sms, "and order 1001?", "sms");
    expect(later.verified).toBe(true);
    const email: Sender = [{ kind: "email", value: shop.maya }, ...guest()];
    await contact(t, shop, email, "where is my order?");
    const reused = await contact(t, shop, email, code);
    expect(reused.verified).toBe(false);
  });

  it("never sends a code to an address the contact just typed", async () => {
    const shop = await openShop(t);
    await mayaOnFile(shop);
    // A stranger claims Maya's email beside their own number: the code goes to Maya's inbox.
    const stranger: Sender = [{ kind: "email", value: shop.maya }, { kind: "phone", value: "+14155550123" }];
    await contact(t, shop, stranger, "where is my order?", "sms");
    const sent = await contact(t, shop, stranger, "send me a code", "sms");
    expect(sent.reason).toBe("code_sent");
    const { to } = await lastCode(shop);
    expect(to).toBe(shop.maya);
    // A brand-new contact has nothing on file: no code goes anywhere.
    const fresh: Sender = [{ kind: "phone", value: "+14155550199" }];
    const none = await contact(t, shop, fresh, "send me a code", "sms");
    expect(none.reason).toBe("code_unavailable");
    expect((await lastCode(shop)).to).toBe(shop.maya);
  });

  it("stops brute force: five wrong codes use the code up, and the right one after that proves nothing", async () => {
    const shop = await openShop(t);
    await mayaOnFile(shop);
    const sms: Sender = [{ kind: "phone", value: PHONE }];
    await contact(t, shop, sms, "where is my order 1002?", "sms");
    await contact(t, shop, sms, "send me a code", "sms");
    const { code } = await lastCode(shop);
    const wrong = code === "000000" ? "111111" : "000000";
    const reasons: string[] = [];
    for (let i = 0; i < 5; i++) reasons.push((await contact(t, shop, sms, wrong, "sms")).reason);
    expect(reasons).toEqual(["code_did_not_match", "code_did_not_match", "code_did_not_match", "code_did_not_match", "code_used_up"]);
    const late = await contact(t, shop, sms, code, "sms");
    expect(late.verified).toBe(false);
    expect(say(late)).not.toMatch(/on its way/);
  });

  it("refuses an expired code, limits how many codes one phone is sent, and never takes a code meant for another customer", async () => {
    const shop = await openShop(t);
    await mayaOnFile(shop);
    const janeRecord = await staffCreatesCustomer(t, shop, [{ kind: "email", value: shop.jane }]);
    const sms: Sender = [{ kind: "phone", value: PHONE }];
    await contact(t, shop, sms, "where is my order 1002?", "sms");
    await contact(t, shop, sms, "send me a code", "sms");
    const first = await lastCode(shop);
    clock.advance(11 * 60_000);
    expect((await contact(t, shop, sms, first.code, "sms")).reason).toBe("code_expired");

    await contact(t, shop, sms, "send me a new code", "sms");
    const mayaCode = await lastCode(shop, PHONE);
    // Jane, proving her own record, types the code sent to Maya's phone.
    const jane: Sender = [{ kind: "email", value: shop.jane }, ...guest()];
    await contact(t, shop, jane, "where is my order 2002?");
    const janeSent = await contact(t, shop, jane, "send me a code");
    expect(janeSent.reason).toBe("code_sent");
    const janeCode = await lastCode(shop, shop.jane);
    expect(janeCode.to).toBe(shop.jane);
    const stolen = await contact(t, shop, jane, mayaCode.code === janeCode.code ? "999999" : mayaCode.code);
    expect(stolen.verified).toBe(false);
    expect(stolen.customerId).toBe(janeRecord.id);

    // Two codes sent to Maya's phone already in this window; the third is the last.
    expect((await contact(t, shop, sms, "send me a code", "sms")).reason).toBe("code_sent");
    expect((await contact(t, shop, sms, "send me a code", "sms")).reason).toBe("code_send_limited");
    // Only the newest code counts.
    expect((await contact(t, shop, sms, mayaCode.code, "sms")).verified).toBe(false);
  });
});
