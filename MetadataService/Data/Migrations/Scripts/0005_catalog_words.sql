-- The catalog's words, defined once: the typo-correction lexicon (materialized, refreshed after writes) is a copy
-- of it, and the vocabulary other services fetch (GetVocabulary with words) reads it live, so a word is known to
-- them as soon as its exercise is committed, and a deleted exercise's words are gone as soon as it is.
CREATE FUNCTION catalog_words() RETURNS TABLE (word text, ndoc integer) LANGUAGE sql STABLE AS $$
    SELECT word, ndoc
    FROM ts_stat($q$
        SELECT to_tsvector('simple', name || ' ' || catalog_join(aliases) || ' ' ||
                                     catalog_join(primary_muscles || secondary_muscles) || ' ' ||
                                     coalesce(equipment, '') || ' ' || category || ' ' ||
                                     coalesce(description, '') || ' ' || catalog_join(instructions))
        FROM exercises
    $q$)
    WHERE length(word) >= 2 AND word !~ '^[0-9]+$'
$$;

DROP MATERIALIZED VIEW search_lexicon;
CREATE MATERIALIZED VIEW search_lexicon AS SELECT word, ndoc FROM catalog_words();
CREATE UNIQUE INDEX search_lexicon_word_key ON search_lexicon (word);
CREATE INDEX search_lexicon_word_trgm_idx ON search_lexicon USING gin (word gin_trgm_ops);
