using Sekisho.Protocol.Smtp;

namespace Sekisho.Server.Auth;

/// <summary>How an AUTH command ended.</summary>
/// <param name="Reply">What to answer.</param>
/// <param name="User">The login name when it succeeded, else null.</param>
/// <param name="Mechanism">The mechanism used, for the log.</param>
/// <param name="Close">Close the connection after the reply (throttled, or the connection is gone when <paramref name="Reply"/> is null).</param>
internal sealed record AuthOutcome(SmtpReply? Reply, string? User, string? Mechanism, bool Close = false);
