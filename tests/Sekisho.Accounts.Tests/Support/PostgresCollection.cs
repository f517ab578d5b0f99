namespace Sekisho.Accounts.Tests.Support;

/// <summary>The tests that share one <see cref="PostgresServer"/> (started once per test run).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>The collection name.</summary>
    public const string Name = "PostgreSQL";
}
