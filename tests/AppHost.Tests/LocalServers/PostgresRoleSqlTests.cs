using FitnessAssistant.AppHost.LocalServers;

namespace FitnessAssistant.AppHost.Tests.LocalServers;

public sealed class PostgresRoleSqlTests
{
    [Fact]
    public void Names_and_passwords_are_quoted_so_that_none_can_end_the_statement()
    {
        PostgresRoleSql.Identifier("a\"b").Should().Be("\"a\"\"b\"");
        PostgresRoleSql.Literal("it's").Should().Be("'it''s'");
        PostgresRoleSql.EnsureLoginRole("catalog_owner", "pa'ss").Should().Contain("PASSWORD 'pa''ss'");
    }

    [Fact]
    public void A_service_role_gets_none_of_the_superusers_powers_even_if_an_older_run_gave_it_some()
    {
        var sql = PostgresRoleSql.EnsureLoginRole("vector_reader", "p");

        sql.Should().Contain("LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
    }

    [Fact]
    public void An_owned_database_is_closed_to_every_other_role_until_granted()
    {
        PostgresRoleSql.OwnDatabase("vectordb", "vector_writer").Should()
            .Contain("ALTER DATABASE \"vectordb\" OWNER TO \"vector_writer\"").And.Contain("REVOKE ALL ON DATABASE \"vectordb\" FROM PUBLIC");
    }

    [Fact]
    public void A_reader_may_select_the_owners_present_and_future_tables_and_nothing_more()
    {
        var sql = PostgresRoleSql.GrantRead("vector_writer", "vector_reader");

        sql.Should().Contain("GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"vector_reader\"")
            .And.Contain("ALTER DEFAULT PRIVILEGES FOR ROLE \"vector_writer\" IN SCHEMA public GRANT SELECT ON TABLES TO \"vector_reader\"")
            .And.NotContainAny("INSERT", "UPDATE", "DELETE", "CREATE", "ALL PRIVILEGES");
    }

    [Fact]
    public void Taking_ownership_creates_the_superuser_only_extensions_first()
    {
        var sql = PostgresRoleSql.TakeOwnership("vector_writer", ["vector"]);

        sql.Should().StartWith("CREATE EXTENSION IF NOT EXISTS \"vector\";");
        sql.Should().Contain("'vector_writer'::regrole");
    }
}
