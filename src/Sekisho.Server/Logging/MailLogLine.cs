using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Sekisho.Server.Logging;

/// <summary>
/// One line per event, the way Postfix's mail log reads, so an admin can grep a queue id:
/// <c>2026-11-23T18:30:00.123456Z mail.example.com sekisho/smtpd[4242]: 6410A2F3C81B2: client=unknown[127.0.0.1], ...</c>
/// Warnings, errors and critical events are prefixed <c>warning: </c>, <c>error: </c> and <c>fatal: </c>; an
/// exception follows on the same line, its line breaks turned into <c> | </c>.
/// </summary>
public static class MailLogLine
{
    private static readonly string Host = System.Net.Dns.GetHostName();
    private static readonly int ProcessId = Environment.ProcessId;

    /// <summary>The program name shown for a logger category: its last dotted part, lower case (<c>smtpd</c>, <c>queuemanager</c>).</summary>
    /// <param name="category">The logger category (a type's full name).</param>
    public static string ProgramName(string category)
    {
        var dot = category.LastIndexOf('.');
        return (dot >= 0 ? category[(dot + 1)..] : category).ToLowerInvariant();
    }

    /// <summary>Appends one complete line, newline included.</summary>
    /// <param name="line">Where the line goes.</param>
    /// <param name="program">From <see cref="ProgramName"/>.</param>
    /// <param name="level">The event's level.</param>
    /// <param name="message">The formatted message.</param>
    /// <param name="exception">An exception to show, or null.</param>
    /// <param name="now">The event's time (UTC).</param>
    public static void Append(StringBuilder line, string program, LogLevel level, string message, Exception? exception, DateTime now)
    {
        line.Append(CultureInfo.InvariantCulture, $"{now:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'} ")
            .Append(Host).Append(" sekisho/").Append(program).Append('[').Append(ProcessId).Append("]: ")
            .Append(level switch
            {
                LogLevel.Warning => "warning: ",
                LogLevel.Error => "error: ",
                LogLevel.Critical => "fatal: ",
                _ => "",
            })
            .Append(message);
        if (exception is not null)
        {
            line.Append(' ').Append(exception.ToString().Replace(Environment.NewLine, " | ", StringComparison.Ordinal));
        }
        line.Append('\n');
    }
}
