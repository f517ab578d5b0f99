namespace Sekisho.Protocol.Smtp;

/// <summary>
/// What the ESMTP parameters of RCPT TO mean: RFC 3461 NOTIFY and ORCPT. Anything else, or any parameter after
/// HELO instead of EHLO, is refused with <c>555 5.5.4 Unsupported option</c>.
/// </summary>
/// <remarks>
/// <para>Replies as Postfix's smtpd gives them. <c>NOTIFY=</c> is <c>NEVER</c> alone or a comma-separated list of
/// <c>SUCCESS</c>, <c>FAILURE</c> and <c>DELAY</c>, in any case (a word may repeat; an empty item is refused);
/// otherwise, NEVER combined with another word, or NOTIFY given twice: <c>501 5.5.4 Error: Bad NOTIFY parameter
/// syntax</c>.</para>
/// <para><c>ORCPT=</c> is <c>addr-type;xtext</c> (RFC 3461 4.2): an atom, a semicolon and a non-empty xtext address,
/// at most 500 characters as written; the address decodes to text without control characters (raw UTF-8 is allowed
/// for the RFC 6533 <c>utf-8</c> type only, and its <c>\x{...}</c> escapes are kept as written). Otherwise, or when
/// given twice: <c>501 5.5.4 Error: Bad ORCPT parameter syntax</c>.</para>
/// </remarks>
/// <param name="Notify">The NOTIFY words, <see cref="DsnNotifyParameter.None"/> when not given.</param>
/// <param name="OriginalRecipient">The ORCPT, decoded: <c>addr-type;address</c> (e.g. <c>rfc822;bob+x@example.org</c>), empty when not given.</param>
public sealed record RcptParameters(DsnNotifyParameter Notify, string OriginalRecipient)
{
    /// <summary>The longest ORCPT value, as written (RFC 3461 4.2).</summary>
    public const int MaxOriginalRecipientLength = 500;

    private static readonly SmtpReply BadNotify = new(501, "5.5.4", "Error: Bad NOTIFY parameter syntax");
    private static readonly SmtpReply BadOriginalRecipient = new(501, "5.5.4", "Error: Bad ORCPT parameter syntax");

    /// <summary>No parameters.</summary>
    public static RcptParameters None { get; } = new(DsnNotifyParameter.None, "");

    /// <summary>Interprets the parameters of one RCPT command.</summary>
    /// <param name="parameters">The parameters from <see cref="SmtpPathParser.TryParseRcptTo"/>.</param>
    /// <param name="extended">True after EHLO; after HELO no parameter is allowed.</param>
    /// <param name="result">The meaning, when valid.</param>
    /// <param name="error">The reply, when not.</param>
    public static bool TryParse(IReadOnlyList<EsmtpParameter> parameters, bool extended, out RcptParameters result, out SmtpReply? error)
    {
        result = None;
        error = null;
        foreach (var parameter in parameters)
        {
            if (!extended)
            {
                error = SmtpReply.UnsupportedOption(MailParameters.Describe(parameter));
                return false;
            }
            switch (parameter.Keyword)
            {
                case "NOTIFY":
                    if (result.Notify != DsnNotifyParameter.None || !TryParseNotify(parameter.Value, out var notify))
                    {
                        error = BadNotify;
                        return false;
                    }
                    result = result with { Notify = notify };
                    break;
                case "ORCPT":
                    if (result.OriginalRecipient.Length > 0 || !TryParseOriginalRecipient(parameter.Value, out var original))
                    {
                        error = BadOriginalRecipient;
                        return false;
                    }
                    result = result with { OriginalRecipient = original };
                    break;
                default:
                    error = SmtpReply.UnsupportedOption(MailParameters.Describe(parameter));
                    return false;
            }
        }
        return true;
    }

    private static bool TryParseNotify(string? value, out DsnNotifyParameter notify)
    {
        notify = DsnNotifyParameter.None;
        if (value is null)
        {
            return false;
        }
        foreach (var word in value.Split(','))
        {
            notify |= word.ToUpperInvariant() switch
            {
                "NEVER" => DsnNotifyParameter.Never,
                "SUCCESS" => DsnNotifyParameter.Success,
                "FAILURE" => DsnNotifyParameter.Failure,
                "DELAY" => DsnNotifyParameter.Delay,
                _ => (DsnNotifyParameter)0x100,
            };
        }
        return notify == DsnNotifyParameter.Never
            || (notify != DsnNotifyParameter.None && (notify & ~(DsnNotifyParameter.Success | DsnNotifyParameter.Failure | DsnNotifyParameter.Delay)) == 0);
    }

    private static bool TryParseOriginalRecipient(string? value, out string original)
    {
        original = "";
        if (value is null || value.Length > MaxOriginalRecipientLength)
        {
            return false;
        }
        var semicolon = value.IndexOf(';');
        if (semicolon <= 0 || semicolon == value.Length - 1)
        {
            return false;
        }
        var type = value[..semicolon];
        if (!type.All(IsAtomText)
            || !XText.TryDecode(value[(semicolon + 1)..], allowUtf8: type.Equals("utf-8", StringComparison.OrdinalIgnoreCase), out var address)
            || address.Any(char.IsControl))
        {
            return false;
        }
        original = type + ";" + address;
        return true;
    }

    /// <summary>RFC 5322 atext: letters, digits and <c>!#$%&amp;'*+-/=?^_`{|}~</c>.</summary>
    private static bool IsAtomText(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c);
}
