/**
 * Structured policy parameters that tools read. The knowledge base publishes them; tools
 * read them only through `PolicySource`, so the source can change without touching a tool.
 */
export type ReturnPolicy = {
  /** Default return window in days, counted from delivery. */
  windowDays: number;
  /** Per product category overrides, e.g. { electronics: 15, footwear: 60 }. */
  categoryWindows: Record<string, number>;
  /** Categories that cannot be returned at all. */
  finalSaleCategories: string[];
  /** Percentage kept from the refund for opened items, 0 when none. */
  restockingFeePercent: number;
  /** Whether items must be unused with tags to qualify. */
  requiresUnused: boolean;
  exchangesAllowed: boolean;
};

export type ShippingPolicy = {
  freeShippingThreshold: number;
  currency: string;
  /** Business days from dispatch, per service level. */
  transitDays: Record<string, { min: number; max: number }>;
  /** Price per service level, e.g. { standard: 6.95, express: 14.95 }, when the retailer publishes it. */
  rates?: Record<string, number>;
};

export type OrderChangePolicy = {
  /** Statuses in which a customer may still cancel. */
  cancellableStatuses: string[];
  /** Statuses in which the shipping address may still change. */
  addressChangeStatuses: string[];
};

export type PolicyRef = { entryId: string; version: number } | null;
export type Versioned<T> = { value: T; source: PolicyRef };

export type PolicySource = {
  returnPolicy(workspaceId: string, at?: Date): Promise<Versioned<ReturnPolicy>>;
  shippingPolicy(workspaceId: string, at?: Date): Promise<Versioned<ShippingPolicy>>;
  orderChangePolicy(workspaceId: string, at?: Date): Promise<Versioned<OrderChangePolicy>>;
};

export const DEFAULT_RETURN_POLICY: ReturnPolicy = {
  windowDays: 30,
  categoryWindows: {},
  finalSaleCategories: [],
  restockingFeePercent: 0,
  requiresUnused: true,
  exchangesAllowed: true,
};

export const DEFAULT_SHIPPING_POLICY: ShippingPolicy = {
  freeShippingThreshold: 75,
  currency: "USD",
  transitDays: { standard: { min: 3, max: 5 }, express: { min: 1, max: 2 } },
};

export const DEFAULT_ORDER_CHANGE_POLICY: OrderChangePolicy = {
  cancellableStatuses: ["pending", "processing"],
  addressChangeStatuses: ["pending", "processing"],
};

/** Used until a workspace publishes its own policies. */
export const defaultPolicySource: PolicySource = {
  returnPolicy: async () => ({ value: DEFAULT_RETURN_POLICY, source: null }),
  shippingPolicy: async () => ({ value: DEFAULT_SHIPPING_POLICY, source: null }),
  orderChangePolicy: async () => ({ value: DEFAULT_ORDER_CHANGE_POLICY, source: null }),
};
