namespace Sekisho.Protocol.Sasl;

/// <summary>
/// The base64 layer of SMTP AUTH (RFC 4954 4) and POP3 AUTH (RFC 5034 4): reading the initial response and the
/// client's lines, and writing challenges. Base64 is read strictly: padded, no white space.
/// </summary>
public static class SaslWire
{
    /// <summary>
    /// Reads the initial-response argument of <c>AUTH mechanism [initial-response]</c>. An empty argument means
    /// no initial response (<paramref name="data"/> null); <c>=</c> means an empty one (<paramref name="data"/>
    /// empty). <c>*</c> is not allowed here and is malformed.
    /// </summary>
    /// <param name="argument">What follows the mechanism name, without surrounding spaces; empty when nothing does.</param>
    /// <param name="data">The decoded response, null for none; null unless the result is <see cref="SaslResponseStatus.Data"/>.</param>
    public static SaslResponseStatus DecodeInitialResponse(ReadOnlySpan<char> argument, out byte[]? data)
    {
        data = null;
        if (argument.IsEmpty)
        {
            return SaslResponseStatus.Data;
        }
        if (argument is "=")
        {
            data = [];
            return SaslResponseStatus.Data;
        }
        return Decode(argument, out data);
    }

    /// <summary>
    /// Reads a client line sent in answer to a <c>334</c> challenge. <c>*</c> cancels; an empty line is an empty
    /// response. <c>=</c> is only meaningful in the AUTH command itself, so here it is malformed base64.
    /// </summary>
    /// <param name="line">The line without CRLF.</param>
    /// <param name="data">The decoded response; null unless the result is <see cref="SaslResponseStatus.Data"/>.</param>
    public static SaslResponseStatus DecodeResponse(ReadOnlySpan<char> line, out byte[]? data)
    {
        data = null;
        if (line is "*")
        {
            return SaslResponseStatus.Cancelled;
        }
        return Decode(line, out data);
    }

    /// <summary>
    /// Encodes a challenge for <c>334 </c> (SMTP) or <c>+ </c> (POP3). An empty challenge is the empty string, so
    /// the line is <c>334 </c> with its trailing space.
    /// </summary>
    /// <param name="challenge">The challenge bytes, e.g. <see cref="SaslStep.Data"/>.</param>
    public static string EncodeChallenge(ReadOnlySpan<byte> challenge) => Convert.ToBase64String(challenge);

    private static SaslResponseStatus Decode(ReadOnlySpan<char> text, out byte[]? data)
    {
        data = null;
        if (!SaslText.TryDecodeBase64(text, out var bytes))
        {
            return SaslResponseStatus.Malformed;
        }
        data = bytes;
        return SaslResponseStatus.Data;
    }
}
