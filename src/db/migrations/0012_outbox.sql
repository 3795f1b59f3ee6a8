-- The outbox: every effect that leaves Throughline (mail, SMS, webhooks, order-system actions) is
-- written here in the same transaction as the change that causes it, then delivered by a worker
-- with retries. (workspace_id, kind, key) is unique, so enqueueing twice records one effect.
CREATE TABLE outbox_effects (
  id text PRIMARY KEY,
  workspace_id text NOT NULL,
  kind text NOT NULL,
  key text NOT NULL,
  payload jsonb NOT NULL,
  -- pending → delivering (claimed under a lease) → delivered | dead; a failed attempt goes back to pending.
  status text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  -- A claim past this time belongs to a worker that died: another worker may take it again.
  lease_until timestamptz,
  -- Changes with every claim, so a worker whose lease was retaken cannot record an outcome.
  claim_token text,
  last_error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  delivered_at timestamptz,
  UNIQUE (workspace_id, kind, key)
);
CREATE INDEX outbox_effects_due_idx ON outbox_effects (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_effects_lease_idx ON outbox_effects (lease_until) WHERE status = 'delivering';
CREATE INDEX outbox_effects_workspace_idx ON outbox_effects (workspace_id, kind, id);

-- Outbound webhook endpoints: each receives the event types it lists, signed with its own secret
-- in the Standard Webhooks convention. The secret is sensitive: shown once, never logged.
CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  url text NOT NULL,
  description text NOT NULL DEFAULT '',
  event_types text[] NOT NULL,
  secret text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_workspace_idx ON webhook_endpoints (workspace_id);

-- Imports never roll back a change made here later than the export: the order system's own
-- update time of the imported record, and the time Throughline last changed the order itself.
ALTER TABLE retail_orders ADD COLUMN source_updated_at timestamptz;
ALTER TABLE retail_orders ADD COLUMN local_changed_at timestamptz;

-- Secret rotation with an overlap window: the previous secret keeps verifying until it expires.
ALTER TABLE connector_settings ADD COLUMN previous_webhook_secret text;
ALTER TABLE connector_settings ADD COLUMN previous_webhook_secret_expires_at timestamptz;
-- The Shopify app's client secret, which signs Shopify's own order webhooks (X-Shopify-Hmac-Sha256).
ALTER TABLE connector_settings ADD COLUMN shopify_webhook_secret text;
