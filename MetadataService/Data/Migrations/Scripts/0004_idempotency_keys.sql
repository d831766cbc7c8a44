-- Idempotency keys of admin writes (the Idempotency-Key header): a retried create or update answers the first
-- outcome instead of writing again. A key is inserted in the transaction of its write, so a committed write always
-- has its key, even when the service died before it could answer.
CREATE TABLE idempotency_keys (
    key         text        PRIMARY KEY,
    -- the operation and the validated body of the first request: the same key with another request is refused
    fingerprint text        NOT NULL,
    -- the exercise the first request answered with, answered again to every retry
    exercise    jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
