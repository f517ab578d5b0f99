using System.Data;
using System.Data.Common;

namespace Sekisho.Accounts;

/// <summary>
/// Provider-neutral command building for <see cref="SqlAccountStore"/>. Parameters are written <c>@name</c> in the SQL,
/// which both Npgsql and Microsoft.Data.Sqlite accept.
/// </summary>
internal static class DbCommandExtensions
{
    /// <summary>A command on <paramref name="connection"/>, in <paramref name="transaction"/> when one is given.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The statement, with <c>@name</c> parameters.</param>
    /// <param name="transaction">The transaction to run in, or <see langword="null"/>.</param>
    /// <returns>The command; the caller disposes it.</returns>
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds the parameter <c>@<paramref name="name"/></c>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="name">The name without its <c>@</c>.</param>
    /// <param name="value">The value; <see langword="null"/> binds SQL NULL.</param>
    /// <param name="type">The type, needed where the value may be NULL and the server cannot infer it.</param>
    /// <returns><paramref name="command"/>, for chaining.</returns>
    public static DbCommand With(this DbCommand command, string name, object? value, DbType? type = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value ?? DBNull.Value;
        if (type is { } dbType)
        {
            parameter.DbType = dbType;
        }
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>Runs <paramref name="command"/> and disposes it.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>How many rows it changed.</returns>
    public static async Task<int> ExecuteAndDisposeAsync(this DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Runs <paramref name="command"/> for its first value and disposes it.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>The first column of the first row, or <see langword="null"/> when there is no row.</returns>
    public static async Task<object?> ScalarAndDisposeAsync(this DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteScalarAsync(cancellationToken);
        }
    }
}
