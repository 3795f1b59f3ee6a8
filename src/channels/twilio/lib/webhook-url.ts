/**
 * The URL the provider requested, as it signed it. Behind a proxy the server sees another scheme,
 * host or path prefix: a configured public base URL wins; otherwise the caller passes the scheme
 * and host Fastify derived (from X-Forwarded-Proto/-Host only when the proxy is trusted).
 */
export function webhookUrl(request: {
  publicBaseUrl?: string;
  protocol: string;
  host: string | undefined;
  /** Path and query string as received. */
  url: string;
}): string | undefined {
  if (request.publicBaseUrl) return `${request.publicBaseUrl.replace(/\/+$/, "")}${request.url}`;
  if (!request.host || /[\s/@\\]/.test(request.host)) return undefined;
  return `${request.protocol}://${request.host}${request.url}`;
}
