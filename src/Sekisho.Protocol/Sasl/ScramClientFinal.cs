using System.Diagnostics.CodeAnalysis;

namespace Sekisho.Protocol.Sasl;

/// <summary>
/// A parsed SCRAM client-final-message (RFC 5802 7): <c>c=channel-binding,r=nonce[,extensions],p=proof</c>.
/// </summary>
/// <param name="ChannelBinding">The decoded <c>c=</c> value (the GS2 header, as no channel binding is in use).</param>
/// <param name="Nonce">The combined client and server nonce.</param>
/// <param name="Proof">The decoded ClientProof.</param>
/// <param name="WithoutProof">The message up to (not including) <c>,p=</c> (part of the AuthMessage).</param>
internal sealed record ScramClientFinal(byte[] ChannelBinding, string Nonce, byte[] Proof, string WithoutProof)
{
    /// <summary>Parses a client-final-message.</summary>
    /// <param name="message">The decoded client message.</param>
    /// <param name="result">The parts, or null when the message is malformed.</param>
    public static bool TryParse(ReadOnlySpan<byte> message, [NotNullWhen(true)] out ScramClientFinal? result)
    {
        result = null;
        if (!SaslText.TryDecodeUtf8(message, out var text))
        {
            return false;
        }
        var proofAt = text.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0 || !SaslText.TryDecodeBase64(text.AsSpan(proofAt + 3), out var proof))
        {
            return false;
        }
        var withoutProof = text[..proofAt];
        var attributes = withoutProof.Split(',');
        if (attributes.Length < 2
            || !attributes[0].StartsWith("c=", StringComparison.Ordinal)
            || !SaslText.TryDecodeBase64(attributes[0].AsSpan(2), out var binding)
            || !attributes[1].StartsWith("r=", StringComparison.Ordinal)
            || !ScramClientFirst.IsNonce(attributes[1].AsSpan(2))
            || !attributes.Skip(2).All(ScramClientFirst.IsExtension))
        {
            return false;
        }
        result = new ScramClientFinal(binding, attributes[1][2..], proof, withoutProof);
        return true;
    }
}
