import { z } from "zod";

/** Shared building blocks for route schemas; the same schemas validate requests and generate /openapi.json. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: "Error" });

export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
} as const;

export const idParam = <K extends string>(name: K, description: string) =>
  z.strictObject({ [name]: z.string().min(1).max(64).describe(description) } as Record<K, z.ZodString>);

export const limitQuery = z.coerce.number().int().min(1).max(200).default(50);

/** Keyset paging: `cursor` is the opaque `nextCursor` of the previous page. */
export const pageQuery = z.strictObject({
  cursor: z.string().min(1).max(200).optional().describe("`nextCursor` from the previous page"),
  limit: limitQuery.describe("Items per page, 1–200"),
});

export const shortText = (max = 200) => z.string().trim().min(1).max(max);

/** Free-form metadata: bounded so a client cannot store megabytes per row. */
export const metadataSchema = z
  .record(z.string().max(100), z.unknown())
  .refine((value) => JSON.stringify(value).length <= 16_384, "metadata is larger than 16 KiB");
