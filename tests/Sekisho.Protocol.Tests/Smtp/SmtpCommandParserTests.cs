using System.Text;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Protocol.Tests.Smtp;

public sealed class SmtpCommandParserTests
{
    [Theory]
    [InlineData("HELO client.example", SmtpVerb.Helo, "client.example")]
    [InlineData("ehlo client.example", SmtpVerb.Ehlo, "client.example")]
    [InlineData("EhLo client.example", SmtpVerb.Ehlo, "client.example")]
    [InlineData("MAIL FROM:<x>", SmtpVerb.Mail, "FROM:<x>")]
    [InlineData("mail from:<x> SIZE=10", SmtpVerb.Mail, "from:<x> SIZE=10")]
    [InlineData("MAIL   FROM:<x>", SmtpVerb.Mail, "FROM:<x>")]
    [InlineData("MAIL FROM: <x>", SmtpVerb.Mail, "FROM: <x>")]
    [InlineData("RCPT TO:<a@b>", SmtpVerb.Rcpt, "TO:<a@b>")]
    [InlineData("DATA", SmtpVerb.Data, "")]
    [InlineData("DATA ", SmtpVerb.Data, "")]
    [InlineData("DATA \t ", SmtpVerb.Data, "")]
    [InlineData("BDAT 1000 LAST", SmtpVerb.Bdat, "1000 LAST")]
    [InlineData("RSET", SmtpVerb.Rset, "")]
    [InlineData("NOOP hello there", SmtpVerb.Noop, "hello there")]
    [InlineData("QUIT", SmtpVerb.Quit, "")]
    [InlineData("VRFY postmaster", SmtpVerb.Vrfy, "postmaster")]
    [InlineData("EXPN list", SmtpVerb.Expn, "list")]
    [InlineData("HELP", SmtpVerb.Help, "")]
    [InlineData("starttls", SmtpVerb.StartTls, "")]
    [InlineData("AUTH PLAIN AGFsaWNlAHNlY3JldA==", SmtpVerb.Auth, "PLAIN AGFsaWNlAHNlY3JldA==")]
    [InlineData("ETRN example.com", SmtpVerb.Etrn, "example.com")]
    [InlineData("HELO\tclient", SmtpVerb.Helo, "client")]
    [InlineData("  NOOP", SmtpVerb.Noop, "")]
    [InlineData("NOOP a\tb  ", SmtpVerb.Noop, "a\tb")]
    [InlineData("MAIL FROM:<用户@例子.广告>", SmtpVerb.Mail, "FROM:<用户@例子.广告>")]
    public void Parses_verb_and_argument(string line, SmtpVerb verb, string argument)
    {
        Assert.True(SmtpCommandParser.TryParse(Encoding.UTF8.GetBytes(line), out var command, out var error));
        Assert.Null(error);
        Assert.Equal(new SmtpCommand(verb, argument), command);
    }

    [Theory]
    [InlineData("", "500 5.5.2 Error: bad syntax")]
    [InlineData("   ", "500 5.5.2 Error: bad syntax")]
    [InlineData("\t", "500 5.5.2 Error: bad syntax")]
    [InlineData("FOO", "500 5.5.2 Error: command not recognized")]
    [InlineData("MAILFROM:<x>", "500 5.5.2 Error: command not recognized")]
    [InlineData("MAIL:", "500 5.5.2 Error: command not recognized")]
    [InlineData("HEL", "500 5.5.2 Error: command not recognized")]
    [InlineData("HELOO x", "500 5.5.2 Error: command not recognized")]
    [InlineData("START TLS", "500 5.5.2 Error: command not recognized")]
    [InlineData("GET / HTTP/1.1", "500 5.5.2 Error: command not recognized")]
    [InlineData("ÉHLO x", "500 5.5.2 Error: command not recognized")]
    [InlineData("HELO a\0b", "500 5.5.2 Error: bad syntax")]
    [InlineData("\0HELO a", "500 5.5.2 Error: bad syntax")]
    [InlineData("NOOP a\rb", "500 5.5.2 Error: bad syntax")]
    [InlineData("NOOP a\nb", "500 5.5.2 Error: bad syntax")]
    [InlineData("NOOP \x1b[31m", "500 5.5.2 Error: bad syntax")]
    [InlineData("NOOP \x7f", "500 5.5.2 Error: bad syntax")]
    [InlineData("FOO \0", "500 5.5.2 Error: bad syntax")]
    public void Refuses_bad_lines(string line, string reply)
    {
        Assert.False(SmtpCommandParser.TryParse(Encoding.UTF8.GetBytes(line), out _, out var error));
        Assert.Equal(reply, error!.ToLogString());
    }

    [Theory]
    [InlineData(new byte[] { (byte)'N', (byte)'O', (byte)'O', (byte)'P', (byte)' ', 0xFF })]
    [InlineData(new byte[] { (byte)'N', (byte)'O', (byte)'O', (byte)'P', (byte)' ', 0xC3 })]
    [InlineData(new byte[] { (byte)'N', (byte)'O', (byte)'O', (byte)'P', (byte)' ', 0xC0, 0xAF })]
    [InlineData(new byte[] { (byte)'N', (byte)'O', (byte)'O', (byte)'P', (byte)' ', 0xED, 0xA0, 0x80 })]
    public void Refuses_invalid_utf8_argument(byte[] line)
    {
        Assert.False(SmtpCommandParser.TryParse(line, out _, out var error));
        Assert.Equal("500 5.5.2 Error: bad UTF-8 syntax", error!.ToLogString());
    }

    [Fact]
    public void Does_not_check_the_line_length()
    {
        var line = Encoding.ASCII.GetBytes("NOOP " + new string('x', 100_000));
        Assert.True(SmtpCommandParser.TryParse(line, out var command, out _));
        Assert.Equal(100_000, command.Argument.Length);
    }

    [Fact]
    public void Argument_free_commands_allocate_nothing()
    {
        var line = "NOOP"u8.ToArray();
        SmtpCommandParser.TryParse(line, out _, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            SmtpCommandParser.TryParse(line, out _, out _);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
