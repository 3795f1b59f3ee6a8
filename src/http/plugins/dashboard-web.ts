import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";

const ONE_YEAR_MS = 31_536_000_000;

/**
 * The agent workspace's policy: its own hashed scripts and styles, API calls and the staff
 * socket to this origin only, never framed (a framed workspace could be clickjacked into
 * sending replies).
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Serves the agent workspace built by `npm run build:web` into `<root>/dashboard`: the page at
 * /app and its content-hashed assets under /app/assets/. A missing build is a clear 503, as for
 * the widget.
 */
export async function registerDashboardWeb(app: FastifyInstance, options: { root: string }): Promise<void> {
  const dir = path.join(options.root, "dashboard");
  const indexFile = path.join(dir, "index.html");
  const html = fs.existsSync(indexFile) ? fs.readFileSync(indexFile, "utf8") : undefined;

  const page = async (_request: unknown, reply: FastifyReply) => {
    if (!html) {
      return reply.status(503).send({
        error: "WEB_NOT_BUILT",
        message:
          "The agent workspace has not been built: run `npm run build:web` (npm start does it for you).",
      });
    }
    return reply
      .header("content-security-policy", DASHBOARD_CSP)
      .header("cache-control", "no-cache")
      .type("text/html; charset=utf-8")
      .send(html);
  };
  app.get("/app", { config: { auth: "public" }, schema: { hide: true } }, page);
  app.get("/app/", { config: { auth: "public" }, schema: { hide: true } }, page);

  app.get<{ Params: { "*": string } }>(
    "/app/assets/*",
    { config: { auth: "public" }, schema: { hide: true } },
    (request, reply) => {
      if (!html) return reply.status(404).send({ error: "WEB_NOT_BUILT", message: "not built" });
      return reply.sendFile(request.params["*"], path.join(dir, "assets"), {
        maxAge: ONE_YEAR_MS,
        immutable: true,
      });
    },
  );
}
