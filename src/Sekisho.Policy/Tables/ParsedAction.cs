namespace Sekisho.Policy.Tables;

/// <summary>A parsed right-hand side, before it is tied to a key and a line.</summary>
/// <param name="Action">The normalized action.</param>
/// <param name="Code">The reply code given in the table, or null.</param>
/// <param name="EnhancedCode">The enhanced status code given in the table, or null.</param>
/// <param name="Text">The reply text given in the table, or null.</param>
internal sealed record ParsedAction(AccessAction Action, int? Code = null, string? EnhancedCode = null, string? Text = null)
{
    /// <summary>A plain permit.</summary>
    public static ParsedAction Permit { get; } = new(AccessAction.Permit);

    /// <summary>The match for one entry.</summary>
    public AccessMatch ToMatch(string key, string source, string rawValue) =>
        new(Action, Code, EnhancedCode, Text, key, source, rawValue);
}
