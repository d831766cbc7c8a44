using System.Text;
using FitnessAssistant.MetadataService.Catalog;
using FitnessAssistant.MetadataService.Data;
using FitnessAssistant.MetadataService.Vocabulary;

namespace FitnessAssistant.MetadataService.Search;

/// <summary>
/// Keyword search over the catalog in PostgreSQL. Each query word becomes a group of lexemes (its own stem, its
/// spelling correction from the catalog's lexicon, vocabulary synonyms, joined forms with its neighbours); an
/// exercise is a candidate when any group matches its full-text document or the query is trigram-similar to its
/// names. The score rewards, in order: covering every word, covering it in the name or an alias, full-text rank
/// (names and aliases weigh most), and trigram similarity of the whole query to a name (typos that correction
/// missed). Filters are the same SQL as the list endpoint.
/// </summary>
public sealed class KeywordSearch(ReadYourWrites reads, VocabularyHolder vocabulary)
{
    public const int MaxLimit = 200;

    // Correction only replaces a word the catalog does not know, only with a close word the catalog does know.
    private const double CorrectionSimilarity = 0.4;
    private const int MinCorrectableLength = 4;

    private const string ResolveSql = """
        WITH input AS (
            SELECT t.form, t.correctable FROM unnest(@forms::text[], @correctable::bool[]) AS t(form, correctable)
        ),
        resolved AS (
            SELECT i.form,
                   CASE WHEN NOT i.correctable OR EXISTS (SELECT 1 FROM search_lexicon l WHERE l.word = i.form) THEN i.form
                        WHEN i.correctable AND length(i.form) >= @MinCorrectableLength THEN (
                            SELECT l.word FROM search_lexicon l
                            WHERE l.word % i.form AND similarity(l.word, i.form) >= @CorrectionSimilarity
                            ORDER BY similarity(l.word, i.form) DESC, l.ndoc DESC, l.word
                            LIMIT 1)
                   END AS word
            FROM input i
        )
        SELECT r.form AS Form, r.word AS Word, (ts_lexize('english_stem', r.word))[1] AS Lexeme
        FROM resolved r
        """;

    public async Task<KeywordResult> SearchAsync(string text, ExerciseFilter filter, int limit, string? minLsn, CancellationToken cancellationToken)
    {
        var query = KeywordQuery.Parse(text, vocabulary.Current);
        if (query.Words.Count == 0)
        {
            return new KeywordResult(query.Text, [], new Dictionary<string, string>());
        }
        await using var connection = await reads.OpenAsync(minLsn, cancellationToken);

        // 1. Every form to its lexeme; a typed word the catalog does not know is first corrected to one it does.
        var forms = query.Words.Select(w => (Form: w.Token, Correctable: true))
            .Concat(query.Words.SelectMany(w => w.Alternatives).Select(a => (Form: a, Correctable: false)))
            .DistinctBy(f => f.Form).ToList();
        var resolved = (await connection.QueryAsync<(string Form, string? Word, string? Lexeme)>(new CommandDefinition(ResolveSql, new
        {
            forms = forms.Select(f => f.Form).ToArray(),
            correctable = forms.Select(f => f.Correctable).ToArray(),
            MinCorrectableLength,
            CorrectionSimilarity,
        }, cancellationToken: cancellationToken))).ToDictionary(r => r.Form);

        var corrections = new Dictionary<string, string>();
        var groups = new List<(string Label, string[] Lexemes)>();
        foreach (var word in query.Words)
        {
            var own = resolved[word.Token];
            if (own.Word is { } corrected && corrected != word.Token)
            {
                corrections[word.Token] = corrected;
            }
            var lexemes = word.Alternatives.Select(a => resolved[a]).Prepend(own)
                .Where(r => r.Word is not null && r.Lexeme is not null).Select(r => r.Lexeme!).Distinct().ToArray();
            if (lexemes.Length > 0)
            {
                groups.Add((own.Word ?? word.Token, lexemes));
            }
        }
        var stopWordsOnly = groups.Count == 0 && resolved.Values.All(r => r.Word is not null && r.Lexeme is null);
        if (stopWordsOnly)
        {
            return new KeywordResult(query.Text, [], corrections);
        }

        // 2. Rank.
        var parameters = new DynamicParameters(new
        {
            q = query.Text,
            groups = groups.Select(g => TsQuery(g.Lexemes, null)).ToArray(),
            nameGroups = groups.Select(g => TsQuery(g.Lexemes, 'A')).ToArray(),
            labels = groups.Select(g => g.Label).ToArray(),
            any = groups.Count == 0 ? null : string.Join(" | ", groups.Select(g => TsQuery(g.Lexemes, null))),
            take = Math.Clamp(limit, 1, MaxLimit),
            wordCount = (double)Math.Max(1, groups.Count),
            shortlist = Math.Max(150, 3 * Math.Clamp(limit, 1, MaxLimit)),
        });
        ExerciseFilterSql.AddParameters(filter, parameters);
        var hits = await connection.QueryAsync<KeywordHit>(new CommandDefinition($"""
            WITH terms AS MATERIALIZED (
                SELECT g.term::tsquery AS term, g.name_term::tsquery AS name_term, g.label, g.n
                FROM unnest(@groups::text[], @nameGroups::text[], @labels::text[]) WITH ORDINALITY AS g(term, name_term, label, n)
            ),
            q AS MATERIALIZED (SELECT CASE WHEN @any::text IS NULL THEN NULL ELSE @any::tsquery END AS any_term),
            candidates AS (
                SELECT e.slug, e.search_document, e.search_names
                FROM exercises e, q
                WHERE (e.search_document @@ q.any_term OR @q <% e.search_names)
                  AND {ExerciseFilterSql.Where(filter)}
            ),
            -- Word coverage is cheap (index-free @@ on a parsed query) and dominates the score, so only a shortlist
            -- pays for ts_rank and trigram similarity, which cost more per row than everything else together.
            covered AS (
                SELECT c.slug, c.search_document, c.search_names,
                       coalesce(m.matched, ARRAY[]::text[]) AS matched,
                       coalesce(m.words, 0) AS words,
                       coalesce(m.in_name, 0) AS in_name
                FROM candidates c
                LEFT JOIN LATERAL (
                    SELECT array_agg(t.label ORDER BY t.n) FILTER (WHERE c.search_document @@ t.term) AS matched,
                           count(*) FILTER (WHERE c.search_document @@ t.term) AS words,
                           count(*) FILTER (WHERE c.search_document @@ t.name_term) AS in_name
                    FROM terms t
                ) m ON true
                ORDER BY 1.0 * words + 0.6 * in_name DESC
                LIMIT @shortlist
            ),
            scored AS (
                SELECT c.slug, c.matched, c.words, c.in_name,
                       coalesce(ts_rank(ARRAY[0.05, 0.2, 0.4, 1.0]::float4[], c.search_document, q.any_term, 1), 0) AS rank,
                       word_similarity(@q, c.search_names) AS similarity
                FROM covered c CROSS JOIN q
            )
            SELECT slug AS Id,
                   (1.0 * words + 0.6 * in_name) / @wordCount + 2.0 * rank + 0.5 * similarity AS Score,
                   matched AS MatchedTerms
            FROM scored
            ORDER BY Score DESC, lower(slug)
            LIMIT @take
            """, parameters, cancellationToken: cancellationToken));
        return new KeywordResult(query.Text, [.. hits], corrections);
    }

    /// <summary>An OR of lexemes in tsquery syntax, each quoted, optionally restricted to one weight.</summary>
    private static string TsQuery(IEnumerable<string> lexemes, char? weight)
    {
        var builder = new StringBuilder();
        foreach (var lexeme in lexemes)
        {
            if (builder.Length > 0)
            {
                builder.Append(" | ");
            }
            builder.Append('\'').Append(lexeme.Replace("\\", "\\\\").Replace("'", "''")).Append('\'');
            if (weight is { } w)
            {
                builder.Append(':').Append(w);
            }
        }
        return builder.ToString();
    }
}

public sealed class KeywordHit
{
    public string Id { get; set; } = "";
    public double Score { get; set; }
    public string[] MatchedTerms { get; set; } = [];
}

/// <param name="Query">The query as interpreted (folded words).</param>
/// <param name="Results">Best first (named as ../shared/eval/evaluate.py reads a search response).</param>
/// <param name="Corrections">Typed word to the catalog word it was read as ("hamstrng" → "hamstring").</param>
public sealed record KeywordResult(string Query, IReadOnlyList<KeywordHit> Results, IReadOnlyDictionary<string, string> Corrections);
