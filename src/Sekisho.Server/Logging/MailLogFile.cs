namespace Sekisho.Server.Logging;

/// <summary>
/// Where <c>sekisho serve</c> writes its mail log, after Postfix's <c>maillog_file</c> (Postfix 3.4+): empty (the
/// default) or <c>/dev/stdout</c> for standard output (the journal under systemd), else a file appended to, created
/// with mode 0600 when missing and reopened on SIGHUP, so <c>mv maillog maillog.1; kill -HUP PID</c> (logrotate)
/// continues in a new <c>maillog</c>.
/// </summary>
public static class MailLogFile
{
    /// <summary>The <c>maillog_file</c> value that means standard output (Postfix's name for it in containers).</summary>
    public const string StandardOutput = "/dev/stdout";

    /// <summary>The provider for a <c>maillog_file</c> value.</summary>
    /// <param name="maillogFile">The absolute path, <see cref="StandardOutput"/>, or empty.</param>
    /// <param name="delay">See <see cref="MailLogWriter"/>.</param>
    /// <exception cref="IOException">The file cannot be opened (e.g. its folder is missing).</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    public static MailLogProvider CreateProvider(string maillogFile, TimeSpan delay) =>
        maillogFile.Length == 0 || maillogFile == StandardOutput
            ? new MailLogProvider(Console.OpenStandardOutput(), delay)
            : new MailLogProvider(() => Open(maillogFile), delay);

    /// <summary>Opens <paramref name="path"/> for appending, creating it (mode 0600) when missing.</summary>
    /// <param name="path">The log file.</param>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    public static FileStream Open(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete, // readers (tail -f), and mv/rm by logrotate
            BufferSize = 0, // the writer hands over whole batches
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return new FileStream(path, options);
    }
}
