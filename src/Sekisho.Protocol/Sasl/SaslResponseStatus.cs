namespace Sekisho.Protocol.Sasl;

/// <summary>What the client sent on an AUTH line, as read by <see cref="SaslWire"/>.</summary>
public enum SaslResponseStatus
{
    /// <summary>A response, decoded (or, for the AUTH command, possibly no initial response at all).</summary>
    Data,

    /// <summary><c>*</c>: the client gives up; the session answers 501 (RFC 4954 4), e.g. <c>501 5.7.0 Authentication aborted</c> as Postfix does.</summary>
    Cancelled,

    /// <summary>Not valid base64; the session answers <c>501 5.5.2</c> and ends the exchange.</summary>
    Malformed,
}
