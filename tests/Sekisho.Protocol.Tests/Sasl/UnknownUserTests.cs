using System.Security.Cryptography;
using System.Text;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

/// <summary>
/// The rule for every mechanism: an unknown user gets the same steps, the same challenge sizes, the same
/// store lookups and the same failure as a known user with a wrong password. The right password still works.
/// </summary>
public sealed class UnknownUserTests
{
    public static TheoryData<string> Mechanisms => new(SaslMechanismFactory.Supported);

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task Unknown_user_and_wrong_password_are_indistinguishable(string name)
    {
        var store = new FakeCredentials().Add("alice", "correct horse");
        store.Salts[ScramAlgorithm.Sha1] = new byte[ScramCredential.SaltSize];
        store.Salts[ScramAlgorithm.Sha256] = new byte[ScramCredential.SaltSize];

        var right = await LoginAsync(name, store, "alice", "correct horse");
        var wrong = await LoginAsync(name, store, "alice", "battery staple");
        var unknown = await LoginAsync(name, store, "bobby", "battery staple");

        Assert.EndsWith("Success", right, StringComparison.Ordinal);
        Assert.EndsWith("Failure BadCredentials", wrong, StringComparison.Ordinal);
        Assert.Equal(wrong, unknown);
        Assert.Equal(3, store.Lookups.Count);
        Assert.Equal(store.Lookups[1].Replace("alice", "bobby"), store.Lookups[2]);
    }

    /// <summary>Runs one login with a client that answers every challenge correctly for the given password; returns the step kinds with challenge sizes.</summary>
    private static async Task<string> LoginAsync(string name, FakeCredentials store, string user, string password)
    {
        var mechanism = new SaslMechanismFactory(store, SaslTranscript.Options()).Create(name, [name])!;
        var shape = new List<string>();
        var step = await mechanism.StepAsync(Initial(name, user, password), CancellationToken.None);
        string? clientFirstBare = name.StartsWith("SCRAM", StringComparison.Ordinal) ? $"n={user},r=clientnonce" : null;
        for (var round = 0; step.Kind == SaslStepKind.Challenge; round++)
        {
            shape.Add("Challenge " + step.Data.Length);
            var challenge = Encoding.UTF8.GetString(step.Data);
            var answer = name switch
            {
                "LOGIN" => round == 0 ? user : password,
                "CRAM-MD5" => user + " " + Convert.ToHexStringLower(HMACMD5.HashData(Encoding.UTF8.GetBytes(password), step.Data.ToArray())),
                "DIGEST-MD5" when round == 0 => DigestResponse(user, password),
                "SCRAM-SHA-1" when round == 0 => ScramTestClient.Final(ScramAlgorithm.Sha1, password, clientFirstBare!, challenge, "c=biws,r=clientnonceservernonce"),
                "SCRAM-SHA-256" when round == 0 => ScramTestClient.Final(ScramAlgorithm.Sha256, password, clientFirstBare!, challenge, "c=biws,r=clientnonceservernonce"),
                _ => "",
            };
            step = await mechanism.StepAsync(Encoding.UTF8.GetBytes(answer), CancellationToken.None);
        }
        shape.Add(step.Kind == SaslStepKind.Success ? "Success" : "Failure " + step.Reason);
        return string.Join(", ", shape);
    }

    private static byte[]? Initial(string name, string user, string password) => name switch
    {
        "PLAIN" => Encoding.UTF8.GetBytes($"\0{user}\0{password}"),
        "SCRAM-SHA-1" or "SCRAM-SHA-256" => Encoding.UTF8.GetBytes($"n,,n={user},r=clientnonce"),
        _ => null,
    };

    private static string DigestResponse(string user, string password)
    {
        const string Realm = "elwood.innosoft.com", Uri = "smtp/elwood.innosoft.com";
        var digest = DigestMd5TestClient.Response(user, Realm, password, "servernonce", "cn", Uri);
        return $"username=\"{user}\",realm=\"{Realm}\",nonce=\"servernonce\",nc=00000001,cnonce=\"cn\",digest-uri=\"{Uri}\",response={digest},qop=auth";
    }
}
