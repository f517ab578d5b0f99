using System.Data;
using System.Data.Common;

namespace Sekisho.Accounts;

/// <summary>
/// An <see cref="IAccountStore"/> on an ADO.NET database: every operation is written here once, over the tables both
/// backends share (<c>accounts</c>, and <c>account_secrets</c> deleted with them). <see cref="SqliteAccountStore"/> and
/// <see cref="PostgresAccountStore"/> supply the connections, the schema and the few places where the providers differ.
/// The tables are created on first use; every call opens a pooled connection, so the instance is thread-safe.
/// </summary>
public abstract class SqlAccountStore : IAccountStore
{
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _initializeLock = new(1, 1);
    private volatile bool _initialized;
    private volatile bool _disposed;

    /// <summary>Stamps new accounts with <paramref name="timeProvider"/>, which the subclass has checked.</summary>
    /// <param name="timeProvider">The clock for <see cref="Account.Created"/>.</param>
    private protected SqlAccountStore(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public async Task<Account?> FindAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!AccountName.IsValid(name))
        {
            return null;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT name, is_admin, created FROM accounts WHERE name = @name;")
            .With("name", AccountName.Normalize(name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAccount(reader) : null;
    }

    /// <inheritdoc />
    public Task AddAsync(string name, string password, bool isAdmin, CancellationToken cancellationToken) =>
        AddAsync(name, password, isAdmin, CredentialOptions.Default, cancellationToken);

    /// <inheritdoc />
    public async Task AddAsync(string name, string password, bool isAdmin, CredentialOptions options, CancellationToken cancellationToken)
    {
        var normalized = AccountInput.RequireValidName(name);
        AccountInput.RequirePassword(password);
        ArgumentNullException.ThrowIfNull(options);
        await InsertAsync(normalized, AccountCredentials.Derive(normalized, password, options), isAdmin, cancellationToken);
    }

    /// <inheritdoc />
    public async Task ImportAsync(string name, AccountCredentials credentials, bool isAdmin, CancellationToken cancellationToken)
    {
        var normalized = AccountInput.RequireValidName(name);
        AccountInput.RequireVerifiableHash(credentials);
        await InsertAsync(normalized, credentials, isAdmin, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!AccountName.IsValid(name))
        {
            return false;
        }
        await using var connection = await OpenAsync(cancellationToken);
        var deleted = await connection.Command("DELETE FROM accounts WHERE name = @name;") // secrets go by ON DELETE CASCADE
            .With("name", AccountName.Normalize(name))
            .ExecuteAndDisposeAsync(cancellationToken);
        return deleted > 0;
    }

    /// <inheritdoc />
    public Task<bool> SetPasswordAsync(string name, string password, CancellationToken cancellationToken) =>
        SetPasswordAsync(name, password, CredentialOptions.Default, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> SetPasswordAsync(string name, string password, CredentialOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        AccountInput.RequirePassword(password);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!AccountName.IsValid(name))
        {
            return false;
        }
        var normalized = AccountName.Normalize(name);
        var credentials = AccountCredentials.Derive(normalized, password, options);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var found = await connection.Command("UPDATE accounts SET password_hash = @hash WHERE name = @name RETURNING id;", transaction)
            .With("name", normalized)
            .With("hash", credentials.PasswordHash)
            .ScalarAndDisposeAsync(cancellationToken);
        if (found is not long id)
        {
            return false;
        }
        await SqlCredentials.ReplaceSecretsAsync(connection, transaction, id, credentials, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> VerifyPasswordAsync(string name, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        string? stored = null;
        if (AccountName.IsValid(name))
        {
            await using var connection = await OpenAsync(cancellationToken);
            stored = await connection.Command("SELECT password_hash FROM accounts WHERE name = @name;")
                .With("name", AccountName.Normalize(name))
                .ScalarAndDisposeAsync(cancellationToken) as string;
        }
        return PasswordHasher.VerifyOrDecoy(password, stored) && password.Length > 0;
    }

    /// <inheritdoc />
    public async Task<AccountCredentials?> GetCredentialsAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!AccountName.IsValid(name))
        {
            return null;
        }
        await using var connection = await OpenAsync(cancellationToken);
        return await SqlCredentials.ReadAsync(connection, AccountName.Normalize(name), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> PruneSecretsAsync(CredentialOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.Command("""
            DELETE FROM account_secrets
            WHERE (mechanism = 'CRAM-MD5' AND NOT @cram)
               OR (mechanism = 'DIGEST-MD5' AND (@realm IS NULL OR realm <> @realm))
               OR (mechanism = 'APOP' AND NOT @apop);
            """)
            .With("cram", options.StoreCramMd5)
            .With("apop", options.StoreApop)
            .With("realm", AccountInput.KeptDigestRealm(options), DbType.String) // typed: PostgreSQL cannot infer a NULL's type
            .ExecuteAndDisposeAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT name, is_admin, created FROM accounts ORDER BY id;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<Account>();
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(ReadAccount(reader));
        }
        return accounts;
    }

    /// <summary>Closes the pooled connections.</summary>
    /// <returns>A task that completes when the pool is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (MarkDisposed())
        {
            await ClosePoolAsync();
        }
    }

    /// <summary>Opens a pooled connection, configured for use; the tables already exist.</summary>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>The open connection; the caller disposes it.</returns>
    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Creates the tables when they are missing, or upgrades older ones; called once, before any other use.</summary>
    /// <param name="cancellationToken">Cancels the set-up.</param>
    /// <exception cref="AccountException">The database was set up by a newer Sekisho.</exception>
    private protected abstract Task EnsureSchemaAsync(CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="exception"/> says a <c>UNIQUE</c> constraint was violated.</summary>
    /// <param name="exception">What the provider threw.</param>
    private protected abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Closes the pooled connections; called once, by the first dispose.</summary>
    /// <returns>A task that completes when the pool is closed.</returns>
    private protected abstract ValueTask ClosePoolAsync();

    /// <summary>Begins a transaction that writes; by default the provider's default transaction.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>The transaction; the caller commits and disposes it (disposing uncommitted rolls back).</returns>
    private protected virtual ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.BeginTransactionAsync(cancellationToken);

    /// <summary>The value stored in the <c>created</c> column; by default the timestamp itself.</summary>
    /// <param name="created">The creation time.</param>
    private protected virtual object ToStoredTime(DateTimeOffset created) => created;

    /// <summary>Reads the <c>created</c> column; by default as a <see cref="DateTimeOffset"/>.</summary>
    /// <param name="reader">The reader, on a row.</param>
    /// <param name="ordinal">The column.</param>
    private protected virtual DateTimeOffset ReadStoredTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>Marks the store disposed, so later calls throw <see cref="ObjectDisposedException"/>.</summary>
    /// <returns><see langword="true"/> the first time, when the pool is still to be closed.</returns>
    private protected bool MarkDisposed()
    {
        if (_disposed)
        {
            return false;
        }
        _disposed = true;
        return true;
    }

    private async Task InsertAsync(string normalized, AccountCredentials credentials, bool isAdmin, CancellationToken cancellationToken)
    {
        var created = ToStoredTime(_timeProvider.GetUtcNow());
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        long id;
        try
        {
            id = (long)(await connection.Command(
                    "INSERT INTO accounts (name, password_hash, is_admin, created) VALUES (@name, @hash, @admin, @created) RETURNING id;", transaction)
                .With("name", normalized)
                .With("hash", credentials.PasswordHash)
                .With("admin", isAdmin)
                .With("created", created)
                .ScalarAndDisposeAsync(cancellationToken))!;
        }
        catch (DbException exception) when (IsUniqueViolation(exception))
        {
            throw new AccountException($"account {normalized} already exists");
        }
        await SqlCredentials.InsertSecretsAsync(connection, transaction, id, credentials, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken);
        }
        return await OpenConnectionAsync(cancellationToken);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initializeLock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }
            await EnsureSchemaAsync(cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initializeLock.Release();
        }
    }

    private Account ReadAccount(DbDataReader reader) => new(reader.GetString(0), reader.GetBoolean(1), ReadStoredTime(reader, 2));
}
