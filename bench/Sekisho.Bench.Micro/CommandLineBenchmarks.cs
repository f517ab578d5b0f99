using System.Text;
using BenchmarkDotNet.Attributes;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Bench.Micro;

/// <summary>
/// <see cref="SmtpCommandParser.TryParse"/> on one command line (without its CRLF), as the session calls it for every
/// line it reads: verb lookup, control-character and UTF-8 checks, and the argument decoded to a string.
/// </summary>
[MemoryDiagnoser]
public class CommandLineBenchmarks
{
    private static readonly Dictionary<string, byte[]> Lines = new()
    {
        ["EHLO"] = Encoding.ASCII.GetBytes("EHLO client.example.org"),
        ["MAIL"] = Encoding.ASCII.GetBytes("MAIL FROM:<alice@example.org> SIZE=1000 BODY=8BITMIME"),
        ["RCPT"] = Encoding.ASCII.GetBytes("RCPT TO:<bob@example.net> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.net"),
        ["DATA"] = Encoding.ASCII.GetBytes("DATA"),
        ["long line (990 B)"] = Encoding.ASCII.GetBytes("NOOP " + new string('x', 985)),
    };

    private byte[] _line = [];

    /// <summary>Which line.</summary>
    [ParamsSource(nameof(LineNames))]
    public string Line { get; set; } = "";

    /// <summary>The names of the lines, for BenchmarkDotNet.</summary>
    public static IEnumerable<string> LineNames => Lines.Keys;

    /// <summary>Picks the line.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _line = Lines[Line];
        if (!SmtpCommandParser.TryParse(_line, out _, out var error))
        {
            throw new InvalidOperationException($"{Line} does not parse: {error}");
        }
    }

    /// <summary>Parses the line.</summary>
    [Benchmark]
    public SmtpCommand Parse()
    {
        SmtpCommandParser.TryParse(_line, out var command, out _);
        return command;
    }
}
