using Sekisho.Policy.Tables;
using static Sekisho.Policy.Tests.Tables.TableTestSupport;

namespace Sekisho.Policy.Tests.Tables;

/// <summary>
/// Found by fuzzing (fuzz/regressions/cidr, fuzz/regressions/smtprelay-tab): a table line whose IPv4 address had a part
/// with a leading zero threw FormatException instead of loading (or failing with a TableException). It now loads, the
/// part read as decimal.
/// </summary>
public sealed class LeadingZeroAddressTableTests
{
    [Theory]
    [InlineData("cidr", "0.0.0.08 DUNNO\n10.0.0.010 REJECT\n", "10.0.0.10", "Reject [10.0.0.010] @2")]
    [InlineData("cidr", "0.0.0.08 REJECT\n", "0.0.0.8", "Reject [0.0.0.08] @1")]
    [InlineData("cidr", "192.068.0.0/16 OK\n", "192.68.1.1", "Permit [192.068.0.0/16] @1")]
    [InlineData("xmail", "\"192.068.0.0\"\t\"255.255.0.0\"\n", "192.68.1.1", "Permit [192.068.0.0] @1")]
    [InlineData("xmail", "\"10.0.0.08/32\"\n", "10.0.0.8", "Permit [10.0.0.08/32] @1")]
    public void Leading_zeros_load_as_decimal(string type, string contents, string client, string expected)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("table", contents);
        Assert.Equal(expected, Client(AccessTableFactory.Open(type + ":" + path, "/"), client));
    }
}
