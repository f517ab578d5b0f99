namespace Sekisho.Policy.Tables;

/// <summary>How <see cref="AccessTableFactory"/> opens a table.</summary>
public sealed record AccessTableOptions
{
    /// <summary>The options used by <see cref="AccessTableFactory.Open(string, string)"/>.</summary>
    public static AccessTableOptions Default { get; } = new();

    /// <summary>How values of Postfix-format tables are read.</summary>
    public TableValueMode Values { get; init; } = TableValueMode.AccessActions;

    /// <summary>How often a lookup may look at the file's size and time stamp (default one second; zero: every lookup).</summary>
    public TimeSpan ReloadCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock behind <see cref="ReloadCheckInterval"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
