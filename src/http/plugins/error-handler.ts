import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { isAppError, type ErrorKind } from "../../core/errors";
import { isDatabaseUnavailable } from "../../db/database-unavailable";
import { frameworkError } from "./framework-errors";
import { trackAllowedMethods } from "./method-not-allowed";

/** Seconds a client should wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_large: 413,
  unavailable: 503,
  internal: 500,
};

export type ErrorBody = {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
};

const body = (
  code: string,
  message: string,
  field?: string,
  details?: Record<string, unknown>,
): ErrorBody => ({
  error: { code, message, ...(field ? { field } : {}), ...(details ? { details } : {}) },
});

function fieldFromPath(path: string): string | undefined {
  const dotted = path.replace(/^\//, "").replace(/\//g, ".");
  return dotted || undefined;
}

/** The single place where errors become HTTP statuses; domain code never picks one. */
export function registerErrorHandler(app: FastifyInstance): void {
  const allowedMethods = trackAllowedMethods(app);
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    // First, whatever wrapped it: a lost database is "retry later", never a 500.
    if (isDatabaseUnavailable(error)) {
      // The error's own text may quote SQL and its parameters: log only that the database is down.
      request.log.warn({ code: (error as { code?: unknown }).code }, "database unreachable");
      return reply
        .status(503)
        .header("retry-after", String(DATABASE_RETRY_AFTER_SECONDS))
        .send(body("DATABASE_UNAVAILABLE", "the database is unreachable; retry shortly"));
    }
    if (isAppError(error)) {
      const status = STATUS_BY_KIND[error.kind];
      if (status >= 500) request.log.error({ err: error }, "request failed");
      return reply.status(status).send(body(error.code, error.message, error.field, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const keys = (first?.params as { keys?: unknown } | undefined)?.keys;
      let field = fieldFromPath(first?.instancePath ?? "");
      if (first?.keyword === "unrecognized_keys" && Array.isArray(keys) && typeof keys[0] === "string") {
        field = field ? `${field}.${keys[0]}` : keys[0];
      }
      const where = error.validationContext ?? "body";
      const message = `${where}${field ? `.${field}` : ""}: ${first?.message ?? "invalid"}`;
      return reply.status(400).send(body("VALIDATION_FAILED", message, field ?? where));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, "response did not match its schema");
      return reply.status(500).send(body("INTERNAL", "internal error"));
    }
    const fastifyError = error as FastifyError;
    const status = fastifyError.statusCode ?? 500;
    if (status === 413) return reply.status(413).send(body("REQUEST_TOO_LARGE", "request body is too large"));
    if (status >= 400 && status < 500) {
      const framework = frameworkError(fastifyError, request.headers["content-type"]);
      if (framework) return reply.status(framework.status).send(body(framework.code, framework.message, framework.field));
      return reply.status(status).send(body(fastifyError.code ?? "BAD_REQUEST", fastifyError.message));
    }
    request.log.error({ err: error }, "unhandled error");
    return reply.status(500).send(body("INTERNAL", "internal error"));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const allowed = allowedMethods(path);
    if (allowed.length > 0) {
      return reply
        .status(405)
        .header("allow", allowed.join(", "))
        .send(body("METHOD_NOT_ALLOWED", `${request.method} is not allowed on ${path}; use ${allowed.join(", ")}`));
    }
    return reply.status(404).send(body("ROUTE_NOT_FOUND", `no route for ${request.method} ${path}`));
  });
}
