using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sekisho.Server.Logging;

/// <summary>
/// The logging provider of <c>sekisho serve</c>: every event becomes one <see cref="MailLogLine"/> on standard
/// output, written in batches by a <see cref="MailLogWriter"/> (levels are filtered by the logging builder, as usual).
/// </summary>
public sealed class MailLogProvider : ILoggerProvider
{
    private readonly MailLogWriter _writer;
    private readonly ConcurrentDictionary<string, MailLogger> _loggers = new(StringComparer.Ordinal);

    /// <summary>Writes to <paramref name="output"/>, gathering lines for up to <paramref name="delay"/>.</summary>
    /// <param name="output">Where lines go (standard output for the server).</param>
    /// <param name="delay">See <see cref="MailLogWriter"/>.</param>
    public MailLogProvider(Stream output, TimeSpan delay) => _writer = new MailLogWriter(output, delay);

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, writer) => new MailLogger(MailLogLine.ProgramName(name), writer), _writer);

    /// <summary>Writes the lines still queued.</summary>
    public void Dispose() => _writer.Dispose();
}
