namespace Sekisho.Protocol.Sasl;

/// <summary>
/// The catalogue of Sekisho's SASL mechanisms: which exist, which to advertise under the configured exclusions, and
/// a fresh mechanism instance per AUTH command.
/// </summary>
public sealed class SaslMechanismFactory
{
    private static readonly (string Name, SaslSecurity Security)[] Catalogue =
    [
        ("SCRAM-SHA-256", ScramMechanism.Security),
        ("SCRAM-SHA-1", ScramMechanism.Security),
        ("DIGEST-MD5", DigestMd5Mechanism.Security),
        ("CRAM-MD5", CramMd5Mechanism.Security),
        ("PLAIN", PlainMechanism.Security),
        ("LOGIN", LoginMechanism.Security),
    ];

    private readonly ISaslCredentials _credentials;
    private readonly SaslServerOptions _options;

    /// <summary>Creates a factory.</summary>
    /// <param name="credentials">The account store's view for the mechanisms.</param>
    /// <param name="options">Host name, realm, service, decoy key and nonce source.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SaslMechanismFactory(ISaslCredentials credentials, SaslServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        _credentials = credentials;
        _options = options;
    }

    /// <summary>Every mechanism Sekisho implements, strongest first.</summary>
    public static IReadOnlyList<string> Supported { get; } = Array.ConvertAll(Catalogue, m => m.Name);

    /// <summary>The weaknesses of a mechanism, or null when Sekisho does not implement it.</summary>
    /// <param name="name">The mechanism name (case-insensitive).</param>
    public static SaslSecurity? PropertiesOf(string name)
    {
        foreach (var (known, security) in Catalogue)
        {
            if (known.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return security;
            }
        }
        return null;
    }

    /// <summary>
    /// The mechanisms to advertise: those of <paramref name="enabled"/> that Sekisho implements and that have none of
    /// the <paramref name="excluded"/> weaknesses, in the configured order, upper case, without duplicates.
    /// </summary>
    /// <param name="enabled">The configured mechanism names (case-insensitive); unknown ones are skipped.</param>
    /// <param name="excluded">From <see cref="SaslSecurityOptions.Parse"/>.</param>
    public static IReadOnlyList<string> Offered(IEnumerable<string> enabled, SaslSecurity excluded)
    {
        ArgumentNullException.ThrowIfNull(enabled);
        var offered = new List<string>();
        foreach (var name in enabled)
        {
            var canonical = name.Trim().ToUpperInvariant();
            if (PropertiesOf(canonical) is { } security && (security & excluded) == 0 && !offered.Contains(canonical))
            {
                offered.Add(canonical);
            }
        }
        return offered;
    }

    /// <summary>
    /// A new mechanism for one AUTH command, or null when <paramref name="name"/> is not among the
    /// <paramref name="offered"/> mechanisms (the session answers <c>504 5.5.4 Unrecognized authentication type</c>).
    /// Passing the advertised list here keeps a client from using a mechanism the configuration excludes.
    /// </summary>
    /// <param name="name">The mechanism the client asked for (case-insensitive).</param>
    /// <param name="offered">What this session advertised, from <see cref="Offered"/>.</param>
    public SaslMechanism? Create(string name, IEnumerable<string> offered)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(offered);
        if (!offered.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }
        return name.ToUpperInvariant() switch
        {
            "PLAIN" => new PlainMechanism(_credentials),
            "LOGIN" => new LoginMechanism(_credentials),
            "CRAM-MD5" => new CramMd5Mechanism(_credentials, _options),
            "DIGEST-MD5" => new DigestMd5Mechanism(_credentials, _options),
            "SCRAM-SHA-1" => new ScramMechanism(ScramAlgorithm.Sha1, _credentials, _options),
            "SCRAM-SHA-256" => new ScramMechanism(ScramAlgorithm.Sha256, _credentials, _options),
            _ => null,
        };
    }
}
