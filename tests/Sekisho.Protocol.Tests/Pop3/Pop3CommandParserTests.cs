using System.Text;
using Sekisho.Protocol.Pop3;

namespace Sekisho.Protocol.Tests.Pop3;

public sealed class Pop3CommandParserTests
{
    [Theory]
    // Every command, in the shape RFC 1939 9 and the extensions give it.
    [InlineData("USER mrose", "User user=[mrose]")]
    [InlineData("PASS secret", "Pass pass=[secret]")]
    [InlineData("APOP mrose c4c9334bac560ecc979e58001b3e22fb", "Apop user=[mrose] digest=[c4c9334bac560ecc979e58001b3e22fb]")]
    [InlineData("STAT", "Stat")]
    [InlineData("LIST", "List")]
    [InlineData("LIST 2", "List n=[2]")]
    [InlineData("RETR 1", "Retr n=[1]")]
    [InlineData("DELE 1", "Dele n=[1]")]
    [InlineData("NOOP", "Noop")]
    [InlineData("RSET", "Rset")]
    [InlineData("QUIT", "Quit")]
    [InlineData("TOP 1 10", "Top n=[1] lines=[10]")]
    [InlineData("TOP 1 0", "Top n=[1] lines=[0]")]
    [InlineData("UIDL", "Uidl")]
    [InlineData("UIDL 2", "Uidl n=[2]")]
    [InlineData("CAPA", "Capa")]
    [InlineData("STLS", "Stls")]
    [InlineData("AUTH", "Auth")]
    [InlineData("AUTH PLAIN", "Auth mech=[PLAIN]")]
    [InlineData("AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=", "Auth mech=[PLAIN] ir=[dGVzdAB0ZXN0AHRlc3Q=]")]
    [InlineData("AUTH PLAIN =", "Auth mech=[PLAIN] ir=[=]")]
    [InlineData("AUTH scram-sha-256", "Auth mech=[SCRAM-SHA-256]")]
    // Keywords in any case; digests folded to lower case.
    [InlineData("user mrose", "User user=[mrose]")]
    [InlineData("Retr 1", "Retr n=[1]")]
    [InlineData("tOp 3 5", "Top n=[3] lines=[5]")]
    [InlineData("apop MRose C4C9334BAC560ECC979E58001B3E22FB", "Apop user=[MRose] digest=[c4c9334bac560ecc979e58001b3e22fb]")]
    [InlineData("capa", "Capa")]
    // Spacing: leading and trailing blanks go, runs of blanks separate.
    [InlineData("  STAT", "Stat")]
    [InlineData("STAT  \t", "Stat")]
    [InlineData("RETR   7", "Retr n=[7]")]
    [InlineData("TOP\t1\t2", "Top n=[1] lines=[2]")]
    [InlineData("LIST 3 ", "List n=[3]")]
    // Numbers: leading zeros, the int range, TOP's count saturating.
    [InlineData("RETR 007", "Retr n=[7]")]
    [InlineData("RETR 2147483647", "Retr n=[2147483647]")]
    [InlineData("TOP 1 99999999999999999999", "Top n=[1] lines=[2147483647]")]
    // PASS keeps everything after the one separator: inner, leading and trailing spaces, tabs.
    [InlineData("PASS my secret", "Pass pass=[my secret]")]
    [InlineData("PASS  lead", "Pass pass=[ lead]")]
    [InlineData("PASS trail  ", "Pass pass=[trail  ]")]
    [InlineData("PASS a\tb", "Pass pass=[a\tb]")]
    [InlineData("PASS\tx", "Pass pass=[x]")]
    [InlineData("pass ÜnïcødE", "Pass pass=[ÜnïcødE]")]
    [InlineData("USER jörg", "User user=[jörg]")]
    public void Parses_commands(string line, string expected)
    {
        Assert.True(Pop3CommandParser.TryParse(Encoding.UTF8.GetBytes(line), out var command, out var error), error?.ToLogString());
        Assert.Null(error);
        Assert.Equal(expected, Describe(command));
    }

    [Theory]
    // Not a command.
    [InlineData("", "-ERR Bad syntax.")]
    [InlineData("   ", "-ERR Bad syntax.")]
    [InlineData("FOO", "-ERR Unknown command.")]
    [InlineData("STA", "-ERR Unknown command.")]
    [InlineData("STATS", "-ERR Unknown command.")]
    [InlineData("RETR1", "-ERR Unknown command.")]
    [InlineData("EHLO client", "-ERR Unknown command.")]
    [InlineData("XTND XMIT", "-ERR Unknown command.")]
    [InlineData("STAT\0", "-ERR Bad syntax.")]
    [InlineData("USER a\rb", "-ERR Bad syntax.")]
    [InlineData("USER a\nb", "-ERR Bad syntax.")]
    [InlineData("PASS a\u001bb", "-ERR Bad syntax.")]
    [InlineData("PASS a\u007f", "-ERR Bad syntax.")]
    // Argument counts.
    [InlineData("USER", "-ERR Syntax: USER name")]
    [InlineData("USER a b", "-ERR Syntax: USER name")]
    [InlineData("PASS", "-ERR Syntax: PASS string")]
    [InlineData("PASS ", "-ERR Syntax: PASS string")]
    [InlineData("APOP mrose", "-ERR Syntax: APOP name digest")]
    [InlineData("APOP mrose c4c9334bac560ecc979e58001b3e22fb x", "-ERR Syntax: APOP name digest")]
    [InlineData("APOP mrose c4c9334bac560ecc979e58001b3e22f", "-ERR Syntax: APOP name digest")]
    [InlineData("APOP mrose c4c9334bac560ecc979e58001b3e22fbb", "-ERR Syntax: APOP name digest")]
    [InlineData("APOP mrose g4c9334bac560ecc979e58001b3e22fb", "-ERR Syntax: APOP name digest")]
    [InlineData("STAT 1", "-ERR Syntax: STAT")]
    [InlineData("NOOP x", "-ERR Syntax: NOOP")]
    [InlineData("RSET 1", "-ERR Syntax: RSET")]
    [InlineData("QUIT now", "-ERR Syntax: QUIT")]
    [InlineData("CAPA x", "-ERR Syntax: CAPA")]
    [InlineData("STLS x", "-ERR Syntax: STLS")]
    [InlineData("RETR", "-ERR Syntax: RETR msg")]
    [InlineData("DELE", "-ERR Syntax: DELE msg")]
    [InlineData("TOP", "-ERR Syntax: TOP msg n")]
    [InlineData("TOP 1", "-ERR Syntax: TOP msg n")]
    [InlineData("AUTH PLAIN a b", "-ERR Syntax: AUTH [mechanism [initial-response]]")]
    // Message numbers (Dovecot's texts).
    [InlineData("RETR x", "-ERR Invalid message number: x")]
    [InlineData("RETR -1", "-ERR Invalid message number: -1")]
    [InlineData("RETR +1", "-ERR Invalid message number: +1")]
    [InlineData("RETR 1.0", "-ERR Invalid message number: 1.0")]
    [InlineData("RETR 0x10", "-ERR Invalid message number: 0x10")]
    [InlineData("RETR ١", "-ERR Invalid message number: ??")]
    [InlineData("LIST abc", "-ERR Invalid message number: abc")]
    [InlineData("UIDL 1a", "-ERR Invalid message number: 1a")]
    [InlineData("DELE 99999999999x", "-ERR Invalid message number: 99999999999x")]
    [InlineData("RETR 0", "-ERR There's no message 0.")]
    [InlineData("LIST 000", "-ERR There's no message 0.")]
    [InlineData("RETR 2147483648", "-ERR Message number too large: 2147483648")]
    [InlineData("DELE 99999999999999999999", "-ERR Message number too large: 99999999999999999999")]
    [InlineData("LIST 1 2", "-ERR Noise after message number: 2")]
    [InlineData("UIDL 1 x", "-ERR Noise after message number: x")]
    [InlineData("RETR 1 2", "-ERR Noise after message number: 2")]
    [InlineData("DELE 1 1", "-ERR Noise after message number: 1")]
    [InlineData("TOP 1 2 3", "-ERR Noise after message number: 3")]
    [InlineData("TOP x 2", "-ERR Invalid message number: x")]
    [InlineData("TOP 0 2", "-ERR There's no message 0.")]
    [InlineData("TOP 1 -2", "-ERR Invalid number of lines: -2")]
    [InlineData("TOP 1 many", "-ERR Invalid number of lines: many")]
    // AUTH arguments.
    [InlineData("AUTH PL@IN", "-ERR Unsupported authentication mechanism.")]
    [InlineData("AUTH ABCDEFGHIJKLMNOPQRSTU", "-ERR Unsupported authentication mechanism.")]
    [InlineData("AUTH PLAIN dGVzdA==é", "-ERR Invalid base64 data.")]
    public void Refuses_bad_commands(string line, string expected)
    {
        Assert.False(Pop3CommandParser.TryParse(Encoding.UTF8.GetBytes(line), out var command, out var error));
        Assert.Equal(default, command);
        Assert.Equal(expected, error!.ToLogString());
    }

    [Fact]
    public void Echoes_at_most_forty_printable_characters_of_a_bad_argument()
    {
        var line = Encoding.ASCII.GetBytes("RETR " + new string('x', 100));
        Assert.False(Pop3CommandParser.TryParse(line, out _, out var error));
        Assert.Equal("-ERR Invalid message number: " + new string('x', 40) + "...", error!.ToLogString());
    }

    [Theory]
    [InlineData(new byte[] { (byte)'U', (byte)'S', (byte)'E', (byte)'R', (byte)' ', 0xFF })]
    [InlineData(new byte[] { (byte)'P', (byte)'A', (byte)'S', (byte)'S', (byte)' ', 0xC3 })]
    [InlineData(new byte[] { (byte)'A', (byte)'P', (byte)'O', (byte)'P', (byte)' ', 0xC0, 0xAF, (byte)' ',
        (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0',
        (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0',
        (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0' })]
    public void Refuses_invalid_utf8(byte[] line)
    {
        Assert.False(Pop3CommandParser.TryParse(line, out _, out var error));
        Assert.Equal("-ERR Bad syntax.", error!.ToLogString());
    }

    [Theory]
    [InlineData("PASS ", 253, true)]
    [InlineData("PASS ", 254, false)]
    [InlineData("USER ", 253, true)]
    [InlineData("USER ", 254, false)]
    [InlineData("RETR ", 253, true)]
    [InlineData("RETR ", 254, false)]
    [InlineData("AUTH PLAIN ", 254, true)]
    [InlineData("AUTH PLAIN ", 12286, true)]
    [InlineData("AUTH PLAIN ", 12287, false)]
    [InlineData("XYZZ ", 12287, false)]
    public void Limits_the_line_length(string start, int length, bool accepted)
    {
        // RFC 2449 4: 255 octets with CRLF, so 253 without; AUTH lines may carry a long initial response.
        var filler = start.StartsWith("RETR", StringComparison.Ordinal) ? '1' : start.StartsWith("AUTH", StringComparison.Ordinal) ? 'A' : 'x';
        var line = Encoding.ASCII.GetBytes(start + new string(filler, length - start.Length));
        Assert.Equal(length, line.Length);
        var parsed = Pop3CommandParser.TryParse(line, out _, out var error);
        if (accepted)
        {
            // RETR's long number may be too large, but it is not refused for its length.
            Assert.NotEqual("-ERR Command line too long.", error?.ToLogString());
        }
        else
        {
            Assert.False(parsed);
            Assert.Equal("-ERR Command line too long.", error!.ToLogString());
        }
    }

    [Theory]
    [InlineData("PASS hunter2", "PASS ***")]
    [InlineData("AUTH PLAIN AGFsaWNlAHNlY3JldA==", "AUTH PLAIN ***")]
    [InlineData("APOP mrose c4c9334bac560ecc979e58001b3e22fb", "APOP mrose c4c9334bac560ecc979e58001b3e22fb")]
    [InlineData("TOP 1 5", "TOP 1 5")]
    public void ToString_hides_secrets(string line, string logged)
    {
        Assert.True(Pop3CommandParser.TryParse(Encoding.UTF8.GetBytes(line), out var command, out _));
        Assert.Equal(logged, command.ToString());
    }

    private static string Describe(Pop3Command command)
    {
        var builder = new StringBuilder(command.Verb.ToString());
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                builder.Append(' ').Append(name).Append("=[").Append(value).Append(']');
            }
        }
        Add("user", command.UserName);
        Add("pass", command.Password);
        Add("digest", command.Digest);
        Add("mech", command.Mechanism);
        Add("ir", command.InitialResponse);
        Add("n", command.MessageNumber);
        Add("lines", command.LineCount);
        return builder.ToString();
    }
}
