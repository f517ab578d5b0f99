using Sekisho.Policy.Restrictions;

namespace Sekisho.Policy.Tests.Restrictions;

/// <summary><c>allow_percent_hack</c> and <c>swap_bangpath</c>: rewrite only local addresses, only when on.</summary>
public sealed class SenderRoutingRewriterTests
{
    private static readonly string[] Ours = ["ours.example", "localhost", "[127.0.0.1]", "a"];

    private static string Rewrite(string address, bool percent, bool bang) =>
        new SenderRoutingRewriter(d => Ours.Contains(d.ToLowerInvariant()), percent, bang).Rewrite(PolicyHarness.Path(address)).Address;

    [Theory]
    // Off: nothing changes.
    [InlineData("<user%other.example@ours.example>", false, false, "user%other.example@ours.example")]
    [InlineData("<other.example!user@ours.example>", false, false, "other.example!user@ours.example")]
    // The percent hack: the rightmost % becomes @, again while the domain is ours.
    [InlineData("<user%other.example@ours.example>", true, false, "user@other.example")]
    [InlineData("<user%other.example>", true, false, "user@other.example")]
    [InlineData("<a%b%other.example@ours.example>", true, false, "a%b@other.example")]
    [InlineData("<user%other.example%localhost@ours.example>", true, false, "user@other.example")]
    [InlineData("<user%other.example@[127.0.0.1]>", true, false, "user@other.example")]
    [InlineData("<user%other.example@remote.example>", true, false, "user%other.example@remote.example")]
    [InlineData("<user%@ours.example>", true, false, "user%@ours.example")]
    [InlineData("<%other.example@ours.example>", true, false, "%other.example@ours.example")]
    [InlineData("<\"user%other.example\"@ours.example>", true, false, "user@other.example")]
    // Bang paths: the leftmost ! splits site from the rest.
    [InlineData("<other.example!user@ours.example>", false, true, "user@other.example")]
    [InlineData("<a.example!b.example!user@ours.example>", false, true, "b.example!user@a.example")]
    [InlineData("<localhost!other.example!user@ours.example>", false, true, "user@other.example")]
    [InlineData("<other.example!user>", false, true, "user@other.example")]
    [InlineData("<other.example!user@ours.example>", true, false, "other.example!user@ours.example")]
    [InlineData("<user%other.example@ours.example>", false, true, "user%other.example@ours.example")]
    // A quoted @ is never rewritten.
    [InlineData("<\"user@other.example\"@ours.example>", true, true, "\"user@other.example\"@ours.example")]
    public void Rewrites_like_postfix_resolve(string address, bool percent, bool bang, string expected)
    {
        Assert.Equal(expected, Rewrite(address, percent, bang));
    }

    [Fact]
    public void A_loop_of_our_own_domains_ends()
    {
        var address = "<" + string.Concat(Enumerable.Repeat("a!", 20)) + "user@ours.example>";
        Assert.Equal(string.Concat(Enumerable.Repeat("a!", 12)) + "user@a", Rewrite(address, false, true));
    }
}
