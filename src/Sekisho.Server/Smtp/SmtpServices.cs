using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Sekisho.Config;
using Sekisho.Protocol.Smtp;
using Sekisho.Queue;

namespace Sekisho.Server.Smtp;

/// <summary>What an SMTP session may use: settings, the recipient router, the spool and the queue manager's doorbell.</summary>
public sealed class SmtpServices
{
    /// <summary>Creates the bundle.</summary>
    public SmtpServices(SekishoSettings settings, RecipientRouter router, Spool spool, Action<string> notifyQueued,
        X509Certificate2? certificate, ILogger log, TimeProvider? timeProvider = null)
    {
        Settings = settings;
        Router = router;
        Spool = spool;
        NotifyQueued = notifyQueued;
        Certificate = certificate;
        Log = log;
        Time = timeProvider ?? TimeProvider.System;
        BareNewline = settings.ForbidBareNewline == BareNewlineMode.Reject ? BareNewlinePolicy.Reject : BareNewlinePolicy.Normalize;
    }

    /// <summary>The validated configuration.</summary>
    public SekishoSettings Settings { get; }

    /// <summary>Decides recipients.</summary>
    public RecipientRouter Router { get; }

    /// <summary>Where accepted messages are written.</summary>
    public Spool Spool { get; }

    /// <summary>Called with the queue id after a message is durably queued.</summary>
    public Action<string> NotifyQueued { get; }

    /// <summary>The TLS certificate, or null when STARTTLS is not offered.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The mail log (category <c>smtpd</c>).</summary>
    public ILogger Log { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The bare-newline policy for message content.</summary>
    public BareNewlinePolicy BareNewline { get; }

    /// <summary>ETRN, or null when this server cannot flush (the command is then not offered).</summary>
    public EtrnService? Etrn { get; init; }

    /// <summary>SMTP AUTH for this listener, or null when the server has no credential source.</summary>
    internal Auth.SmtpAuthenticator? Authenticator { get; init; }

    /// <summary>The per-client connection count and rate limits of this service, or null for none.</summary>
    internal ClientConnectionLimiter? ClientLimiter { get; init; }

    /// <summary>The server's counters (connections, accepted, rejects, AUTH), or null when nothing counts.</summary>
    public Sekisho.Server.Metrics.ServerMetrics? Metrics { get; init; }
}
