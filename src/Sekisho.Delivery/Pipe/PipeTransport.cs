using System.ComponentModel;
using System.Diagnostics;
using Sekisho.Delivery.Unix;
using Sekisho.Queue;

namespace Sekisho.Delivery.Pipe;

/// <summary>
/// The <c>pipe</c> transport: delivers to aliases(5) <c>|command</c> targets (allowed by
/// <c>allow_mail_to_commands</c>) by running <c>/bin/sh -c COMMAND</c> with the queued message, exactly as
/// stored, on standard input and a clean environment (see <see cref="CommandEnvironment"/>). When the server
/// runs as root the command runs as <c>default_privs</c> through util-linux <c>setpriv</c>, never as root.
/// It may run at most <c>command_time_limit</c>; the exit status is read as sysexits.h (see <see cref="SysExits"/>).
/// The recipient's <c>NextHop</c> is the command line.
/// </summary>
/// <remarks>
/// A delivery interrupted by a crash is made again at the next start: a command cannot be asked whether it
/// already ran, so it may see a message twice (as with Postfix).
/// </remarks>
public sealed class PipeTransport : ITransport
{
    private static readonly string[] SetprivPaths = ["/usr/bin/setpriv", "/bin/setpriv"];

    private readonly string _defaultPrivs;
    private readonly TimeSpan _timeLimit;

    /// <summary>Creates the transport.</summary>
    /// <param name="defaultPrivs">The <c>default_privs</c> user commands run as when the server runs as root.</param>
    /// <param name="timeLimit">The <c>command_time_limit</c>.</param>
    public PipeTransport(string defaultPrivs, TimeSpan timeLimit)
    {
        ArgumentException.ThrowIfNullOrEmpty(defaultPrivs);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeLimit, TimeSpan.Zero);
        _defaultPrivs = defaultPrivs;
        _timeLimit = timeLimit;
    }

    /// <inheritdoc/>
    public string Name => "pipe";

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RecipientResult>> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var results = new List<RecipientResult>(request.Recipients.Count);
        foreach (var (_, recipient) in request.Recipients)
        {
            results.Add(await DeliverOneAsync(request.Message, recipient, cancellationToken));
        }
        return results;
    }

    private async Task<RecipientResult> DeliverOneAsync(QueuedMessage message, QueueRecipient recipient, CancellationToken cancellationToken)
    {
        var command = recipient.NextHop;
        var (start, refusal) = ProcessUser.IsRoot ? await AsDefaultPrivsAsync(command, cancellationToken) : (AsServer(command), null);
        if (start is null)
        {
            return RecipientResult.Deferred(SysExits.Relay, refusal!);
        }
        CommandEnvironment.Apply(start, message.Envelope.Sender, recipient);
        await using var content = message.OpenContent();
        try
        {
            return SysExits.ResultOf(await CommandRunner.RunAsync(start, content, _timeLimit, cancellationToken), command);
        }
        catch (Exception exception) when (exception is Win32Exception or IOException)
        {
            return RecipientResult.Deferred(SysExits.Relay, $"cannot run command \"{command}\": {exception.Message}");
        }
    }

    private static ProcessStartInfo AsServer(string command)
    {
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = "/" };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        return start;
    }

    private async Task<(ProcessStartInfo? Start, string? Refusal)> AsDefaultPrivsAsync(string command, CancellationToken cancellationToken)
    {
        var refusing = $"not running \"{command}\" as root";
        SystemUser? user;
        try
        {
            user = await SystemUser.FindAsync(_defaultPrivs, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot look up default_privs user {_defaultPrivs}: {exception.Message}; {refusing}");
        }
        if (user is null)
        {
            return (null, $"default_privs user {_defaultPrivs} is not in {SystemUser.PasswordFile}; {refusing}");
        }
        if (user.Uid == 0)
        {
            return (null, $"default_privs user {_defaultPrivs} is privileged (uid 0); {refusing}");
        }
        var setpriv = SetprivPaths.FirstOrDefault(File.Exists);
        if (setpriv is null)
        {
            return (null, $"setpriv (util-linux) is needed to run commands as {_defaultPrivs} and was not found; {refusing}");
        }
        var start = new ProcessStartInfo(setpriv) { WorkingDirectory = "/" };
        foreach (var argument in (ReadOnlySpan<string>)[$"--reuid={user.Uid}", $"--regid={user.Gid}", "--init-groups", "--", "/bin/sh", "-c", command])
        {
            start.ArgumentList.Add(argument);
        }
        return (start, null);
    }
}
