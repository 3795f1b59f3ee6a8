import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";
import escapeHtml from "escape-html";

/** Where `npm run build:web` writes the web apps. */
export const DEFAULT_WEB_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../web/dist",
);

/** One built entry: its script and stylesheets, as URLs. */
export type WebEntry = { script: string; styles: string[] };

/** The built web apps, or the reason they are missing. */
export type WebAssets = {
  readonly built: boolean;
  root: string;
  entry(source: string): WebEntry | undefined;
};

type ManifestChunk = { file: string; css?: string[]; isEntry?: boolean };

/** Reads the build manifest once; a missing build leaves `built` false rather than failing start-up. */
export function loadWebAssets(root: string = DEFAULT_WEB_ROOT): WebAssets {
  const manifestFile = path.join(root, "apps/.vite/manifest.json");
  let manifest: Record<string, ManifestChunk> = {};
  let built = false;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Record<string, ManifestChunk>;
    built = fs.existsSync(path.join(root, "embed/widget.js"));
  } catch {
    built = false;
  }
  return {
    built,
    root,
    entry(source) {
      const chunk = manifest[source];
      if (!chunk) return undefined;
      return { script: `/ui/${chunk.file}`, styles: (chunk.css ?? []).map((file) => `/ui/${file}`) };
    },
  };
}

/** Who may frame the chat for one widget key, and the name to show; undefined for an unknown key. */
export type ChatFramePolicy = { name: string; frameAncestors: string[] };
export type ChatFramePolicyResolver = (widgetKey: string) => Promise<ChatFramePolicy | undefined>;

const ONE_YEAR = 31_536_000;
const WIDGET_KEY = /^[A-Za-z0-9_-]{1,100}$/;
/** A scheme, host and optional port: nothing that could end the directive or add another. */
export const SITE_ORIGIN = /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;

/**
 * The chat frame's policy: its own scripts, styles and socket only, and framed only by the
 * workspace's own sites. `'self'` among the ancestors lets the demo storefront carry it.
 */
export function chatContentSecurityPolicy(frameAncestors: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors 'self'${frameAncestors
      .filter((origin) => SITE_ORIGIN.test(origin))
      .map((origin) => ` ${origin}`)
      .join("")}`,
  ].join("; ");
}

function notBuilt(reply: FastifyReply) {
  return reply.status(503).send({
    error: "WEB_NOT_BUILT",
    message: "The web apps have not been built: run `npm run build:web` (npm start does it for you).",
  });
}

/**
 * Serves the built web apps: the embeddable loader at /widget.js (fetched from retailers'
 * pages, so cross-origin readable), the chat frame at /widget/chat, and hashed assets under
 * /ui/. Files go through @fastify/static's `sendFile`, which refuses paths outside the root.
 */
export async function registerStaticWeb(
  app: FastifyInstance,
  options: { assets: WebAssets; chatFramePolicy: ChatFramePolicyResolver },
): Promise<void> {
  const { assets } = options;
  await app.register(fastifyStatic, { root: assets.root, serve: false });

  app.get("/widget.js", { config: { auth: "public" }, schema: { hide: true } }, (_request, reply) => {
    if (!assets.built) return notBuilt(reply);
    // A retailer's page loads this from another origin; a short cache lets a fix reach every shop soon.
    void reply.header("cross-origin-resource-policy", "cross-origin");
    return reply.sendFile("widget.js", path.join(assets.root, "embed"), {
      maxAge: 300_000,
      immutable: false,
    });
  });

  const chatHtml = assets.built
    ? fs.readFileSync(path.join(assets.root, "apps/widget/chat/index.html"), "utf8")
    : "";

  app.get<{ Querystring: { workspace?: string } }>(
    "/widget/chat",
    { config: { auth: "public" }, schema: { hide: true } },
    async (request, reply) => {
      if (!assets.built) return notBuilt(reply);
      const key = request.query.workspace ?? "";
      const policy = WIDGET_KEY.test(key) ? await options.chatFramePolicy(key) : undefined;
      if (!policy) {
        return reply
          .status(404)
          .send({ error: "WIDGET_UNKNOWN_WORKSPACE", message: "workspace: no widget with this key" });
      }
      void reply
        .header("content-security-policy", chatContentSecurityPolicy(policy.frameAncestors))
        .header("cache-control", "no-cache")
        .removeHeader("x-frame-options")
        .type("text/html; charset=utf-8");
      return chatHtml.replace("<title>Customer support</title>", `<title>${escapeHtml(policy.name)}</title>`);
    },
  );

  // Browsers ask for this on their own; an empty answer beats a 404 in every console.
  app.get("/favicon.ico", { config: { auth: "public" }, schema: { hide: true } }, (_request, reply) =>
    reply.status(204).header("cache-control", "public, max-age=86400").send(),
  );

  app.get<{ Params: { "*": string } }>(
    "/ui/assets/*",
    { config: { auth: "public" }, schema: { hide: true } },
    (request, reply) => {
      if (!assets.built) return notBuilt(reply);
      // Content-hashed names: a file at this URL never changes.
      return reply.sendFile(request.params["*"], path.join(assets.root, "apps/assets"), {
        maxAge: ONE_YEAR * 1000,
        immutable: true,
      });
    },
  );
}
