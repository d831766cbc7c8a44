-- Judged query sets for search-quality experiments: queries with relevance judgments, kept beside the catalog they
-- judge. A query is judged by a rule over the exercises' facts (the shared qrels.py's rule format), evaluated when
-- the grades are read so that a catalog edit changes them, and/or by explicit grades per exercise, which override
-- the rule for their exercise.
CREATE SEQUENCE judged_set_version_seq;

CREATE TABLE judged_sets (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the public id, with the catalog's slug rules (and unique case-insensitively, as exercise ids are)
    slug        text        NOT NULL,
    name        text        NOT NULL,
    description text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- the ETag: every change to the set or one of its queries takes the next number of one sequence, so a version
    -- is never repeated, also across delete and re-create of a slug
    version     bigint      NOT NULL DEFAULT nextval('judged_set_version_seq')
);
CREATE UNIQUE INDEX judged_sets_slug_key ON judged_sets (lower(slug));

CREATE TABLE judged_queries (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    set_id bigint NOT NULL REFERENCES judged_sets (id) ON DELETE CASCADE,
    text   text   NOT NULL,
    -- qrels.py's rule object; validated by the service (vocabulary values, regular expressions)
    rule   jsonb  CHECK (rule IS NULL OR jsonb_typeof(rule) = 'object')
);
CREATE INDEX judged_queries_set_idx ON judged_queries (set_id, id);

-- No foreign key to exercises: a judgment outlives the exercise it names (a deleted exercise is simply not
-- exported), and a re-created exercise with the same id is judged again.
CREATE TABLE judged_query_grades (
    query_id bigint   NOT NULL REFERENCES judged_queries (id) ON DELETE CASCADE,
    exercise text     NOT NULL,
    grade    smallint NOT NULL CHECK (grade BETWEEN 0 AND 2),
    PRIMARY KEY (query_id, exercise)
);
