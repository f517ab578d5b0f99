using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Sekisho.Server.Logging;

/// <summary>
/// One line per event, the way Postfix's mail log reads, so an admin can grep a queue id:
/// <c>2026-11-23T18:30:00.123Z mail.example.com sekisho/smtpd[4242]: 6410A2F3C81B2: client=unknown[127.0.0.1], ...</c>
/// </summary>
public sealed class MailLogFormatter : ConsoleFormatter
{
    /// <summary>The formatter name for <c>AddConsole(o =&gt; o.FormatterName = ...)</c>.</summary>
    public const string FormatterName = "maillog";

    private static readonly string Host = System.Net.Dns.GetHostName();
    private static readonly int ProcessId = Environment.ProcessId;

    /// <summary>Creates the formatter.</summary>
    public MailLogFormatter(IOptionsMonitor<ConsoleFormatterOptions> options) : base(FormatterName)
    {
    }

    /// <inheritdoc/>
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }
        var category = logEntry.Category;
        var dot = category.LastIndexOf('.');
        if (dot >= 0)
        {
            category = category[(dot + 1)..].ToLowerInvariant();
        }
        textWriter.Write(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        textWriter.Write(' ');
        textWriter.Write(Host);
        textWriter.Write(" sekisho/");
        textWriter.Write(category);
        textWriter.Write('[');
        textWriter.Write(ProcessId);
        textWriter.Write("]: ");
        textWriter.Write(logEntry.LogLevel switch
        {
            LogLevel.Warning => "warning: ",
            LogLevel.Error => "error: ",
            LogLevel.Critical => "fatal: ",
            _ => "",
        });
        textWriter.Write(message);
        if (logEntry.Exception is not null)
        {
            textWriter.Write(' ');
            textWriter.Write(logEntry.Exception.ToString().Replace(Environment.NewLine, " | ", StringComparison.Ordinal));
        }
        textWriter.Write(Environment.NewLine);
    }
}
