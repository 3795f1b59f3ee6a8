import { z } from "zod";
import { ENTRY_KINDS, POLICY_TYPES } from "../knowledge.types";

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const CHANNEL_PATTERN = /^[a-z][a-z0-9_]{1,29}$/;
export const MAX_BODY_CHARS = 200_000;

const dateField = z
  .union([z.string(), z.date()])
  .nullable()
  .optional()
  .transform((value, ctx) => {
    if (value === null || value === undefined) return value;
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "an ISO 8601 date-time such as 2026-05-01T00:00:00Z" });
      return z.NEVER;
    }
    return date;
  });

const labelList = z.array(z.string().trim().min(1).max(60)).max(200);

/** Front matter of a knowledge-base Markdown file; keys are snake_case as people write YAML. */
export const frontMatterSchema = z.strictObject({
  slug: z.string().max(120).regex(SLUG_PATTERN, "lower-case words joined by dashes").optional(),
  kind: z.enum(ENTRY_KINDS),
  policy_type: z.enum(POLICY_TYPES).nullable().optional(),
  title: z.string().trim().min(1).max(300),
  category: z.string().trim().min(1).max(60).nullable().optional(),
  locale: z.string().trim().min(2).max(35).optional(),
  channels: z.array(z.string().regex(CHANNEL_PATTERN, "a channel name such as web_chat")).max(20).optional(),
  scope: z
    .strictObject({
      stores: labelList.optional(),
      regions: labelList.optional(),
      categories: labelList.optional(),
    })
    .optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  effective_from: dateField,
  effective_to: dateField,
  change_note: z.string().max(2000).optional(),
  // Written by export for the reader's benefit; import decides versions itself.
  version: z.number().int().positive().optional(),
  status: z.string().max(20).optional(),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;
