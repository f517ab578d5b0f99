namespace Sekisho.Config.Tests.Expansion;

/// <summary>Parameter references in values: <c>$name</c>, <c>${name}</c>, <c>$(name)</c> and the conditional forms.</summary>
public sealed class ExpansionTests
{
    [Theory]
    [InlineData("x = 1\ny = a$x", "a1")]
    [InlineData("x = 1\ny = a${x}b", "a1b")]
    [InlineData("x = 1\ny = a$(x)b", "a1b")]
    [InlineData("x = 1\ny = $x.$x", "1.1")]
    [InlineData("x = 1\ny = $x-$x", "1-1")]
    [InlineData("y = 5$$ or $$x", "5$ or $x")]
    [InlineData("x = 1\ny = ${x?set}", "set")]
    [InlineData("x =\ny = ${x?set}", "")]
    [InlineData("y = ${x?set}", "")]
    [InlineData("x = 1\ny = ${x:empty}", "")]
    [InlineData("x =\ny = ${x:empty}", "empty")]
    [InlineData("y = ${x:empty}", "empty")]
    [InlineData("x = 1\nz = 2\ny = ${x?[$z]}", "[2]")]
    [InlineData("x = 1\nz = 2\ny = ${x?${z}}", "2")]
    [InlineData("x = 1\ny = $(x?yes)", "yes")]
    [InlineData("a = $b\nb = $c\nc = deep\ny = $a", "deep")]
    [InlineData("y = $x\nx = later", "later")]
    [InlineData("y = ends with $", "ends with $")]
    [InlineData("y = 5 $ 6", "5 $ 6")]
    public void References_expand(string text, string expected)
    {
        Assert.Equal(expected, Conf.Parse(text).Get("y"));
    }

    [Theory]
    [InlineData("myhostname = mx.example.org\ny = $myhostname", "mx.example.org")]
    [InlineData("myhostname = mx.example.org\ny = $mydomain", "example.org")]
    [InlineData("myhostname = mx.example.org\ny = $mydestination", "mx.example.org, localhost.example.org, localhost")]
    [InlineData("myhostname = mx.example.org\ny = $smtpd_banner", "mx.example.org ESMTP Sekisho")]
    [InlineData("mail_name = Box\nmyhostname = h.d\ny = $smtpd_banner", "h.d ESMTP Box")]
    public void References_reach_catalogue_defaults(string text, string expected)
    {
        Assert.Equal(expected, Conf.Parse(text).Get("y"));
    }

    [Fact]
    public void Raw_values_stay_unexpanded()
    {
        var configuration = Conf.Parse("myorigin = $mydomain", "y = ${myorigin}x");
        Assert.Equal("$mydomain", configuration.GetRaw("myorigin"));
        Assert.Equal("${myorigin}x", configuration.GetRaw("y"));
        Assert.Equal("$myhostname", Conf.Parse().GetRaw("myorigin"));
    }

    [Theory]
    [InlineData("y = $nosuch", "sekisho.conf:1: undefined parameter $nosuch in value of y")]
    [InlineData("a = 1\ny = x${nosuch}y", "sekisho.conf:2: undefined parameter $nosuch in value of y")]
    [InlineData("y = 5$%", "sekisho.conf:1: stray \"$\" in value of y kept as is (write $$ for a literal $)")]
    public void Questionable_references_warn(string text, string warning)
    {
        Assert.Contains(warning, Conf.Parse(text).Warnings);
    }

    [Theory]
    [InlineData("y = ${nosuch?x}${nosuch:z}")]
    [InlineData("y = $$nosuch")]
    public void Conditional_tests_and_escapes_do_not_warn(string text)
    {
        Assert.DoesNotContain(Conf.Parse(text).Warnings, w => w.Contains("undefined"));
    }

    [Theory]
    [InlineData("y = $y", "sekisho.conf:1: y: expansion loop: $y -> $y")]
    [InlineData("a = $b\nb = ${a}", "sekisho.conf:1: a: expansion loop: $a -> $b -> $a")]
    [InlineData("myhostname = $myorigin\nmyorigin = $myhostname", "sekisho.conf:1: myhostname: expansion loop: $myhostname -> $myorigin -> $myhostname")]
    [InlineData("x = 1\ny = ${x", "sekisho.conf:2: y: missing \"}\" after \"${x\"")]
    [InlineData("y = $(x", "sekisho.conf:1: y: missing \")\" after \"$(x\"")]
    [InlineData("y = ${}", "sekisho.conf:1: y: empty parameter name in \"${}\"")]
    [InlineData("x = 1\ny = ${x!z}", "sekisho.conf:2: y: bad parameter reference \"${x!z}\" (expected ${name}, ${name?text} or ${name:text})")]
    public void Broken_references_are_errors(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<ConfigException>(() => Conf.Parse(text)).Message);
    }

    [Fact]
    public void Deep_chains_hit_the_depth_limit()
    {
        var lines = Enumerable.Range(0, 150).Select(i => $"p{i} = $p{i + 1}").Append("p150 = end").ToArray();
        var error = Assert.Throws<ConfigException>(() => Conf.Parse(lines));
        Assert.Contains("nested more than 100 deep", error.Message);
    }

    [Theory]
    [InlineData("y = a, b c,,d\n   e", new[] { "a", "b", "c", "d", "e" })]
    [InlineData("x = 1 2\ny = $x,3", new[] { "1", "2", "3" })]
    [InlineData("y =", new string[0])]
    [InlineData("y = ,, ,", new string[0])]
    [InlineData("y = a, inline:{ b=OK, c=REJECT } d", new[] { "a", "inline:{ b=OK, c=REJECT }", "d" })]
    [InlineData("y = check_client_access inline:{ {10.0.0.1 = OK}, 10.0.0.2=REJECT },reject", new[] { "check_client_access", "inline:{ {10.0.0.1 = OK}, 10.0.0.2=REJECT }", "reject" })]
    [InlineData("y = inline:{ a=OK", new[] { "inline:{ a=OK" })]
    public void Lists_split_on_commas_and_whitespace(string text, string[] expected)
    {
        Assert.Equal(expected, Conf.Parse(text).GetList("y"));
    }
}
