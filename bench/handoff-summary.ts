/**
 * Handoff summary generation for a 50-message case (25 customer messages and 25 AI replies, with
 * tool calls): load the case record, build the structured summary, render it within 90 words,
 * validate it and store it with its timeline entry — beside a plain SELECT of the case by id
 * measured the same way in the same run. Also the whole escalating turn (reply, summary, queue).
 *
 *   npx tsx bench/handoff-summary.ts [--n 200] [--engines pglite,postgres] [--pg-admin-url postgres://…]
 */
import { randomBytes } from "node:crypto";
import { systemClock } from "../src/core/clock";
import { createServices } from "../src/services";
import { seedRetail } from "../src/agent/test-support/retail-fixture";
import { arg, benchDatabase, timeEach, type Stats } from "./lib";

const n = Number(arg("n", "200"));
const engines = (arg("engines", "pglite") ?? "").split(",") as ("pglite" | "postgres")[];
const config = { SESSION_TTL_HOURS: 12, VERIFICATION_TRUST_HOURS: 24, CASE_RECENCY_HOURS: 72 };

const script = [
  "hi there",
  "is the Soho store open now?",
  "where is my order 1001?",
  "what about the Upper West Side store?",
  "do you have the aero running jacket in medium?",
];

const fmt = (s: Stats) => `p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  (n=${s.n})`;

for (const engine of engines) {
  const { database, drop } = await benchDatabase(engine, arg("pg-admin-url"));
  const services = createServices({ database, clock: systemClock, config });
  await services.agent.warmUp();
  const workspace = await services.workspaces.create({ slug: `bench-${randomBytes(4).toString("hex")}`, name: "Bench" });
  const maya = `maya.${randomBytes(4).toString("hex")}@example.com`;
  await seedRetail(services, workspace.id, { maya, jane: `jane.${randomBytes(4).toString("hex")}@example.com` });
  const session = `session-${randomBytes(6).toString("hex")}`;
  const customer = await services.customers.create(workspace.id, {
    identities: [
      { kind: "email", value: maya },
      { kind: "device", value: session },
    ],
  });
  const device = customer.identities.find((i) => i.kind === "device")!;
  await services.customers.verifyIdentity(workspace.id, customer.id, device.id, "signed_token", "bench");
  const send = (text: string) =>
    services.agent.handleInbound({
      workspaceId: workspace.id,
      channel: "web_chat",
      identities: [
        { kind: "email", value: maya },
        { kind: "device", value: session },
      ],
      text,
    });
  let caseId = "";
  for (let i = 0; i < 24; i++) caseId = (await send(script[i % script.length]!)).case.id;
  const t0 = performance.now();
  const escalated = await send("I want to talk to a real person");
  const escalationMs = performance.now() - t0;
  const messages = await services.cases.messages(workspace.id, caseId, 500);
  if (!escalated.turn.escalated) throw new Error("the last message did not escalate");

  const summary = await timeEach(n, () => services.handoff.summarise(workspace.id, caseId, "bench", { force: true }));
  const baseline = await timeEach(n, () => database.query("SELECT * FROM cases WHERE id = $1", [caseId]));
  const latest = await services.handoff.summary(workspace.id, caseId);
  console.log(`\n${engine}: a case of ${messages.length} messages (${latest.summary.wordCount}-word summary)`);
  console.log(`  summary build + store   ${fmt(summary)}`);
  console.log(`  SELECT case by id       ${fmt(baseline)}   ratio ×${(summary.p50 / baseline.p50).toFixed(1)} at p50`);
  console.log(`  escalating turn (reply + summary + queue): ${escalationMs.toFixed(1)} ms`);
  await drop();
}
