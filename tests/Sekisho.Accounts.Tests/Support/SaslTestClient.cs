using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Accounts.Tests.Support;

/// <summary>
/// A minimal client side of each SASL mechanism, written from the RFCs, to log in through the real server mechanisms.
/// ASCII user names and passwords only (no SASLprep, no SCRAM name escaping).
/// </summary>
internal static class SaslTestClient
{
    /// <summary>Runs a whole exchange and returns the last step (success or failure).</summary>
    /// <param name="mechanism">A fresh mechanism.</param>
    /// <param name="user">The login name.</param>
    /// <param name="password">The password.</param>
    public static async Task<SaslStep> LoginAsync(SaslMechanism mechanism, string user, string password)
    {
        var none = CancellationToken.None;
        switch (mechanism.Name)
        {
            case "PLAIN":
                return await mechanism.StepAsync(Encoding.UTF8.GetBytes("\0" + user + "\0" + password), none);
            case "LOGIN":
                await mechanism.StepAsync(null, none);
                await mechanism.StepAsync(Encoding.UTF8.GetBytes(user), none);
                return await mechanism.StepAsync(Encoding.UTF8.GetBytes(password), none);
            case "CRAM-MD5":
                var challenge = (await mechanism.StepAsync(null, none)).Data.ToArray();
                var digest = Convert.ToHexStringLower(HMACMD5.HashData(Encoding.UTF8.GetBytes(password), challenge));
                return await mechanism.StepAsync(Encoding.UTF8.GetBytes(user + " " + digest), none);
            case "DIGEST-MD5":
                return await DigestAsync(mechanism, user, password);
            default:
                return await ScramAsync(mechanism, user, password);
        }
    }

    private static async Task<SaslStep> ScramAsync(SaslMechanism mechanism, string user, string password)
    {
        var sha256 = mechanism.Name == "SCRAM-SHA-256";
        var bare = "n=" + user + ",r=clientnonce";
        var first = await mechanism.StepAsync(Encoding.UTF8.GetBytes("n,," + bare), CancellationToken.None);
        if (first.Kind != SaslStepKind.Challenge)
        {
            return first;
        }
        var serverFirst = Encoding.UTF8.GetString(first.Data);
        var fields = serverFirst.Split(',').ToDictionary(field => field[..1], field => field[2..]);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(fields["s"]),
            int.Parse(fields["i"], CultureInfo.InvariantCulture), sha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1, sha256 ? 32 : 20);
        var clientKey = Hmac(sha256, salted, "Client Key"u8.ToArray());
        var storedKey = sha256 ? SHA256.HashData(clientKey) : SHA1.HashData(clientKey);
        var withoutProof = "c=biws,r=" + fields["r"];
        var signature = Hmac(sha256, storedKey, Encoding.UTF8.GetBytes(bare + "," + serverFirst + "," + withoutProof));
        var proof = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();
        var final = await mechanism.StepAsync(Encoding.UTF8.GetBytes(withoutProof + ",p=" + Convert.ToBase64String(proof)), CancellationToken.None);
        return final.Kind == SaslStepKind.Challenge ? await mechanism.StepAsync([], CancellationToken.None) : final;
    }

    private static async Task<SaslStep> DigestAsync(SaslMechanism mechanism, string user, string password)
    {
        var challenge = Encoding.UTF8.GetString((await mechanism.StepAsync(null, CancellationToken.None)).Data);
        var realm = Between(challenge, "realm=\"", "\"");
        var nonce = Between(challenge, "nonce=\"", "\"");
        const string cnonce = "OA6MHXh6VqTrRk", nc = "00000001", uri = "smtp/mail.example.com";
        var a1 = Md5Hex([.. MD5.HashData(Encoding.UTF8.GetBytes(user + ":" + realm + ":" + password)), .. Encoding.UTF8.GetBytes(":" + nonce + ":" + cnonce)]);
        var a2 = Md5Hex(Encoding.UTF8.GetBytes("AUTHENTICATE:" + uri));
        var response = Md5Hex(Encoding.UTF8.GetBytes(a1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + a2));
        var answer = $"charset=utf-8,username=\"{user}\",realm=\"{realm}\",nonce=\"{nonce}\",nc={nc},cnonce=\"{cnonce}\",digest-uri=\"{uri}\",response={response},qop=auth";
        var step = await mechanism.StepAsync(Encoding.UTF8.GetBytes(answer), CancellationToken.None);
        return step.Kind == SaslStepKind.Challenge ? await mechanism.StepAsync([], CancellationToken.None) : step;
    }

    private static byte[] Hmac(bool sha256, byte[] key, byte[] data) => sha256 ? HMACSHA256.HashData(key, data) : HMACSHA1.HashData(key, data);

    private static string Md5Hex(byte[] data) => Convert.ToHexStringLower(MD5.HashData(data));

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }
}
