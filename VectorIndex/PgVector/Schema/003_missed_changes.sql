-- A version the indexer could not keep current (a change it had to skip, e.g. a version of another embedding model
-- than the one serving) records that here; it must be caught up with the catalog before it can be activated.
-- missed_changes counts the skipped batches, so a catch-up clears the mark only if nothing was skipped meanwhile.
ALTER TABLE vector_index_versions ADD COLUMN IF NOT EXISTS missed_changes bigint NOT NULL DEFAULT 0;
ALTER TABLE vector_index_versions ADD COLUMN IF NOT EXISTS behind_since timestamptz;
