-- Epoch bumps are coalesced: a write that changes the active version only marks the state as having pending
-- changes (in its own transaction); AdvanceEpochAsync turns pending changes into one new epoch at most once a
-- second. A version that fails verification is marked failed and can never be activated.
ALTER TABLE vector_index_state ADD COLUMN IF NOT EXISTS pending_changes boolean NOT NULL DEFAULT false;

ALTER TABLE vector_index_versions DROP CONSTRAINT IF EXISTS vector_index_versions_state_check;
ALTER TABLE vector_index_versions ADD CONSTRAINT vector_index_versions_state_check
    CHECK (state IN ('building', 'ready', 'failed', 'retired'));
ALTER TABLE vector_index_versions ADD COLUMN IF NOT EXISTS failure text;

-- What text the vectors embed (the indexer's document format): a version is one model AND one format.
ALTER TABLE vector_index_versions ADD COLUMN IF NOT EXISTS document_format text NOT NULL DEFAULT '';
