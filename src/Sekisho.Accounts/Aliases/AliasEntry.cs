namespace Sekisho.Accounts.Aliases;

/// <summary>One entry of an aliases(5) file, with <c>:include:</c> files already read in.</summary>
/// <param name="Name">The alias name, lower-cased.</param>
/// <param name="Targets">
/// Where mail for the alias goes: local names or addresses, and <c>|command</c> or <c>/file</c> targets when the
/// <see cref="AliasTargetPolicy"/> allowed them; in file order, without duplicates.
/// </param>
/// <param name="FileName">The aliases file the entry came from.</param>
/// <param name="Line">The line the entry starts on (1-based).</param>
public sealed record AliasEntry(string Name, IReadOnlyList<string> Targets, string FileName, int Line);
