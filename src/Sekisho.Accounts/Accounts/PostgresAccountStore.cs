using System.Data.Common;
using Npgsql;

namespace Sekisho.Accounts;

/// <summary>
/// Accounts in a PostgreSQL database (<c>account_database = postgresql://user:password@host:port/database</c>), so several
/// Sekisho nodes share one account list. Same semantics and tables as <see cref="SqliteAccountStore"/>; the tables are
/// created on first use (one node at a time, see <see cref="PostgresAccountSchema"/>). Connections are pooled; the
/// instance is thread-safe.
/// </summary>
public sealed class PostgresAccountStore : SqlAccountStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Uses the database named by <paramref name="url"/>.</summary>
    /// <param name="url">A <c>postgresql://</c> or <c>postgres://</c> URL, see <c>docs/accounts.md</c>.</param>
    /// <exception cref="AccountException">The URL is malformed (the message never shows the password).</exception>
    public PostgresAccountStore(string url) : this(url, TimeProvider.System)
    {
    }

    /// <summary>Uses the database named by <paramref name="url"/> and stamps new accounts with <paramref name="timeProvider"/>.</summary>
    /// <param name="url">A <c>postgresql://</c> or <c>postgres://</c> URL.</param>
    /// <param name="timeProvider">The clock for <see cref="Account.Created"/>.</param>
    /// <exception cref="AccountException">The URL is malformed.</exception>
    public PostgresAccountStore(string url, TimeProvider timeProvider) : base(timeProvider)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var parsed = PostgresUrl.Parse(url);
        DisplayName = parsed.Redacted;
        _dataSource = NpgsqlDataSource.Create(parsed.Builder);
    }

    /// <summary>The URL with its password replaced by <c>***</c>, for logs.</summary>
    public string DisplayName { get; }

    /// <inheritdoc />
    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    private protected override async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await PostgresAccountSchema.EnsureCreatedAsync(connection, DisplayName, cancellationToken);
    }

    /// <inheritdoc />
    private protected override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <inheritdoc />
    private protected override ValueTask ClosePoolAsync() => _dataSource.DisposeAsync();
}
