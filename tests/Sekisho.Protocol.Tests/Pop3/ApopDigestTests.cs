using System.Text.RegularExpressions;
using Sekisho.Protocol.Pop3;

namespace Sekisho.Protocol.Tests.Pop3;

public sealed partial class ApopDigestTests
{
    [Theory]
    // RFC 1939 7, the APOP example.
    [InlineData("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf", "c4c9334bac560ecc979e58001b3e22fb")]
    // MD5 of the empty string.
    [InlineData("", "", "d41d8cd98f00b204e9800998ecf8427e")]
    public void Computes_the_digest(string timestamp, string secret, string digest)
    {
        Assert.Equal(digest, ApopDigest.Compute(timestamp, secret));
    }

    [Theory]
    [InlineData("c4c9334bac560ecc979e58001b3e22fb", true)]
    [InlineData("C4C9334BAC560ECC979E58001B3E22FB", true)]
    [InlineData("c4c9334bac560ecc979e58001b3e22fc", false)]
    [InlineData("c4c9334bac560ecc979e58001b3e22f", false)]
    [InlineData("", false)]
    public void Verifies_the_digest(string digest, bool valid)
    {
        Assert.Equal(valid, ApopDigest.Verify("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf", digest));
    }

    [Fact]
    public void Timestamps_are_msg_ids_and_never_repeat()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 1000; i++)
        {
            var timestamp = ApopDigest.CreateTimestamp("mail.example.com");
            Assert.Matches(TimestampPattern(), timestamp);
            Assert.StartsWith("<" + Environment.ProcessId + ".", timestamp, StringComparison.Ordinal);
            Assert.True(seen.Add(timestamp));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("mail example")]
    [InlineData("a>b")]
    [InlineData("<a")]
    [InlineData("ホスト")]
    public void Refuses_hostnames_that_break_the_timestamp(string hostname)
    {
        Assert.ThrowsAny<ArgumentException>(() => ApopDigest.CreateTimestamp(hostname));
    }

    [GeneratedRegex(@"^<[0-9]+\.[0-9]+\.[0-9a-f]{16}@mail\.example\.com>$")]
    private static partial Regex TimestampPattern();
}
