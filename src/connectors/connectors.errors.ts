import { AppError, invalid, notFound } from "../core/errors";

export const upstreamUnavailable = (system: string, cause?: unknown) =>
  new AppError("unavailable", "CONNECTORS_UPSTREAM_UNAVAILABLE", `the ${system} system cannot be reached right now`, {
    userMessage: "I can't check that right now. Please try again in a few minutes.",
    cause,
  });

export const upstreamInvalid = (system: string, message: string, cause?: unknown) =>
  new AppError("unavailable", "CONNECTORS_UPSTREAM_INVALID", `the ${system} system answered with ${message}`, {
    userMessage: "I can't check that right now. Please try again in a few minutes.",
    cause,
  });

export const importKindUnknown = (kind: string) =>
  invalid("CONNECTORS_IMPORT_KIND_UNKNOWN", "kind", `unknown import kind "${kind}"`);

export const importFormatUnknown = (file: string) =>
  invalid("CONNECTORS_IMPORT_FORMAT_UNKNOWN", "format", `cannot tell the format of ${file}; pass --format`);

export const strictImportFailed = (count: number) =>
  invalid("CONNECTORS_IMPORT_REJECTED", "file", `${count} record(s) are invalid; nothing was written (--strict)`);

export const webhookSignatureInvalid = (message: string) =>
  new AppError("unauthorized", "CONNECTORS_WEBHOOK_SIGNATURE_INVALID", message);

export const webhookReplayed = () =>
  new AppError("conflict", "CONNECTORS_WEBHOOK_REPLAYED", "this webhook event was already received");

export const webhookNotConfigured = () =>
  notFound("CONNECTORS_WEBHOOK_NOT_CONFIGURED", "no webhook secret is set for this workspace");

export const httpNotConfigured = () =>
  invalid("CONNECTORS_HTTP_NOT_CONFIGURED", "http", "kind \"http\" needs the http settings (baseUrl, paths)");

export const shopifyNotConfigured = () =>
  notFound("CONNECTORS_SHOPIFY_NOT_CONFIGURED", "no Shopify webhook secret is set for this workspace");
