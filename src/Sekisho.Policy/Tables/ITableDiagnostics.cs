namespace Sekisho.Policy.Tables;

/// <summary>
/// What a table can tell the admin besides lookups (for <c>sekisho config</c> and the log): entries it ignored and why,
/// and the last failed reload. Every table made by <see cref="AccessTableFactory"/> implements it.
/// </summary>
public interface ITableDiagnostics
{
    /// <summary>Warnings about the loaded contents, each <c>PATH:LINE: what</c> (e.g. a duplicate key that is ignored).</summary>
    IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Why the last reload failed (the message of its <see cref="TableException"/>), or null after a successful load.
    /// A table whose changed file cannot be loaded keeps answering from the previous contents.
    /// </summary>
    string? LastReloadError { get; }
}
