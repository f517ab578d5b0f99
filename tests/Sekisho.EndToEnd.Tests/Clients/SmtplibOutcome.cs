namespace Sekisho.EndToEnd.Tests.Clients;

/// <summary>What <c>Scripts/smtplib_send.py</c> reported: <c>sent</c>, or the smtplib exception it caught.</summary>
/// <param name="ExitCode">0 when the message was accepted.</param>
/// <param name="Result"><c>sent</c>, or the exception type name, e.g. <c>SMTPRecipientsRefused</c>.</param>
/// <param name="Refused">Refused recipients: address → (code, reply text after the code).</param>
/// <param name="Tls">The TLS version after STARTTLS (e.g. <c>TLSv1.3</c>), or null.</param>
/// <param name="Features">The EHLO keywords smtplib saw (lower case).</param>
/// <param name="Raw">The JSON and stderr, for failure messages.</param>
public sealed record SmtplibOutcome(
    int ExitCode,
    string Result,
    IReadOnlyDictionary<string, (int Code, string Reply)> Refused,
    string? Tls,
    IReadOnlyList<string> Features,
    string Raw);
