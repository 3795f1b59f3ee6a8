-- Retail data kept by the built-in connector: catalogue, stores, inventory, orders, returns;
-- plus per-workspace connector settings, webhook replay protection and action idempotency.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE retail_products (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  -- The retailer's product id; imports and webhooks upsert on it.
  external_id text NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  category text NOT NULL DEFAULT '',
  brand text NOT NULL DEFAULT '',
  final_sale boolean NOT NULL DEFAULT false,
  tags text[] NOT NULL DEFAULT '{}',
  content_hash text NOT NULL,
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(brand, '') || ' ' || coalesce(category, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(description, '')), 'C')
  ) STORED,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, external_id)
);
CREATE INDEX retail_products_search_idx ON retail_products USING gin (search);
CREATE INDEX retail_products_title_trgm_idx ON retail_products USING gin (title gin_trgm_ops);

CREATE TABLE retail_variants (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  product_id text NOT NULL REFERENCES retail_products(id) ON DELETE CASCADE,
  sku text NOT NULL,
  title text NOT NULL DEFAULT '',
  options jsonb NOT NULL DEFAULT '{}'::jsonb,
  price numeric(14, 2) NOT NULL,
  currency text NOT NULL,
  available boolean NOT NULL DEFAULT true,
  UNIQUE (workspace_id, sku)
);
CREATE INDEX retail_variants_product_idx ON retail_variants (product_id);

CREATE TABLE retail_stores (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  -- The retailer's store code, also used as the inventory location code.
  code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'store' CHECK (kind IN ('store', 'fulfilment_centre')),
  latitude double precision NOT NULL,
  longitude double precision NOT NULL,
  timezone text NOT NULL,
  postal_code text NOT NULL DEFAULT '',
  country text NOT NULL DEFAULT '',
  -- Address, weekly hours, holiday exceptions, services, phone: read as one document.
  doc jsonb NOT NULL,
  content_hash text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, code)
);

CREATE TABLE retail_inventory (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  sku text NOT NULL,
  location_code text NOT NULL,
  quantity integer NOT NULL CHECK (quantity >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, sku, location_code)
);
CREATE INDEX retail_inventory_location_idx ON retail_inventory (workspace_id, location_code);

CREATE TABLE retail_postal_codes (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  country text NOT NULL,
  postal_code text NOT NULL,
  latitude double precision NOT NULL,
  longitude double precision NOT NULL,
  PRIMARY KEY (workspace_id, country, postal_code)
);

CREATE TABLE retail_orders (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  -- The number a shopper quotes ("1001", "#W2378156"); unique per workspace.
  number text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'processing', 'shipped', 'delivered', 'cancelled')),
  -- Ownership keys, matched against the customer's email and external identities.
  customer_email text,
  customer_ref text,
  placed_at timestamptz,
  total numeric(14, 2) NOT NULL DEFAULT 0,
  -- The whole order (lines, payments, refunds, fulfilments, addresses) as one document.
  doc jsonb NOT NULL,
  content_hash text NOT NULL,
  source text NOT NULL DEFAULT 'throughline',
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, number)
);
CREATE INDEX retail_orders_email_idx ON retail_orders (workspace_id, customer_email) WHERE customer_email IS NOT NULL;
CREATE INDEX retail_orders_ref_idx ON retail_orders (workspace_id, customer_ref) WHERE customer_ref IS NOT NULL;

CREATE TABLE retail_returns (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  order_id text NOT NULL REFERENCES retail_orders(id),
  kind text NOT NULL CHECK (kind IN ('return', 'exchange')),
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'received', 'refunded', 'cancelled')),
  lines jsonb NOT NULL,
  reason text NOT NULL DEFAULT '',
  refund_amount numeric(14, 2) NOT NULL DEFAULT 0,
  customer_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX retail_returns_order_idx ON retail_returns (workspace_id, order_id);

-- One row per executed action: a repeated request id returns the stored result instead of acting again.
CREATE TABLE retail_action_requests (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  request_id text NOT NULL,
  tool text NOT NULL,
  input_hash text NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, request_id)
);

CREATE TABLE connector_settings (
  workspace_id text PRIMARY KEY REFERENCES workspaces(id),
  -- 'builtin' reads our own tables; 'http' reads orders and inventory from the retailer's API.
  kind text NOT NULL DEFAULT 'builtin' CHECK (kind IN ('builtin', 'http')),
  http jsonb,
  -- HMAC key for change webhooks (sensitive: returned once on rotation, never logged).
  webhook_secret text,
  webhook_secret_created_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE connector_webhook_events (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  event_id text NOT NULL,
  signature text NOT NULL,
  event_type text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, event_id)
);
CREATE UNIQUE INDEX connector_webhook_events_signature_idx ON connector_webhook_events (workspace_id, signature);
