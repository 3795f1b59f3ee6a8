/**
 * The one error type domain code throws. The HTTP layer maps `kind` to a status
 * code in one place (http/plugins/error-handler.ts); domain code never picks a status.
 */
export const ERROR_KINDS = [
  "invalid",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "unprocessable",
  "too_large",
  "unavailable",
  "internal",
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export type AppErrorOptions = {
  /** Name of the offending input field, dotted path for nested fields. */
  field?: string;
  /** Safe to show to an end customer. */
  userMessage?: string;
  /** Structured details returned to the API caller (never personal data of others). */
  details?: Record<string, unknown>;
  cause?: unknown;
};

export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly field?: string;
  readonly userMessage?: string;
  readonly details?: Record<string, unknown>;

  constructor(kind: ErrorKind, code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.kind = kind;
    this.code = code;
    this.field = options.field;
    this.userMessage = options.userMessage;
    this.details = options.details;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

export const invalid = (code: string, field: string, message: string, options: AppErrorOptions = {}) =>
  new AppError("invalid", code, message, { ...options, field });

export const notFound = (code: string, message: string) => new AppError("not_found", code, message);

export const conflict = (code: string, message: string, options: AppErrorOptions = {}) =>
  new AppError("conflict", code, message, options);

/** Well-formed input that names something which does not exist or cannot be used here. */
export const unprocessable = (code: string, field: string, message: string) =>
  new AppError("unprocessable", code, message, { field });

export const forbidden = (code: string, message: string) => new AppError("forbidden", code, message);

export const unauthorized = (code: string, message: string) => new AppError("unauthorized", code, message);
