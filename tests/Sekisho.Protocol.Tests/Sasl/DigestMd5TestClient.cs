using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Protocol.Tests.Sasl;

/// <summary>The client side of DIGEST-MD5 (RFC 2831 2.1.2.1) for ASCII credentials, written from the RFC, to drive the server in tests.</summary>
internal static class DigestMd5TestClient
{
    /// <summary>The response digest for qop=auth.</summary>
    public static string Response(string user, string realm, string password, string nonce, string cnonce, string uri, string? authzid = null)
    {
        var a1 = MD5.HashData([.. MD5.HashData(Encoding.UTF8.GetBytes($"{user}:{realm}:{password}")),
            .. Encoding.UTF8.GetBytes($":{nonce}:{cnonce}" + (authzid is null ? "" : ":" + authzid))]);
        var a2 = MD5.HashData(Encoding.UTF8.GetBytes("AUTHENTICATE:" + uri));
        return Hex(MD5.HashData(Encoding.UTF8.GetBytes($"{Hex(a1)}:{nonce}:00000001:{cnonce}:auth:{Hex(a2)}")));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
