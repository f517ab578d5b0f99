using Sekisho.Protocol.Smtp;
using Sekisho.Queue;

namespace Sekisho.Server.Smtp;

/// <summary>The RFC 3461 parameters as read from the wire (Protocol) turned into what the queue file records.</summary>
public static class DsnMapping
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
        if ((notify & DsnNotifyParameter.Never) != 0)
        {
            result |= DsnNotify.Never;
        }
        if ((notify & DsnNotifyParameter.Success) != 0)
        {
            result |= DsnNotify.Success;
        }
        if ((notify & DsnNotifyParameter.Failure) != 0)
        {
            result |= DsnNotify.Failure;
        }
        if ((notify & DsnNotifyParameter.Delay) != 0)
        {
            result |= DsnNotify.Delay;
        }
        return result;
    }
}
