namespace Sekisho.Accounts.Import;

/// <summary>What <see cref="ImportFileParser"/> read: the accounts to import and the lines it refused, in file order.</summary>
/// <param name="Entries">The accounts.</param>
/// <param name="Problems">The refused lines.</param>
public sealed record ImportFile(IReadOnlyList<ImportEntry> Entries, IReadOnlyList<ImportProblem> Problems);
