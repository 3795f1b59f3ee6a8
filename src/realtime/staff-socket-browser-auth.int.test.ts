import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, type Member } from "../routing/test-support/team";
import { openRealtimeHarness, type RealtimeHarness } from "./test-support/realtime-harness";

/**
 * The staff socket as a browser opens it: the session token offered as a subprotocol (browsers
 * cannot set headers on a WebSocket), and the inbox's `case.changed` events it then receives.
 */
let h: RealtimeHarness;
let sam: Member;

beforeAll(async () => {
  h = await openRealtimeHarness();
  sam = await signIn(h.t, h.ws, "Sam Agent");
  await h.t.services.routing.queues.create(h.ws.workspaceId, {
    name: "Support",
    timezone: "UTC",
    isDefault: true,
  });
});
afterAll(() => h?.close());

type Opened = { socket: WebSocket; protocol: string; frames: Record<string, unknown>[] };

function openStaff(protocols: string[]): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${h.base}/staff`, protocols);
    const frames: Record<string, unknown>[] = [];
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      frames.push(frame);
      if (frame.type === "welcome") resolve({ socket, protocol: socket.protocol, frames });
    });
    socket.once("unexpected-response", (_request, response) =>
      reject(new Error(`refused ${response.statusCode}`)),
    );
    socket.once("error", reject);
  });
}

async function until<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("staff socket from a browser", () => {
  it("accepts the session token as a subprotocol and answers with the plain protocol, never the token", async () => {
    const opened = await openStaff(["throughline.staff.v1", `throughline.bearer.${sam.token}`]);
    expect(opened.protocol).toBe("throughline.staff.v1");
    expect(opened.frames[0]).toEqual({ type: "welcome", workspaceId: h.ws.workspaceId });
    opened.socket.close();
  });

  it("refuses the upgrade with 401 for a wrong, revoked or missing token", async () => {
    await expect(
      openStaff(["throughline.staff.v1", "throughline.bearer.tls_not-a-real-token"]),
    ).rejects.toThrow("refused 401");
    await expect(openStaff(["throughline.staff.v1"])).rejects.toThrow("refused 401");
    const other = await signIn(h.t, h.ws, "Lee Agent");
    const session = await h.t.app.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      headers: other.headers,
    });
    expect(session.statusCode).toBe(204);
    await expect(openStaff(["throughline.staff.v1", `throughline.bearer.${other.token}`])).rejects.toThrow(
      "refused 401",
    );
  });

  it("tells staff a case was queued by id and kind of change only, with no customer text", async () => {
    const opened = await openStaff(["throughline.staff.v1", `throughline.bearer.${sam.token}`]);
    const ingested = await h.t.services.ingest.ingest({
      workspaceId: h.ws.workspaceId,
      channel: "web_chat",
      identities: [{ kind: "email", value: "private.person@example.com" }],
      text: "My secret address is 12 Hidden Lane",
    });
    const caseId = ingested.case.id;
    await h.t.services.routing.enqueue({
      workspaceId: h.ws.workspaceId,
      caseId,
      reason: "customer_requested",
    });
    const queued = await until(() =>
      opened.frames.find((f) => f.type === "case.changed" && f.change === "case.queued"),
    );
    expect(queued).toEqual({ type: "case.changed", caseId, change: "case.queued" });
    const everything = JSON.stringify(opened.frames);
    expect(everything).not.toContain("Hidden Lane");
    expect(everything).not.toContain("private.person");
    expect(
      opened.frames.some(
        (f) => f.type === "case.changed" && f.change === "message.received" && f.caseId === caseId,
      ),
    ).toBe(true);
    opened.socket.close();
  });

  it("does not deliver one workspace's case changes to another workspace's staff", async () => {
    const opened = await openStaff(["throughline.staff.v1", `throughline.bearer.${sam.token}`]);
    const { createWorkspace } = await import("../../test/helpers");
    const other = await createWorkspace(h.t.services);
    const foreign = await h.t.services.ingest.ingest({
      workspaceId: other.workspaceId,
      channel: "web_chat",
      identities: [{ kind: "email", value: "someone@example.com" }],
      text: "hello",
    });
    const mine = await h.t.services.ingest.ingest({
      workspaceId: h.ws.workspaceId,
      channel: "web_chat",
      identities: [{ kind: "email", value: "mine@example.com" }],
      text: "hello",
    });
    await until(() => opened.frames.find((f) => f.caseId === mine.case.id));
    expect(opened.frames.some((f) => f.caseId === foreign.case.id)).toBe(false);
    opened.socket.close();
  });
});
