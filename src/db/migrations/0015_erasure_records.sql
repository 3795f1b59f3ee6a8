-- The audit trail of customer erasures: who asked, when, and how many rows each table changed.
-- Holds the customer's opaque id only, never a name, address or message.
CREATE TABLE erasure_records (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  customer_id text NOT NULL,
  requested_by text NOT NULL,
  changed jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX erasure_records_workspace_idx ON erasure_records (workspace_id, created_at DESC);
