import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./database-unavailable";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it("recognises a stopped, restarting or unreachable server, also when wrapped", () => {
    for (const error of [
      withCode("57P01", "terminating connection due to administrator command"),
      withCode("57P03", "the database system is shutting down"),
      withCode("08006"),
      withCode("ECONNREFUSED"),
      new Error("Connection terminated unexpectedly"),
      new Error("Client has encountered a connection error and is not queryable"),
      new Error("Failed query: select 1", { cause: withCode("ECONNRESET") }),
      new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]),
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    }
  });

  it("leaves request and programming errors alone", () => {
    for (const error of [
      withCode("23505", "duplicate key"),
      withCode("22P02", "invalid input syntax"),
      withCode("40001"),
      new Error("Failed query", { cause: withCode("42703") }),
      new TypeError("x is undefined"),
      undefined,
      "a string",
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    }
  });
});
