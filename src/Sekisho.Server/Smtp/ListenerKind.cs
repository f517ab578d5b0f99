namespace Sekisho.Server.Smtp;

/// <summary>Which service a listener offers.</summary>
public enum ListenerKind
{
    /// <summary>MX service, port 25 style (<c>smtp_listen</c>).</summary>
    Smtp,

    /// <summary>Message submission, port 587 style (<c>submission_listen</c>, RFC 6409).</summary>
    Submission,

    /// <summary>Submission over implicit TLS, port 465 style (<c>smtps_listen</c>, RFC 8314).</summary>
    Smtps,
}
