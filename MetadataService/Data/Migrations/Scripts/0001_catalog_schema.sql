-- The exercise catalog: vocabulary, exercises with their search columns, embedding model versions, outbox.
-- Reasons for each choice: docs/metadata.md.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Vocabulary ------------------------------------------------------------------------------------------------
-- Canonical values are free-exercise-db's own strings, so filters mean the same thing on the starter catalog
-- and on an imported free-exercise-db catalog.
CREATE TABLE vocabulary_terms (
    kind       text    NOT NULL CHECK (kind IN ('muscle', 'equipment', 'category', 'level', 'force', 'mechanic')),
    value      text    NOT NULL CHECK (value = lower(btrim(value)) AND value <> ''),
    label      text    NOT NULL,
    sort_order integer NOT NULL,
    PRIMARY KEY (kind, value)
);

-- What people type for a term: synonyms ("quads"), plurals and common misspellings ("dumbell").
CREATE TABLE vocabulary_synonyms (
    kind           text    NOT NULL,
    synonym        text    NOT NULL CHECK (synonym = lower(btrim(synonym)) AND synonym <> ''),
    value          text    NOT NULL,
    is_misspelling boolean NOT NULL DEFAULT false,
    PRIMARY KEY (kind, synonym),
    FOREIGN KEY (kind, value) REFERENCES vocabulary_terms (kind, value) ON UPDATE CASCADE ON DELETE CASCADE
);

-- Exercises -------------------------------------------------------------------------------------------------
-- Arrays cannot carry foreign keys; joining text[] through an immutable wrapper keeps the generated search
-- columns legal (array_to_string is only STABLE because of element output functions, which text does not have).
CREATE FUNCTION catalog_join(text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(array_to_string($1, ' '), '');

-- Every write takes the next number: row versions only grow, across the whole catalog and across a delete and
-- re-create of the same slug, so a consumer can always drop an older event.
CREATE SEQUENCE exercise_row_version AS bigint;

CREATE TABLE exercises (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug              text        NOT NULL CHECK (slug ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$'),
    name              text        NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
    description       text        CHECK (length(description) <= 2000),
    instructions      text[]      NOT NULL DEFAULT '{}',
    category          text        NOT NULL,
    level             text        NOT NULL,
    force             text,
    mechanic          text,
    equipment         text,
    primary_muscles   text[]      NOT NULL CHECK (cardinality(primary_muscles) > 0),
    secondary_muscles text[]      NOT NULL DEFAULT '{}',
    aliases           text[]      NOT NULL DEFAULT '{}',
    source            text        NOT NULL CHECK (source IN ('starter', 'free-exercise-db', 'admin')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    row_version       bigint      NOT NULL DEFAULT nextval('exercise_row_version'),
    -- Full-text document: name and aliases weigh most (A), then primary muscles (B), then secondary muscles,
    -- equipment and category (C), then description and instructions (D).
    search_document   tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', name || ' ' || catalog_join(aliases)), 'A') ||
        setweight(to_tsvector('english', catalog_join(primary_muscles)), 'B') ||
        setweight(to_tsvector('english', catalog_join(secondary_muscles) || ' ' || coalesce(equipment, '') || ' ' || category), 'C') ||
        setweight(to_tsvector('english', coalesce(description, '') || ' ' || catalog_join(instructions)), 'D')
    ) STORED,
    -- What typo-tolerant matching compares a query with: the names people know an exercise by.
    search_names      text GENERATED ALWAYS AS (lower(name || ' ' || catalog_join(aliases))) STORED
);

-- Public ids are case-insensitively unique: "Pushups" and "pushups" would be one exercise to a person.
CREATE UNIQUE INDEX exercises_slug_key ON exercises (lower(slug));
CREATE INDEX exercises_search_document_idx ON exercises USING gin (search_document);
CREATE INDEX exercises_search_names_trgm_idx ON exercises USING gin (search_names gin_trgm_ops);
CREATE INDEX exercises_muscles_idx ON exercises USING gin ((primary_muscles || secondary_muscles));
CREATE INDEX exercises_primary_muscles_idx ON exercises USING gin (primary_muscles);
-- Keyset paging walks (lower(slug)); the unique index above serves it.

-- Vocabulary integrity for scalar and array columns alike, whoever writes (service, psql, a future tool).
CREATE FUNCTION exercises_check_vocabulary() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    unknown text;
BEGIN
    SELECT string_agg(format('%s "%s"', v.kind, v.value), ', ' ORDER BY v.kind, v.value) INTO unknown
    FROM (
        SELECT * FROM (VALUES ('category', NEW.category), ('level', NEW.level), ('force', NEW.force),
                              ('mechanic', NEW.mechanic), ('equipment', NEW.equipment)) AS s (kind, value)
        UNION ALL
        SELECT 'muscle', m FROM unnest(NEW.primary_muscles || NEW.secondary_muscles) AS m
    ) AS v (kind, value)
    WHERE v.value IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM vocabulary_terms t WHERE t.kind = v.kind AND t.value = v.value);
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION 'exercise "%" uses values outside the vocabulary: %', NEW.slug, unknown
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER exercises_check_vocabulary
    BEFORE INSERT OR UPDATE ON exercises
    FOR EACH ROW EXECUTE FUNCTION exercises_check_vocabulary();

-- Typo correction: every word people could mean, with how many exercises use it. A materialized view because
-- ts_stat over the catalog is too slow per query; it is refreshed (concurrently) after catalog writes.
CREATE MATERIALIZED VIEW search_lexicon AS
    SELECT word, ndoc
    FROM ts_stat($q$
        SELECT to_tsvector('simple', name || ' ' || catalog_join(aliases) || ' ' ||
                                     catalog_join(primary_muscles || secondary_muscles) || ' ' ||
                                     coalesce(equipment, '') || ' ' || category || ' ' ||
                                     coalesce(description, '') || ' ' || catalog_join(instructions))
        FROM exercises
    $q$)
    WHERE length(word) >= 2 AND word !~ '^[0-9]+$';
CREATE UNIQUE INDEX search_lexicon_word_key ON search_lexicon (word);
CREATE INDEX search_lexicon_word_trgm_idx ON search_lexicon USING gin (word gin_trgm_ops);

-- Seeds (the starter catalog) applied once, so deleting a starter exercise is not undone by a restart.
CREATE TABLE catalog_seeds (
    name       text        PRIMARY KEY,
    checksum   text        NOT NULL,
    exercises  integer     NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- Embedding model versions ------------------------------------------------------------------------------------
-- The indexer registers a version while it builds its vectors and activates it when complete; at most one is
-- active, which the partial unique index guarantees even against two concurrent activations.
CREATE TABLE embedding_versions (
    id           text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$'),
    model        text        NOT NULL CHECK (btrim(model) <> ''),
    version      text        NOT NULL CHECK (btrim(version) <> ''),
    dimensions   integer     NOT NULL CHECK (dimensions BETWEEN 1 AND 16000),
    status       text        NOT NULL DEFAULT 'building' CHECK (status IN ('building', 'active', 'retired')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    activated_at timestamptz,
    retired_at   timestamptz,
    CHECK (status <> 'active' OR activated_at IS NOT NULL)
);
CREATE UNIQUE INDEX embedding_versions_one_active ON embedding_versions ((true)) WHERE status = 'active';

-- Outbox ----------------------------------------------------------------------------------------------------
-- Written in the same transaction as the catalog change it describes; the relay publishes in position order.
CREATE TABLE outbox (
    position      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      uuid        NOT NULL UNIQUE,
    event_type    text        NOT NULL CHECK (event_type IN ('exercise.upserted', 'exercise.deleted')),
    exercise_id   text        NOT NULL,
    row_version   bigint      NOT NULL,
    traceparent   text,
    tracestate    text,
    occurred_at   timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz,
    attempts      integer     NOT NULL DEFAULT 0,
    last_error    text
);
CREATE INDEX outbox_pending_idx ON outbox (position) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent_at_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- The relay sleeps on LISTEN catalog_outbox; a notification is delivered when the writing transaction commits,
-- so events leave within milliseconds without the relay polling hard.
CREATE FUNCTION outbox_notify() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('catalog_outbox', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_notify
    AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
