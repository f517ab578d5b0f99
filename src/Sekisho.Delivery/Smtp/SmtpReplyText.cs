using System.Globalization;
using MailKit.Net.Smtp;

namespace Sekisho.Delivery.Smtp;

/// <summary>Postfix's wording of server replies in log details.</summary>
public static class SmtpReplyText
{
    /// <summary>A reply on one line: <c>550 5.1.1 &lt;x@example.com&gt;: Recipient address rejected</c>.</summary>
    /// <param name="code">The reply code.</param>
    /// <param name="text">The reply text (MailKit joins lines with LF).</param>
    public static string Format(int code, string text)
    {
        var oneLine = string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return code.ToString(CultureInfo.InvariantCulture) + (oneLine.Length > 0 ? " " + oneLine : "");
    }

    /// <summary>A MailKit reply on one line.</summary>
    /// <param name="response">The reply.</param>
    public static string Format(SmtpResponse response) => Format((int)response.StatusCode, response.Response);

    /// <summary><c>host mx.example.com[192.0.2.1] said: 550 5.1.1 ... (in reply to RCPT TO command)</c>.</summary>
    /// <param name="endpoint">The server.</param>
    /// <param name="reply">The formatted reply.</param>
    /// <param name="command">The command it answered, e.g. <c>RCPT TO</c>, <c>end of DATA</c>.</param>
    public static string Said(SmtpEndpoint endpoint, string reply, string command) =>
        $"host {endpoint.Name} said: {reply} (in reply to {command} command)";

    /// <summary>Whether a reply code is permanent (5xx).</summary>
    /// <param name="code">The code.</param>
    public static bool IsPermanent(int code) => code is >= 500 and < 600;

    /// <summary>Whether a reply code is positive (2xx).</summary>
    /// <param name="code">The code.</param>
    public static bool IsPositive(int code) => code is >= 200 and < 300;
}
