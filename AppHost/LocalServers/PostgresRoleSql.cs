namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>
/// The SQL that gives each service a PostgreSQL login role of its own, run as the superuser each time the server is
/// ready: every statement is idempotent, so a state directory from an older run (databases owned by the superuser)
/// gets its roles and hands its objects over, and a role whose password file was replaced gets the new password.
/// </summary>
public static class PostgresRoleSql
{
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A login role created if missing, with none of the superuser's powers and the password from its file.</summary>
    public static string EnsureLoginRole(string role, string password) => $"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {Literal(role)}) THEN CREATE ROLE {Identifier(role)}; END IF;
        END $$;
        ALTER ROLE {Identifier(role)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD {Literal(password)};
        """;

    public static string CreateDatabase(string database, string owner) => $"CREATE DATABASE {Identifier(database)} OWNER {Identifier(owner)}";

    /// <summary>
    /// The database belongs to <paramref name="owner"/> (so does its <c>public</c> schema, owned by <c>pg_database_owner</c>),
    /// and no other role may connect unless granted: PostgreSQL lets every role connect to every database by default.
    /// </summary>
    public static string OwnDatabase(string database, string owner) => $"""
        ALTER DATABASE {Identifier(database)} OWNER TO {Identifier(owner)};
        REVOKE ALL ON DATABASE {Identifier(database)} FROM PUBLIC;
        """;

    public static string GrantConnect(string database, string role) => $"GRANT CONNECT ON DATABASE {Identifier(database)} TO {Identifier(role)};";

    /// <summary>
    /// Run inside the database: the extensions only a superuser may create (pgvector is not a trusted extension), and
    /// every object of the <c>public</c> schema that another role made (the superuser, when services connected as it)
    /// handed to <paramref name="owner"/>, who runs the migrations and so must own what they alter. Objects that
    /// belong to an extension, and sequences and indexes that belong to a table, follow their owner.
    /// </summary>
    public static string TakeOwnership(string owner, IEnumerable<string> extensions) => string.Concat(
        extensions.Select(extension => $"CREATE EXTENSION IF NOT EXISTS {Identifier(extension)};\n")) + $$"""
        DO $$
        DECLARE
          statement text;
        BEGIN
          FOR statement IN
            SELECT format('ALTER %s %s OWNER TO %I',
                     CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                                    WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'c' THEN 'TYPE' ELSE 'TABLE' END,
                     CASE c.relkind WHEN 'c' THEN c.reltype::regtype::text ELSE c.oid::regclass::text END, {{Literal(owner)}})
            FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
              AND c.relowner <> {{Literal(owner)}}::regrole
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
            UNION ALL
            SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, {{Literal(owner)}})
            FROM pg_proc p
            WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> {{Literal(owner)}}::regrole
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            UNION ALL
            SELECT format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, {{Literal(owner)}})
            FROM pg_type t
            WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'r') AND t.typowner <> {{Literal(owner)}}::regrole
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
          LOOP
            EXECUTE statement;
          END LOOP;
        END $$;
        """;

    /// <summary>
    /// Run inside the database: <paramref name="reader"/> may read every table <paramref name="owner"/> has made or
    /// will make (the index writer creates a table per index version at run time), and nothing else.
    /// </summary>
    public static string GrantRead(string owner, string reader) => $"""
        GRANT USAGE ON SCHEMA public TO {Identifier(reader)};
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO {Identifier(reader)};
        ALTER DEFAULT PRIVILEGES FOR ROLE {Identifier(owner)} IN SCHEMA public GRANT SELECT ON TABLES TO {Identifier(reader)};
        """;
}
