import type { FastifyError } from "fastify";
import { describe, expect, it } from "vitest";
import { frameworkError } from "./framework-errors";

const fastifyError = (code: string | undefined, statusCode: number) =>
  Object.assign(new Error("framework text"), { code, statusCode }) as FastifyError;

describe("frameworkError", () => {
  it("names an unsupported media type with our code and the field", () => {
    const mapped = frameworkError(fastifyError("FST_ERR_CTP_INVALID_MEDIA_TYPE", 415), "text/plain");
    expect(mapped).toEqual({
      status: 415,
      code: "BODY_UNSUPPORTED_MEDIA_TYPE",
      message: expect.stringContaining("text/plain"),
      field: "content-type",
    });
  });

  it("maps an unknown framework code by its status, never leaking FST_", () => {
    const mapped = frameworkError(fastifyError("FST_ERR_SOMETHING_NEW", 400), undefined);
    expect(mapped?.code).toBe("BAD_REQUEST");
    expect(mapped?.message).not.toContain("framework text");
  });

  it("leaves errors that already carry one of our codes alone", () => {
    expect(frameworkError(fastifyError("BODY_UNSUPPORTED_CHARSET", 415), "application/json")).toBeUndefined();
  });
});
