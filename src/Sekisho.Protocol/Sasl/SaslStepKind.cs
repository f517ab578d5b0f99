namespace Sekisho.Protocol.Sasl;

/// <summary>What a <see cref="SaslStep"/> asks the session to do.</summary>
public enum SaslStepKind
{
    /// <summary>Send <c>334</c> with the base64 challenge and pass the client's next line to the mechanism.</summary>
    Challenge,

    /// <summary>The client is authenticated; answer <c>235 2.7.0 Authentication successful</c>.</summary>
    Success,

    /// <summary>The exchange failed; answer according to <see cref="SaslStep.Reason"/>.</summary>
    Failure,
}
