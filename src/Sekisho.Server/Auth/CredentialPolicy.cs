using Sekisho.Accounts;
using Sekisho.Config;

namespace Sekisho.Server.Auth;

/// <summary>Which secrets <c>sekisho user add/passwd/import/prune</c> and the server (pruning at start) store for a configuration.</summary>
public static class CredentialPolicy
{
    /// <summary>The DIGEST-MD5 realm: <c>smtpd_sasl_local_domain</c>, else <c>myhostname</c>.</summary>
    public static string Realm(SekishoSettings settings) =>
        settings.Sasl.LocalDomain.Length > 0 ? settings.Sasl.LocalDomain : settings.MyHostname.ToLowerInvariant();

    /// <summary>
    /// The secrets to store: always the PBKDF2 hash and SCRAM keys; CRAM-MD5 and DIGEST-MD5 secrets only when listed;
    /// the APOP secret only with <c>pop3_enable_apop = yes</c>, which reads (or first creates) <see cref="ApopKeyPath"/>.
    /// </summary>
    /// <exception cref="AccountException">APOP is enabled and its key file cannot be read or created.</exception>
    public static CredentialOptions For(SekishoSettings settings) =>
        CredentialOptions.ForMechanisms(settings.Sasl.Mechanisms, Realm(settings)) with
        {
            ApopKey = settings.Pop.EnableApop ? LoadApopKey(settings) : null,
        };

    /// <summary>Where the APOP key is kept: <c>$data_directory/apop.key</c>.</summary>
    public static string ApopKeyPath(SekishoSettings settings) => Path.Combine(settings.DataDirectory, ApopKey.FileName);

    /// <summary>Reads the APOP key from <see cref="ApopKeyPath"/>, creating the file (mode 0600) when there is none.</summary>
    /// <exception cref="AccountException">The file cannot be read or created, or does not hold a key; the message names it.</exception>
    public static ApopKey LoadApopKey(SekishoSettings settings)
    {
        var path = ApopKeyPath(settings);
        try
        {
            return ApopKey.LoadOrCreate(path);
        }
        catch (InvalidDataException exception)
        {
            throw new AccountException(exception.Message);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new AccountException($"APOP key file {path}: {exception.Message}");
        }
    }
}
