namespace Sekisho.Accounts.Aliases;

/// <summary>An entry of an aliases file with its continuation lines joined.</summary>
/// <param name="Text">The joined text.</param>
/// <param name="Line">The line the entry starts on (1-based).</param>
internal readonly record struct AliasLogicalLine(string Text, int Line);
