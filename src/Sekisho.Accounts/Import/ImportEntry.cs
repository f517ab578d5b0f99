namespace Sekisho.Accounts.Import;

/// <summary>
/// One account read from an export: either a plaintext <see cref="Password"/> (every credential is derived from it) or
/// ready-made <see cref="Credentials"/>. <see cref="ToString"/> never shows either.
/// </summary>
/// <param name="Line">The line number in the file (1-based).</param>
/// <param name="Name">The normalized account name (the part before any <c>@</c>).</param>
/// <param name="Domain">The realm or domain written after <c>@</c>, or null.</param>
/// <param name="Scheme">Where the credentials came from, for the report: <c>plaintext</c>, <c>{SHA512-CRYPT}</c>, ...</param>
/// <param name="Password">The plaintext password, or null.</param>
/// <param name="Credentials">The imported credentials when there is no plaintext, or null.</param>
public sealed record ImportEntry(int Line, string Name, string? Domain, string Scheme, string? Password, AccountCredentials? Credentials)
{
    /// <inheritdoc/>
    public override string ToString() => $"line {Line}: {Name} ({Scheme})";
}
