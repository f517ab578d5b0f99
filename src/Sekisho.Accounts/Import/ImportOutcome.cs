namespace Sekisho.Accounts.Import;

/// <summary>The result for one account of an import, for the per-user report. Never holds a password or hash.</summary>
/// <param name="Line">The line number in the file.</param>
/// <param name="Name">The account name.</param>
/// <param name="Status">Imported, skipped because it exists, or refused.</param>
/// <param name="Working">The enabled mechanisms the account can log in with now.</param>
/// <param name="NeedPassword">The enabled mechanisms that need a <c>sekisho user passwd</c> first.</param>
/// <param name="Notes">Why something was left out (e.g. a CRAM-MD5 secret while CRAM-MD5 is disabled).</param>
public sealed record ImportOutcome(
    int Line,
    string Name,
    ImportStatus Status,
    IReadOnlyList<string> Working,
    IReadOnlyList<string> NeedPassword,
    IReadOnlyList<string> Notes);
