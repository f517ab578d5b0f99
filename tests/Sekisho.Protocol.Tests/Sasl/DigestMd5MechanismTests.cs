using System.Text;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

public sealed class DigestMd5MechanismTests
{
    private const string Challenge =
        "S: realm=\"elwood.innosoft.com\",nonce=\"OA6MG9tEQGm2hh\",qop=\"auth\",algorithm=md5-sess,charset=utf-8";

    // RFC 2831 4, the IMAP example: chris / secret.
    private const string Rfc2831Response =
        "charset=utf-8,username=\"chris\",realm=\"elwood.innosoft.com\",nonce=\"OA6MG9tEQGm2hh\",nc=00000001,"
        + "cnonce=\"OA6MHXh6VqTrRk\",digest-uri=\"imap/elwood.innosoft.com\",response=d388dad90d4bbd760a152321f2143af7,qop=auth";

    private static FakeCredentials Store() => new FakeCredentials().Add("chris", "secret");

    private static DigestMd5Mechanism Imap(FakeCredentials store) => new(store, SaslTranscript.Options("OA6MG9tEQGm2hh", "imap"));

    [Fact]
    public async Task Rfc2831_section4_example()
    {
        var store = Store();
        var transcript = await SaslTranscript.RunAsync(Imap(store), null, Rfc2831Response + "|" + SaslTranscript.Empty);
        Assert.Equal(Challenge + " | S: rspauth=ea40f60335c427b5527b84dbabcdfffd | OK chris", transcript);
        Assert.Equal(["digest-md5:chris@elwood.innosoft.com"], store.Lookups);
    }

    /// <summary>Variations of the RFC 2831 response (search, replace). Columns: find, replace with, outcome.</summary>
    [Theory]
    [InlineData("", "", "S: rspauth=ea40f60335c427b5527b84dbabcdfffd")]
    // Liberal where RFC 2831 is: white space and empty list elements, directive names in any case, no qop or charset.
    [InlineData(",nc=", " ,, nc = ", "S: rspauth=ea40f60335c427b5527b84dbabcdfffd")]
    [InlineData("username=", "UserName=", "S: rspauth=ea40f60335c427b5527b84dbabcdfffd")]
    [InlineData(",qop=auth", "", "S: rspauth=ea40f60335c427b5527b84dbabcdfffd")]
    [InlineData("charset=utf-8,", "", "S: rspauth=ea40f60335c427b5527b84dbabcdfffd")]
    [InlineData("\"chris\"", "\"ch\\ris\"", "S: rspauth=ea40f60335c427b5527b84dbabcdfffd")] // quoted-pair
    [InlineData("charset=utf-8", "maxbuf=65536,charset=utf-8", "S: rspauth=ea40f60335c427b5527b84dbabcdfffd")]
    // Wrong digest.
    [InlineData("response=d388", "response=e388", "FAIL BadCredentials")]
    [InlineData("response=d388dad90d4bbd760a152321f2143af7", "response=D388DAD90D4BBD760A152321F2143AF7", "S: rspauth=ea40f60335c427b5527b84dbabcdfffd")]
    // An authzid other than the user's own.
    [InlineData(",qop=auth", ",qop=auth,authzid=\"ursel\"", "FAIL BadCredentials")]
    // Malformed: the server's own values, the nonce count, qop, service, a missing or repeated directive, syntax.
    [InlineData("realm=\"elwood.innosoft.com\"", "realm=\"other.example\"", "FAIL Malformed")]
    [InlineData("realm=\"elwood.innosoft.com\",", "", "FAIL Malformed")]
    [InlineData("nonce=\"OA6MG9tEQGm2hh\"", "nonce=\"OA6MG9tEQGm2hX\"", "FAIL Malformed")]
    [InlineData("nc=00000001", "nc=00000002", "FAIL Malformed")]
    [InlineData("nc=00000001", "nc=1", "FAIL Malformed")]
    [InlineData("qop=auth", "qop=auth-int", "FAIL Malformed")]
    [InlineData("qop=auth", "qop=auth-conf,cipher=rc4", "FAIL Malformed")]
    [InlineData("charset=utf-8", "charset=iso-8859-1", "FAIL Malformed")]
    [InlineData("imap/", "smtp/", "FAIL Malformed")]
    [InlineData("imap/elwood.innosoft.com", "imap/", "FAIL Malformed")]
    [InlineData("imap/elwood.innosoft.com", "imap", "FAIL Malformed")]
    [InlineData("imap/elwood.innosoft.com", "imap/a/b/c", "FAIL Malformed")]
    [InlineData("cnonce=\"OA6MHXh6VqTrRk\",", "", "FAIL Malformed")]
    [InlineData("username=\"chris\",", "", "FAIL Malformed")]
    [InlineData("username=\"chris\"", "username=\"\"", "FAIL Malformed")]
    [InlineData("response=d388dad90d4bbd760a152321f2143af7", "response=d388dad90d4bbd760a152321f2143af", "FAIL Malformed")]
    [InlineData(",qop=auth", ",qop=auth,nc=00000001", "FAIL Malformed")]
    [InlineData("username=\"chris\"", "username=\"chris", "FAIL Malformed")]
    [InlineData("username=\"chris\"", "username", "FAIL Malformed")]
    [InlineData("username=\"chris\"", "username=", "FAIL Malformed")]
    [InlineData("username=\"chris\"", "username=\"chris\"x", "FAIL Malformed")]
    [InlineData("digest-uri=\"imap/elwood.innosoft.com\"", "digest-uri=imap/elwood.innosoft.com", "FAIL Malformed")]
    public async Task Responses(string find, string replace, string outcome)
    {
        var response = find.Length == 0 ? Rfc2831Response : Rfc2831Response.Replace(find, replace, StringComparison.Ordinal);
        Assert.True(find.Length == 0 || Rfc2831Response.Contains(find, StringComparison.Ordinal), "the variation must change something");
        Assert.Equal(Challenge + " | " + outcome, await SaslTranscript.RunAsync(Imap(Store()), null, response));
    }

    [Fact]
    public async Task Smtp_service_with_an_authzid()
    {
        var digest = DigestMd5TestClient.Response("chris", "elwood.innosoft.com", "secret", "servernonce", "c1", "smtp/mx.example", "chris");
        var response = $"username=\"chris\",realm=\"elwood.innosoft.com\",nonce=\"servernonce\",nc=00000001,cnonce=\"c1\","
            + $"digest-uri=\"smtp/mx.example\",response={digest},authzid=\"chris\"";
        var transcript = await SaslTranscript.RunAsync(new DigestMd5Mechanism(Store(), SaslTranscript.Options()), null, response + "|" + SaslTranscript.Empty);
        Assert.EndsWith(" | OK chris", transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_user_looks_like_a_wrong_password()
    {
        var store = Store();
        var unknown = await SaslTranscript.RunAsync(Imap(store), null, Rfc2831Response.Replace("chris", "nobody"));
        var wrongPassword = await SaslTranscript.RunAsync(Imap(store), null, Rfc2831Response.Replace("d388", "0000")); // what another password gives
        Assert.Equal(Challenge + " | FAIL BadCredentials", unknown);
        Assert.Equal(wrongPassword, unknown);
        Assert.Equal(["digest-md5:nobody@elwood.innosoft.com", "digest-md5:chris@elwood.innosoft.com"], store.Lookups);
    }

    [Theory]
    [InlineData(SaslTranscript.Empty, "OK chris")]
    [InlineData("rspauth=ea40f60335c427b5527b84dbabcdfffd", "FAIL Malformed")]
    public async Task Only_an_empty_response_acknowledges_rspauth(string acknowledgement, string outcome)
    {
        var transcript = await SaslTranscript.RunAsync(Imap(Store()), null, Rfc2831Response + "|" + acknowledgement);
        Assert.EndsWith(" | " + outcome, transcript, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SaslTranscript.Empty)]
    [InlineData("username=\"chris\"")]
    public async Task An_initial_response_is_malformed_because_the_server_speaks_first(string initial)
    {
        Assert.Equal("FAIL Malformed", await SaslTranscript.RunAsync(Imap(Store()), initial, ""));
    }

    [Fact]
    public async Task Realm_with_quotes_is_escaped_in_the_challenge()
    {
        var options = new SaslServerOptions
        {
            Hostname = "mx.example",
            Realm = "a \"b\" \\c",
            DecoyKey = new byte[16],
            CreateNonce = () => "n",
        };
        var step = await new DigestMd5Mechanism(Store(), options).StepAsync(null, CancellationToken.None);
        Assert.StartsWith("realm=\"a \\\"b\\\" \\\\c\",nonce=\"n\",", Encoding.UTF8.GetString(step.Data), StringComparison.Ordinal);
    }
}
