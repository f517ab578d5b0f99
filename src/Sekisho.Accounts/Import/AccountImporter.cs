namespace Sekisho.Accounts.Import;

/// <summary>
/// Stores what <see cref="ImportFileParser"/> read. A plaintext password becomes every credential (as <c>sekisho user
/// add</c> makes them); ready-made credentials are stored as they are, except password-equivalent secrets of mechanisms
/// the configuration does not enable (and DIGEST-MD5 secrets for another realm), which are dropped with a note. Existing
/// accounts are left unchanged, so an import can be run again. With APOP enabled (<see cref="CredentialOptions.ApopKey"/>),
/// a plaintext password also gets its APOP secret, and the report lists APOP with the mechanisms.
/// </summary>
public sealed class AccountImporter
{
    private readonly IAccountStore _store;
    private readonly CredentialOptions _options;
    private readonly IReadOnlyList<string> _mechanisms;

    /// <summary>Creates an importer.</summary>
    /// <param name="store">Where the accounts go.</param>
    /// <param name="options">Which password-equivalent secrets may be stored, and the DIGEST-MD5 realm.</param>
    /// <param name="enabledMechanisms">The configured mechanisms, to report which will work for each account (APOP is added when the options store it).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public AccountImporter(IAccountStore store, CredentialOptions options, IReadOnlyList<string> enabledMechanisms)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(enabledMechanisms);
        _store = store;
        _options = options;
        _mechanisms = enabledMechanisms.Select(name => name.Trim().ToUpperInvariant())
            .Concat(options.StoreApop ? [ApopSecret.MechanismName] : [])
            .Distinct()
            .ToList();
    }

    /// <summary>Imports the accounts one by one, in order.</summary>
    /// <param name="entries">What the parser read.</param>
    /// <param name="cancellationToken">Cancels between accounts (those already imported stay).</param>
    /// <returns>One outcome per entry.</returns>
    /// <exception cref="AccountException">The options are unusable (DIGEST-MD5 without a realm).</exception>
    public async Task<IReadOnlyList<ImportOutcome>> ImportAsync(IEnumerable<ImportEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _options.Validate();
        var outcomes = new List<ImportOutcome>();
        foreach (var entry in entries)
        {
            outcomes.Add(await ImportAsync(entry, cancellationToken));
        }
        return outcomes;
    }

    private async Task<ImportOutcome> ImportAsync(ImportEntry entry, CancellationToken cancellationToken)
    {
        if (await _store.FindAsync(entry.Name, cancellationToken) is not null)
        {
            return Outcome(entry, ImportStatus.Exists, null, ["an account of that name exists; left unchanged"]);
        }
        var notes = new List<string>();
        try
        {
            if (entry.Password is not null)
            {
                await _store.AddAsync(entry.Name, entry.Password, isAdmin: false, _options, cancellationToken);
            }
            else
            {
                var credentials = Allowed(entry.Credentials ?? AccountCredentials.None, notes);
                if (!SaslMechanismNames.All.Any(mechanism => credentials.Supports(mechanism, _options.DigestRealm)))
                {
                    notes.Add($"nothing usable to store; add the account with `sekisho user add {entry.Name}`");
                    return Outcome(entry, ImportStatus.Refused, null, notes);
                }
                await _store.ImportAsync(entry.Name, credentials, isAdmin: false, cancellationToken);
            }
        }
        catch (AccountException exception)
        {
            notes.Add(exception.Message);
            return Outcome(entry, ImportStatus.Refused, null, notes);
        }
        var stored = await _store.GetCredentialsAsync(entry.Name, cancellationToken);
        return Outcome(entry, ImportStatus.Imported, stored, notes);
    }

    /// <summary>Drops the password-equivalent secrets this configuration must not keep.</summary>
    private AccountCredentials Allowed(AccountCredentials credentials, List<string> notes)
    {
        if (credentials.CramMd5 is not null && !_options.StoreCramMd5)
        {
            notes.Add("CRAM-MD5 secret not stored: CRAM-MD5 is not enabled (smtpd_sasl_mechanisms)");
            credentials = credentials with { CramMd5 = null };
        }
        var digests = credentials.DigestMd5.Where(secret => _options.StoreDigestMd5 && secret.Realm == _options.DigestRealm).ToList();
        foreach (var dropped in credentials.DigestMd5.Except(digests))
        {
            notes.Add(_options.StoreDigestMd5
                ? $"DIGEST-MD5 secret not stored: it is for realm '{dropped.Realm}', and the server's realm is '{_options.DigestRealm}'"
                : "DIGEST-MD5 secret not stored: DIGEST-MD5 is not enabled (smtpd_sasl_mechanisms)");
        }
        // Only Sekisho makes APOP secrets, from a password: one in an import could not be meant for this key and account.
        return credentials with { DigestMd5 = digests, Apop = null };
    }

    private ImportOutcome Outcome(ImportEntry entry, ImportStatus status, AccountCredentials? stored, List<string> notes)
    {
        var working = stored is null ? [] : _mechanisms.Where(mechanism => stored.Supports(mechanism, _options.DigestRealm)).ToList();
        var missing = stored is null ? [] : _mechanisms.Except(working).Where(IsKnown).ToList();
        return new ImportOutcome(entry.Line, entry.Name, status, working, missing, notes);
    }

    private static bool IsKnown(string mechanism) => SaslMechanismNames.All.Contains(mechanism) || mechanism == ApopSecret.MechanismName;
}
