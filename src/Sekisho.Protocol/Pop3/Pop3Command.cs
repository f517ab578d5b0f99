using System.Text;

namespace Sekisho.Protocol.Pop3;

/// <summary>
/// One parsed POP3 command line with its arguments checked and typed. Only the properties the verb uses are set;
/// the others are null. <see cref="ToString"/> never shows the password or the SASL initial response, so a
/// command may be logged as it is.
/// </summary>
/// <param name="Verb">The command.</param>
public readonly record struct Pop3Command(Pop3Verb Verb)
{
    /// <summary>The message number (1 or more) of LIST n, RETR, DELE, TOP and UIDL n; null when none was given.</summary>
    public int? MessageNumber { get; init; }

    /// <summary>TOP's number of body lines (0 or more; a larger number than fits an int is <see cref="int.MaxValue"/>).</summary>
    public int? LineCount { get; init; }

    /// <summary>The mailbox name of USER and APOP.</summary>
    public string? UserName { get; init; }

    /// <summary>PASS's argument: everything after the single separator, spaces included.</summary>
    public string? Password { get; init; }

    /// <summary>APOP's digest: 32 hex digits, lower case.</summary>
    public string? Digest { get; init; }

    /// <summary>AUTH's mechanism name, upper case; null for a bare <c>AUTH</c> (list the mechanisms).</summary>
    public string? Mechanism { get; init; }

    /// <summary>AUTH's initial response as sent (base64 or <c>=</c>; decode with <see cref="Sasl.SaslWire.DecodeInitialResponse"/>); null when none.</summary>
    public string? InitialResponse { get; init; }

    /// <summary>The command for logs: secrets replaced by <c>***</c>.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Verb.ToString().ToUpperInvariant());
        Append(builder, UserName);
        Append(builder, Password is null ? null : "***");
        Append(builder, Digest);
        Append(builder, Mechanism);
        Append(builder, InitialResponse is null ? null : "***");
        Append(builder, MessageNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Append(builder, LineCount?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string? value)
    {
        if (value is not null)
        {
            builder.Append(' ').Append(value);
        }
    }
}
