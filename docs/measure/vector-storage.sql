-- Storage of one embedding version in pgvector: heap, TOAST, HNSW, per vector, for :n random 512-d vectors.
-- Fixed-length float32 vectors take the same space whatever their values, so random ones measure real ones.
-- Run against any PostgreSQL with pgvector 0.8 (a scratch database: it creates and drops schema storage_probe):
--   psql "host=127.0.0.1 port=PORT user=postgres dbname=vectordb" -v n=50000 -f docs/measure/vector-storage.sql
-- The HNSW parameters below are the ones slo.md assumes; change both together.
\set ON_ERROR_STOP on
\timing on
SET maintenance_work_mem = '1GB';
SET max_parallel_maintenance_workers = 0;
CREATE EXTENSION IF NOT EXISTS vector;
DROP SCHEMA IF EXISTS storage_probe CASCADE;
CREATE SCHEMA storage_probe;
-- Columns shaped like a vector row with its filter attributes.
CREATE TABLE storage_probe.v (
    id bigint PRIMARY KEY, slug text NOT NULL, category text, level text, force text, mechanic text,
    equipment text, muscles text[], embedding vector(512) NOT NULL);
INSERT INTO storage_probe.v
SELECT i, 'exercise-slug-number-' || i, 'strength', 'beginner', 'push', 'compound', 'dumbbell',
       ARRAY['chest', 'triceps', 'shoulders'],
       (SELECT array_agg(random() - 0.5) FROM generate_series(1, 512) WHERE i > 0)::vector(512)
FROM generate_series(1, :n) AS i;
VACUUM ANALYZE storage_probe.v;
CREATE INDEX v_hnsw ON storage_probe.v USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
SELECT :n AS vectors,
       pg_relation_size(c.oid) AS heap_bytes,
       pg_relation_size(c.reltoastrelid) AS toast_bytes,
       pg_relation_size('storage_probe.v_hnsw') AS hnsw_bytes,
       pg_total_relation_size(c.oid) AS total_bytes,
       pg_total_relation_size(c.oid) / :n AS bytes_per_vector
FROM pg_class c WHERE c.oid = 'storage_probe.v'::regclass;
DROP SCHEMA storage_probe CASCADE;
