using Sekisho.Protocol.Smtp;

namespace Sekisho.Protocol.Tests.Smtp;

public sealed class SmtpPathTests
{
    [Theory]
    [InlineData("alice", "example.com", "alice@example.com")]
    [InlineData("Alice.Smith", "Example.COM", "Alice.Smith@Example.COM")]
    [InlineData("a+tag", "x", "a+tag@x")]
    [InlineData("user%other.example", "local", "user%other.example@local")]
    [InlineData("other!user", "local", "other!user@local")]
    [InlineData("!#$%&'*+-/=?^_`{|}~", "x", "!#$%&'*+-/=?^_`{|}~@x")]
    [InlineData("用户", "例子.广告", "用户@例子.广告")]
    [InlineData("a b", "x", "\"a b\"@x")]
    [InlineData("user@other", "local", "\"user@other\"@local")]
    [InlineData("a\"b", "x", "\"a\\\"b\"@x")]
    [InlineData("a\\b", "x", "\"a\\\\b\"@x")]
    [InlineData(".a", "x", "\".a\"@x")]
    [InlineData("a.", "x", "\"a.\"@x")]
    [InlineData("a..b", "x", "\"a..b\"@x")]
    [InlineData("a,b", "x", "\"a,b\"@x")]
    [InlineData("", "x", "\"\"@x")]
    [InlineData("user", "[192.0.2.1]", "user@[192.0.2.1]")]
    [InlineData("postmaster", "", "postmaster")]
    [InlineData("PostMaster", "", "PostMaster")]
    [InlineData("", "", "")]
    public void Address_quotes_the_local_part_only_when_needed(string localPart, string domain, string address)
    {
        var path = new SmtpPath(localPart, domain, [], false);
        Assert.Equal(address, path.Address);
        Assert.Equal(address, path.ToString());
    }

    [Fact]
    public void Address_leaves_out_the_source_route()
    {
        Assert.Equal("u@d", new SmtpPath("u", "d", ["a", "b"], false).Address);
    }

    [Fact]
    public void Null_path()
    {
        Assert.True(SmtpPath.Null.IsNull);
        Assert.Equal("", SmtpPath.Null.Address);
        Assert.False(new SmtpPath("postmaster", "", [], false).IsNull);
    }
}
