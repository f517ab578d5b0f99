namespace Sekisho.Accounts.Aliases;

/// <summary>What parsing an aliases file produced. Messages read <c>FILE:LINE: text</c>.</summary>
/// <param name="Entries">The usable entries, in file order.</param>
/// <param name="Warnings">Problems that drop a target or an entry but leave the file usable.</param>
/// <param name="Errors">Problems that make the file unusable: no index is written while there are any.</param>
public sealed record AliasFileResult(IReadOnlyList<AliasEntry> Entries, IReadOnlyList<string> Warnings, IReadOnlyList<string> Errors);
