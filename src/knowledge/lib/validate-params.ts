import { z } from "zod";
import {
  DEFAULT_ORDER_CHANGE_POLICY,
  DEFAULT_RETURN_POLICY,
  DEFAULT_SHIPPING_POLICY,
  type OrderChangePolicy,
  type ReturnPolicy,
  type ShippingPolicy,
} from "../../policies";
import { paramsInvalid } from "../knowledge.errors";
import type { EntryKind, PolicyType } from "../knowledge.types";

const label = z.string().trim().min(1).max(60);
const days = z.number().int().min(0).max(3650);
const labels = z.array(label).max(200);

const returnsSchema = z.strictObject({
  windowDays: days.default(DEFAULT_RETURN_POLICY.windowDays),
  categoryWindows: z.record(label, days).default({}),
  finalSaleCategories: labels.default([]),
  restockingFeePercent: z.number().min(0).max(100).default(DEFAULT_RETURN_POLICY.restockingFeePercent),
  requiresUnused: z.boolean().default(DEFAULT_RETURN_POLICY.requiresUnused),
  exchangesAllowed: z.boolean().default(DEFAULT_RETURN_POLICY.exchangesAllowed),
}) satisfies z.ZodType<ReturnPolicy, unknown>;

const transit = z
  .strictObject({ min: z.number().int().min(0).max(365), max: z.number().int().min(0).max(365) })
  .refine((range) => range.min <= range.max, { message: "min must not exceed max", path: ["max"] });

const shippingSchema = z.strictObject({
  freeShippingThreshold: z
    .number()
    .min(0)
    .max(1_000_000)
    .default(DEFAULT_SHIPPING_POLICY.freeShippingThreshold),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "an ISO 4217 code such as USD")
    .default(DEFAULT_SHIPPING_POLICY.currency),
  transitDays: z.record(label, transit).default(DEFAULT_SHIPPING_POLICY.transitDays),
  rates: z.record(label, z.number().min(0).max(1_000_000)).optional(),
}) satisfies z.ZodType<ShippingPolicy, unknown>;

const orderStatus = z.string().trim().min(1).max(40);
const orderChangesSchema = z.strictObject({
  cancellableStatuses: z.array(orderStatus).max(20).default(DEFAULT_ORDER_CHANGE_POLICY.cancellableStatuses),
  addressChangeStatuses: z
    .array(orderStatus)
    .max(20)
    .default(DEFAULT_ORDER_CHANGE_POLICY.addressChangeStatuses),
}) satisfies z.ZodType<OrderChangePolicy, unknown>;

const priceMatchSchema = z.strictObject({
  windowDays: days.default(14),
  competitors: labels.default([]),
  excludedCategories: labels.default([]),
  matchesOwnPriceDrops: z.boolean().default(true),
});

const warrantySchema = z.strictObject({
  defaultMonths: z.number().int().min(0).max(600).default(12),
  categoryMonths: z.record(label, z.number().int().min(0).max(600)).default({}),
});

const generalSchema = z.record(z.string().max(100), z.unknown());

const promotionSchema = z.strictObject({
  code: z.string().trim().min(1).max(40).optional(),
  discountPercent: z.number().min(0).max(100).optional(),
  discountAmount: z.number().min(0).optional(),
  minimumSpend: z.number().min(0).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  productCategories: labels.optional(),
});

const noParams = z.strictObject({});

/** The schema each policy type's structured parameters must satisfy; tools rely on their shape. */
export const POLICY_PARAM_SCHEMAS = {
  returns: returnsSchema,
  shipping: shippingSchema,
  order_changes: orderChangesSchema,
  price_match: priceMatchSchema,
  warranty: warrantySchema,
  general: generalSchema,
} as const satisfies Record<PolicyType, z.ZodType>;

const MAX_PARAMS_BYTES = 16_384;

/**
 * Validates structured parameters for an entry and completes them with the documented
 * defaults, so a stored version always carries the whole rule a tool will apply.
 */
export function validateParams(
  kind: EntryKind,
  policyType: PolicyType | null,
  params: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const input = params ?? {};
  if (JSON.stringify(input).length > MAX_PARAMS_BYTES) {
    throw paramsInvalid("params", `larger than ${MAX_PARAMS_BYTES / 1024} KiB`);
  }
  const schema =
    kind === "policy" && policyType
      ? POLICY_PARAM_SCHEMAS[policyType]
      : kind === "promotion"
        ? promotionSchema
        : noParams;
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue?.code === "unrecognized_keys" ? issue.keys : [];
    const path = ["params", ...(issue?.path ?? []).map(String), ...keys.slice(0, 1)].join(".");
    const message =
      issue?.code === "unrecognized_keys"
        ? `unknown parameter for ${policyType ?? kind}`
        : (issue?.message ?? "invalid");
    throw paramsInvalid(path, message);
  }
  return parsed.data as Record<string, unknown>;
}
