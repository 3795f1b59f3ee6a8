-- Rate-limit counters shared by every node. Keys are hashes: no address, key or email is stored.
CREATE TABLE IF NOT EXISTS rate_limit_counters (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  expires_at timestamptz NOT NULL,
  -- Set for login back-off: no attempt is checked before this time.
  blocked_until timestamptz
);
CREATE INDEX IF NOT EXISTS rate_limit_counters_expires_at ON rate_limit_counters (expires_at);
