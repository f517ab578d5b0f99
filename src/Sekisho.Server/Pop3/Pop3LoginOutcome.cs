using Sekisho.Protocol.Pop3;

namespace Sekisho.Server.Pop3;

/// <summary>How a login attempt (PASS, APOP or AUTH) ended.</summary>
/// <param name="Reply">The refusal to send; null when the credentials were right (the session then opens the maildrop
/// and answers) or when the connection is gone.</param>
/// <param name="Account">The account logged in to, when the credentials were right; else null.</param>
/// <param name="Method"><c>USER</c> for USER/PASS, <c>APOP</c>, else the SASL mechanism, for the log.</param>
/// <param name="Close">Close the connection after the reply (throttled, or the client went away).</param>
internal sealed record Pop3LoginOutcome(Pop3Reply? Reply, string? Account, string Method, bool Close = false)
{
    /// <summary>The credentials were right.</summary>
    public bool Succeeded => Account is not null;
}
