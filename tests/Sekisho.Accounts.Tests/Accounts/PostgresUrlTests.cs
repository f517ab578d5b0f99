using Npgsql;

namespace Sekisho.Accounts.Tests.Accounts;

public sealed class PostgresUrlTests
{
    [Theory]
    [InlineData("postgresql://sekisho:secret@db.example:5433/accounts", "db.example", 5433, "sekisho", "secret", "accounts")]
    [InlineData("postgres://sekisho:secret@db.example/accounts", "db.example", 5432, "sekisho", "secret", "accounts")]
    [InlineData("POSTGRESQL://u@127.0.0.1/d", "127.0.0.1", 5432, "u", null, "d")]
    [InlineData("postgresql://u:p%40ss%3Aw%2Frd%3F%25@[::1]:6432/my%20db", "::1", 6432, "u", "p@ss:w/rd?%", "my db")]
    [InlineData("postgresql://u:p@ss@host/db", "host", 5432, "u", "p@ss", "db")]
    [InlineData("postgresql://u:pw@/db?host=/var/run/postgresql", "/var/run/postgresql", 5432, "u", "pw", "db")]
    [InlineData("postgresql://u:pw@host/db?port=7000&application_name=node1", "host", 7000, "u", "pw", "db")]
    public void Parse_reads_host_port_user_password_and_database(string url, string host, int port, string user, string? password, string database)
    {
        var builder = PostgresUrl.Parse(url).Builder;

        Assert.Equal(host, builder.Host);
        Assert.Equal(port, builder.Port);
        Assert.Equal(user, builder.Username);
        Assert.Equal(password, builder.Password);
        Assert.Equal(database, builder.Database);
    }

    [Theory]
    [InlineData("sslmode=disable", SslMode.Disable)]
    [InlineData("sslmode=require", SslMode.Require)]
    [InlineData("sslmode=verify-full&sslrootcert=/etc/ssl/ca.pem", SslMode.VerifyFull)]
    public void Parse_reads_the_ssl_mode(string query, SslMode expected)
    {
        Assert.Equal(expected, PostgresUrl.Parse("postgresql://u:pw@host/db?" + query).Builder.SslMode);
    }

    [Theory]
    [InlineData("postgresql://sekisho:secret@db:5432/accounts", "postgresql://sekisho:***@db:5432/accounts")]
    [InlineData("postgres://sekisho@db/accounts?sslmode=require", "postgres://sekisho@db/accounts?sslmode=require")]
    [InlineData("postgresql://u:p%40ss@h/d", "postgresql://u:***@h/d")]
    public void Redacted_hides_the_password(string url, string expected)
    {
        Assert.Equal(expected, PostgresUrl.Parse(url).Redacted);
        Assert.Equal(expected, AccountStores.Describe(url));
    }

    [Theory]
    [InlineData("postgresql://u:secret@/db", "names no host")]
    [InlineData("postgresql://u:secret@host:99999/db", "not a port number")]
    [InlineData("postgresql://u:secret@host:abc/db", "not a port number")]
    [InlineData("postgresql://u:secret@[::1/db", "IPv6")]
    [InlineData("postgresql://u:secret@host/db?sslmode=always", "unknown sslmode")]
    [InlineData("postgresql://u:secret@host/db?options=-csearch_path%3Dx", "unsupported PostgreSQL URL parameter 'options'")]
    public void Malformed_URLs_are_refused_without_showing_the_password(string url, string message)
    {
        var exception = Assert.Throws<AccountException>(() => PostgresUrl.Parse(url));

        Assert.Contains(message, exception.Message);
        Assert.DoesNotContain("secret", exception.Message);
        Assert.Equal("postgresql://...", AccountStores.Describe(url));
    }

    [Theory]
    [InlineData("postgresql://u@h/d", true)]
    [InlineData("Postgres://u@h/d", true)]
    [InlineData("/var/lib/sekisho/accounts.db", false)]
    [InlineData("postgresql.db", false)]
    public void The_factory_tells_a_URL_from_a_path(string setting, bool postgres)
    {
        Assert.Equal(postgres, AccountStores.IsPostgres(setting));
    }
}
