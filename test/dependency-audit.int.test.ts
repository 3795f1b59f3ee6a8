import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);

/** A stand-in for the registry's advisory endpoint, answering what each test sets. */
let advisories: Record<string, unknown[]> | undefined;
let server: http.Server;
let registry: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      if (
        request.method === "POST" &&
        request.url?.endsWith("/-/npm/v1/security/advisories/bulk") &&
        advisories
      ) {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(advisories));
        return;
      }
      response.writeHead(405).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function audit(): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await exec("node", ["scripts/audit-deps.mjs"], {
      env: { ...process.env, npm_config_registry: registry, npm_config_audit_level: "low" },
      timeout: 120_000,
    });
    return { code: 0, stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { code: failure.code, stdout: failure.stdout };
  }
}

describe("npm run audit:deps", () => {
  it("lists a production dependency with a known advisory and fails", async () => {
    advisories = {
      fastify: [
        {
          id: 1,
          url: "https://example.com/advisory/1",
          title: "Example advisory",
          severity: "high",
          vulnerable_versions: ">=0.0.0",
          cwe: [],
          cvss: { score: 7.5, vectorString: null },
        },
      ],
    };
    const result = await audit();
    expect(result.stdout).toMatch(/high\s+fastify .*\(direct\)/);
    expect(result.stdout).toContain("Example advisory (https://example.com/advisory/1)");
    expect(result.code).toBe(1);
  });

  it("says when the advisory database cannot be reached, and finds no unused dependency", async () => {
    advisories = undefined;
    const result = await audit();
    expect(result.stdout).toContain("not checked: the advisory database could not be reached");
    expect(result.stdout).toMatch(/Unused or undeclared dependencies:\n\s+none\./);
    expect(result.code).toBe(0);
  });
});
