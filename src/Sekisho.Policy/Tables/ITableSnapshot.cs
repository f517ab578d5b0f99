namespace Sekisho.Policy.Tables;

/// <summary>The immutable parsed contents of a table, swapped whole when the file changes.</summary>
internal interface ITableSnapshot
{
    /// <summary>Warnings found while parsing, each <c>PATH:LINE: what</c>.</summary>
    IReadOnlyList<string> Warnings { get; }
}
