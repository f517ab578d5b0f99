using System.Text;

namespace Sekisho.Protocol.Sasl;

/// <summary>
/// An approximation of SASLprep (RFC 4013) for SCRAM passwords: the mapping step (non-ASCII spaces of
/// RFC 3454 table C.1.2 become U+0020, the "commonly mapped to nothing" characters of table B.1 are removed),
/// then Unicode NFKC normalization. The prohibited-output and bidirectional checks are not done: a password is
/// the account owner's own business, and refusing one here would only lock its owner out.
/// </summary>
/// <remarks>
/// Sekisho runs with <c>InvariantGlobalization=true</c>, and in that mode .NET's <see cref="string.Normalize(NormalizationForm)"/>
/// returns non-ASCII text unchanged (no ICU). So for now only the mapping step takes effect on non-ASCII
/// passwords; a client that SASLpreps a password containing compatibility characters (full-width letters,
/// ligatures, ...) or decomposed accents will not match. ASCII passwords, and NFKC-normal ones, are unaffected.
/// If globalization is ever turned on, such passwords would derive differently and need to be set again.
/// </remarks>
internal static class SaslPrep
{
    /// <summary>Maps and normalizes a password as described on the type.</summary>
    /// <param name="password">The password.</param>
    public static string Prepare(string password)
    {
        var builder = new StringBuilder(password.Length);
        foreach (var c in password)
        {
            if (!IsMappedToNothing(c))
            {
                builder.Append(IsNonAsciiSpace(c) ? ' ' : c);
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormKC);
    }

    // RFC 3454 table C.1.2.
    private static bool IsNonAsciiSpace(char c) =>
        c is '\u00A0' or '\u1680' or (>= '\u2000' and <= '\u200B') or '\u202F' or '\u205F' or '\u3000';

    // RFC 3454 table B.1; it wins over C.1.2 for U+200B, as in passlib's and pymongo's saslprep.
    private static bool IsMappedToNothing(char c) =>
        c is '\u00AD' or '\u034F' or '\u1806' or (>= '\u180B' and <= '\u180D') or (>= '\u200B' and <= '\u200D')
            or '\u2060' or (>= '\uFE00' and <= '\uFE0F') or '\uFEFF';
}
