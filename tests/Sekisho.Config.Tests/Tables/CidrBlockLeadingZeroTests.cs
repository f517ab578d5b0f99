using Sekisho.Config.Tables;

namespace Sekisho.Config.Tests.Tables;

/// <summary>
/// Found by fuzzing (fuzz/regressions/cidr, fuzz/regressions/smtprelay-tab): an IPv4 part with a leading zero went
/// to <c>IPAddress.Parse</c>, which reads it as octal, so <c>08</c> threw FormatException out of a cidr or
/// smtprelay.tab table (or <c>mynetworks</c>) and <c>010</c> silently meant 8. Parts are decimal.
/// </summary>
public sealed class CidrBlockLeadingZeroTests
{
    [Theory]
    [InlineData("0.0.0.08", "0.0.0.8/32")]
    [InlineData("0.0.0.09/32", "0.0.0.9/32")]
    [InlineData("10.0.0.010", "10.0.0.10/32")]
    [InlineData("192.068.0.0/16", "192.68.0.0/16")]
    [InlineData("010.000.000.000/8", "10.0.0.0/8")]
    [InlineData("[::ffff:10.0.0.010]", "::ffff:10.0.0.10/128")]
    public void Parts_with_leading_zeros_are_decimal(string text, string normalized)
    {
        Assert.True(CidrBlock.TryParse(text, out var block));
        Assert.Equal(normalized, block.ToString());
    }

    [Theory]
    [InlineData("0.0.0.0256")]
    [InlineData("0.0.0.256")]
    [InlineData("0.0.0.0008")]
    public void Too_long_or_too_large_parts_are_still_refused(string text) =>
        Assert.False(CidrBlock.TryParse(text, out _));
}
