import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, serializeError } from "./logger";

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return { logger: createLogger("trace", sink), text: () => lines.join("") };
}

describe("logger", () => {
  it("logs a database error by its codes, never its SQL, parameters, detail or quoted values", () => {
    const cause = Object.assign(new Error('invalid input syntax for type uuid: "maya@example.com"'), {
      code: "22P02",
      detail: "Key (email)=(maya@example.com) already exists.",
      constraint: "staff_users_email_key",
    });
    const error = Object.assign(
      new Error("Failed query: insert into staff_users values ($1, $2)\nparams: maya@example.com,scrypt$1$2"),
      {
        query: "insert into staff_users values ($1, $2)",
        params: ["maya@example.com", "scrypt$1$2"],
        cause,
      },
    );
    const serialized = JSON.stringify(serializeError(error));
    expect(serialized).not.toMatch(/maya|scrypt|insert into|Key \(email\)/);
    expect(serialized).toContain("22P02");
    expect(serialized).toContain("staff_users_email_key");
    expect(serialized).toContain("database query failed");
  });

  it("censors sensitive fields and scrubs the message and every string", () => {
    const { logger, text } = capture();
    logger.info(
      { email: "a@b.co", nested: { password: "hunter22", token: "x" }, note: "from c@d.co" },
      "login by e@f.co with tl_abcdefghijklmnop",
    );
    const out = text();
    expect(out).not.toMatch(/a@b\.co|hunter22|c@d\.co|e@f\.co|tl_abcdefghijklmnop/);
    expect(out).toContain("[redacted]");
    expect(out).toContain("[email]");
  });

  it("logs a request as its route, never its query string", () => {
    const { logger, text } = capture();
    logger.info(
      {
        req: {
          id: "r1",
          method: "GET",
          url: "/api/v1/customers?search=maya%40example.com",
          routeOptions: { url: "/api/v1/customers" },
        },
      },
      "incoming request",
    );
    expect(text()).toContain('"route":"/api/v1/customers"');
    expect(text()).not.toContain("search");
  });
});
