using System.IO.Pipelines;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Cli.Sendmail;

/// <summary>
/// DATA under <c>-bs</c>: the content streams from standard input through a pipe into the submitter while it is
/// read, so a message is never held in memory whole.
/// </summary>
internal static class LocalSmtpContent
{
    /// <summary>Reads the content up to the end-of-data line and submits it.</summary>
    /// <param name="channel">Standard input and output.</param>
    /// <param name="submitter">Writes the maildrop file.</param>
    /// <param name="request">The envelope.</param>
    /// <param name="cancellationToken">Abort.</param>
    /// <returns>How the submission ended, or null when the input ended before the end-of-data line (nothing is submitted).</returns>
    public static async Task<SubmissionResult?> ReceiveAsync(LocalSmtpChannel channel, LocalSubmitter submitter, SubmissionRequest request,
        CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var submission = SubmitAsync(submitter, request, pipe.Reader, abandon.Token);
        var complete = false;
        try
        {
            complete = await channel.CopyContentAsync(new DataReader(BareNewlinePolicy.Normalize), pipe.Writer, cancellationToken);
        }
        finally
        {
            if (!complete)
            {
                // Cancel before completing the pipe: the submitter must not take the cut-off content for a whole message.
                await abandon.CancelAsync();
            }
            await pipe.Writer.CompleteAsync();
        }
        if (complete)
        {
            return await submission;
        }
        try
        {
            await submission;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        return null;
    }

    private static async Task<SubmissionResult> SubmitAsync(LocalSubmitter submitter, SubmissionRequest request, PipeReader content,
        CancellationToken cancellationToken)
    {
        await Task.Yield(); // the submitter runs beside the reading of standard input, not on its stack
        try
        {
            await using var stream = content.AsStream(leaveOpen: true);
            return await submitter.SubmitAsync(request, stream, cancellationToken);
        }
        finally
        {
            await content.CompleteAsync();
        }
    }
}
