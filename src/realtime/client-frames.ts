import { z } from "zod";
import { isStorableText } from "../http/plugins/storable-text";

/** Text that PostgreSQL can store: no NUL, no lone surrogate (a JSON escape can carry one). */
const text = (max: number) =>
  z.string().max(max).refine(isStorableText, "contains a NUL character or an unpaired surrogate");

const pageSchema = z.strictObject({
  url: text(2000).optional(),
  title: text(300).optional(),
  productId: text(64).pipe(z.string().min(1)).optional(),
  sku: text(64).pipe(z.string().min(1)).optional(),
  cartId: text(128).pipe(z.string().min(1)).optional(),
});

const locationSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});

const contextFields = {
  page: pageSchema.optional(),
  location: locationSchema.optional(),
  screen: text(200).optional(),
  locale: z
    .string()
    .regex(/^[a-z]{2}(-[A-Z]{2})?$/, "a locale such as en or en-US")
    .optional(),
};
export const shopperContextSchema = z.strictObject(contextFields);

export const helloFrame = z.strictObject({
  type: z.literal("hello"),
  resumeToken: z.string().min(1).max(200).optional(),
  conversationId: z.string().max(64).optional(),
  lastSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  identity: z
    .strictObject({
      userId: text(200).pipe(z.string().trim().min(1)).optional(),
      email: z.email().max(320).optional(),
      hmac: z.string().max(128),
    })
    .refine((identity) => Boolean(identity.userId) !== Boolean(identity.email), {
      message: "give exactly one of userId or email",
      path: ["userId"],
    })
    .optional(),
  device: z
    .strictObject({
      id: text(200).pipe(z.string().trim().min(1)),
      platform: z.enum(["ios", "android", "web", "other"]).optional(),
      pushToken: text(4096).optional(),
    })
    .optional(),
});

export const messageFrame = z.strictObject({
  type: z.literal("message"),
  clientId: z.uuid("a UUID the client generated for this message"),
  text: text(5_000).pipe(z.string().trim().min(1, "the message is empty")),
  context: shopperContextSchema.optional(),
});

export const clientFrame = z.discriminatedUnion("type", [
  helloFrame,
  messageFrame,
  z.strictObject({ type: z.literal("typing"), on: z.boolean() }),
  z.strictObject({ type: z.literal("read"), seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
  z.strictObject({ type: z.literal("context"), ...contextFields }),
  z.strictObject({ type: z.literal("ping") }),
]);
export type ClientFrame = z.infer<typeof clientFrame>;

export const staffFrame = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("typing"), conversationId: z.string().min(1).max(64), on: z.boolean() }),
  z.strictObject({
    type: z.literal("read"),
    conversationId: z.string().min(1).max(64),
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  }),
  z.strictObject({ type: z.literal("ping") }),
]);
export type StaffFrame = z.infer<typeof staffFrame>;

/** The first problem as an error frame's field and message; the field is the dotted path. */
export function describeIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join(".") ?? "";
  if (issue?.code === "invalid_union" && field === "type") {
    return { field: "type", message: "type must be one of hello, message, typing, read, context, ping" };
  }
  return { field: field || "type", message: issue?.message ?? "invalid frame" };
}
