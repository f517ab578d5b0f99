using System.Globalization;
using System.Text;
using Sekisho.Queue;

namespace Sekisho.Server.Hosting;

/// <summary>
/// The human-readable first part of a delivery status notification, in the words of Postfix's default bounce
/// templates (failure, delay, success), followed by one line per recipient.
/// </summary>
internal static class NoticeText
{
    private const string Signature = "                   The mail system\n";
    private const string Assistance = "For further assistance, please send mail to postmaster.\n\n"
        + "If you do so, please include this problem report. You can\ndelete your own text from the attached returned message.\n\n";

    /// <summary>The text.</summary>
    /// <param name="kind">Failure, delay or success.</param>
    /// <param name="host"><c>$myhostname</c>.</param>
    /// <param name="delayed">How long the message has waited (delay notices).</param>
    /// <param name="lifetime"><c>maximal_queue_lifetime</c> (delay notices); zero: not mentioned.</param>
    /// <param name="recipients">The recipients the notice is about.</param>
    public static string Build(NoticeKind kind, string host, TimeSpan delayed, TimeSpan lifetime,
        IReadOnlyList<(QueueRecipient Recipient, RecipientResult Result)> recipients)
    {
        var text = new StringBuilder().Append("This is the mail system at host ").Append(host).Append(".\n\n");
        switch (kind)
        {
            case NoticeKind.Delay:
                text.Append("####################################################################\n")
                    .Append("# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n")
                    .Append("####################################################################\n\n")
                    .Append("Your message could not be delivered for more than ").Append(Duration(delayed)).Append(".\n");
                if (lifetime > TimeSpan.Zero)
                {
                    text.Append("It will be retried until it is ").Append(Duration(lifetime)).Append(" old.\n");
                }
                text.Append('\n').Append(Assistance).Append(Signature);
                break;
            case NoticeKind.Success:
                text.Append("Your message was successfully delivered to the destination(s)\n")
                    .Append("listed below. If the message was delivered to mailbox you will\n")
                    .Append("receive no further notifications. Otherwise you may still receive\n")
                    .Append("notifications of mail delivery errors from other systems.\n\n")
                    .Append(Signature);
                break;
            default:
                text.Append("I'm sorry to have to inform you that your message could not\n")
                    .Append("be delivered to one or more recipients. It's attached below.\n\n")
                    .Append(Assistance).Append(Signature);
                break;
        }
        foreach (var (recipient, result) in recipients)
        {
            text.Append("\n<").Append(recipient.Address).Append('>');
            if (recipient.OriginalAddress is { } original && !original.Equals(recipient.Address, StringComparison.OrdinalIgnoreCase))
            {
                text.Append(" (expanded from <").Append(original).Append(">)");
            }
            text.Append(": ").Append(result.Detail).Append('\n');
        }
        return text.ToString();
    }

    /// <summary><c>5 day(s)</c>, <c>4 hour(s)</c>, <c>10 minute(s)</c> or <c>30 second(s)</c>: the largest whole unit.</summary>
    public static string Duration(TimeSpan time)
    {
        var (count, unit) = time switch
        {
            _ when time.TotalDays >= 1 && time.Ticks % TimeSpan.TicksPerDay == 0 => (time.TotalDays, "day"),
            _ when time.TotalHours >= 1 => (Math.Floor(time.TotalHours), "hour"),
            _ when time.TotalMinutes >= 1 => (Math.Floor(time.TotalMinutes), "minute"),
            _ => (Math.Max(0, Math.Floor(time.TotalSeconds)), "second"),
        };
        return count.ToString("0", CultureInfo.InvariantCulture) + " " + unit + "(s)";
    }
}
