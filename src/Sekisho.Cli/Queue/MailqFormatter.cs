using System.Globalization;
using System.Text;
using Sekisho.Queue;
using Sekisho.Queue.Control;

namespace Sekisho.Cli.Queue;

/// <summary>
/// Prints the queue as Postfix's mailq does: id (<c>*</c> being delivered, <c>!</c> on hold), size, arrival time and
/// sender, then each deferral reason in parentheses followed by the recipients it concerns.
/// </summary>
internal static class MailqFormatter
{
    public static string Format(IReadOnlyList<QueueEntry> entries)
    {
        if (entries.Count == 0)
        {
            return "Mail queue is empty\n";
        }
        var text = new StringBuilder();
        var idWidth = Math.Max(12, entries.Max(e => e.QueueId.Length) + 1);
        text.Append("-Queue ID-".PadRight(idWidth)).Append(" --Size-- ---Arrival Time---- -Sender/Recipient-------\n");
        long bytes = 0;
        foreach (var entry in entries)
        {
            bytes += entry.Size;
            var mark = entry.State switch { QueueState.Active => "*", QueueState.Hold => "!", _ => "" };
            var local = entry.Envelope.ArrivalTime.ToLocalTime();
            var arrival = local.ToString("ddd MMM ", CultureInfo.InvariantCulture) + local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
                + local.ToString(" HH:mm:ss", CultureInfo.InvariantCulture);
            text.Append((entry.QueueId + mark).PadRight(idWidth)).Append(' ')
                .Append(entry.Size.ToString(CultureInfo.InvariantCulture).PadLeft(8)).Append(' ')
                .Append(arrival).Append("  ")
                .Append(entry.Envelope.Sender.Length == 0 ? "MAILER-DAEMON" : entry.Envelope.Sender).Append('\n');
            var pending = entry.Envelope.Recipients.Where(r => r.Status == RecipientStatus.Pending).Select(r => r.Address).Distinct(StringComparer.OrdinalIgnoreCase);
            foreach (var group in pending.GroupBy(address => entry.DeferReasons.GetValueOrDefault(address) ?? ""))
            {
                if (group.Key.Length > 0)
                {
                    text.Append('(').Append(group.Key).Append(")\n");
                }
                foreach (var address in group)
                {
                    text.Append(new string(' ', idWidth + 30)).Append(address).Append('\n');
                }
            }
            text.Append('\n');
        }
        var kbytes = (bytes + 1023) / 1024;
        text.Append(CultureInfo.InvariantCulture, $"-- {kbytes} Kbytes in {entries.Count} Request{(entries.Count == 1 ? "" : "s")}.\n");
        return text.ToString();
    }
}
