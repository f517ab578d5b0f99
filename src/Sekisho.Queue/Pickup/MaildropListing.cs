using Sekisho.Queue.Control;

namespace Sekisho.Queue.Pickup;

/// <summary>
/// What waits in the maildrop folder, for <c>mailq</c>: mail submitted while no server runs shows up with its sender
/// and recipients, as Postfix's showq lists its maildrop. Only a user who may list the folder (its owner, root) sees it.
/// </summary>
public static class MaildropListing
{
    /// <summary>The reason shown for each recipient.</summary>
    public const string Waiting = "waiting to be picked up by the server";

    /// <summary>Reads the finished files in the folder as queue entries (id = file name), oldest first; unreadable ones are left out.</summary>
    /// <param name="queueDirectory">The <c>queue_directory</c>.</param>
    public static IReadOnlyList<QueueEntry> Read(string queueDirectory)
    {
        var folder = MaildropFolder.PathIn(queueDirectory);
        var entries = new List<QueueEntry>();
        IEnumerable<string> names;
        try
        {
            names = Directory.GetFiles(folder).Select(Path.GetFileName).Where(n => MaildropFolder.IsFileName(n!)).Order(StringComparer.Ordinal)!;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return entries;
        }
        foreach (var name in names)
        {
            try
            {
                using var file = new FileStream(Path.Combine(folder, name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (!MaildropFormat.TryReadEnvelope(file, out var envelope, out _))
                {
                    continue;
                }
                var recipients = envelope.Recipients.Select(r => new QueueRecipient(r.Address, null, "", "")).ToList();
                entries.Add(new QueueEntry(name, QueueState.Incoming, file.Length - file.Position, new QueueEnvelope
                {
                    Sender = envelope.Sender,
                    Recipients = recipients,
                    ArrivalTime = File.GetLastWriteTimeUtc(file.Name),
                }, recipients.Select(r => r.Address).Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(a => a, _ => Waiting, StringComparer.OrdinalIgnoreCase)));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Picked up meanwhile, or not ours to read.
            }
        }
        return entries;
    }
}
