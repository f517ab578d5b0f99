using Sekisho.Protocol.Sasl;

namespace Sekisho.Fuzz.Targets;

/// <summary>The fuzz targets of Sekisho.Protocol's parsers.</summary>
internal static class ProtocolTargets
{
    /// <summary>Every target of the layer.</summary>
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new SmtpCommandTarget(),
        new SmtpPathTarget(),
        new DataTarget(),
        new Pop3CommandTarget(),
        new SaslTarget("sasl-plain", () => new PlainMechanism(FuzzCredentials.Instance)),
        new SaslTarget("sasl-login", () => new LoginMechanism(FuzzCredentials.Instance)),
        new SaslTarget("sasl-cram-md5", () => new CramMd5Mechanism(FuzzCredentials.Instance, FuzzCredentials.Options)),
        new SaslTarget("sasl-digest-md5", () => new DigestMd5Mechanism(FuzzCredentials.Instance, FuzzCredentials.Options)),
        new SaslTarget("sasl-scram", () => new ScramMechanism(ScramAlgorithm.Sha256, FuzzCredentials.Instance, FuzzCredentials.Options)),
    ];
}
