-- The catalogue of index versions and the pointer to the active one. Each version's vectors live in a table
-- of their own (vectors_<name>), created by the application when the version is created.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE SEQUENCE IF NOT EXISTS vector_index_version_number;

CREATE TABLE IF NOT EXISTS vector_index_versions (
    name          text PRIMARY KEY CHECK (name ~ '^v[0-9]+$'),
    model_id      text NOT NULL,
    model_version text NOT NULL,
    dimensions    integer NOT NULL CHECK (dimensions BETWEEN 1 AND 16000),
    state         text NOT NULL CHECK (state IN ('building', 'ready', 'retired')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    ready_at      timestamptz,
    retired_at    timestamptz
);

-- Exactly one row: what searches read and the epoch caches are tagged with.
CREATE TABLE IF NOT EXISTS vector_index_state (
    singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    active_version text REFERENCES vector_index_versions (name),
    epoch          bigint NOT NULL DEFAULT 0,
    switched_at    timestamptz
);

INSERT INTO vector_index_state (singleton) VALUES (true) ON CONFLICT DO NOTHING;
