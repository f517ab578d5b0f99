using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Sekisho.Protocol.Sasl;

/// <summary>
/// A parsed SCRAM client-first-message (RFC 5802 7): <c>gs2-header client-first-message-bare</c>, e.g.
/// <c>n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL</c>. Only the <c>n</c> and <c>y</c> channel-binding flags are accepted
/// (Sekisho offers no -PLUS mechanism); <c>p=</c>, a mandatory extension <c>m=</c> and any syntax error fail parsing.
/// </summary>
/// <param name="Gs2Header">The GS2 header as sent, including its final comma, e.g. <c>n,,</c>; the client repeats it base64-encoded in <c>c=</c>.</param>
/// <param name="User">The user name with <c>=2C</c> and <c>=3D</c> decoded.</param>
/// <param name="AuthorizationId">The decoded <c>a=</c> value, or null when absent or empty.</param>
/// <param name="Nonce">The client nonce.</param>
/// <param name="Bare">The client-first-message-bare as sent (part of the AuthMessage).</param>
internal sealed record ScramClientFirst(string Gs2Header, string User, string? AuthorizationId, string Nonce, string Bare)
{
    /// <summary>Parses a client-first-message.</summary>
    /// <param name="message">The decoded client message.</param>
    /// <param name="result">The parts, or null when the message is malformed or asks for channel binding.</param>
    public static bool TryParse(ReadOnlySpan<byte> message, [NotNullWhen(true)] out ScramClientFirst? result)
    {
        result = null;
        if (!SaslText.TryDecodeUtf8(message, out var text))
        {
            return false;
        }
        var flagEnd = text.IndexOf(',');
        var authzEnd = flagEnd < 0 ? -1 : text.IndexOf(',', flagEnd + 1);
        if (authzEnd < 0 || text[..flagEnd] is not ("n" or "y"))
        {
            return false;
        }
        string? authzid = null;
        var authz = text[(flagEnd + 1)..authzEnd];
        if (authz.Length > 0 && (!authz.StartsWith("a=", StringComparison.Ordinal) || !TryDecodeName(authz[2..], out authzid)))
        {
            return false;
        }
        var bare = text[(authzEnd + 1)..];
        var attributes = bare.Split(',');
        if (attributes.Length < 2
            || !attributes[0].StartsWith("n=", StringComparison.Ordinal)
            || !TryDecodeName(attributes[0][2..], out var user) || user.Length == 0
            || !attributes[1].StartsWith("r=", StringComparison.Ordinal)
            || !IsNonce(attributes[1].AsSpan(2))
            || !attributes.Skip(2).All(IsExtension))
        {
            return false;
        }
        result = new ScramClientFirst(text[..(authzEnd + 1)], user, authzid is "" ? null : authzid, attributes[1][2..], bare);
        return true;
    }

    /// <summary>Whether a nonce is one or more printable ASCII characters other than a comma.</summary>
    /// <param name="nonce">The nonce.</param>
    public static bool IsNonce(ReadOnlySpan<char> nonce)
    {
        foreach (var c in nonce)
        {
            if (c is < '!' or > '~' or ',')
            {
                return false;
            }
        }
        return !nonce.IsEmpty;
    }

    /// <summary>
    /// Whether an attribute is an optional extension: a letter, <c>=</c>, a value. Not <c>m</c> (a mandatory
    /// extension we do not know, RFC 5802 5.1) and not <c>p</c> (a proof must come last, once).
    /// </summary>
    /// <param name="attribute">The attribute.</param>
    public static bool IsExtension(string attribute) =>
        attribute.Length >= 3 && char.IsAsciiLetter(attribute[0]) && attribute[0] is not ('m' or 'p') && attribute[1] == '=';

    /// <summary>Decodes a saslname: <c>=2C</c> is a comma, <c>=3D</c> an equals sign, any other <c>=</c> is an error.</summary>
    private static bool TryDecodeName(string name, out string decoded)
    {
        decoded = "";
        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] != '=')
            {
                builder.Append(name[i]);
                continue;
            }
            var escape = name.AsSpan(i + 1, Math.Min(2, name.Length - i - 1));
            if (escape.SequenceEqual("2C") || escape.SequenceEqual("3D"))
            {
                builder.Append(escape[0] == '2' ? ',' : '=');
                i += 2;
            }
            else
            {
                return false;
            }
        }
        decoded = builder.ToString();
        return true;
    }
}
