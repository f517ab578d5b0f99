using System.Text;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

public sealed class ScramMechanismTests
{
    private const string Sha256ClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private const string Sha256Nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private const string Sha256ServerFirst = "r=" + Sha256Nonce + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private const string Sha256Proof = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";

    private static FakeCredentials Store() => new FakeCredentials().Add("user", "pencil");

    private static ScramMechanism Sha256(FakeCredentials store, string nonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0") =>
        new(ScramAlgorithm.Sha256, store, SaslTranscript.Options(nonce));

    [Fact]
    public async Task Rfc5802_section5_sha1()
    {
        var mechanism = new ScramMechanism(ScramAlgorithm.Sha1, Store(), SaslTranscript.Options("3rfcNHYJY1ZVvWVs7j"));
        var transcript = await SaslTranscript.RunAsync(mechanism, "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
            "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=|" + SaslTranscript.Empty);
        Assert.Equal(
            "S: r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096 | S: v=rmF9pqV8S7suAoZWja4dJRkFsKQ= | OK user",
            transcript);
        Assert.Equal("SCRAM-SHA-1", mechanism.Name);
    }

    [Fact]
    public async Task Rfc7677_section3_sha256()
    {
        var transcript = await SaslTranscript.RunAsync(Sha256(Store()), Sha256ClientFirst,
            "c=biws,r=" + Sha256Nonce + ",p=" + Sha256Proof + "|" + SaslTranscript.Empty);
        Assert.Equal($"S: {Sha256ServerFirst} | S: v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4= | OK user", transcript);
    }

    [Fact]
    public async Task Without_an_initial_response_the_server_sends_an_empty_challenge_first()
    {
        var transcript = await SaslTranscript.RunAsync(Sha256(Store()), null,
            Sha256ClientFirst + "|c=biws,r=" + Sha256Nonce + ",p=" + Sha256Proof + "|" + SaslTranscript.Empty);
        Assert.Equal($"S:  | S: {Sha256ServerFirst} | S: v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4= | OK user", transcript);
    }

    /// <summary>Client-first messages that end the exchange at once. Columns: message, outcome.</summary>
    [Theory]
    [InlineData("p=tls-unique,,n=user,r=abc", "FAIL Malformed")] // channel binding requested: we offer no -PLUS
    [InlineData("p=tls-server-end-point,a=user,n=user,r=abc", "FAIL Malformed")]
    [InlineData("x,,n=user,r=abc", "FAIL Malformed")]
    [InlineData("N,,n=user,r=abc", "FAIL Malformed")]
    [InlineData("n,n=user,r=abc", "FAIL Malformed")] // no authzid field
    [InlineData("n,b=user,n=user,r=abc", "FAIL Malformed")]
    [InlineData("n,,r=abc,n=user", "FAIL Malformed")] // attributes out of order
    [InlineData("n,,n=user", "FAIL Malformed")]
    [InlineData("n,,n=,r=abc", "FAIL Malformed")]
    [InlineData("n,,n=us=2Xer,r=abc", "FAIL Malformed")] // '=' must start =2C or =3D
    [InlineData("n,,n=user=,r=abc", "FAIL Malformed")]
    [InlineData("n,,m=ext,n=user,r=abc", "FAIL Malformed")] // a mandatory extension we do not know
    [InlineData("n,,n=user,r=", "FAIL Malformed")]
    [InlineData("n,,n=user,r=a b", "FAIL Malformed")]
    [InlineData("n,,n=user,r=abc,", "FAIL Malformed")]
    [InlineData("n,,n=user,r=abc,m=x", "FAIL Malformed")]
    [InlineData("n,,n=us\0er,r=abc", "FAIL Malformed")]
    [InlineData(SaslTranscript.Empty, "FAIL Malformed")] // AUTH SCRAM-SHA-256 =
    [InlineData("n,a=Ursel,n=user,r=abc", "FAIL BadCredentials")] // authzid not the user's own
    public async Task Client_first_failures(string message, string outcome)
    {
        var store = Store();
        Assert.Equal(outcome, await SaslTranscript.RunAsync(Sha256(store), message, ""));
        Assert.Empty(store.Lookups);
    }

    /// <summary>Client-final messages after the RFC 7677 client-first ({N}: the nonce, {P}: the RFC's proof). Columns: message, outcome.</summary>
    [Theory]
    [InlineData("c=biws,r={N},p={P}", "S: v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")]
    [InlineData("c=biws,r={N},p=AAAAZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "FAIL BadCredentials")]
    [InlineData("c=eSws,r={N},p={P}", "FAIL Malformed")] // channel binding data not our gs2 header
    [InlineData("c=cD10bHMtdW5pcXVlLCw=,r={N},p={P}", "FAIL Malformed")]
    [InlineData("c=biws,r=rOprNGfwEbeRWgbNEkqO,p={P}", "FAIL Malformed")] // the client nonce only
    [InlineData("c=biws,r={N}x,p={P}", "FAIL Malformed")]
    [InlineData("c=biws,r={N}", "FAIL Malformed")] // no proof
    [InlineData("c=biws,r={N},p=", "FAIL Malformed")]
    [InlineData("c=biws,r={N},p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndQ==", "FAIL Malformed")] // 31 bytes
    [InlineData("c=biws,r={N},p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ", "FAIL Malformed")] // unpadded
    [InlineData("c=biws,r={N},p={P},x=1", "FAIL Malformed")] // proof not last
    [InlineData("r={N},c=biws,p={P}", "FAIL Malformed")]
    [InlineData("c=bi!s,r={N},p={P}", "FAIL Malformed")]
    [InlineData("c=biws,r={N},m=1,p={P}", "FAIL Malformed")]
    [InlineData(SaslTranscript.Empty, "FAIL Malformed")]
    [InlineData("*", "FAIL Malformed")]
    public async Task Client_final(string message, string outcome)
    {
        var final = message.Replace("{N}", Sha256Nonce).Replace("{P}", Sha256Proof);
        var transcript = await SaslTranscript.RunAsync(Sha256(Store()), Sha256ClientFirst, final);
        Assert.Equal($"S: {Sha256ServerFirst} | {outcome}", transcript);
    }

    [Theory]
    [InlineData(SaslTranscript.Empty, "OK user")]
    [InlineData("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", "FAIL Malformed")]
    [InlineData("*", "FAIL Malformed")]
    public async Task Only_an_empty_response_acknowledges_the_server_final_message(string acknowledgement, string outcome)
    {
        var transcript = await SaslTranscript.RunAsync(Sha256(Store()), Sha256ClientFirst,
            $"c=biws,r={Sha256Nonce},p={Sha256Proof}|{acknowledgement}");
        Assert.EndsWith(" | " + outcome, transcript, StringComparison.Ordinal);
    }

    /// <summary>Full exchanges with a computed proof. Columns: gs2 header, user as sent, c= value, password, outcome.</summary>
    [Theory]
    [InlineData("n,,", "user", "biws", "pencil", "OK user")]
    [InlineData("y,,", "user", "eSws", "pencil", "OK user")] // the client could bind but believes we cannot
    [InlineData("y,,", "user", "biws", "pencil", "FAIL Malformed")]
    [InlineData("n,a=user,", "user", "bixhPXVzZXIs", "pencil", "OK user")] // authzid equal to the user
    [InlineData("n,a=,", "user", "bixhPSw=", "pencil", "OK user")]
    [InlineData("n,,", "a=2Cb=3Dc", "biws", "comma", "OK a,b=c")]
    [InlineData("n,,", "user", "biws", "pencil2", "FAIL BadCredentials")]
    [InlineData("n,,", "nobody", "biws", "pencil", "FAIL BadCredentials")]
    public async Task Computed_exchanges(string gs2, string sentUser, string binding, string password, string outcome)
    {
        var store = Store().Add("a,b=c", "comma");
        var bare = $"n={sentUser},r=clientnonce";
        var mechanism = Sha256(store, "servernonce");
        var serverFirst = Text(await mechanism.StepAsync(Encoding.UTF8.GetBytes(gs2 + bare), CancellationToken.None));
        var final = ScramTestClient.Final(ScramAlgorithm.Sha256, password, bare, serverFirst, $"c={binding},r=clientnonceservernonce");
        var step = await mechanism.StepAsync(Encoding.UTF8.GetBytes(final), CancellationToken.None);
        if (step.Kind == SaslStepKind.Challenge)
        {
            Assert.StartsWith("v=", Text(step), StringComparison.Ordinal);
            step = await mechanism.StepAsync([], CancellationToken.None);
        }
        Assert.Equal(outcome, SaslTranscript.Describe(step));
    }

    [Theory]
    [InlineData(ScramAlgorithm.Sha1)]
    [InlineData(ScramAlgorithm.Sha256)]
    public async Task Unknown_user_looks_like_a_wrong_password(ScramAlgorithm algorithm)
    {
        var store = Store();
        store.Salts[algorithm] = new byte[ScramCredential.SaltSize]; // the size Derive gives (RFC 5802's example salt is 12 bytes)
        var (wrongFirst, wrongOutcome) = await LoginAsync(algorithm, store, "user", "wrong");
        var (unknownFirst, unknownOutcome) = await LoginAsync(algorithm, store, "nobody", "pencil");
        Assert.Equal(Shape(wrongFirst), Shape(unknownFirst));
        Assert.Equal("FAIL BadCredentials", wrongOutcome);
        Assert.Equal(wrongOutcome, unknownOutcome);
        Assert.Equal(["scram:user", "scram:nobody"], store.Lookups);

        // The decoy salt is stable per user (options are made anew for each exchange, as after a restart), differs between users and depends on the decoy key.
        var (again, _) = await LoginAsync(algorithm, store, "nobody", "pencil");
        var (other, _) = await LoginAsync(algorithm, store, "somebody", "pencil");
        Assert.Equal(unknownFirst, again);
        Assert.NotEqual(Salt(unknownFirst), Salt(other));
        var (newKey, _) = await LoginAsync(algorithm, store, "nobody", "pencil", new SaslServerOptions
        {
            Hostname = "h",
            DecoyKey = Encoding.ASCII.GetBytes("another decoy key, 16+ bytes"),
            CreateNonce = () => "servernonce",
        });
        Assert.NotEqual(Salt(unknownFirst), Salt(newKey));
    }

    [Fact]
    public async Task A_verifier_for_the_wrong_algorithm_from_the_store_is_a_bug()
    {
        var mechanism = new ScramMechanism(ScramAlgorithm.Sha1, new WrongAlgorithmStore(), SaslTranscript.Options());
        await Assert.ThrowsAsync<InvalidOperationException>(() => mechanism.StepAsync("n,,n=user,r=abc"u8.ToArray(), CancellationToken.None));
        Assert.True(mechanism.IsCompleted);
    }

    private static async Task<(string ServerFirst, string Outcome)> LoginAsync(
        ScramAlgorithm algorithm, FakeCredentials store, string user, string password, SaslServerOptions? options = null)
    {
        var mechanism = new ScramMechanism(algorithm, store, options ?? SaslTranscript.Options());
        var bare = $"n={user},r=clientnonce";
        var serverFirst = Text(await mechanism.StepAsync(Encoding.UTF8.GetBytes("n,," + bare), CancellationToken.None));
        var final = ScramTestClient.Final(algorithm, password, bare, serverFirst, "c=biws,r=clientnonceservernonce");
        return (serverFirst, SaslTranscript.Describe(await mechanism.StepAsync(Encoding.UTF8.GetBytes(final), CancellationToken.None)));
    }

    private static string Text(SaslStep step) => Encoding.UTF8.GetString(step.Data);

    private static string Salt(string serverFirst) => serverFirst.Split(',')[1];

    /// <summary>The server-first message with the salt's value replaced by its decoded length.</summary>
    private static string Shape(string serverFirst)
    {
        var parts = serverFirst.Split(',');
        parts[1] = "s=" + Convert.FromBase64String(parts[1][2..]).Length + " bytes";
        return string.Join(",", parts);
    }

    private sealed class WrongAlgorithmStore : ISaslCredentials
    {
        public Task<bool> VerifyPasswordAsync(string user, string password, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<ScramCredential?> GetScramAsync(string user, ScramAlgorithm algorithm, CancellationToken cancellationToken) =>
            Task.FromResult<ScramCredential?>(ScramCredential.Derive("pencil", ScramAlgorithm.Sha256, iterations: 1));

        public Task<CramMd5Secret?> GetCramMd5Async(string user, CancellationToken cancellationToken) => Task.FromResult<CramMd5Secret?>(null);

        public Task<DigestMd5Secret?> GetDigestMd5Async(string user, string realm, CancellationToken cancellationToken) =>
            Task.FromResult<DigestMd5Secret?>(null);
    }
}
