using System.Globalization;
using Sekisho.Queue;

namespace Sekisho.Delivery.Local;

/// <summary>
/// The <c>local</c> transport: delivers each recipient into its account's Maildir under <c>maildir_base</c>.
/// The file name is derived from the queue id and recipient index, so a delivery repeated after a crash
/// is recognised and not made twice.
/// </summary>
public sealed class LocalTransport : ITransport
{
    private readonly string _maildirBase;
    private readonly string _hostname;

    /// <summary>Creates the transport.</summary>
    /// <param name="maildirBase">The <c>maildir_base</c> folder; an account's Maildir is <c>maildir_base/NAME/</c>.</param>
    /// <param name="hostname">This host's name, the last part of Maildir file names.</param>
    public LocalTransport(string maildirBase, string hostname)
    {
        _maildirBase = maildirBase;
        _hostname = MaildirWriter.SafeHostname(hostname);
    }

    /// <inheritdoc/>
    public string Name => "local";

    /// <summary>The Maildir folder of an account.</summary>
    /// <param name="account">The account name.</param>
    public string MaildirOf(string account) => Path.Combine(_maildirBase, account);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RecipientResult>> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var results = new List<RecipientResult>(request.Recipients.Count);
        var arrival = request.Message.Envelope.ArrivalTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        foreach (var (index, recipient) in request.Recipients)
        {
            var maildir = MaildirOf(recipient.NextHop);
            var name = $"{arrival}.Q{request.Message.QueueId}R{index.ToString(CultureInfo.InvariantCulture)}.{_hostname}";
            try
            {
                if (request.MayHaveBeenDelivered && MaildirWriter.Contains(maildir, name, lookInCur: true))
                {
                    results.Add(RecipientResult.Sent("local", "delivered to maildir before restart"));
                    continue;
                }
                await using var content = request.Message.OpenContent();
                var written = await MaildirWriter.DeliverAsync(maildir, name, content, cancellationToken);
                results.Add(RecipientResult.Sent("local", written ? "delivered to maildir" : "delivered to maildir before restart"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                results.Add(RecipientResult.Deferred("local", "cannot write to maildir: " + exception.Message));
            }
        }
        return results;
    }
}
