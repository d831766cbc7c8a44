-- Level, force and mechanic join equipment and category in the full-text document (weight C): queries such as
-- "isolation exercises for the shoulders", "expert olympic lifts" or "static holds for the abs" name them.
DROP INDEX exercises_search_document_idx;
ALTER TABLE exercises DROP COLUMN search_document;
ALTER TABLE exercises ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', name || ' ' || catalog_join(aliases)), 'A') ||
    setweight(to_tsvector('english', catalog_join(primary_muscles)), 'B') ||
    setweight(to_tsvector('english', catalog_join(secondary_muscles) || ' ' || coalesce(equipment, '') || ' ' || category || ' ' ||
                                     level || ' ' || coalesce(force, '') || ' ' || coalesce(mechanic, '')), 'C') ||
    setweight(to_tsvector('english', coalesce(description, '') || ' ' || catalog_join(instructions)), 'D')
) STORED;
CREATE INDEX exercises_search_document_idx ON exercises USING gin (search_document);

INSERT INTO vocabulary_synonyms (kind, synonym, value, is_misspelling) VALUES
    ('force', 'holds', 'static', false),
    ('force', 'isometrics', 'static', false),
    ('mechanic', 'isolated', 'isolation', false),
    ('mechanic', 'compounds', 'compound', false);
