using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

public sealed class LoginMechanismTests
{
    /// <summary>Columns: initial response (null: none), later responses ('|'), transcript.</summary>
    [Theory]
    [InlineData(null, "tim|tanstaaftanstaaf", "S: Username: | S: Password: | OK tim")]
    [InlineData("tim", "tanstaaftanstaaf", "S: Password: | OK tim")]
    [InlineData(null, "tim|wrong", "S: Username: | S: Password: | FAIL BadCredentials")]
    [InlineData(null, "nobody|tanstaaftanstaaf", "S: Username: | S: Password: | FAIL BadCredentials")]
    [InlineData(null, "tim|" + SaslTranscript.Empty, "S: Username: | S: Password: | FAIL BadCredentials")]
    [InlineData(null, "jörg|pässwörd", "S: Username: | S: Password: | OK jörg")]
    // An empty or NUL-bearing user name is malformed, as is a NUL in the password.
    [InlineData(SaslTranscript.Empty, "", "FAIL Malformed")]
    [InlineData(null, SaslTranscript.Empty, "S: Username: | FAIL Malformed")]
    [InlineData(null, "t\0im", "S: Username: | FAIL Malformed")]
    [InlineData(null, "tim|tanstaaf\0tanstaaf", "S: Username: | S: Password: | FAIL Malformed")]
    public async Task Exchanges(string? initial, string responses, string transcript)
    {
        var store = new FakeCredentials().Add("tim", "tanstaaftanstaaf").Add("jörg", "pässwörd");
        Assert.Equal(transcript, await SaslTranscript.RunAsync(new LoginMechanism(store), initial, responses));
    }

    [Fact]
    public async Task A_step_after_the_outcome_is_refused()
    {
        var login = new LoginMechanism(new FakeCredentials());
        await SaslTranscript.RunAsync(login, "tim", "x");
        Assert.True(login.IsCompleted);
        await Assert.ThrowsAsync<InvalidOperationException>(() => login.StepAsync([], CancellationToken.None));
    }
}
