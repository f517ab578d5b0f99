using System.Text;
using Microsoft.Extensions.Logging;

namespace Sekisho.Server.Logging;

/// <summary>One category's logger of <see cref="MailLogProvider"/>: formats the line on the caller's thread and queues it.</summary>
internal sealed class MailLogger(string program, MailLogWriter writer) : ILogger
{
    [ThreadStatic]
    private static StringBuilder? _line;

    /// <inheritdoc/>
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc/>
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    /// <inheritdoc/>
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        var message = formatter(state, exception);
        var line = _line ??= new StringBuilder(256);
        line.Clear();
        MailLogLine.Append(line, program, logLevel, message, exception, DateTime.UtcNow);
        writer.Enqueue(line.ToString());
        if (line.Capacity > 4096)
        {
            _line = null; // one huge line (an exception) does not keep its buffer
        }
    }
}
