using System.ComponentModel;
using System.Diagnostics;

namespace Sekisho.Delivery.Pipe;

/// <summary>
/// Runs one command with the message on its standard input: feeds the input, reads standard output and error
/// concurrently (a command that talks a lot, or not at all, never deadlocks), and kills the whole process
/// tree when the time limit passes.
/// </summary>
internal static class CommandRunner
{
    /// <summary>How long to wait for output to end after the command exits (a background child may hold the pipes).</summary>
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(1);

    /// <summary>The longest timer .NET offers (about 24 days); a longer limit is as good as none.</summary>
    private static readonly TimeSpan LongestLimit = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>Runs the command.</summary>
    /// <param name="start">What to run; the streams are redirected here.</param>
    /// <param name="input">The message.</param>
    /// <param name="timeLimit">How long it may run.</param>
    /// <param name="cancellationToken">Server shutdown: the command is killed and the exception propagates.</param>
    /// <returns>How it ended.</returns>
    /// <exception cref="Win32Exception">The program could not be started.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public static async Task<CommandOutcome> RunAsync(ProcessStartInfo start, Stream input, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = new Process { StartInfo = start };
        process.Start();
        using var stopReading = new CancellationTokenSource();
        var stdout = OutputCapture.ReadAsync(process.StandardOutput.BaseStream, stopReading.Token);
        var stderr = OutputCapture.ReadAsync(process.StandardError.BaseStream, stopReading.Token);
        var feed = FeedAsync(input, process.StandardInput.BaseStream, stopReading.Token);
        var timedOut = false;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(timeLimit < LongestLimit ? timeLimit : LongestLimit);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                KillTree(process);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                timedOut = true;
            }
        }
        stopReading.CancelAfter(DrainGrace);
        await Task.WhenAny(Task.WhenAll(feed, stdout, stderr), Task.Delay(DrainGrace * 2, CancellationToken.None));
        var line = OutputCapture.FirstLine(Captured(stderr));
        return new CommandOutcome(timedOut ? -1 : process.ExitCode, timedOut, line.Length > 0 ? line : OutputCapture.FirstLine(Captured(stdout)));
    }

    private static byte[] Captured(Task<byte[]> capture) => capture.IsCompletedSuccessfully ? capture.Result : [];

    private static async Task FeedAsync(Stream input, Stream stdin, CancellationToken cancellationToken)
    {
        try
        {
            await input.CopyToAsync(stdin, 81920, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // the command stopped reading (it may not need the message): its exit status decides
        }
        finally
        {
            try
            {
                await stdin.DisposeAsync();
            }
            catch (IOException)
            {
            }
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception)
        {
            // it exited meanwhile
        }
    }
}
