import { z } from "zod";

/**
 * A fact a reply is checked for. A string matches as a case-insensitive substring; a list
 * matches when any of its strings does (one fact, several wordings); `date` matches the common
 * renderings of one calendar day; `pattern` is a case-insensitive regular expression; `named`
 * is one of the built-in patterns (any date, Markdown, a URL).
 */
export const NAMED_PATTERNS = ["any-date", "markdown", "url"] as const;
export type NamedPattern = (typeof NAMED_PATTERNS)[number];

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a day as YYYY-MM-DD");

export const factSchema = z.union([
  z.string().min(1),
  z.array(z.string().min(1)).min(1),
  z.strictObject({ date: isoDay }),
  z.strictObject({
    pattern: z.string().min(1).refine((source) => {
      try {
        new RegExp(source, "i");
        return true;
      } catch {
        return false;
      }
    }, "not a valid regular expression"),
  }),
  z.strictObject({ named: z.enum(NAMED_PATTERNS) }),
]);
export type Fact = z.output<typeof factSchema>;

export const expectationSchema = z.strictObject({
  /** Every one of these must appear. */
  include: z.array(factSchema).default([]),
  /** None of these may appear. */
  exclude: z.array(factSchema).default([]),
  /** Whether the conversation counts as verified after this turn. */
  verified: z.boolean().optional(),
  /** Whether this turn handed the case to a person. */
  escalated: z.boolean().optional(),
});
export type Expectation = z.output<typeof expectationSchema>;

export const turnSchema = z.strictObject({
  say: z.string().trim().min(1).max(5_000),
  expect: expectationSchema.optional(),
});

const addressExpectation = z.strictObject({
  line1: z.string().optional(),
  city: z.string().optional(),
  region: z.string().optional(),
  postalCode: z.string().optional(),
});

export const orderExpectationSchema = z.strictObject({
  /** The order's status afterwards; `unchanged` means as seeded. */
  status: z.string().min(1).optional(),
  unchanged: z.literal(true).optional(),
  /** Quantity returned per SKU afterwards (seeded plus returned in the conversation). */
  returned: z.record(z.string(), z.number().int().min(0)).optional(),
  address: addressExpectation.optional(),
});
export type OrderExpectation = z.output<typeof orderExpectationSchema>;

export const endStateSchema = z.strictObject({
  orders: z.record(z.string(), orderExpectationSchema).default({}),
  /** The conversation's case status at the end (open, pending, escalated, resolved). */
  caseStatus: z.string().min(1).optional(),
  /** Timeline event kinds (e.g. return.created) that must, or must not, have been recorded. */
  events: z.array(z.string().min(1)).default([]),
  noEvents: z.array(z.string().min(1)).default([]),
});
export type EndState = z.output<typeof endStateSchema>;

export const SCENARIO_DATASETS = ["demo", "tau-retail"] as const;

export const scenarioSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,80}$/, "lower-case letters, digits and dashes"),
  title: z.string().min(1).max(300),
  /** Which behaviours this scenario covers, for grouping failures. */
  tags: z.array(z.string().min(1)).default([]),
  /** The data the scenario is written against; tau-retail ones need that database imported. */
  data: z.enum(SCENARIO_DATASETS).default("demo"),
  channel: z.string().min(1).default("rest"),
  /**
   * The shopper's channel identities. The email is a claim only, never proof; the session (sent as
   * a device identity, as the retailer's app or widget does) is what proof given in the
   * conversation stays with. Default session: one per scenario; null for none (every message
   * must then prove itself).
   */
  sender: z
    .strictObject({ email: z.email().default("shopper@example.net"), session: z.string().min(1).max(200).nullable().optional() })
    .default({ email: "shopper@example.net" }),
  turns: z.array(turnSchema).min(1).max(30),
  /** Checked against every reply of the conversation together. */
  expect: expectationSchema.optional(),
  end: endStateSchema.optional(),
});
export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
