using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sekisho.Server.Logging;

/// <summary>
/// The logging provider of <c>sekisho serve</c>: every event becomes one <see cref="MailLogLine"/> on standard
/// output or in the <c>maillog_file</c> (<see cref="MailLogFile"/>), written in batches by a <see cref="MailLogWriter"/>
/// (levels are filtered by the logging builder, as usual).
/// </summary>
public sealed class MailLogProvider : ILoggerProvider
{
    private readonly MailLogWriter _writer;
    private readonly ConcurrentDictionary<string, MailLogger> _loggers = new(StringComparer.Ordinal);

    /// <summary>Writes to <paramref name="output"/>, gathering lines for up to <paramref name="delay"/>.</summary>
    /// <param name="output">Where lines go (standard output for the server).</param>
    /// <param name="delay">See <see cref="MailLogWriter"/>.</param>
    public MailLogProvider(Stream output, TimeSpan delay) => _writer = new MailLogWriter(output, delay);

    /// <summary>Writes to the stream <paramref name="open"/> returns, and again after each <see cref="Reopen"/>.</summary>
    /// <param name="open">Opens the log file.</param>
    /// <param name="delay">See <see cref="MailLogWriter"/>.</param>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    public MailLogProvider(Func<Stream> open, TimeSpan delay) => _writer = new MailLogWriter(open, delay);

    /// <summary>Whether <see cref="Reopen"/> reopens a file (false on standard output).</summary>
    public bool CanReopen => _writer.CanReopen;

    /// <summary>Closes the log file and opens it again (see <see cref="MailLogWriter.Reopen"/>).</summary>
    /// <exception cref="IOException">The file cannot be opened again; the old one stays in use.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened again; the old one stays in use.</exception>
    public void Reopen() => _writer.Reopen();

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, writer) => new MailLogger(MailLogLine.ProgramName(name), writer), _writer);

    /// <summary>Writes the lines still queued.</summary>
    public void Dispose() => _writer.Dispose();
}
