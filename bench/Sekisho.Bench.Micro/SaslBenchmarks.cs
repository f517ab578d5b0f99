using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Sekisho.Accounts;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Bench.Micro;

/// <summary>
/// The server side of one whole AUTH exchange per operation, a fresh mechanism each time as the session makes one per
/// AUTH command, against one account held in memory (<see cref="BenchSaslCredentials"/>). The server nonce is fixed
/// so the client's answers can be computed once; the server still checks them in full.
/// <list type="bullet">
/// <item>PLAIN: decode <c>NUL alice NUL password</c> and check the password, by comparison (the mechanism alone) or
/// with the account store's PBKDF2-SHA256 at <see cref="PasswordHasher.DefaultIterations"/> iterations (what a real
/// login costs: the iteration count is all of it).</item>
/// <item>CRAM-MD5: challenge, then the HMAC-MD5 continued from the stored context and compared.</item>
/// <item>SCRAM-SHA-256 with a stored verifier (<see cref="ScramCredential.DefaultIterations"/> iterations): server-first,
/// proof check, server signature, final empty response. The server does no PBKDF2; the client does, once per login,
/// so the exchange as a whole is measured too with the client's Hi(password, salt, 4096) included.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class SaslBenchmarks
{
    private const string User = "alice";
    private const string Password = "correct horse battery staple";
    private const string ClientNonce = "fyko+d2lbbFgONRv9qkxdawL";
    private const string ServerNonce = "3rfcNHYJY1ZVvWVs7j";
    private readonly CancellationToken _none = CancellationToken.None;
    private SaslServerOptions _options = null!;
    private BenchSaslCredentials _fast = null!;
    private BenchSaslCredentials _slow = null!;
    private byte[] _plain = [];
    private byte[] _cramResponse = [];
    private byte[] _scramFirst = [];
    private byte[] _scramFinal = [];

    /// <summary>Derives the account's secrets and the client's answers, and checks that every exchange succeeds.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _options = new SaslServerOptions
        {
            Hostname = "mx.bench.example",
            DecoyKey = SHA256.HashData("sekisho bench decoy key"u8),
            CreateNonce = () => ServerNonce,
        };
        var salt = SHA256.HashData("sekisho bench salt"u8)[..ScramCredential.SaltSize];
        _fast = new BenchSaslCredentials(User, Password, salt, slowHash: false);
        _slow = new BenchSaslCredentials(User, Password, salt, slowHash: true);
        _plain = Encoding.UTF8.GetBytes($"\0{User}\0{Password}");

        var challenge = Encoding.ASCII.GetBytes($"<{ServerNonce}@{_options.Hostname}>");
        _cramResponse = Encoding.ASCII.GetBytes($"{User} {Convert.ToHexStringLower(HMACMD5.HashData(Encoding.UTF8.GetBytes(Password), challenge))}");

        var bare = ScramClient.FirstBare(User, ClientNonce);
        _scramFirst = Encoding.ASCII.GetBytes(ScramClient.Gs2Header + bare);
        var mechanism = new ScramMechanism(ScramAlgorithm.Sha256, _fast, _options);
        var serverFirst = Encoding.ASCII.GetString(mechanism.StepAsync(_scramFirst, _none).GetAwaiter().GetResult().Data);
        _scramFinal = ScramClient.Final(bare, serverFirst, ScramClient.SaltedPassword(Password, serverFirst));

        Expect("PLAIN", PlainInMemory());
        Expect("PLAIN PBKDF2", PlainPbkdf2());
        Expect("CRAM-MD5", CramMd5());
        Expect("SCRAM-SHA-256", ScramSha256Server());
        Expect("SCRAM-SHA-256 with client", ScramSha256WithClientPbkdf2());
    }

    /// <summary>PLAIN, password compared in memory.</summary>
    [Benchmark]
    public Task<SaslStep> PlainInMemory() => new PlainMechanism(_fast).StepAsync(_plain, _none);

    /// <summary>PLAIN, password checked with PBKDF2-SHA256 at 210,000 iterations as the account store does.</summary>
    [Benchmark]
    public Task<SaslStep> PlainPbkdf2() => new PlainMechanism(_slow).StepAsync(_plain, _none);

    /// <summary>CRAM-MD5: challenge and response.</summary>
    [Benchmark]
    public async Task<SaslStep> CramMd5()
    {
        var mechanism = new CramMd5Mechanism(_fast, _options);
        await mechanism.StepAsync(null, _none);
        return await mechanism.StepAsync(_cramResponse, _none);
    }

    /// <summary>SCRAM-SHA-256, server side only: client-first, client-final, empty response.</summary>
    [Benchmark]
    public async Task<SaslStep> ScramSha256Server()
    {
        var mechanism = new ScramMechanism(ScramAlgorithm.Sha256, _fast, _options);
        await mechanism.StepAsync(_scramFirst, _none);
        await mechanism.StepAsync(_scramFinal, _none);
        return await mechanism.StepAsync([], _none);
    }

    /// <summary>SCRAM-SHA-256, both sides: as <see cref="ScramSha256Server"/> plus the client's PBKDF2 (4096 iterations) and proof.</summary>
    [Benchmark]
    public async Task<SaslStep> ScramSha256WithClientPbkdf2()
    {
        var mechanism = new ScramMechanism(ScramAlgorithm.Sha256, _fast, _options);
        var bare = ScramClient.FirstBare(User, ClientNonce);
        var serverFirst = Encoding.ASCII.GetString((await mechanism.StepAsync(_scramFirst, _none)).Data);
        await mechanism.StepAsync(ScramClient.Final(bare, serverFirst, ScramClient.SaltedPassword(Password, serverFirst)), _none);
        return await mechanism.StepAsync([], _none);
    }

    private static void Expect(string name, Task<SaslStep> exchange)
    {
        var step = exchange.GetAwaiter().GetResult();
        if (step.Kind != SaslStepKind.Success)
        {
            throw new InvalidOperationException($"{name}: {step}");
        }
    }
}
