namespace Sekisho.Config;

/// <summary>Splits a parameter value into list items the way Postfix does: on commas and/or whitespace.</summary>
internal static class ValueList
{
    private static readonly char[] Separators = [',', ' ', '\t', '\r', '\n'];

    /// <summary>The non-empty items of the value, in order.</summary>
    public static IReadOnlyList<string> Split(string value) =>
        value.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
