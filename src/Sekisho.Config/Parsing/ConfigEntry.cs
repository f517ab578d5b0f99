namespace Sekisho.Config;

/// <summary>One <c>name = value</c> setting read from a configuration file.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Value">The unexpanded value, trimmed, continuation lines joined with one space.</param>
/// <param name="Line">The 1-based line where the logical line starts.</param>
internal sealed record ConfigEntry(string Name, string Value, int Line);
