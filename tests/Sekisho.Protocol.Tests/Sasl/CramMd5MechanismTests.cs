using System.Security.Cryptography;
using System.Text;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

public sealed class CramMd5MechanismTests
{
    private const string Challenge = "S: <1896.697170952@postoffice.reston.mci.net>";

    /// <summary>Columns: client response, transcript after the challenge.</summary>
    [Theory]
    // RFC 2195 2: tim / tanstaaftanstaaf.
    [InlineData("tim b913a602c7eda7a495b4e6e7334d3890", "OK tim")]
    [InlineData("tim B913A602C7EDA7A495B4E6E7334D3890", "OK tim")]
    [InlineData("tim b913a602c7eda7a495b4e6e7334d3891", "FAIL BadCredentials")]
    [InlineData("nobody b913a602c7eda7a495b4e6e7334d3890", "FAIL BadCredentials")]
    [InlineData("Tim b913a602c7eda7a495b4e6e7334d3890", "FAIL BadCredentials")]
    // Malformed: no space, no user, a short or long or non-hex digest, an empty line.
    [InlineData("timb913a602c7eda7a495b4e6e7334d3890", "FAIL Malformed")]
    [InlineData(" b913a602c7eda7a495b4e6e7334d3890", "FAIL Malformed")]
    [InlineData("tim b913a602c7eda7a495b4e6e7334d389", "FAIL Malformed")]
    [InlineData("tim b913a602c7eda7a495b4e6e7334d38900", "FAIL Malformed")]
    [InlineData("tim g913a602c7eda7a495b4e6e7334d3890", "FAIL Malformed")]
    [InlineData("tim ", "FAIL Malformed")]
    [InlineData(SaslTranscript.Empty, "FAIL Malformed")]
    public async Task Rfc2195_exchanges(string response, string outcome)
    {
        var store = new FakeCredentials().Add("tim", "tanstaaftanstaaf");
        var mechanism = new CramMd5Mechanism(store, Options("1896.697170952", "postoffice.reston.mci.net"));
        Assert.Equal(Challenge + " | " + outcome, await SaslTranscript.RunAsync(mechanism, null, response));
    }

    [Fact]
    public async Task A_user_name_with_spaces_is_split_at_the_last_one()
    {
        var store = new FakeCredentials().Add("tim smith", "pw");
        var mechanism = new CramMd5Mechanism(store, Options("n", "h"));
        var digest = Convert.ToHexStringLower(HMACMD5.HashData("pw"u8, "<n@h>"u8));
        Assert.Equal("S: <n@h> | OK tim smith", await SaslTranscript.RunAsync(mechanism, null, "tim smith " + digest));
    }

    [Theory]
    [InlineData("tim b913a602c7eda7a495b4e6e7334d3890")]
    [InlineData(SaslTranscript.Empty)]
    public async Task An_initial_response_is_malformed_because_the_server_speaks_first(string initial)
    {
        var store = new FakeCredentials();
        Assert.Equal("FAIL Malformed", await SaslTranscript.RunAsync(new CramMd5Mechanism(store, Options("n", "h")), initial, ""));
        Assert.Empty(store.Lookups);
    }

    [Fact]
    public async Task Unknown_user_goes_through_the_same_lookup_and_answer_as_a_wrong_password()
    {
        var store = new FakeCredentials().Add("tim", "tanstaaftanstaaf");
        var wrong = await SaslTranscript.RunAsync(new CramMd5Mechanism(store, Options("n", "h")), null, "tim " + new string('0', 32));
        var unknown = await SaslTranscript.RunAsync(new CramMd5Mechanism(store, Options("n", "h")), null, "nobody " + new string('0', 32));
        Assert.Equal(wrong, unknown);
        Assert.Equal(["cram-md5:tim", "cram-md5:nobody"], store.Lookups);
    }

    [Fact]
    public async Task The_default_nonce_is_fresh_for_every_exchange()
    {
        var options = new SaslServerOptions { Hostname = "mx.example", DecoyKey = new byte[16] };
        var first = await new CramMd5Mechanism(new FakeCredentials(), options).StepAsync(null, CancellationToken.None);
        var second = await new CramMd5Mechanism(new FakeCredentials(), options).StepAsync(null, CancellationToken.None);
        Assert.Matches("^<[A-Za-z0-9+/]{24}@mx.example>$", Encoding.ASCII.GetString(first.Data));
        Assert.NotEqual(first.Data.ToArray(), second.Data.ToArray());
    }

    private static SaslServerOptions Options(string nonce, string hostname) => new()
    {
        Hostname = hostname,
        DecoyKey = Encoding.ASCII.GetBytes("a decoy key for the tests"),
        CreateNonce = () => nonce,
    };
}
