using System.Text;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

/// <summary>What every mechanism shares: the step sequence rules and what happens when the store fails.</summary>
public sealed class SaslMechanismTests
{
    public static TheoryData<string> Mechanisms => new(SaslMechanismFactory.Supported);

    /// <summary>The first client message for each mechanism that makes it consult the store.</summary>
    private static (byte[]? Initial, byte[]? Next) Script(string name) => name switch
    {
        "PLAIN" => ("\0tim\0pw"u8.ToArray(), null),
        "LOGIN" => ("tim"u8.ToArray(), "pw"u8.ToArray()),
        "CRAM-MD5" => (null, Encoding.ASCII.GetBytes("tim " + new string('0', 32))),
        "DIGEST-MD5" => (null, Encoding.ASCII.GetBytes(
            "username=\"tim\",realm=\"elwood.innosoft.com\",nonce=\"servernonce\",nc=00000001,cnonce=\"c\",digest-uri=\"smtp/x\",response=" + new string('0', 32))),
        _ => ("n,,n=tim,r=abc"u8.ToArray(), null),
    };

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task A_failing_store_propagates_its_exception_and_ends_the_exchange(string name)
    {
        var store = new FakeCredentials { Failure = new TimeoutException("database down") };
        var mechanism = new SaslMechanismFactory(store, SaslTranscript.Options()).Create(name, [name])!;
        var (initial, next) = Script(name);
        var exception = await Assert.ThrowsAsync<TimeoutException>(async () =>
        {
            var step = await mechanism.StepAsync(initial, CancellationToken.None);
            Assert.Equal(SaslStepKind.Challenge, step.Kind);
            await mechanism.StepAsync(next!, CancellationToken.None);
        });
        Assert.Equal("database down", exception.Message);
        Assert.True(mechanism.IsCompleted);
        Assert.Single(store.Lookups);
        await Assert.ThrowsAsync<InvalidOperationException>(() => mechanism.StepAsync([], CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task Only_the_first_step_takes_null(string name)
    {
        var mechanism = new SaslMechanismFactory(new FakeCredentials(), SaslTranscript.Options()).Create(name, [name])!;
        Assert.False(mechanism.IsCompleted);
        var step = await mechanism.StepAsync(null, CancellationToken.None);
        Assert.Equal(SaslStepKind.Challenge, step.Kind);
        Assert.False(mechanism.IsCompleted);
        await Assert.ThrowsAsync<ArgumentNullException>(() => mechanism.StepAsync(null, CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a,b")]
    [InlineData("a b")]
    [InlineData("a\"b")]
    [InlineData("a@b")]
    [InlineData("a>b")]
    [InlineData("é")]
    public async Task A_nonce_that_does_not_fit_every_syntax_is_refused(string nonce)
    {
        var mechanism = new CramMd5Mechanism(new FakeCredentials(), SaslTranscript.Options(nonce));
        await Assert.ThrowsAsync<InvalidOperationException>(() => mechanism.StepAsync(null, CancellationToken.None));
    }

    [Fact]
    public void The_decoy_key_must_be_long_enough()
    {
        Assert.Throws<ArgumentException>(() => new SaslServerOptions { Hostname = "h", DecoyKey = new byte[15] });
        var options = new SaslServerOptions { Hostname = "mx.example", DecoyKey = new byte[16] };
        Assert.Equal("mx.example", options.Realm);
        Assert.Equal("smtp", options.Service);
        Assert.Equal(4096, options.ScramIterations);
    }

    [Fact]
    public void Steps_describe_themselves()
    {
        Assert.Equal("Challenge VXNlcm5hbWU6", SaslStep.Challenge("Username:"u8).ToString());
        Assert.Equal("Success tim", SaslStep.Success("tim").ToString());
        Assert.Equal("Failure Malformed", SaslStep.Failure(SaslFailure.Malformed).ToString());
        Assert.Throws<ArgumentException>(() => SaslStep.Success(""));
    }
}
