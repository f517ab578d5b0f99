using Sekisho.Protocol.Smtp;
using Sekisho.Queue;

namespace Sekisho.Cli.Sendmail;

/// <summary>The RFC 3461 parameters of MAIL and RCPT under <c>-bs</c> as the maildrop file records them.</summary>
internal static class LocalSmtpDsn
{
    /// <summary>RET.</summary>
    public static DsnReturn ToQueue(DsnRetParameter ret) => ret switch
    {
        DsnRetParameter.Full => DsnReturn.Full,
        DsnRetParameter.Headers => DsnReturn.Headers,
        _ => DsnReturn.Default,
    };

    /// <summary>NOTIFY.</summary>
    public static DsnNotify ToQueue(DsnNotifyParameter notify)
    {
        var result = DsnNotify.None;
        if (notify.HasFlag(DsnNotifyParameter.Never))
        {
            result |= DsnNotify.Never;
        }
        if (notify.HasFlag(DsnNotifyParameter.Success))
        {
            result |= DsnNotify.Success;
        }
        if (notify.HasFlag(DsnNotifyParameter.Failure))
        {
            result |= DsnNotify.Failure;
        }
        if (notify.HasFlag(DsnNotifyParameter.Delay))
        {
            result |= DsnNotify.Delay;
        }
        return result;
    }
}
