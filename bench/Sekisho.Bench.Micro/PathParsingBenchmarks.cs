using BenchmarkDotNet.Attributes;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Bench.Micro;

/// <summary>
/// The argument of MAIL or RCPT as the session handles it after the command parser: <see cref="SmtpPathParser"/>
/// (path and ESMTP parameters), then <see cref="MailParameters"/> or <see cref="RcptParameters"/>, for plain,
/// quoted, source-routed, address-literal and UTF-8 paths.
/// </summary>
[MemoryDiagnoser]
public class PathParsingBenchmarks
{
    private static readonly Dictionary<string, (bool IsMail, string Argument)> Cases = new()
    {
        ["MAIL + SIZE BODY"] = (true, "FROM:<alice@example.org> SIZE=1000 BODY=8BITMIME"),
        ["RCPT plain"] = (false, "TO:<bob@example.net>"),
        ["RCPT + NOTIFY ORCPT"] = (false, "TO:<bob@example.net> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.net"),
        ["RCPT quoted local"] = (false, "TO:<\"john \\\"jack\\\" smith\"@example.net>"),
        ["RCPT source route"] = (false, "TO:<@relay1.example,@relay2.example:carol@example.net>"),
        ["RCPT IPv4 literal"] = (false, "TO:<postmaster@[192.0.2.1]>"),
        ["RCPT IPv6 literal"] = (false, "TO:<postmaster@[IPv6:2001:db8::1]>"),
        ["MAIL SMTPUTF8"] = (true, "FROM:<用户@例え.テスト> SMTPUTF8 BODY=8BITMIME"),
    };

    private bool _isMail;
    private string _argument = "";

    /// <summary>Which argument.</summary>
    [ParamsSource(nameof(CaseNames))]
    public string Case { get; set; } = "";

    /// <summary>The names of the cases, for BenchmarkDotNet.</summary>
    public static IEnumerable<string> CaseNames => Cases.Keys;

    /// <summary>Picks the argument and checks that it is accepted.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_isMail, _argument) = Cases[Case];
        if (Parse() is null)
        {
            throw new InvalidOperationException($"{Case}: {_argument} is refused");
        }
    }

    /// <summary>Parses the path and its parameters (after EHLO, message_size_limit at its default).</summary>
    [Benchmark]
    public SmtpPath? Parse()
    {
        if (_isMail)
        {
            return SmtpPathParser.TryParseMailFrom(_argument, out var sender, out var mailParameters, out _)
                && MailParameters.TryParse(mailParameters, extended: true, sizeLimit: 10_240_000, out _, out _)
                ? sender
                : null;
        }
        return SmtpPathParser.TryParseRcptTo(_argument, out var recipient, out var rcptParameters, out _)
            && RcptParameters.TryParse(rcptParameters, extended: true, out _, out _)
            ? recipient
            : null;
    }
}
