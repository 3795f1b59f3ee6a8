-- Knowledge base: entries (articles, policies, promotions, operational updates) and their versions.
-- "In force at T" is computed at read time from the published history (no background job, no
-- cache), so scheduled versions start and promotions expire on every node at the same instant.

CREATE TABLE kb_entries (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  kind text NOT NULL CHECK (kind IN ('article', 'policy', 'promotion', 'update')),
  slug text NOT NULL,
  -- Policies only: which structured parameters the versions carry (returns, shipping, …).
  policy_type text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (workspace_id, slug),
  CHECK ((kind = 'policy') = (policy_type IS NOT NULL))
);
-- Tools read structured parameters per policy type, so each type has one entry per workspace.
CREATE UNIQUE INDEX kb_entries_policy_type_idx ON kb_entries (workspace_id, policy_type)
  WHERE policy_type IS NOT NULL AND policy_type <> 'general';
CREATE INDEX kb_entries_workspace_idx ON kb_entries (workspace_id, kind, id);

CREATE TABLE kb_versions (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  entry_id text NOT NULL REFERENCES kb_entries(id),
  version integer NOT NULL CHECK (version > 0),
  status text NOT NULL CHECK (status IN ('draft', 'review', 'published', 'superseded', 'archived')),
  title text NOT NULL,
  -- Markdown exactly as the author wrote it (HTML included); rendered output is escaped.
  body text NOT NULL,
  -- Plain text derived from body, what search indexes and snippets quote.
  body_text text NOT NULL,
  category text,
  -- Empty means every channel.
  channels text[] NOT NULL DEFAULT '{}',
  locale text NOT NULL DEFAULT 'en',
  -- { stores: [], regions: [], categories: [] }; an empty list means no restriction.
  scope jsonb NOT NULL DEFAULT '{"stores":[],"regions":[],"categories":[]}'::jsonb,
  -- Structured parameters, validated per policy type before they are stored.
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  effective_from timestamptz,
  effective_to timestamptz,
  author text NOT NULL,
  change_note text NOT NULL DEFAULT '',
  -- The latest published version when this draft was started; publishing checks it is still so.
  based_on_version integer,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  submitted_at timestamptz,
  published_at timestamptz,
  published_by text,
  superseded_at timestamptz,
  archived_at timestamptz,
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, title), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce(category, '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, body_text), 'C')
  ) STORED,
  UNIQUE (entry_id, version),
  CHECK (effective_to IS NULL OR effective_from IS NULL OR effective_to > effective_from),
  CHECK (status NOT IN ('published', 'superseded') OR (effective_from IS NOT NULL AND published_at IS NOT NULL))
);
CREATE INDEX kb_versions_search_idx ON kb_versions USING gin (search)
  WHERE status IN ('published', 'superseded');
-- Resolves "the version in force at T" per entry: latest effective_from <= T.
CREATE INDEX kb_versions_in_force_idx ON kb_versions (entry_id, effective_from DESC, version DESC)
  WHERE status IN ('published', 'superseded');
CREATE INDEX kb_versions_workspace_idx ON kb_versions (workspace_id, status);
