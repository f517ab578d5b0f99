using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

public sealed class PlainMechanismTests
{
    private static FakeCredentials Store() => new FakeCredentials().Add("tim", "tanstaaftanstaaf").Add("Kurt", "xipj3plmq").Add("jörg", "pässwörd");

    /// <summary>Columns: initial response (null: none), later responses ('|'), transcript.</summary>
    [Theory]
    // RFC 4616 4: the first example, then the one with an authorization identity, which the RFC's server refuses.
    [InlineData("\0tim\0tanstaaftanstaaf", "", "OK tim")]
    [InlineData("Ursel\0Kurt\0xipj3plmq", "", "FAIL BadCredentials")]
    [InlineData("Kurt\0Kurt\0xipj3plmq", "", "OK Kurt")]
    [InlineData(null, "\0tim\0tanstaaftanstaaf", "S:  | OK tim")]
    [InlineData("\0jörg\0pässwörd", "", "OK jörg")]
    // Wrong password and unknown user: the same answer.
    [InlineData("\0tim\0wrong", "", "FAIL BadCredentials")]
    [InlineData("\0nobody\0tanstaaftanstaaf", "", "FAIL BadCredentials")]
    [InlineData("\0Tim\0tanstaaftanstaaf", "", "FAIL BadCredentials")]
    // Malformed: RFC 4954 '=' (empty), no NUL, one NUL, three NULs, empty authcid or password.
    [InlineData(SaslTranscript.Empty, "", "FAIL Malformed")]
    [InlineData(null, SaslTranscript.Empty, "S:  | FAIL Malformed")]
    [InlineData("tim tanstaaftanstaaf", "", "FAIL Malformed")]
    [InlineData("tim\0tanstaaftanstaaf", "", "FAIL Malformed")]
    [InlineData("\0tim\0tanstaaf\0taaf", "", "FAIL Malformed")]
    [InlineData("\0\0tanstaaftanstaaf", "", "FAIL Malformed")]
    [InlineData("\0tim\0", "", "FAIL Malformed")]
    [InlineData("\0\0", "", "FAIL Malformed")]
    public async Task Exchanges(string? initial, string responses, string transcript)
    {
        var store = Store();
        Assert.Equal(transcript, await SaslTranscript.RunAsync(new PlainMechanism(store), initial, responses));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0x74, 0xff, 0, 0x70 })] // invalid UTF-8 in the user name
    [InlineData(new byte[] { 0xc3, 0, 0x74, 0, 0x70 })] // a truncated sequence in the authzid
    [InlineData(new byte[] { 0, 0x74, 0, 0xed, 0xa0, 0x80 })] // an encoded surrogate in the password
    public async Task Invalid_utf8_is_malformed(byte[] message)
    {
        var store = Store();
        Assert.Equal("FAIL Malformed", await SaslTranscript.RunAsync(new PlainMechanism(store), message));
        Assert.Empty(store.Lookups);
    }

    [Fact]
    public async Task Unknown_user_and_wrong_password_both_ask_the_store_once()
    {
        var store = Store();
        await SaslTranscript.RunAsync(new PlainMechanism(store), "\0tim\0wrong", "");
        await SaslTranscript.RunAsync(new PlainMechanism(store), "\0nobody\0wrong", "");
        Assert.Equal(["password:tim", "password:nobody"], store.Lookups);
    }

    [Fact]
    public void Properties_are_those_of_Cyrus_plain()
    {
        var plain = new PlainMechanism(Store());
        Assert.Equal("PLAIN", plain.Name);
        Assert.Equal(SaslSecurity.Plaintext | SaslSecurity.ActiveAttackable | SaslSecurity.DictionaryAttackable | SaslSecurity.NoMutualAuthentication, plain.Properties);
    }
}
