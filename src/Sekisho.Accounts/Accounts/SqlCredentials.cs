using System.Data.Common;

namespace Sekisho.Accounts;

/// <summary>
/// How <see cref="SqlAccountStore"/> reads and writes an account's credentials: the <c>password_hash</c> column of
/// <c>accounts</c> and the <c>account_secrets</c> rows, each one a <see cref="CredentialRow"/>.
/// </summary>
internal static class SqlCredentials
{
    /// <summary>Reads the credentials of the account named <paramref name="normalized"/>.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="normalized">The normalized account name.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The credentials, or <see langword="null"/> when there is no such account.</returns>
    public static async Task<AccountCredentials?> ReadAsync(DbConnection connection, string normalized, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("""
            SELECT a.password_hash, s.mechanism, s.realm, s.secret
            FROM accounts a LEFT JOIN account_secrets s ON s.account_id = a.id
            WHERE a.name = @name;
            """).With("name", normalized);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        string? hash = null;
        var rows = new List<CredentialRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hash = reader.GetString(0);
            if (!reader.IsDBNull(1))
            {
                rows.Add(new CredentialRow(reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }
        return hash is null ? null : CredentialRow.ToCredentials(hash, rows);
    }

    /// <summary>Replaces the secrets of account <paramref name="accountId"/> with those in <paramref name="credentials"/>.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="transaction">The transaction that also wrote the password hash.</param>
    /// <param name="accountId">The account's <c>id</c>.</param>
    /// <param name="credentials">The new credentials.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    public static async Task ReplaceSecretsAsync(DbConnection connection, DbTransaction transaction, long accountId, AccountCredentials credentials, CancellationToken cancellationToken)
    {
        await connection.Command("DELETE FROM account_secrets WHERE account_id = @id;", transaction)
            .With("id", accountId)
            .ExecuteAndDisposeAsync(cancellationToken);
        await InsertSecretsAsync(connection, transaction, accountId, credentials, cancellationToken);
    }

    /// <summary>Adds the secrets in <paramref name="credentials"/> (all but the password hash) to account <paramref name="accountId"/>.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="transaction">The transaction that also wrote the password hash.</param>
    /// <param name="accountId">The account's <c>id</c>.</param>
    /// <param name="credentials">The credentials.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    public static async Task InsertSecretsAsync(DbConnection connection, DbTransaction transaction, long accountId, AccountCredentials credentials, CancellationToken cancellationToken)
    {
        foreach (var row in CredentialRow.From(credentials))
        {
            await connection.Command(
                    "INSERT INTO account_secrets (account_id, mechanism, realm, secret) VALUES (@id, @mechanism, @realm, @secret);", transaction)
                .With("id", accountId)
                .With("mechanism", row.Mechanism)
                .With("realm", row.Realm)
                .With("secret", row.Secret)
                .ExecuteAndDisposeAsync(cancellationToken);
        }
    }
}
