namespace Sekisho.Protocol.Sasl;

/// <summary>
/// Why an exchange failed. There is no "temporarily unavailable" member: a mechanism never decides that. When the
/// credential store throws, the exception leaves <see cref="SaslMechanism.StepAsync"/> as it is and the session,
/// which knows what went wrong, answers <c>454 4.7.0 Temporary authentication failure</c>.
/// </summary>
public enum SaslFailure
{
    /// <summary>The client broke the mechanism's syntax or sequence; the session answers <c>501 5.5.2</c>.</summary>
    Malformed,

    /// <summary>
    /// Wrong password, unknown user, or an authorization identity other than the user's own; the session answers
    /// <c>535 5.7.8 Authentication credentials invalid</c>. Unknown users and wrong passwords are never told apart.
    /// </summary>
    BadCredentials,
}
