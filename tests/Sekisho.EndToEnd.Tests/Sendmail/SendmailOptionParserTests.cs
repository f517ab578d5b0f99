using Sekisho.Cli.Sendmail;
using Sekisho.Queue;

namespace Sekisho.EndToEnd.Tests.Sendmail;

/// <summary>
/// The sendmail command line as Postfix's sendmail(1) reads it: getopt letters with attached or separate values,
/// clustered flags, the first non-option (or <c>--</c>) ending the options; Sendmail options Postfix ignores are
/// ignored; anything else is a usage error.
/// </summary>
public sealed class SendmailOptionParserTests
{
    [Theory]
    [InlineData("-t -i", "mode=Deliver t i rcpt=")]
    [InlineData("-ti", "mode=Deliver t i rcpt=")]
    [InlineData("-oi -f cron@example.test root", "mode=Deliver i f=cron@example.test rcpt=root")]
    [InlineData("-oi -fcron@example.test root", "mode=Deliver i f=cron@example.test rcpt=root")]
    [InlineData("-r bounce@example.test -F Cron\\ Daemon a b", "mode=Deliver f=bounce@example.test F=Cron Daemon rcpt=a,b")]
    [InlineData("-f <> root", "mode=Deliver f=<> rcpt=root")]
    [InlineData("-N success,delay,failure -R hdrs -V QQ314159 a", "mode=Deliver N=Success, Failure, Delay R=Headers V=QQ314159 rcpt=a")]
    [InlineData("-N never -R FULL a", "mode=Deliver N=Never R=Full rcpt=a")]
    [InlineData("-bs", "mode=Smtp rcpt=")]
    [InlineData("-bm a", "mode=Deliver rcpt=a")]
    [InlineData("-bp", "mode=ListQueue rcpt=")]
    [InlineData("-bi", "mode=NewAliases rcpt=")]
    [InlineData("-I", "mode=NewAliases rcpt=")]
    [InlineData("-q", "mode=Flush rcpt=")]
    [InlineData("-q0", "mode=Flush rcpt=")]
    [InlineData("-qRexample.org", "mode=Flush site=example.org rcpt=")]
    [InlineData("-qSexample.org", "mode=Flush site=example.org rcpt=")]
    [InlineData("-q30m", "mode=Nothing rcpt=")]
    [InlineData("-v -v a", "mode=Deliver v=2 rcpt=a")]
    [InlineData("-C /etc/sekisho a", "mode=Deliver C=/etc/sekisho rcpt=a")]
    [InlineData("-B 8BITMIME a", "mode=Deliver B=8BITMIME rcpt=a")]
    [InlineData("a -f x", "mode=Deliver rcpt=a,-f,x")]
    [InlineData("-- -a", "mode=Deliver rcpt=-a")]
    // Sendmail options Postfix ignores: ignored, values and all.
    [InlineData("-odb -oem -om -o7 -G -U -n -m -c -x -h 5 -L label -Am -O DeliveryMode=b -e m -X /tmp/log -p smtp:host -bh -bH a", "mode=Deliver rcpt=a")]
    public void Options_are_read_as_postfix_reads_them(string line, string expected)
    {
        Assert.True(SendmailOptionParser.TryParse(Split(line), out var options, out var error), error);
        Assert.Empty(options.Warnings);
        Assert.Equal(expected, Describe(options));
    }

    [Theory]
    [InlineData("-z a", "invalid option -- 'z'")]
    [InlineData("-tz a", "invalid option -- 'z'")]
    [InlineData("-f", "option requires an argument -- 'f'")]
    [InlineData("-t -V", "option requires an argument -- 'V'")]
    [InlineData("-bd", "-bd: daemon mode is `sekisho serve`")]
    [InlineData("-bv a", "unsupported: -bv")]
    [InlineData("-bx", "unsupported: -bx")]
    [InlineData("-B 9BIT a", "-B option needs 8BITMIME or 7BIT")]
    [InlineData("-V has\\ space a", "bad -V option value (an envelope id of up to 100 printable characters)")]
    public void Other_options_are_usage_errors(string line, string expected)
    {
        Assert.False(SendmailOptionParser.TryParse(Split(line), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("-N sometimes a", "bad -N option value -- ignored: sometimes")]
    [InlineData("-N never,success a", "bad -N option value -- ignored: never,success")]
    [InlineData("-R body a", "bad -R option value -- ignored: body")]
    public void Bad_dsn_values_are_warned_about_and_ignored_as_in_postfix(string line, string warning)
    {
        Assert.True(SendmailOptionParser.TryParse(Split(line), out var options, out _));
        Assert.Equal([warning], options.Warnings);
        Assert.Equal(DsnNotify.None, options.Notify);
        Assert.Equal(DsnReturn.Default, options.Return);
    }

    /// <summary>Splits on spaces; a backslash keeps the next space.</summary>
    private static string[] Split(string line) =>
        line.Replace("\\ ", "\u0001", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.Replace('\u0001', ' ')).ToArray();

    private static string Describe(SendmailOptions o)
    {
        var parts = new List<string> { "mode=" + o.Mode };
        if (o.ExtractRecipients) parts.Add("t");
        if (o.IgnoreDots) parts.Add("i");
        if (o.Sender is not null) parts.Add("f=" + o.Sender);
        if (o.FullName is not null) parts.Add("F=" + o.FullName);
        if (o.Notify != DsnNotify.None) parts.Add("N=" + o.Notify);
        if (o.Return != DsnReturn.Default) parts.Add("R=" + o.Return);
        if (o.EnvelopeId.Length > 0) parts.Add("V=" + o.EnvelopeId);
        if (o.Verbose > 0) parts.Add("v=" + o.Verbose);
        if (o.ConfigPath is not null) parts.Add("C=" + o.ConfigPath);
        if (o.BodyType != "7BIT") parts.Add("B=" + o.BodyType);
        if (o.FlushSite is not null) parts.Add("site=" + o.FlushSite);
        parts.Add("rcpt=" + string.Join(',', o.Recipients));
        return string.Join(' ', parts);
    }
}
